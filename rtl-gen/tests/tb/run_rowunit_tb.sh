#!/bin/sh
# One unit co-simulation of a row unit (docs/dyadic-pipeline.md, "Row units"): design, vectors
# and testbench from rtlgen_rowunit_vectors, then the gates -- verilator --lint-only -Wall
# (silent), Yosys (synth -run :fine, no latches), iverilog (silent) -- and Icarus; the testbench prints PASS only
# when every value and cycle count matched.
# usage: run_rowunit_tb.sh VECTORS_TOOL WORKDIR key=value...   (exit 77: a tool is missing)
set -eu
tool=$1; work=$2; shift 2
for t in iverilog vvp verilator yosys; do
  command -v "$t" > /dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
rm -rf "$work"; mkdir -p "$work"
"$tool" "$work" "$@"
cd "$work"
files=$(tr '\n' ' ' < files.f)
top=$(tail -n 1 files.f | sed 's/\.sv$//')
verilator --lint-only -Wall --top-module "$top" $files > lint.log 2>&1 ||
  { cat lint.log; echo "FAIL: verilator -Wall"; exit 1; }
[ ! -s lint.log ] || { cat lint.log; echo "FAIL: verilator printed warnings"; exit 1; }
yosys -q -l yosys.log -p "read_verilog -sv $files; synth -top $top -run :fine; \
    select -assert-none t:\$dlatch t:\$adlatch t:\$_DLATCH_* t:\$_DLATCHSR_*" > /dev/null 2>&1 ||
  { grep -iE "error|latch|assert" yosys.log | head -20; echo "FAIL: yosys"; exit 1; }
! grep -q "Latch inferred" yosys.log || { grep "Latch inferred" yosys.log; echo "FAIL: latches"; exit 1; }
iverilog -g2012 -o tb.vvp -s tb tb.sv $files > iverilog.log 2>&1 ||
  { cat iverilog.log; echo "FAIL: iverilog"; exit 1; }
[ ! -s iverilog.log ] || { cat iverilog.log; echo "FAIL: iverilog printed messages"; exit 1; }
vvp -n tb.vvp | tee sim.log
grep -q '^PASS' sim.log
