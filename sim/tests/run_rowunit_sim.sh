#!/bin/sh
# The row units' SystemC model against their RTL (docs/sim.md, "Row units"): in a directory the
# RTL unit co-simulation (rtlgen_rowunit.<case>, the CTest fixture) has just run -- its rtl.log
# holds every input word taken and every output word with its cycle -- run the SystemC model on
# the same stimulus and stall pattern and require the same log: equal values and equal cycles.
# usage: run_rowunit_sim.sh REPLAY_TOOL WORKDIR key=value...
set -eu
tool=$1; work=$2; shift 2
[ -s "$work/rtl.log" ] && grep -q '^PASS' "$work/sim.log" ||
  { echo "FAIL: no passing RTL run in $work (run rtlgen_rowunit.* first)"; exit 1; }
rm -f "$work/sc.log" "$work/an.log"
"$tool" "$work" "$@"
outs=$(grep -c '^out ' "$work/rtl.log")
[ "$outs" -gt 0 ] || { echo "FAIL: the RTL log has no output words"; exit 1; }
if ! cmp -s "$work/rtl.log" "$work/sc.log"; then
  echo "FAIL: SystemC model and RTL differ (< RTL, > SystemC), first lines:"
  diff "$work/rtl.log" "$work/sc.log" | head -10
  exit 1
fi
if [ -f "$work/an.log" ]; then # bp=0: the analytical model's cycles as well
  cut -d' ' -f1-3 "$work/rtl.log" > "$work/rtl_cycles.log"
  if ! cmp -s "$work/rtl_cycles.log" "$work/an.log"; then
    echo "FAIL: analytical model and RTL differ (< RTL, > analytical), first lines:"
    diff "$work/rtl_cycles.log" "$work/an.log" | head -10
    exit 1
  fi
  echo "analytical: every word's cycle equal to the RTL's"
fi
echo "PASS: $(grep -c '^in ' "$work/rtl.log") input and $outs output words, same cycles and values as the RTL"
