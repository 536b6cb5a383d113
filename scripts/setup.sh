#!/usr/bin/env bash
# Installs every dependency of npusim with apt-get (Debian bookworm, run as root).
# Idempotent: when everything is already installed it only checks and prints one line.
set -euo pipefail

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev verilator
  libeigen3-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  libpng-dev libdnnl-dev
  # dnnl-config.cmake calls find_package(OpenCL) (Debian builds oneDNN with its OpenCL
  # runtime); libdnnl-dev only recommends the headers, and recommends are not installed.
  ocl-icd-opencl-dev
  python3-torch python3-onnx python3-numpy python3-matplotlib
  # A real single-node Slurm cluster for the sweep test (tests/sweep/), started by the test.
  slurm-wlm munge
  # Headless browser for the HTML report test (tests/browser/), with a font for its text.
  chromium fonts-dejavu-core
)
# Node.js (for the ONNX Runtime peer) may come from another repository with npm bundled;
# Debian's packages are asked for only when the commands are missing.
command -v node >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(npm)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ONNX Runtime (a real peer for interop tests) comes from npm. Its postinstall tries a
# download that cannot succeed here, so it is skipped; the package bundles libonnxruntime.
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER_DIR="$ROOT_DIR/tests/interop/node"
if [[ -f "$PEER_DIR/package.json" && ! -d "$PEER_DIR/node_modules/onnxruntime-node" ]]; then
  echo "setup: installing onnxruntime-node into tests/interop/node"
  (cd "$PEER_DIR" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --silent >/dev/null)
fi

# playwright-core drives Debian's chromium for the report test (tests/browser); it downloads
# no browser of its own (and is told not to try).
BROWSER_DIR="$ROOT_DIR/tests/browser"
if [[ -f "$BROWSER_DIR/package-lock.json" && ! -d "$BROWSER_DIR/node_modules/playwright-core" ]]; then
  echo "setup: installing playwright-core into tests/browser"
  (cd "$BROWSER_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent >/dev/null)
fi

echo "setup: all dependencies present"
