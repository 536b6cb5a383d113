# Commands whose first outputs succeed and a later one fails: a folder stands where a later
# file must go. Nothing may appear, neither in $O nor beside the folders made here.
set -e
cp "$SOURCE_DIR/models/depth_tiny.onnx" tiny.onnx
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_layers.csv" topo.csv
cp "$SOURCE_DIR/tests/sim/data/scalesim/mixed_8x12_ws.cfg" ws.cfg
/usr/bin/python3 - <<'PY'
import numpy as np, onnx
from onnx import helper, TensorProto
# Two outputs: output 1 goes to OUT_STEM.second.npy beside --out.
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
first = helper.make_tensor_value_info("first", TensorProto.FLOAT, [1, 4])
second = helper.make_tensor_value_info("second", TensorProto.FLOAT, [1, 4])
graph = helper.make_graph([helper.make_node("Relu", ["x"], ["first"]), helper.make_node("Neg", ["x"], ["second"])],
                          "two_outputs", [x], [first, second])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), "two_outputs.onnx")
np.save("x.npy", np.array([[-1, 0, 1, 2]], dtype=np.float32))
PY
"$NPUSIM" scenes --count 2 --out data >/dev/null 2>&1
"$NPUSIM" calibrate --model tiny.onnx --data data --out plan.json --calib-count 2 >/dev/null 2>&1
"$NPUSIM" sweep --model tiny.onnx --batch 1 --array 16x16 --jobs 1 --out done >/dev/null 2>&1
rm -f done/report.html
printf "acc,multiplier,shift,zero_point,qmin,qmax\n100,1073741824,31,0,-128,127\n" > vectors.csv
mkdir -p cmp_out/report.html run_out/y.second.npy vec_out/floor.csv sc_out/COMPUTE_REPORT.csv done/report.html scenes_out/manifest.json folder
