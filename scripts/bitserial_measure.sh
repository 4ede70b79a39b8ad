#!/usr/bin/env bash
# The measurements of docs/bitserial-array.md ("Measured: 32x32 arrays, bitmod accelerators and
# LLaMA-7B cycles per precision"):
#   cycles  LLaMA-7B layer cycles (analytical model, RTL-exact without stalls) of the
#           configs/measure/ accelerators at every bitplane precision 1..8 and every bitmod
#           mode, one `quasar sim --w-prec P` / `--w-mode M` per format (~0.1-2 s each);
#   synth   Yosys xc7 of the 32x32 bit-plane arrays (qsr_array) and the bitmod 8x8 / 16x16
#           accelerators (whole top); minutes to tens of minutes each on the 2-core machine,
#           cached in build/cache/synth.
# Usage: scripts/bitserial_measure.sh [cycles|synth|all]   (default cycles)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUASAR_BUILD_DIR:-$root/build}
quasar="$build_dir/bin/quasar"
measure="$root/configs/measure"
llama="$root/configs/workloads/llama7b.yaml"
what=${1:-cycles}

if [[ $what == cycles || $what == all ]]; then
  for p in 1 2 3 4 5 6 7 8; do
    "$quasar" sim "$measure/bitplane_32x32_ws.yaml" --workload "$llama" --w-prec "$p"
  done
  for n in 8 16; do
    for m in fp4 fp3 int8 int6 int4; do
      "$quasar" sim "$measure/bitmod_${n}x${n}.yaml" --workload "$llama" --w-mode "$m"
    done
  done
fi
if [[ $what == synth || $what == all ]]; then
  for df in ws os; do
    "$quasar" synth "$measure/bitplane_32x32_$df.yaml" --target xc7 --top qsr_array \
      --work-dir "$build_dir/cache"
  done
  for n in 8 16; do
    "$quasar" synth "$measure/bitmod_${n}x${n}.yaml" --target xc7 --work-dir "$build_dir/cache"
  done
fi
