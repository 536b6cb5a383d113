#!/usr/bin/env bash
# Configures and builds npusim into build/ (Release). Usage: scripts/build.sh [extra cmake args]
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
JOBS=${NPUSIM_JOBS:-$(nproc)}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
