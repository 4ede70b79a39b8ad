#!/bin/sh
# Generates rtl-gen/tests/configs/m1x1_ws_s8.yaml and runs tests/tb/qsr_csr_tb.sv under Icarus.
# usage: run_csr_tb.sh QUASAR WORKDIR
set -eu
quasar=$1; work=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v iverilog > /dev/null || { echo "SKIP: iverilog is not installed"; exit 77; }
rm -rf "$work"; mkdir -p "$work"
"$quasar" gen "$here/../configs/m1x1_ws_s8.yaml" -o "$work/gen" > /dev/null
hash=$(sed -n 's/.*kConfigHash = "\(........\).*/\1/p' "$work/gen/quasar_params.h")
cd "$work/gen/rtl"
iverilog -g2012 -DCONFIG_HASH="32'h$hash" -o "$work/tb.vvp" -s qsr_csr_tb \
  $(cat files.f) "$here/qsr_csr_tb.sv"
vvp -n "$work/tb.vvp" | tee "$work/tb.log"
grep -q "^PASS" "$work/tb.log"
