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
exit $((failures > 0))
