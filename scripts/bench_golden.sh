#!/usr/bin/env bash
# One benchmark run of the golden executor beside the FP32 executor and ONNX Runtime on the
# exported QDQ model: depth_l2_relu at 128x160, batch 1, one thread (docs/ptq.md, "Speed").
#   bash scripts/bench_golden.sh            (after scripts/build.sh; writes build/bench_golden/)
# 1. bench_golden (Google Benchmark): FP32 executor, golden INT8 / INT16 / FP16 (median of 5).
# 2. npusim calibrate + export-qdq (int8, the same calibration as bench_golden's plan family),
#    then ONNX Runtime (onnxruntime-node, all graph optimisations, one intra-op thread) on it,
#    the median of 50 runs after one warm-up.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${NPUSIM_BUILD_DIR:-$ROOT_DIR/build}
NPUSIM="$BUILD_DIR/sim/npusim"
WORK="$BUILD_DIR/bench_golden"
export OMP_NUM_THREADS=1 SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
mkdir -p "$WORK"
grep -m1 'model name' /proc/cpuinfo || true
"$BUILD_DIR/tests/bench/bench_golden" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=1 | grep -E 'median|Benchmark|---'
[[ -d "$WORK/scenes" ]] || "$NPUSIM" scenes --count 9 --seed 4242 --size 128x160 --out "$WORK/scenes" >/dev/null
"$NPUSIM" calibrate --model "$ROOT_DIR/models/depth_l2_relu.onnx" --data "$WORK/scenes" --calib-count 8 \
  --out "$WORK/int8.json" >/dev/null 2>&1
"$NPUSIM" export-qdq --model "$ROOT_DIR/models/depth_l2_relu.onnx" --plan "$WORK/int8.json" --out "$WORK/int8_qdq.onnx" >/dev/null
/usr/bin/python3 - "$WORK" <<'PYEOF'
import sys, numpy as np, zlib, struct
work = sys.argv[1]
# The ninth scene as the model's float input (PNG decoded with zlib: 8-bit RGB, filter types 0-4).
data = open(f"{work}/scenes/rgb/000008.png", "rb").read(); pos = 8; idat = b""; w = h = 0
while pos < len(data):
    n = struct.unpack(">I", data[pos:pos + 4])[0]; kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b"IHDR": w, h = struct.unpack(">II", body[:8])
    if kind == b"IDAT": idat += body
raw = np.frombuffer(zlib.decompress(idat), np.uint8); stride = 3 * w; rows = []; prev = np.zeros(stride, np.int32)
for y in range(h):
    f = raw[y * (stride + 1)]; line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)].astype(np.int32); cur = np.zeros(stride, np.int32)
    for x in range(stride):
        a = cur[x - 3] if x >= 3 else 0; b = prev[x]; c = prev[x - 3] if x >= 3 else 0
        p = a + b - c; pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)][f]
        cur[x] = (line[x] + pred) & 255
    rows.append(cur); prev = cur
image = np.array(rows, np.uint8).reshape(h, w, 3)
np.save(f"{work}/input.npy", (image.transpose(2, 0, 1)[None].astype(np.float32) / 255.0))
PYEOF
echo "ONNX Runtime (onnxruntime-node $(node -e "console.log(require('$ROOT_DIR/tests/interop/node/node_modules/onnxruntime-node/package.json').version)"), QDQ int8, all optimisations, 1 thread:"
node "$ROOT_DIR/tests/interop/node/run_ort.js" --model "$WORK/int8_qdq.onnx" --input "$WORK/input.npy" \
  --out-dir "$WORK/ort" --optimize all --threads 1 --repeat 50 | grep median
