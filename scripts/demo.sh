#!/usr/bin/env bash
# The main job on the default configuration: set up if needed, then
#   1. validate the default accelerator and its workload,
#   2. generate its RTL (SystemVerilog, manifest, params header, FuseSoC core, Vivado files),
#   3. co-simulate the RTL under Verilator against the bit-exact golden model, with seeded
#      back-pressure on both streams,
#   4. synthesize it with Yosys for a Xilinx 7-series part,
# and print a summary. Usage: scripts/demo.sh [CONFIG [WORKLOAD]]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUASAR_BUILD_DIR:-$root/build}
config=${1:-$root/configs/arch/default.yaml}
workload=${2:-$root/configs/workloads/small_gemm.yaml}
out=$build_dir/demo

"$root/scripts/setup.sh"
quasar="$build_dir/bin/quasar"

echo
echo "== 1. check: $config"
"$quasar" check "$config" --workload "$workload" | tail -3
echo
echo "== 2. gen -> $out/rtl"
"$quasar" gen "$config" -o "$out/rtl"
echo
echo "== 3. cosim: Verilator RTL vs golden model, 3 seeds, 20% stalls on both streams"
"$quasar" cosim "$config" --workload "$workload" --seeds 3 --stall-prob 0.2 \
  --work-dir "$build_dir/cache" --json "$out/cosim.json" | tee "$out/cosim.txt"
echo
echo "== 4. synth: Yosys synth_xilinx"
"$quasar" synth "$config" --target xc7 --work-dir "$build_dir/cache" --json "$out/synth.json" \
  | tee "$out/synth.txt"
echo
echo "== summary"
grep '^cosim: ' "$out/cosim.txt"
grep -E '^  (LUT|FF|DSP|BRAM) ' "$out/synth.txt" | sed 's/^  /synth: /'
echo "demo: PASS (files in $out)"
