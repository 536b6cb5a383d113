#!/usr/bin/env bash
# The README's main-job command: installs dependencies, builds, and runs the main job on
# the bundled defaults. Output goes to out/ (created if missing).
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT_DIR/scripts/setup.sh"
"$ROOT_DIR/scripts/build.sh" >/dev/null
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
mkdir -p "$ROOT_DIR/out"
# Until the studies exist, the main job is the RTL conformance check of the requantization unit.
"$BUILD_DIR/sim/npusim" rtl-check --vectors "${NPUSIM_VECTORS:-1000000}" --seed 1 \
  --mismatches "$ROOT_DIR/out/rtl_mismatches.csv"
