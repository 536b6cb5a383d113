#!/usr/bin/env bash
# scripts/torch_ptq_baseline.py, PyTorch's own PTQ of depth_l2_relu (the peer npusim's PTQ is
# compared against, docs/torch_baseline.md), on 4 fresh held-out and 4 calibration scenes:
# every row in the JSON with sane values, the fp32 row equal to `npusim eval` on the same
# images within 1e-4, the INT8 rows really quantized (Sigmoid's 1/256 output grid; the float
# head and float sigmoid rows in float where they say), and bad inputs refused with no JSON
# written. torch, onnx, numpy and PIL come from scripts/setup.sh: a missing one is a
# failure, not a skip.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
SCRIPT="$SOURCE_DIR/scripts/torch_ptq_baseline.py"
MODEL="$SOURCE_DIR/models/depth_l2_relu.onnx"
for module in torch onnx numpy PIL; do
  if ! $PY -c "import $module" 2>/dev/null; then
    echo "FAIL: $PY cannot import $module (install it with bash scripts/setup.sh)"
    exit 1
  fi
done
[[ -f "$MODEL" ]] || { echo "FAIL: $MODEL missing"; exit 1; }

"$NPUSIM" scenes --count 4 --seed 1000 --size 128x160 --out "$work/eval" >/dev/null || { echo "FAIL: scenes"; exit 1; }
"$NPUSIM" scenes --count 4 --seed 7 --size 128x160 --out "$work/calib" >/dev/null || { echo "FAIL: scenes"; exit 1; }
"$NPUSIM" eval --model "$MODEL" --data "$work/eval" --json >"$work/npusim.json" || { echo "FAIL: npusim eval"; exit 1; }

check "baseline on 4 + 4 images" 0 $PY "$SCRIPT" --npusim "$NPUSIM" --eval-dir "$work/eval" \
  --calib-dir "$work/calib" --calib-count 4 --limit 4 --json-out "$work/rows.json"
cat "$work/out.txt"
if [[ -f "$work/rows.json" ]]; then
  $PY - "$work/rows.json" "$work/npusim.json" <<'PY' || fail "rows.json"
import json, math, sys
doc = json.load(open(sys.argv[1]))
npusim = json.load(open(sys.argv[2]))["mean"]
rows = {r["path"]: r for r in doc["rows"]}
problems = []
def need(condition, what):
    if not condition:
        problems.append(what)
expected = ["fp32", "torch_int8_minmax_per_tensor", "torch_int8_default", "torch_int8_default_per_tensor_w",
            "torch_int8_float_head", "torch_int8_float_sigmoid", "torch_fp16", "fp32_output_grid"]
need([r["path"] for r in doc["rows"]] == expected, f"rows {list(rows)}, expected {expected}")
need(doc["eval"]["images"] == 4 and doc["eval"]["seed"] == 1000, f"eval facts {doc['eval']}")
need(doc["calibration"]["images"] == 4 and doc["calibration"]["seed"] == 7, f"calibration facts {doc['calibration']}")
need(doc["quantized_engine"] == "qnnpack", f"engine {doc['quantized_engine']}")
fp32 = rows.get("fp32", {}).get("abs_rel", float("nan"))
for name, r in rows.items():
    for key in ("abs_rel", "rmse", "delta1", "degradation_pct"):
        need(isinstance(r.get(key), float) and math.isfinite(r[key]), f"{name}.{key} = {r.get(key)}")
    if problems:
        break
    need(0 < r["abs_rel"] < 1 and 0 < r["rmse"] < 5 and 0.5 < r["delta1"] <= 1, f"{name} out of range: {r}")
    need(abs(r["degradation_pct"] - 100 * (r["abs_rel"] / fp32 - 1)) < 1e-9, f"{name} degradation_pct")
# The torch float model is `npusim eval`'s network: same images, same numbers.
for key in ("abs_rel", "rmse", "a1"):
    need(abs(rows["fp32"][key] - npusim[key]) <= 1e-4, f"fp32 {key} {rows['fp32'][key]:.6f} vs npusim eval {npusim[key]:.6f}")
need(abs(rows["torch_fp16"]["degradation_pct"]) < 1.0, f"fp16 degradation {rows['torch_fp16']['degradation_pct']:.3f} %")
# All-INT8 rows: Sigmoid's fixed 1/256 output scale times 15 m is the depth grid; every conv quantized.
for name in expected[1:4]:
    r = rows[name]
    need(abs(r["output_min_step_m"] - 15 / 256) < 1e-6, f"{name} output step {r['output_min_step_m']}")
    need(r["quantized_convs"] == 26 and r["float_convs"] == 0, f"{name} convs {r['quantized_convs']}/{r['float_convs']}")
    need(r["abs_rel"] > fp32, f"{name} abs_rel {r['abs_rel']} not above fp32 {fp32}")
need(rows["torch_int8_default"]["weight_qschemes"] == ["per_channel_affine"], "default row weights not per channel")
need(rows["torch_int8_minmax_per_tensor"]["weight_qschemes"] == ["per_tensor_affine"], "minmax row weights not per tensor")
head = rows["torch_int8_float_head"]
need(head["quantized_convs"] == 25 and head["float_convs"] == 1, f"float head convs {head['quantized_convs']}/{head['float_convs']}")
need("head_logits" not in head and rows["torch_int8_default"]["head_logits"]["scale"] > 0, "head_logits qparams")
need(head["output_min_step_m"] < 0.01, f"float head output step {head['output_min_step_m']}")
# The two diagnostics: INT8 up to the logits (sigmoid in float), and float with only the sigmoid on the grid.
sig = rows["torch_int8_float_sigmoid"]
need(sig["quantized_convs"] == 26 and sig["float_convs"] == 0 and sig["output_min_step_m"] < 0.01,
     f"float sigmoid row: convs {sig['quantized_convs']}/{sig['float_convs']}, step {sig['output_min_step_m']}")
need(abs(rows["fp32_output_grid"]["output_min_step_m"] - 15 / 256) < 1e-6, "fp32_output_grid is not on the 15/256 m grid")
for p in problems:
    print("FAIL:", p)
if not problems:
    print("ok: " + ", ".join(f"{n} {r['abs_rel']:.4f} ({r['degradation_pct']:+.1f} %)" for n, r in rows.items()))
sys.exit(1 if problems else 0)
PY
else
  fail "no JSON written"
fi

# Bad input: an error naming the problem, a non-zero exit, no JSON (not even a partial one).
expect_refusal() {  # expect_refusal DESCRIPTION EXIT GREP ARGS...
  local description=$1 expected=$2 pattern=$3; shift 3
  rm -f "$work/bad.json"
  check "$description" "$expected" $PY "$SCRIPT" --npusim "$NPUSIM" --calib-count 4 --limit 4 --json-out "$work/bad.json" "$@"
  grep -q -- "$pattern" "$work/out.txt" || { fail "$description: no '$pattern' in the message"; cat "$work/out.txt"; }
  [[ ! -e "$work/bad.json" && ! -e "$work/bad.json.partial" ]] || fail "$description: JSON written"
}
expect_refusal "missing model" 1 "nope.onnx: no such model file" --model "$work/nope.onnx" \
  --eval-dir "$work/eval" --calib-dir "$work/calib"
echo "not an onnx file" >"$work/junk.onnx"
expect_refusal "not a model" 1 "junk.onnx: cannot load it" --model "$work/junk.onnx" \
  --eval-dir "$work/eval" --calib-dir "$work/calib"
expect_refusal "missing scenes and no npusim" 1 "no npusim binary" --npusim "$work/no-npusim" \
  --eval-dir "$work/absent" --calib-dir "$work/calib"
expect_refusal "calibration folder of another seed" 1 "manifest seed 1000" \
  --eval-dir "$work/eval" --calib-dir "$work/eval"
expect_refusal "too few calibration images" 1 "fewer than the 9" --calib-count 9 \
  --eval-dir "$work/eval" --calib-dir "$work/calib"
expect_refusal "calibration seed equal to the held-out seed" 2 "calibration must use other scenes" \
  --calib-seed 1000 --eval-dir "$work/eval" --calib-dir "$work/calib"
exit $((failures > 0))
