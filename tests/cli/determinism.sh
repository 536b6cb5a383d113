#!/usr/bin/env bash
# Identical bytes with 1 and 2 threads (OMP_NUM_THREADS: oneDNN's convolutions use OpenMP)
# for the paths tests/cli/ptq_cli.sh does not cover (it checks `run --plan` with its dumps):
# the FP32 `run` (output and every dumped tensor), `calibrate` (the plan), and `eval` of the
# float model and of the plan (the JSON report, per-image metrics included).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
MODEL=$SOURCE_DIR/models/depth_tiny.onnx
"$NPUSIM" scenes --count 3 --seed 11 --out "$work/set" >/dev/null || { fail "scenes"; exit 1; }
image=$work/set/rgb/000000.png

for threads in 1 2; do
  out=$work/t$threads
  mkdir -p "$out"
  export OMP_NUM_THREADS=$threads
  check "run (FP32), $threads thread(s)" 0 "$NPUSIM" run --model "$MODEL" --input "$image" --out "$out/y.npy" --dump-dir "$out/dump"
  check "calibrate, $threads thread(s)" 0 "$NPUSIM" calibrate --model "$MODEL" --data "$work/set" --calib-count 3 --out "$out/plan.json"
  # stdout only: stderr may carry a progress line.
  "$NPUSIM" eval --model "$MODEL" --data "$work/set" --json >"$out/eval_float.json" 2>"$work/err.txt" ||
    { fail "eval (FP32), $threads thread(s)"; cat "$work/err.txt"; }
  # Both thread counts evaluate the same plan (the first), so only eval itself is compared.
  "$NPUSIM" eval --model "$MODEL" --plan "$work/t1/plan.json" --data "$work/set" --json >"$out/eval_plan.json" \
    2>"$work/err.txt" || { fail "eval --plan, $threads thread(s)"; cat "$work/err.txt"; }
done
unset OMP_NUM_THREADS
[[ $(ls "$work/t1/dump" | wc -l) -gt 10 ]] || fail "the FP32 dump holds too few tensors to mean anything"
for item in y.npy dump plan.json eval_float.json eval_plan.json; do
  diff -r "$work/t1/$item" "$work/t2/$item" >/dev/null || fail "$item differs between 1 and 2 threads"
done
exit $((failures > 0))
