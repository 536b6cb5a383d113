#!/usr/bin/env bash
# The README's main-job command: installs dependencies, builds, and answers the original
# team's questions on the bundled defaults. Everything it writes goes to out/:
#   1. npusim compare: fp32, int8 (min/max and best), 16-bit output, dual output, dual head,
#      int16, fp16, mixed on 100 fresh held-out scenes (seed 1000): accuracy, model size, and
#      latency/throughput/DRAM/energy on the Hailo-like NPU preset -> out/report.{json,csv,html}
#   2. npusim sweep: batch 1..16 on that NPU -> out/sweep/report.{json,csv,html}
#   3. npusim simulate --model with values: the int8 network through the SystemC model (the same
#      Hailo-like preset) with the Verilated requantization unit in the loop, compared with the golden executor bit for bit
#   4. npusim rtl-check: the requantization RTL against the golden (last line: N passed, M failed)
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT_DIR/scripts/setup.sh"
"$ROOT_DIR/scripts/build.sh" >/dev/null
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
NPUSIM="$BUILD_DIR/sim/npusim"
OUT_DIR="$ROOT_DIR/out"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
# One thread per kernel: the numbers are per core, and oneDNN's threads would only spin on a
# loaded machine (results are identical with any thread count).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$OUT_DIR"

echo "== 1. precision paths: accuracy, size, NPU latency and energy (npusim compare)"
"$NPUSIM" compare --out "$OUT_DIR" | tee "$OUT_DIR/compare.txt"

echo "== 2. batch size on the NPU (npusim sweep)"
# A fresh sweep: `sweep` resumes a folder's finished points, which would keep results of an
# older build or calibration.
rm -rf "$OUT_DIR/sweep"
"$NPUSIM" sweep --batch 1,2,4,8,16 --out "$OUT_DIR/sweep" | tee "$OUT_DIR/sweep.txt"

echo "== 3. the int8 network through the SystemC NPU with the RTL requantization unit"
"$NPUSIM" simulate --model "$ROOT_DIR/models/depth_l2_relu.onnx" --npu hailo8_like --requant rtl --out "$OUT_DIR/simulate_int8_rtl.json" >"$OUT_DIR/simulate_int8_rtl.txt"
tail -n 1 "$OUT_DIR/simulate_int8_rtl.txt"
grep -o '"matches_golden": [a-z]*' "$OUT_DIR/simulate_int8_rtl.json"

echo "== 4. requantization RTL vs golden"
"$NPUSIM" rtl-check --vectors "${NPUSIM_VECTORS:-200000}" --seed 1 \
  --mismatches "$OUT_DIR/rtl_mismatches.csv" | tee "$OUT_DIR/rtl_check.txt"
echo "reports: $OUT_DIR/report.html, $OUT_DIR/sweep/report.html"
