#!/usr/bin/env bash
# Interrupt a real `quasar sweep` (SIGKILL to its whole process group, as a dead node or a
# Ctrl-C would), then run it again: every stage recorded before the kill is reused, nothing
# done is recomputed, and the results are complete.
#   kill_resume.sh QUASAR SWEEP WORK_DIR
set -euo pipefail
q=$1 sweep=$2 work=$3
pid=
# Whatever happens, leave no sweep of ours running.
trap '[ -n "$pid" ] && kill -9 -- "-$pid" 2>/dev/null || true' EXIT
out=$work/out
rm -rf "$work" && mkdir -p "$work"

# setsid: quasar leads its own process group, so the kill also stops its yosys children.
setsid "$q" sweep "$sweep" -o "$out" --stages gen,synth -j1 --no-png >"$work/first.out" 2>"$work/first.err" &
pid=$!
for _ in $(seq 1 1200); do
  n=$( (find "$out/cache/points" -path '*/synth/result.json' 2>/dev/null || true) | wc -l)
  [ "$n" -ge 1 ] && break
  if ! kill -0 "$pid" 2>/dev/null; then echo "FAIL: the sweep ended before it could be killed"; exit 1; fi
  sleep 0.1
done
kill -9 -- "-$pid"
wait "$pid" 2>/dev/null || true
before=$(find "$out/cache/points" -name result.json | wc -l)
echo "killed after $before stage record(s)"
[ "$before" -ge 1 ] && [ "$before" -lt 6 ] || { echo "FAIL: expected 1..5 records, got $before"; exit 1; }

"$q" sweep "$sweep" -o "$out" --stages gen,synth -j1 --no-png >"$work/second.out" 2>"$work/second.err"
summary=$(grep 'stages run' "$work/second.err")
echo "$summary"
run=$(sed -n 's/.*stages run \([0-9]*\), cached \([0-9]*\), failed \([0-9]*\).*/\1/p' <<<"$summary")
cached=$(sed -n 's/.*stages run \([0-9]*\), cached \([0-9]*\), failed \([0-9]*\).*/\2/p' <<<"$summary")
[ "$cached" -eq "$before" ] || { echo "FAIL: $before records before, $cached reused"; exit 1; }
[ $((run + cached)) -eq 6 ] || { echo "FAIL: run $run + cached $cached != 6 stages"; exit 1; }
ok=$(grep -c ',ok,' "$out/results.csv" || true)
[ "$ok" -eq 3 ] || { echo "FAIL: $ok of 3 rows ok"; cat "$out/results.csv"; exit 1; }
echo "PASS: resumed with $cached reused and $run run; 3 rows ok"
