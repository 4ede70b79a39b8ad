#!/usr/bin/env bash
# Set up quasar from nothing: install the Debian packages it needs (only those missing, with one
# `apt-get update`), then configure and build with CMake (Release, -j2) into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
#
#   scripts/setup.sh            install + build
#   scripts/setup.sh --deps     install only
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${QUASAR_BUILD_DIR:-$root/build}
jobs=${QUASAR_JOBS:-2}

# Exactly the packages the project uses, one line each with the reason.
packages=(
  g++                 # C++17 compiler
  cmake               # build
  make
  pkg-config          # finds SystemC (it ships no CMake config)
  libyaml-cpp-dev     # config loader
  catch2              # unit tests (Catch2 2.13)
  libeigen3-dev       # golden-model tensors and the float reference GEMM
  libsystemc-dev      # cycle-accurate model
  verilator           # lint and co-simulation of the generated RTL
  iverilog            # second Verilog front end (acceptance check)
  yosys               # synthesis and latch check
  nextpnr-ice40       # place and route for iCE40
  fpga-icestorm       # iCE40 chip database and bitstream tools
  python3             # plotting and report helpers in scripts/
  python3-matplotlib  # PNG plots of sweeps (scripts/plot_sweep.py); SVGs need nothing
)

say() { printf '[setup] %s\n' "$*"; }

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to install: ${missing[*]}"; exit 2; }
    sudo=sudo
  fi
  say "installing ${#missing[@]} missing package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "packages installed"
else
  say "all ${#packages[@]} packages already installed"
fi

[ "${1:-}" = "--deps" ] && exit 0

say "configuring $build_dir (Release)"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
say "building with -j$jobs"
cmake --build "$build_dir" -j"$jobs"
say "done: $build_dir/bin/quasar"
