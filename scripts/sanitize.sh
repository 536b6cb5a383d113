#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer (docs/hardening_fuzz.md).
# Configures build-asan/ (GCC by default, -DNPUSIM_SANITIZE=address,undefined, -O1), builds
# it and runs CTest; the first memory error or undefined behaviour ends the test it is in
# (halt_on_error), so a test that hits one fails.
#
#   scripts/sanitize.sh                     the whole suite, ONNX Runtime tests left out
#   scripts/sanitize.sh -L 'quant|rtl'      extra arguments go to ctest (labels, -R, -j ...)
#
# Left out: the tests that compare with ONNX Runtime (label interop, and cli.*_ort). Their time goes into the Node.js peer and its
# prebuilt libonnxruntime, which no sanitizer instruments; the npusim code they reach
# (import, float executor, QDQ export) runs in the models and cli tests as well.
# Environment: NPUSIM_ASAN_BUILD_DIR, NPUSIM_JOBS, CC/CXX.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${NPUSIM_ASAN_BUILD_DIR:-$ROOT_DIR/build-asan}
JOBS=${NPUSIM_JOBS:-$(nproc)}

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
compilers=()
[[ -n ${CC:-} ]] && compilers+=(-DCMAKE_C_COMPILER="$CC")
[[ -n ${CXX:-} ]] && compilers+=(-DCMAKE_CXX_COMPILER="$CXX")
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
# Test discovery runs the sanitized test executables at build time: same options there.
# detect_leaks=0: SystemC's simulation context, oneDNN's primitive cache and protobuf's
# descriptor pool are process-lifetime allocations never freed; leak reports at exit would
# drown real errors (the fuzz harnesses keep leak detection on for the loaders).
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNPUSIM_SANITIZE=address,undefined \
  -DNPUSIM_BUILD_BENCHMARKS=OFF "${compilers[@]}" "${launcher[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"

# Sanitized code runs 2-5x slower: a longer per-test timeout than CTest's default.
ctest --test-dir "$BUILD_DIR" -j "$JOBS" --timeout 3000 --output-on-failure \
  -LE interop -E 'cli\..*_ort$' "$@"
