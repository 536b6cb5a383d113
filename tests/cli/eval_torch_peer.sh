#!/usr/bin/env bash
# `npusim eval` against an independent peer: scripts/train/evaluate.py runs the same
# bundled network in PyTorch (weights loaded from the .onnx) with its own preprocessing
# (depth_data.py) and metrics (depth_metrics.py, numpy). Both must agree to 1e-4 relative
# on every metric. Skipped (exit 0, with a message) when the model or PyTorch/PIL is absent.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
MODEL="$SOURCE_DIR/models/depth_tiny.onnx"
[[ -f "$MODEL" ]] || { echo "FAIL: $MODEL not present"; exit 1; }
/usr/bin/python3 -c "import torch, PIL, numpy" 2>/dev/null || { echo "FAIL: python3-torch/PIL/numpy missing (bash scripts/setup.sh installs them)"; exit 1; }
"$NPUSIM" scenes --count 6 --seed 77 --size 128x160 --out "$work/set" >/dev/null || { echo "FAIL: scenes"; exit 1; }
"$NPUSIM" eval --model "$MODEL" --data "$work/set" --json >"$work/npusim.json" || { echo "FAIL: npusim eval"; exit 1; }
/usr/bin/python3 "$SOURCE_DIR/scripts/train/evaluate.py" --model depth_tiny --onnx "$MODEL" --data "$work/set" \
  --json >"$work/torch.json" 2>"$work/torch.err" || { echo "FAIL: evaluate.py"; cat "$work/torch.err"; exit 1; }
/usr/bin/python3 - "$work/npusim.json" "$work/torch.json" <<'PY'
import json, sys
npusim = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read().strip().splitlines()[-1]
peer = json.loads(text)
pairs = [(key, npusim["mean"][key], peer[key]) for key in ["abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "a1", "a2", "a3"]]
# The per-image abs_rel spread (C++ sort + linear rank vs numpy.median/percentile).
pairs += [("per_image_abs_rel." + k, npusim["per_image_abs_rel"][k], peer["per_image_abs_rel"][k]) for k in ["median", "p90", "max"]]
bad = []
for key, a, b in pairs:
    if abs(a - b) > 1e-4 * max(abs(b), 1e-3):
        bad.append(f"{key}: npusim {a:.6f} vs PyTorch peer {b:.6f}")
    else:
        print(f"ok {key}: npusim {a:.6f} PyTorch {b:.6f}")
if bad:
    print("FAIL:", "; ".join(bad))
    sys.exit(1)
PY
