#!/usr/bin/env bash
# Builds the loader fuzz harnesses with libFuzzer (clang, AddressSanitizer + UBSan) into
# build-fuzz/ and runs them (docs/hardening_fuzz.md).
#
#   scripts/fuzz.sh                 every harness, 300 s each
#   scripts/fuzz.sh npy 3600        one harness for an hour
#   scripts/fuzz.sh all 60          every harness, 60 s each
#
# Each harness starts from its committed seeds (tests/fuzz/corpus/<name>) and keeps what it
# finds in build-fuzz/corpus/<name> (not committed; copy inputs worth keeping into the seed
# folder). A crash, leak, timeout or sanitizer report leaves the input in
# build-fuzz/artifacts/<name>/ and makes the script exit non-zero; it becomes a regression
# input (tests/fuzz/regressions/<name>/) with its fix. Environment: NPUSIM_FUZZ_BUILD_DIR,
# NPUSIM_JOBS (build parallelism), CC/CXX (default clang-14/clang++-14), FUZZ_ARGS (extra
# libFuzzer flags).
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${NPUSIM_FUZZ_BUILD_DIR:-$ROOT_DIR/build-fuzz}
JOBS=${NPUSIM_JOBS:-$(nproc)}
HARNESS=${1:-all}
SECONDS_EACH=${2:-300}

ALL_HARNESSES=(onnx_import npy png depth_manifest quant_plan requant_csv npu_config scalesim_topology scalesim_config)
if [[ $HARNESS == all ]]; then
  harnesses=("${ALL_HARNESSES[@]}")
elif [[ " ${ALL_HARNESSES[*]} " == *" $HARNESS "* ]]; then
  harnesses=("$HARNESS")
else
  echo "fuzz.sh: unknown harness '$HARNESS' (one of: all ${ALL_HARNESSES[*]})" >&2
  exit 2
fi

# Largest input per harness: a little above the biggest seed, so mutations stay near it.
max_len() {
  case $1 in
    quant_plan) echo 65536 ;;
    onnx_import) echo 16384 ;;
    npu_config | scalesim_topology) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cmake -S "$ROOT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="${CC:-clang-14}" -DCMAKE_CXX_COMPILER="${CXX:-clang++-14}" \
  -DNPUSIM_FUZZ=ON -DNPUSIM_BUILD_TESTS=OFF -DNPUSIM_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" --target "${harnesses[@]/%/_fuzzer}"

# Leaks are findings too; a UB report already aborts (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for name in "${harnesses[@]}"; do
  work="$BUILD_DIR/corpus/$name"
  artifacts="$BUILD_DIR/artifacts/$name"
  log="$BUILD_DIR/logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  echo "fuzz.sh: $name for ${SECONDS_EACH}s (log: $log)"
  # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
  if ! "$BUILD_DIR/tests/fuzz/${name}_fuzzer" "$work" "$ROOT_DIR/tests/fuzz/corpus/$name" \
      -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$name")" -rss_limit_mb=4096 -timeout=10 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1; then
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$artifacts" -type f | wc -l)
  echo "fuzz.sh: $name: ${runs:-?} executions, $found inputs in $artifacts"
done
exit $status
