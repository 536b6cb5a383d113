#!/usr/bin/env bash
# PNG reading and writing checked against an encoder/decoder written from the specification
# (lib/png_by_hand.py: zlib and struct only), not round trips through npusim itself:
#   - a hand-encoded 8-bit RGB PNG, read by `npusim run` through an Identity model, gives
#     exactly pixel / 255 in NCHW order;
#   - the PNGs `npusim scenes` writes have the IHDR the format promises (8-bit RGB, 16-bit
#     grey), valid CRCs, and depth codes that use the high byte.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
HAND="$SOURCE_DIR/tests/cli/lib/png_by_hand.py"

$PY - "$work" <<'PYEOF' || { fail "fixtures"; exit 1; }
import sys, numpy as np, onnx
from onnx import helper, TensorProto
work = sys.argv[1]
height, width = 5, 7
# Every value 0..255 appears across the channels; rows differ, so a transposition shows.
pixels = (np.arange(height * width * 3, dtype=np.int64).reshape(height, width, 3) * 37 % 256).astype(np.uint8)
np.save(f"{work}/pixels.npy", pixels)
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, height, width])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, height, width])
graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "identity", [x], [y])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/identity.onnx")
PYEOF
$PY "$HAND" encode-rgb8 "$work/pixels.npy" "$work/hand.png" || fail "hand encoder"
check "run reads a hand-encoded PNG" 0 "$NPUSIM" run --model "$work/identity.onnx" --input "$work/hand.png" --out "$work/y.npy"
$PY - "$work" <<'PYEOF' || fail "npusim's PNG reader disagrees with the hand-made PNG"
import sys, numpy as np
work = sys.argv[1]
pixels = np.load(f"{work}/pixels.npy")
y = np.load(f"{work}/y.npy")
expected = (pixels.transpose(2, 0, 1)[None].astype(np.float32) / np.float32(255))
assert y.shape == expected.shape, (y.shape, expected.shape)
assert np.abs(y - expected).max() <= 1e-7, np.abs(y - expected).max()
PYEOF

check "scenes" 0 "$NPUSIM" scenes --count 2 --seed 5 --size 16x24 --out "$work/set"
$PY - "$work" "$HAND" <<'PYEOF' || fail "scenes' PNGs do not decode as promised by hand"
import importlib.util, json, sys, numpy as np
work, hand_path = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("png_by_hand", hand_path)
hand = importlib.util.module_from_spec(spec); spec.loader.exec_module(hand)
for name in ("000000.png", "000001.png"):
    rgb, header = hand.decode(open(f"{work}/set/rgb/{name}", "rb").read())
    assert header[:4] == (24, 16, 8, 2), header  # width, height, 8-bit, colour type RGB
    assert rgb.shape == (16, 24, 3) and rgb.std() > 0, rgb.shape
    depth, header = hand.decode(open(f"{work}/set/depth/{name}", "rb").read())
    assert header[:4] == (24, 16, 16, 0), header  # 16-bit greyscale
    assert depth.dtype == np.uint16 and depth.max() > 255, depth.max()  # uses the high byte
PYEOF
exit $((failures > 0))
