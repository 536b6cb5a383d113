#!/usr/bin/env bash
# ConvTranspose corner cases (auto_pad SAME_UPPER/SAME_LOWER, output_shape, output_padding
# with asymmetric pads, dilation with groups) through `npusim run` against ONNX Runtime
# (tests/interop/node/run_ort.js). Skips when python3-onnx, node or onnxruntime-node is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/ort_peer.sh"
skip_unless_ort_peer
$PY - "$work" <<'PYEOF'
import sys, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
work = sys.argv[1]
rng = np.random.default_rng(20261124)
np.save(f"{work}/x.npy", rng.random((1, 2, 3, 4), dtype=np.float32))
cases = {"same_upper": dict(auto_pad="SAME_UPPER", strides=[2, 2]),
         "same_lower": dict(auto_pad="SAME_LOWER", strides=[2, 2]),
         "output_shape": dict(output_shape=[7, 8], strides=[2, 2]),
         "output_padding": dict(output_padding=[1, 0], strides=[2, 3], pads=[1, 0, 0, 1]),
         "dilation_group": dict(group=2, dilations=[2, 1], pads=[1, 1, 1, 1])}
for name, attrs in cases.items():
    out_per_group = 1 if "group" in attrs else 3
    w = numpy_helper.from_array(rng.standard_normal((2, out_per_group, 3, 3)).astype(np.float32), "w")
    g = helper.make_graph([helper.make_node("ConvTranspose", ["x", "w"], ["y"], **attrs)], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 3, 4])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [w])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/{name}.onnx")
PYEOF
compare_with_ort same_upper same_lower output_shape output_padding dilation_group
exit $((failures > 0))
