#!/usr/bin/env bash
# The README's main-job command: installs dependencies, builds, and runs the main job on
# the bundled defaults. Everything it writes goes to out/ (created if missing):
#   1. a held-out synthetic depth set (npusim scenes, seed 1000: not a training seed)
#   2. the original team's output-range table on it (npusim range-study)
#   3. facts of the bundled ReLU network (npusim info)
#   4. its FP32 accuracy on the set (npusim eval)
#   5. the RTL conformance check of the requantization unit (npusim rtl-check)
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT_DIR/scripts/setup.sh"
"$ROOT_DIR/scripts/build.sh" >/dev/null
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
NPUSIM="$BUILD_DIR/sim/npusim"
OUT_DIR="$ROOT_DIR/out"
MODEL="$ROOT_DIR/models/depth_l2_relu.onnx"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
mkdir -p "$OUT_DIR"

echo "== 1. synthetic depth scenes -> out/scenes"
rm -rf "$OUT_DIR/scenes"
"$NPUSIM" scenes --count "${NPUSIM_SCENES:-100}" --seed 1000 --size 128x160 --out "$OUT_DIR/scenes"

echo "== 2. output-range study"
"$NPUSIM" range-study --data "$OUT_DIR/scenes" | tee "$OUT_DIR/range_study.txt"

echo "== 3. model facts: $(basename "$MODEL")"
"$NPUSIM" info --model "$MODEL" >"$OUT_DIR/model_info.txt"
tail -n 6 "$OUT_DIR/model_info.txt"   # the per-layer table is in out/model_info.txt

echo "== 4. FP32 accuracy on the held-out scenes"
"$NPUSIM" eval --model "$MODEL" --data "$OUT_DIR/scenes" | tee "$OUT_DIR/eval.txt"

echo "== 5. requantization RTL vs golden"
"$NPUSIM" rtl-check --vectors "${NPUSIM_VECTORS:-1000000}" --seed 1 \
  --mismatches "$OUT_DIR/rtl_mismatches.csv" | tee "$OUT_DIR/rtl_check.txt"
