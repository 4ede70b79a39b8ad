#!/usr/bin/env bash
# Run the whole test suite: set up if needed (packages + build), then ctest.
#   scripts/test.sh               everything
#   scripts/test.sh -L unit       only one label (unit, golden, emit, lint, cosim, slow)
#   scripts/test.sh -LE slow      everything but the slow ones
# Extra arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUASAR_BUILD_DIR:-$root/build}

"$root/scripts/setup.sh"
echo "[test] running ctest in $build_dir"
cd "$build_dir"
ctest --output-on-failure -j"${QUASAR_JOBS:-2}" "$@"
