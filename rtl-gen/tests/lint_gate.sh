#!/bin/sh
# Quality gates for one generated design: `quasar gen`, then
#   verilator --lint-only -Wall   zero warnings, no waivers
#   iverilog -g2012               compiles, prints nothing
#   yosys synth                   no latches (coarse synthesis up to `fine`: latches are
#                                 inferred by proc in the coarse phase; the fine phase would
#                                 only map the block RAMs to flip-flops, which takes minutes)
# usage: lint_gate.sh QUASAR CONFIG WORKDIR [tools...]   (tools: verilator iverilog yosys; default all)
# Exit 77 (CTest: skipped) when a tool is not installed. A config the generator refuses fails:
# every config given to the gate must be buildable.
set -eu
quasar=$1; config=$2; work=$3; shift 3
tools=${*:-verilator iverilog yosys}
for tool in $tools; do
  command -v "$tool" > /dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work"
if ! "$quasar" gen "$config" -o "$work/gen" --no-version > "$work/gen.log" 2>&1; then
  cat "$work/gen.log"; echo "FAIL: quasar gen $config"; exit 1
fi
top=$(sed -n 's/.*"top": "\(.*\)".*/\1/p' "$work/gen/manifest.json")
cd "$work/gen/rtl"
for tool in $tools; do
  case $tool in
  verilator)
    if ! verilator --lint-only -Wall -f files.f --top-module "$top" > "$work/verilator.log" 2>&1; then
      cat "$work/verilator.log"; echo "FAIL: verilator -Wall ($config)"; exit 1
    fi
    if [ -s "$work/verilator.log" ]; then
      cat "$work/verilator.log"; echo "FAIL: verilator printed warnings ($config)"; exit 1
    fi ;;
  iverilog)
    if ! iverilog -g2012 -o "$work/design.vvp" -s "$top" -c files.f > "$work/iverilog.log" 2>&1; then
      cat "$work/iverilog.log"; echo "FAIL: iverilog -g2012 ($config)"; exit 1
    fi
    if [ -s "$work/iverilog.log" ]; then
      cat "$work/iverilog.log"; echo "FAIL: iverilog printed messages ($config)"; exit 1
    fi ;;
  yosys)
    files=$(tr '\n' ' ' < files.f)
    if ! yosys -q -l "$work/yosys.log" -p "read_verilog -sv $files; synth -top $top -run :fine; \
        select -assert-none t:\$dlatch t:\$adlatch t:\$_DLATCH_* t:\$_DLATCHSR_*" \
        > /dev/null 2>&1; then
      grep -iE "error|latch|assert" "$work/yosys.log" | head -20; echo "FAIL: yosys ($config)"; exit 1
    fi
    if grep -q "Latch inferred" "$work/yosys.log"; then
      grep "Latch inferred" "$work/yosys.log" | head; echo "FAIL: latches ($config)"; exit 1
    fi ;;
  *) echo "unknown tool $tool"; exit 2 ;;
  esac
done
echo "PASS: $config ($top): $tools"
