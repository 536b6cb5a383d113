#!/usr/bin/env bash
# Resize cubic (cubic_coeff_a -0.75 and -0.5, exclude_outside, half_pixel, align_corners,
# asymmetric, down- and upsampling) through `npusim run` against ONNX Runtime
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
failures=0
for name in cubic_half_pixel cubic_a05_exclude cubic_align_corners cubic_asymmetric; do
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
