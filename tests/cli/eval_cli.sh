#!/usr/bin/env bash
# `npusim eval`: usage errors (exit 2), missing data or predictions (exit 1), and a run
# with .npy predictions equal to the ground truth (abs_rel 0, a1 1).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
check "--help" 0 "$NPUSIM" eval --help
check "missing --data" 2 "$NPUSIM" eval --pred-dir "$work"
check "neither --model nor --pred-dir" 2 "$NPUSIM" eval --data "$work"
check "both --model and --pred-dir" 2 "$NPUSIM" eval --data "$work" --model m.onnx --pred-dir "$work"
check "bad caps" 2 "$NPUSIM" eval --data "$work" --pred-dir "$work" --min-depth 5 --max-depth 1
check "negative limit" 2 "$NPUSIM" eval --data "$work" --pred-dir "$work" --limit -1
check "missing data dir" 1 "$NPUSIM" eval --data "$work/nope" --pred-dir "$work"
grep -q "does not exist" "$work/out.txt" || { fail "missing dir message"; cat "$work/out.txt"; }
check "missing model file" 1 "$NPUSIM" eval --data "$work" --model "$work/none.onnx"

"$NPUSIM" scenes --count 2 --seed 3 --size 16x20 --out "$work/set" >/dev/null || { echo "FAIL: scenes"; exit 1; }
mkdir -p "$work/pred"
check "missing prediction" 1 "$NPUSIM" eval --data "$work/set" --pred-dir "$work/pred"
grep -q "000000.npy" "$work/out.txt" || { fail "missing prediction not named"; cat "$work/out.txt"; }

# The success case: predictions equal to the ground truth, decoded from the depth PNGs by an
# independent decoder (lib/png_by_hand.py; KITTI unit: code / 256 m), give abs_rel 0 and a1 1.
for png in "$work/set/depth/"*.png; do
  name=$(basename "$png" .png)
  $PY "$SOURCE_DIR/tests/cli/lib/png_by_hand.py" decode "$png" "$work/codes_$name.npy" || fail "decode $png"
  $PY -c "import numpy as np, sys; np.save(sys.argv[2], (np.load(sys.argv[1]).astype(np.float32) / 256.0))" \
    "$work/codes_$name.npy" "$work/pred/$name.npy"
done
check "predictions equal to the ground truth" 0 "$NPUSIM" eval --data "$work/set" --pred-dir "$work/pred" --json
$PY - "$work/out.txt" <<'PYEOF' || fail "perfect predictions do not give abs_rel 0, a1 1"
import json, sys
text = open(sys.argv[1]).read()
report = json.loads(text[text.index("{"):])
mean = report["mean"]
assert mean["abs_rel"] == 0 and mean["rmse"] == 0 and mean["a1"] == 1, mean
assert len(report["per_image"]) == 2, len(report["per_image"])
PYEOF
exit $((failures > 0))
