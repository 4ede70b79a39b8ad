#!/bin/sh
# One unit co-simulation of qsr_dyadic_requant or qsr_dyadic_residual: vectors and testbench from the golden model
# (rtlgen_dyadic_vectors), lint (verilator -Wall, silent), then Icarus; the testbench prints
# PASS only when every word matched, in order, with last on the final word.
# usage: run_dyadic_tb.sh VECTORS_TOOL WORKDIR key=value...   (exit 77: a tool is missing)
set -eu
tool=$1; work=$2; shift 2
for t in iverilog vvp verilator; do
  command -v "$t" > /dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
rm -rf "$work"; mkdir -p "$work"
"$tool" "$work" "$@"
cd "$work"
dut=$(ls qsr_*.sv)
verilator --lint-only -Wall "$dut" > lint.log 2>&1 ||
  { cat lint.log; echo "FAIL: verilator -Wall"; exit 1; }
[ ! -s lint.log ] || { cat lint.log; echo "FAIL: verilator printed warnings"; exit 1; }
iverilog -g2012 -o tb.vvp -s tb tb.sv "$dut"
vvp -n tb.vvp | tee sim.log
grep -q '^PASS' sim.log
