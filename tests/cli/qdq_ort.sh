#!/usr/bin/env bash
# QDQ models (QuantizeLinear/DequantizeLinear: uint8 and int8 zero points, per-tensor and
# per-axis weights, ties and saturation) through `npusim run` against ONNX Runtime
# (tests/interop/node/run_ort.js). Skips when python3-onnx, node or onnxruntime-node is missing.
set -u
NPUSIM=$1
SOURCE_DIR=$2
PY=/usr/bin/python3
RUNNER="$SOURCE_DIR/tests/interop/node/run_ort.js"
if ! $PY -c "import onnx, numpy" 2>/dev/null || ! command -v node >/dev/null ||
   [[ ! -d "$SOURCE_DIR/tests/interop/node/node_modules/onnxruntime-node" ]]; then
  echo "SKIP: python3-onnx, node or onnxruntime-node missing (bash scripts/setup.sh)"; exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
$PY - "$WORK" <<'PYEOF'
import sys, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
work = sys.argv[1]
rng = np.random.default_rng(20261124)
# Inputs on a 0.05 grid so that x / 0.1 hits exact ties; range wide enough to saturate.
np.save(f"{work}/x.npy", (rng.integers(-80, 80, size=(1, 2, 5, 6)) * 0.05).astype(np.float32))
T = TensorProto
def model(name, zp_type, zp_value, per_axis_weights):
    inits = [numpy_helper.from_array(np.array(0.1, np.float32), "s"),
             helper.make_tensor("zp", zp_type, [], [zp_value])]
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["xq"]),
             helper.make_node("DequantizeLinear", ["xq", "s", "zp"], ["xd"])]
    w = rng.standard_normal((3, 2, 3, 3)).astype(np.float32)
    if per_axis_weights:
        inits += [numpy_helper.from_array(np.array([0.02, 0.05, 0.1], np.float32), "ws"),
                  helper.make_tensor("wzp", T.INT8, [3], [0, 0, 0]), numpy_helper.from_array(w, "w")]
        nodes += [helper.make_node("QuantizeLinear", ["w", "ws", "wzp"], ["wq"], axis=0),
                  helper.make_node("DequantizeLinear", ["wq", "ws", "wzp"], ["wd"], axis=0)]
    else:
        inits += [numpy_helper.from_array(w, "wd")]
    # No Q/DQ after the Conv: its float sum order differs between oneDNN and ONNX Runtime,
    # and a last-bit difference next to a rounding tie would flip one code. The Q/DQ of the
    # input (ties on the 0.05 grid, saturation) and of the weights feed the Conv exactly.
    nodes += [helper.make_node("Conv", ["xd", "wd"], ["y"], pads=[1, 1, 1, 1])]
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", T.FLOAT, [1, 2, 5, 6])],
                          [helper.make_tensor_value_info("y", T.FLOAT, None)], inits)
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/{name}.onnx")
model("qdq_uint8", T.UINT8, 128, False)
model("qdq_int8_per_axis", T.INT8, 3, True)
PYEOF
failures=0
for name in qdq_uint8 qdq_int8_per_axis; do
  node "$RUNNER" --model "$WORK/$name.onnx" --input "$WORK/x.npy" --out-dir "$WORK/ort_$name" >/dev/null 2>&1 ||
    { echo "FAIL: ONNX Runtime could not run $name"; failures=$((failures + 1)); continue; }
  "$NPUSIM" run --model "$WORK/$name.onnx" --input "$WORK/x.npy" --out "$WORK/sim_$name.npy" >/dev/null ||
    { echo "FAIL: npusim run $name"; failures=$((failures + 1)); continue; }
  $PY - "$WORK" "$name" <<'PYEOF' || failures=$((failures + 1))
import sys, glob, numpy as np
work, name = sys.argv[1], sys.argv[2]
ort = np.load(glob.glob(f"{work}/ort_{name}/*.npy")[0]); sim = np.load(f"{work}/sim_{name}.npy")
assert ort.shape == sim.shape, f"{name}: shape {sim.shape} vs ONNX Runtime {ort.shape}"
error = np.abs(ort - sim).max() / max(np.abs(ort).max(), 1e-12)
assert error <= 1e-4, f"{name}: relative error {error}"
PYEOF
done
exit $((failures > 0))
