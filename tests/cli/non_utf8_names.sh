#!/usr/bin/env bash
# Names that are not UTF-8 (bytes from a Latin-1 tool, a broken file) reach JSON writers:
# they must write valid JSON with U+FFFD in place of the bad bytes, not stop with
# nlohmann's type_error 316 (which is what `run --dump-dir` and `compile` did).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# An ONNX model whose tensor between the two nodes is named "mid\xff\xfe": made with a
# same-length placeholder, then the bytes are replaced in the serialized file.
$PY - "$work" <<'PYEOF' || { fail "fixture"; exit 1; }
import sys, numpy as np, onnx
from onnx import helper, TensorProto
work = sys.argv[1]
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])
graph = helper.make_graph([helper.make_node("Relu", ["x"], ["midXX"]), helper.make_node("Neg", ["midXX"], ["y"])],
                          "latin1", [x], [y])
data = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]).SerializeToString()
open(f"{work}/latin1.onnx", "wb").write(data.replace(b"midXX", b"mid\xff\xfe"))
np.save(f"{work}/x.npy", np.array([[-1, 0, 1, 2]], dtype=np.float32))
PYEOF
check "run --dump-dir with a non-UTF-8 tensor name" 0 "$NPUSIM" run --model "$work/latin1.onnx" --input "$work/x.npy" \
  --out "$work/y.npy" --dump-dir "$work/dump"
$PY - "$work/dump/index.json" <<'PYEOF' || fail "index.json is not valid JSON with U+FFFD"
import json, sys
index = json.load(open(sys.argv[1], encoding="utf-8"))
names = [entry["tensor"] for entry in index]
assert "mid\ufffd\ufffd" in names, names
PYEOF

# A SCALE-Sim topology whose layer name holds Latin-1 bytes: the program JSON.
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc\xe9\xff, 9, 10, 1, 1, 10, 37, 1,\n' >"$work/topo.csv"
check "compile with a non-UTF-8 layer name" 0 "$NPUSIM" compile --topology "$work/topo.csv" --npu hailo8_like --out "$work/program.json"
$PY - "$work/program.json" <<'PYEOF' || fail "program.json is not valid JSON with U+FFFD"
import json, sys
program = json.load(open(sys.argv[1], encoding="utf-8"))
assert program["layers"][0]["name"] == "c\ufffd\ufffd", program["layers"][0]["name"]
PYEOF
exit $((failures > 0))
