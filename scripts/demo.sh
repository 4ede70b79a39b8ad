#!/usr/bin/env bash
# The main job on the default configuration: set up if needed, then validate the default
# accelerator and a workload against it, and print a summary.
# (It grows as capabilities land: generate, co-simulate, synthesize.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUASAR_BUILD_DIR:-$root/build}
config=${1:-$root/configs/arch/default.yaml}
workload=${2:-$root/configs/workloads/small_gemm.yaml}

"$root/scripts/setup.sh"
quasar="$build_dir/bin/quasar"

echo
echo "== accelerator: $config"
"$quasar" check "$config"
echo
echo "== workload: $workload"
"$quasar" check "$workload"
"$quasar" check --quiet "$config" --workload "$workload"
echo
echo "demo: PASS (config valid; generation and co-simulation arrive with later issues)"
