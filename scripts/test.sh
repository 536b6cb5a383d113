#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, runs every CTest test.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT_DIR/scripts/setup.sh"
"$ROOT_DIR/scripts/build.sh"
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cd "$BUILD_DIR"
ctest --output-on-failure -j "${NPUSIM_JOBS:-$(nproc)}"
