#!/usr/bin/env bash
# `quasar synth` end to end on generated RTL.
#   synth_cli.sh QUASAR DATA_DIR WORK_DIR generic   (label synth, ~5 s): tiny config, generic
#       target: exit 0, JSON and copied files, a second run comes from the cache
#   synth_cli.sh QUASAR DATA_DIR WORK_DIR ice40     (label slow, ~1 min): place and route on
#       an HX8K reports utilization and Fmax; with 64-bit streams it does not fit (exit 1, the
#       message says why)
set -euo pipefail
q=$1 data=$2 work=$3 mode=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

if [ "$mode" = generic ]; then
  "$q" synth "$data/configs/tiny_generic.yaml" --work-dir "$work/cache" --json "$work/r.json" \
    -o "$work/files" | tee "$work/first.out"
  grep -q '"fits": true' "$work/r.json" || fail "result not fitting"
  grep -q '"target": "generic"' "$work/r.json" || fail "wrong target"
  for f in synth.ys yosys.log stat.json memories.json synth.json; do
    [ -s "$work/files/$f" ] || fail "missing $f"
  done
  grep -q '^tee -o stat.json stat -json$' "$work/files/synth.ys" || fail "script"
  "$q" synth "$data/configs/tiny_generic.yaml" --work-dir "$work/cache" | tee "$work/second.out"
  grep -q '(cached)' "$work/second.out" || fail "second run not cached"
  echo PASS
elif [ "$mode" = ice40 ]; then
  "$q" synth "$data/configs/tiny_ice40.yaml" --work-dir "$work/cache" --json "$work/r.json" |
    tee "$work/fit.out"
  grep -q '"placed": true' "$work/r.json" || fail "not placed"
  grep -q '"fmax_mhz": [0-9]' "$work/r.json" || fail "no Fmax"
  grep -q 'ICESTORM_LC' "$work/r.json" || fail "no utilization"
  set +e
  "$q" synth "$data/configs/tiny_ice40_wide.yaml" --work-dir "$work/cache" >"$work/wide.out" 2>"$work/wide.err"
  rc=$?
  set -e
  cat "$work/wide.out" "$work/wide.err"
  [ "$rc" -eq 1 ] || fail "exit $rc for a design that does not fit, expected 1"
  grep -q 'does not fit hx8k-ct256: the package has too few pins for 242 I/O cells' "$work/wide.err" ||
    fail "no clear message"
  echo PASS
else
  fail "mode must be generic or ice40"
fi
