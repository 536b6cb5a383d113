#!/usr/bin/env bash
# `npusim run` and `npusim info` on small ONNX models written here with the onnx Python
# package: hand-worked outputs, PNG input scaling, second-output naming, the tensor dump,
# error exits with no partial output, and info's parameter/MAC counts.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
if ! $PY -c "import onnx, numpy" 2>/dev/null; then echo "FAIL: python3-onnx/numpy missing (bash scripts/setup.sh installs them)"; exit 1; fi

# conv.onnx: x [1,1,3,3] -> Conv (2x2 ones, bias 1) -> y [1,1,2,2], plus a second output
# "side/out" = Relu(x - 4). Hand-worked for x = 0..8: y = [0+1+3+4, 1+2+4+5, 3+4+6+7,
# 4+5+7+8] + 1 = [9, 13, 21, 25]; side = max(x - 4, 0) = [0,0,0,0,0,1,2,3,4].
# ident.onnx: an RGB image through Identity.
$PY - "$work" <<'PYEOF'
import sys, struct, zlib, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
work = sys.argv[1]
w = numpy_helper.from_array(np.ones((1, 1, 2, 2), np.float32), "w")
b = numpy_helper.from_array(np.ones((1,), np.float32), "b")
four = numpy_helper.from_array(np.array(4, np.float32), "four")
g = helper.make_graph(
    [helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv"),
     helper.make_node("Sub", ["x", "four"], ["d"], name="sub"),
     helper.make_node("Relu", ["d"], ["side/out"], name="relu")],
    "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 3, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, None),
     helper.make_tensor_value_info("side/out", TensorProto.FLOAT, None)], [w, b, four])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/conv.onnx")
np.save(f"{work}/x.npy", np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3))
g2 = helper.make_graph([helper.make_node("Identity", ["img"], ["out"])], "g2",
    [helper.make_tensor_value_info("img", TensorProto.FLOAT, ["batch", 3, 2, 3])],
    [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)])
onnx.save(helper.make_model(g2, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/ident.onnx")
unsupported = helper.make_graph([helper.make_node("Einsum", ["x"], ["out"], name="my_einsum", equation="ii->i")],
    "g3", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])],
    [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)])
onnx.save(helper.make_model(unsupported, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/einsum.onnx")
# A 2x3 8-bit RGB PNG written by hand: pixel (y, x) = (10*y + x, 100, 255).
rows = b"".join(b"\x00" + bytes(sum(([10 * y + x, 100, 255] for x in range(3)), [])) for y in range(2))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(f"{work}/img.png", "wb").write(png)
PYEOF

"$NPUSIM" run --model "$work/conv.onnx" --input "$work/x.npy" --out "$work/y.npy" --dump-dir "$work/dump" >/dev/null \
  || fail "run conv.onnx exited $?"
$PY - "$work" <<'PYEOF' || failures=$((failures + 1))
import sys, json, numpy as np
work = sys.argv[1]
y = np.load(f"{work}/y.npy"); side = np.load(f"{work}/y.side_out.npy")
assert y.shape == (1, 1, 2, 2) and y.ravel().tolist() == [9, 13, 21, 25], y
assert side.ravel().tolist() == [0, 0, 0, 0, 0, 1, 2, 3, 4], side
index = json.load(open(f"{work}/dump/index.json"))
names = [entry["tensor"] for entry in index]
assert names[0] == "x" and set(names) == {"x", "y", "d", "side/out"}, names
for entry in index:
    assert "/" not in entry["file"] and np.load(f"{work}/dump/" + entry["file"]).shape == tuple(entry["shape"])
assert np.load(f"{work}/dump/0000_x.npy").ravel().tolist() == list(range(9))
PYEOF

# PNG input: float NCHW [1, 3, H, W] = sample / 255; the symbolic batch follows the data.
"$NPUSIM" run --model "$work/ident.onnx" --input "$work/img.png" --out "$work/img.npy" >/dev/null \
  || fail "run with a PNG input exited $?"
$PY - "$work" <<'PYEOF' || failures=$((failures + 1))
import sys, numpy as np
out = np.load(sys.argv[1] + "/img.npy")
assert out.shape == (1, 3, 2, 3), out.shape
expected_red = np.array([[0, 1, 2], [10, 11, 12]], np.float32) / 255
assert np.array_equal(out[0, 0], expected_red) and np.all(out[0, 1] == np.float32(100) / 255) and np.all(out[0, 2] == 1), out
PYEOF

# Errors: exit 1, a message naming the thing, and no output file.
"$NPUSIM" run --model "$work/einsum.onnx" --input "$work/x.npy" --out "$work/bad.npy" 2>"$work/err.txt" >/dev/null
[[ $? -eq 1 ]] || fail "unsupported operator should exit 1"
grep -q "unsupported operator 'Einsum' (node 'my_einsum')" "$work/err.txt" || { fail "unsupported message"; cat "$work/err.txt"; }
[[ ! -e "$work/bad.npy" ]] || fail "partial output after an error"
"$NPUSIM" run --model "$work/conv.onnx" --input "$work/img.png" --out "$work/bad.npy" 2>"$work/err.txt" >/dev/null
[[ $? -eq 1 ]] || fail "wrong input shape should exit 1"
# Refused at the input (the model fixes its shape), naming the model's shape and the image.
grep -q "input 'x' expects shape \[1, 1, 3, 3\].*img.png" "$work/err.txt" \
  || { fail "shape mismatch message should name the input, its shape and the image"; cat "$work/err.txt"; }
[[ ! -e "$work/bad.npy" ]] || fail "partial output after a shape error"
"$NPUSIM" run --model "$work/conv.onnx" --out "$work/bad.npy" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "missing --input should be a usage error (2)"

# info: conv params 4 weights + 1 bias + the Sub constant 1 = 6; MACs 4 outputs x 4 taps = 16.
"$NPUSIM" info --model "$work/conv.onnx" --json >"$work/info.json" || fail "info exited $?"
$PY - "$work" <<'PYEOF' || failures=$((failures + 1))
import sys, json
info = json.load(open(sys.argv[1] + "/info.json"))
assert info["parameters"] == 6 and info["total_macs"] == 16, info
assert info["model_size_bytes"]["fp32"] == 24 and info["model_size_bytes"]["fp16"] == 12, info
# peak live FP32 bytes: x (36) + y (16) + d (36) live together before x dies -> 88
assert info["peak_activation_bytes_fp32"] == 88, info["peak_activation_bytes_fp32"]
PYEOF
"$NPUSIM" info --model "$work/conv.onnx" | grep -q "^parameters 6$" || fail "text info"
exit $((failures > 0))
