#!/usr/bin/env bash
# `quasar sweep --backend slurm --submit` against a running Slurm cluster: one array task per
# point, then the collect job; the results must be complete. Skipped (exit 77) when no cluster
# answers: start the single-node one with scripts/slurm_local.sh (label slurm).
#   slurm_e2e.sh QUASAR SWEEP WORK_DIR
set -euo pipefail
q=$1 sweep=$2 work=$3
env_file=${QUASAR_SLURM_DIR:-/tmp/quasar-slurm}/env.sh
# shellcheck disable=SC1090
[ -f "$env_file" ] && source "$env_file"
if ! command -v sbatch >/dev/null || ! sinfo -h >/dev/null 2>&1; then
  echo "SKIP: no Slurm cluster answers (start one with scripts/slurm_local.sh)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
out=$work/out
"$q" sweep "$sweep" -o "$out" --backend slurm --submit --stages gen,synth | tee "$work/submit.out"
ids=$(sed -n 's/^array job \([0-9]*\) (.*), collect job \([0-9]*\)$/\1,\2/p' "$work/submit.out")
[ -n "$ids" ] || { echo "FAIL: no job ids in the submit output"; exit 1; }
for _ in $(seq 1 1800); do
  [ -z "$(squeue -h -j "$ids" 2>/dev/null)" ] && break
  sleep 0.5
done
[ -z "$(squeue -h -j "$ids" 2>/dev/null)" ] || { echo "FAIL: jobs $ids still queued"; exit 1; }
points=$(grep -c '^[0-9]*:' <("$q" check "$sweep"))
for ((i = 0; i < points; i++)); do
  grep -q 'stages run 2, cached 0, failed 0' "$out/slurm/logs/point-$i.out" ||
    { echo "FAIL: task $i:"; cat "$out/slurm/logs/point-$i.out"; exit 1; }
done
ok=$(grep -c ',ok,' "$out/results.csv" || true)
[ "$ok" -eq "$points" ] || { echo "FAIL: $ok of $points rows ok"; cat "$out/slurm/logs/collect.out"; exit 1; }
echo "PASS: $points array tasks and the collect job; $ok rows ok"
