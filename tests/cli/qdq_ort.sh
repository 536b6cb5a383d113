#!/usr/bin/env bash
# QDQ models (QuantizeLinear/DequantizeLinear: uint8 and int8 zero points, per-tensor and
# per-axis weights, ties and saturation) through `npusim run` against ONNX Runtime
# (tests/interop/node/run_ort.js). Skips when python3-onnx, node or onnxruntime-node is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/ort_peer.sh"
skip_unless_ort_peer
$PY - "$work" <<'PYEOF'
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
compare_with_ort qdq_uint8 qdq_int8_per_axis
exit $((failures > 0))
