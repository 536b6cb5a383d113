#!/usr/bin/env bash
# Resize cubic (cubic_coeff_a -0.75 and -0.5, exclude_outside, half_pixel, align_corners,
# asymmetric, down- and upsampling) through `npusim run` against ONNX Runtime
# (tests/interop/node/run_ort.js). Skips when python3-onnx, node or onnxruntime-node is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/ort_peer.sh"
skip_unless_ort_peer
$PY - "$work" <<'PYEOF'
import sys, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
work = sys.argv[1]
rng = np.random.default_rng(20261124)
np.save(f"{work}/x.npy", rng.random((1, 2, 5, 6), dtype=np.float32))
cases = {"cubic_half_pixel": dict(coordinate_transformation_mode="half_pixel", scales=[1, 1, 2.0, 1.5]),
         "cubic_a05_exclude": dict(coordinate_transformation_mode="half_pixel", cubic_coeff_a=-0.5, exclude_outside=1,
                                   scales=[1, 1, 1.7, 0.6]),
         "cubic_align_corners": dict(coordinate_transformation_mode="align_corners", scales=[1, 1, 2.0, 2.0]),
         "cubic_asymmetric": dict(coordinate_transformation_mode="asymmetric", scales=[1, 1, 0.5, 3.0])}
for name, attrs in cases.items():
    scales = numpy_helper.from_array(np.array(attrs.pop("scales"), np.float32), "scales")
    g = helper.make_graph([helper.make_node("Resize", ["x", "", "scales"], ["y"], mode="cubic", **attrs)], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 6])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [scales])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/{name}.onnx")
PYEOF
compare_with_ort cubic_half_pixel cubic_a05_exclude cubic_align_corners cubic_asymmetric
exit $((failures > 0))
