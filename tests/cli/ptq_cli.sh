#!/usr/bin/env bash
# The PTQ and integer-execution commands end to end on the bundled depth_tiny network and
# small fresh scenes: calibrate (and its refusals), run --plan (codes, decoded, dual hi/lo,
# dumps, identical with 1 and 2 threads), profile, sensitivity --assign (share and latency budgets), export-qdq, simulate --model (values through the NPU
# model), compare on two rows. Every refusal exits non-zero naming the thing and leaves no
# output behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
MODEL=$SOURCE_DIR/models/depth_tiny.onnx
OTHER=$SOURCE_DIR/models/depth_l2_relu.onnx
export OMP_NUM_THREADS=1
"$NPUSIM" scenes --count 6 --seed 7 --size 128x160 --out "$work/calib" >/dev/null || fail "scenes (calibration)"
"$NPUSIM" scenes --count 4 --seed 1000 --size 128x160 --out "$work/eval" >/dev/null || fail "scenes (evaluation)"

# calibrate
check "calibrate int8" 0 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --out "$work/int8.json"
grep -q '"fingerprint": "fnv1a64:' "$work/int8.json" || fail "the plan does not name its model's fingerprint"
check "calibrate with a dual output" 0 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --dual-output 8 --out "$work/dual.json"
check "an unknown precision is a usage error" 2 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --precision int4 --out "$work/x.json"
grep -q -- "--precision 'int4'" "$work/out.txt" || fail "the message does not name --precision"
check "a LO_BITS too large is a usage error" 2 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --dual-output 14 --out "$work/x.json"
grep -q -- "--dual-output 14" "$work/out.txt" || fail "the message does not name --dual-output"
mkdir -p "$work/empty"
check "an empty data folder fails" 1 "$NPUSIM" calibrate --model "$MODEL" --data "$work/empty" --out "$work/x.json"
grep -q "$work/empty" "$work/out.txt" || fail "the message does not name the folder"
check "a missing model fails" 1 "$NPUSIM" calibrate --model "$work/none.onnx" --data "$work/calib" --out "$work/x.json"
grep -q "none.onnx" "$work/out.txt" || fail "the message does not name the model"
# A folder of .npy samples for a one-input model: NaN and a constant tensor are refused.
$PY - "$work" <<'PYEOF'
import sys, numpy as np
work = sys.argv[1]
import os
for name, value in (("nan", np.nan), ("constant", 0.0)):
    os.makedirs(f"{work}/{name}", exist_ok=True)
    for i in range(2):
        x = np.full((1, 3, 128, 160), value, np.float32)
        np.save(f"{work}/{name}/{i}.npy", x)
PYEOF
check "a NaN calibration sample fails" 1 "$NPUSIM" calibrate --model "$MODEL" --data "$work/nan" --out "$work/x.json"
grep -qi "nan" "$work/out.txt" || fail "the NaN message does not say NaN"
check "a zero-range tensor fails" 1 "$NPUSIM" calibrate --model "$MODEL" --data "$work/constant" --out "$work/x.json"
grep -q "zero range" "$work/out.txt" || fail "the message does not say zero range"
[[ -e $work/x.json ]] && fail "a failed calibration left a plan behind"

# run --plan
image=$work/eval/rgb/000000.png
check "run --plan writes int8 codes" 0 "$NPUSIM" run --model "$MODEL" --plan "$work/int8.json" --input "$image" --out "$work/codes.npy"
check "run --plan --decoded writes metres" 0 "$NPUSIM" run --model "$MODEL" --plan "$work/int8.json" --input "$image" --out "$work/depth.npy" --decoded
check "run --plan with a dual output" 0 "$NPUSIM" run --model "$MODEL" --plan "$work/dual.json" --input "$image" --out "$work/hi.npy" --dump-dir "$work/dump"
$PY - "$work" <<'PYEOF' || fail "run --plan outputs"
import sys, json, numpy as np
work = sys.argv[1]
codes = np.load(f"{work}/codes.npy"); depth = np.load(f"{work}/depth.npy")
assert codes.dtype == np.int8 and codes.shape == (1, 1, 128, 160), (codes.dtype, codes.shape)
assert depth.dtype == np.float32 and 0 < depth.min() and depth.max() <= 15.0001, (depth.min(), depth.max())
hi = np.load(f"{work}/hi.npy"); lo = np.load(f"{work}/hi.depth.lo.npy")
assert hi.min() >= 0 and hi.max() <= 15 and lo.min() >= 0 and lo.max() <= 255
wide = hi.astype(np.int64) * 256 + lo
assert abs(wide.mean() / 256 - depth.mean()) < 0.5, (wide.mean() / 256, depth.mean())
index = json.load(open(f"{work}/dump/index.json"))
assert len(index) > 10 and all("grid" in entry for entry in index), len(index)
PYEOF
# Deterministic: the golden executor gives identical bytes, every stored tensor included, with
# 1 and 2 threads (oneDNN's int8 convolutions use OpenMP) and on a second run.
check "calibrate fp16" 0 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --precision fp16 --out "$work/fp16.json"
for precision in int8 dual fp16; do
  for run in 1t 2t again; do
    threads=1; [[ $run == 2t ]] && threads=2
    mkdir -p "$work/det_$precision.$run"
    OMP_NUM_THREADS=$threads "$NPUSIM" run --model "$MODEL" --plan "$work/$precision.json" --input "$image" \
      --out "$work/det_$precision.$run/y.npy" --dump-dir "$work/det_$precision.$run/dump" >/dev/null 2>&1 ||
      fail "run --plan $precision with $threads thread(s)"
  done
  diff -r "$work/det_$precision.1t" "$work/det_$precision.2t" >/dev/null || fail "$precision: 1 and 2 threads differ"
  diff -r "$work/det_$precision.1t" "$work/det_$precision.again" >/dev/null || fail "$precision: two runs differ"
done
check "a plan for another model is refused" 1 "$NPUSIM" run --model "$OTHER" --plan "$work/int8.json" --input "$image" --out "$work/wrong.npy"
grep -q "calibrated for another model" "$work/out.txt" || fail "the message does not say the plan is for another model"
[[ -e $work/wrong.npy ]] && fail "a refused run left an output behind"

# profile, sensitivity, export-qdq
check "profile" 0 "$NPUSIM" profile --model "$MODEL" --plan "$work/int8.json" --data "$work/eval" --count 2 --json --csv "$work/profile.csv"
$PY -c "
import json, sys; d = json.load(open('$work/out.txt'))
assert d['images'] == 2 and len(d['layers']) > 10
assert all(0 <= l['saturation_rate'] <= 1 and -1 <= l['cosine'] <= 1 for l in d['layers'])" || fail "profile JSON"
[[ $(wc -l <"$work/profile.csv") -gt 10 ]] || fail "profile CSV"
check "sensitivity --assign" 0 "$NPUSIM" sensitivity --model "$MODEL" --data "$work/calib" --count 2 --no-noise --no-only-this \
  --assign --budget 0.1 --out "$work/mixed.json" --json
grep -q '"promoted"' "$work/out.txt" || fail "sensitivity JSON lacks the promoted operations"
grep -q '"int16"' "$work/mixed.json" || fail "the mixed plan has no int16 tensor"
# --latency-budget-ms: a budget halfway between all-INT8 and all-INT16 on hailo8_like; the
# written plan's latency, simulated by another command, must be within it.
latency_of() {
  "$NPUSIM" simulate --model "$MODEL" --plan "$1" --data "$work/eval" --timing-only --npu hailo8_like --json >"$work/lat.json" ||
    fail "simulate --timing-only $1"
  $PY -c "import json; print(json.load(open('$work/lat.json'))['latency_ms'])"
}
check "calibrate int16" 0 "$NPUSIM" calibrate --model "$MODEL" --data "$work/calib" --precision int16 --out "$work/int16.json"
int8_ms=$(latency_of "$work/int8.json")
int16_ms=$(latency_of "$work/int16.json")
budget_ms=$($PY -c "print(($int8_ms + $int16_ms) / 2)")
"$NPUSIM" sensitivity --model "$MODEL" --data "$work/calib" --count 2 --no-noise --no-only-this --assign \
  --latency-budget-ms "$budget_ms" --out "$work/mixed_latency.json" --json >"$work/assign.json" 2>"$work/assign.err" ||
  fail "sensitivity --assign --latency-budget-ms: $(cat "$work/assign.err")"
mixed_ms=$(latency_of "$work/mixed_latency.json")
$PY - "$work/assign.json" "$int8_ms" "$int16_ms" "$budget_ms" "$mixed_ms" <<'PYEOF' || fail "latency-budget assignment"
import json, sys
d = json.load(open(sys.argv[1]))
int8_ms, int16_ms, budget_ms, mixed_ms = map(float, sys.argv[2:])
assert int8_ms < budget_ms < int16_ms, (int8_ms, budget_ms, int16_ms)
assert d["promoted"], "nothing promoted under a budget halfway to all-INT16"
assert int8_ms < mixed_ms <= budget_ms, (int8_ms, mixed_ms, budget_ms)
assert abs(d["latency_budget"]["latency_ms"] - mixed_ms) < 1e-9, (d["latency_budget"], mixed_ms)
PYEOF
check "a latency budget below all-INT8 fails" 1 "$NPUSIM" sensitivity --model "$MODEL" --data "$work/calib" --count 2 \
  --no-noise --no-only-this --assign --latency-budget-ms 0.000001 --out "$work/never.json"
grep -q "below the all-INT8 latency" "$work/out.txt" || fail "the message does not say the budget is below all-INT8"
[[ -e $work/never.json ]] && fail "a refused assignment left a plan behind"
check "--budget and --latency-budget-ms together is a usage error" 2 "$NPUSIM" sensitivity --model "$MODEL" --data "$work/calib" \
  --assign --budget 0.2 --latency-budget-ms 1 --out "$work/never.json"
check "sensitivity --assign without --out is a usage error" 2 "$NPUSIM" sensitivity --model "$MODEL" --data "$work/calib" --assign
check "export-qdq" 0 "$NPUSIM" export-qdq --model "$MODEL" --plan "$work/int8.json" --out "$work/qdq.onnx"
[[ -s $work/qdq.onnx ]] || fail "export-qdq wrote nothing"

# simulate --model: values through the NPU model
check "simulate --model with values" 0 "$NPUSIM" simulate --model "$MODEL" --plan "$work/int8.json" --data "$work/eval" --batch 2 --json
grep -q '"matches_golden": true' "$work/out.txt" || fail "the simulated outputs do not match the golden executor"
check "simulate --timing-only" 0 "$NPUSIM" simulate --model "$MODEL" --plan "$work/int8.json" --data "$work/eval" --timing-only --json
grep -q '"matches_golden": null' "$work/out.txt" || fail "a timing-only run claims a comparison"
check "--plan without --model is a usage error" 2 "$NPUSIM" simulate --layers x.json --npu edge_tpu_like --plan "$work/int8.json"

# compare on two rows
check "compare fp32,int8" 0 "$NPUSIM" compare --model "$MODEL" --data "$work/eval" --calib-data "$work/calib" --paths fp32,int8 \
  --npu hailo8_like --out "$work/cmp" --json
$PY - "$work/cmp" <<'PYEOF' || fail "compare report"
import sys, json
d = json.load(open(f"{sys.argv[1]}/report.json"))
rows = {r["path"]: r for r in d["rows"]}
assert list(rows) == ["fp32", "int8"], list(rows)
assert rows["fp32"]["degradation_pct"] == 0 and rows["fp32"]["latency_ms"] is None
assert rows["int8"]["latency_ms"] > 0 and rows["int8"]["throughput_ips"] > 0 and rows["int8"]["model_mb"] < rows["fp32"]["model_mb"]
html = open(f"{sys.argv[1]}/report.html").read()
assert 'data-plot="pareto"' in html and "<script" not in html
data = json.load(open(f"{sys.argv[1]}/report_data.json"))
assert data["schema"] == "npusim.report/1-draft", data["schema"]
facts = {f["name"]: f["value"] for f in data["facts"]}
assert facts["held-out data"].endswith("/eval"), facts
PYEOF
check "report re-renders compare's report_data.json" 0 "$NPUSIM" report "$work/cmp/report_data.json" --out "$work/cmp/again.html"
check "compare with an unknown path fails" 1 "$NPUSIM" compare --model "$MODEL" --data "$work/eval" --calib-data "$work/calib" --paths int9 --out "$work/cmp2"
grep -q "unknown path 'int9'" "$work/out.txt" || fail "the message does not name the path"
exit $((failures > 0))
