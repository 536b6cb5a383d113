#!/usr/bin/env bash
# npusim qparams / npusim metrics: JSON values worked by hand, and bad input (missing file,
# NaN, shape mismatch, option for another observer) failing with a clear message, a non-zero
# exit and no partial output file.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

$PY - "$work" <<'PY' || { echo "FAIL: cannot write test tensors with numpy"; exit 1; }
import sys, numpy as np
d = sys.argv[1]
np.save(f"{d}/a.npy", np.array([[1, -1, 5], [2, 0, -3]], dtype=np.float32))
np.save(f"{d}/b.npy", np.array([[4, -6, 1], [0, 0, 0]], dtype=np.float32))
np.save(f"{d}/t.npy", np.array([[1, -1, 5], [2, 0, -2]], dtype=np.float32))
np.save(f"{d}/nan.npy", np.array([1, np.nan, 3], dtype=np.float32))
np.save(f"{d}/short.npy", np.zeros((3,), dtype=np.float32))
np.save(f"{d}/codes.npy", np.array([[100, -100, 127], [127, 0, -128]], dtype=np.int8))
np.save(f"{d}/a16.npy", np.array([[1, -1, 5], [2, 0, -3]], dtype=np.float16))
PY

# json_get FILE EXPRESSION: evaluates a Python expression on the parsed JSON `j`.
json_get() { $PY -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() {  # expect DESCRIPTION ACTUAL EXPECTED
  [[ "$2" == "$3" ]] || fail "$1: got '$2', expected '$3'"
}

# Two batches: the range is [-6, 5]. INT8 asymmetric: scale = 11/255, zero point =
# -128 - round(-6 / (11/255)) = -128 + round(139.09) = 11.
"$NPUSIM" qparams --observer minmax --in "$work/a.npy" --in "$work/b.npy" >"$work/q.json" 2>"$work/err" || fail "qparams minmax exit $?"
expect "minmax min" "$(json_get "$work/q.json" "j['min']")" "-6.0"
expect "minmax max" "$(json_get "$work/q.json" "j['max']")" "5.0"
expect "minmax zero_point" "$(json_get "$work/q.json" "j['zero_point']")" "11"
expect "minmax scale" "$(json_get "$work/q.json" "abs(j['scale'] - 11/255) < 1e-7")" "True"
expect "minmax batches" "$(json_get "$work/q.json" "j['batches']")" "2"

# float16 input gives the same answer (values are exact in float16).
"$NPUSIM" qparams --observer minmax --in "$work/a16.npy" --in "$work/b.npy" >"$work/q16.json" || fail "qparams float16 exit $?"
expect "float16 input" "$(json_get "$work/q16.json" "j['min'], j['max']")" "-6.0 5.0"

# Per channel along axis 1, symmetric: columns {1,2,4,0} {-1,0,-6,0} {5,-3,1,0}:
# scale = max|x| / 127 per column, zero points 0.
"$NPUSIM" qparams --observer minmax --scheme sym --per-channel=1 --in "$work/a.npy" --in "$work/b.npy" >"$work/pc.json" || fail "per-channel exit $?"
expect "per-channel min" "$(json_get "$work/pc.json" "j['min']")" "[0.0, -6.0, -3.0]"
expect "per-channel max" "$(json_get "$work/pc.json" "j['max']")" "[4.0, 0.0, 5.0]"
expect "per-channel zero points" "$(json_get "$work/pc.json" "j['zero_point']")" "[0, 0, 0]"
expect "per-channel scales" "$(json_get "$work/pc.json" "all(abs(s - m / 127) < 1e-7 for s, m in zip(j['scale'], [4, 6, 5]))")" "True"
expect "per-channel axis" "$(json_get "$work/pc.json" "j['per_channel_axis']")" "1"

# EMA with c = 0.5: batch 0 [-3, 5], batch 1 [-6, 4] -> [-4.5, 4.5].
"$NPUSIM" qparams --observer ema_minmax --ema-constant 0.5 --in "$work/a.npy" --in "$work/b.npy" >"$work/ema.json" || fail "ema exit $?"
expect "ema range" "$(json_get "$work/ema.json" "j['min'], j['max']")" "-4.5 4.5"

# Percentile 0 / 100 of one batch is its min/max; 50 % of {1,-1,5,2,0,-3} (sorted -3 -1 0 1 2 5,
# rank 2.5) is 0.5.
"$NPUSIM" qparams --observer percentile --low-percent 50 --high-percent 100 --in "$work/a.npy" >"$work/p.json" || fail "percentile exit $?"
expect "percentile range" "$(json_get "$work/p.json" "j['min'], j['max']")" "0.5 5.0"

# Every observer runs on the same input.
for observer in omse kl hist_mse; do
  "$NPUSIM" qparams --observer $observer --in "$work/a.npy" >"$work/o.json" 2>"$work/err" || fail "$observer exit $?: $(cat "$work/err")"
done

# Bad input: exit 1 with the file named; usage problems exit 2; --out leaves no file.
"$NPUSIM" qparams --observer minmax --in "$work/nan.npy" --out "$work/never.json" >/dev/null 2>"$work/err"
expect "NaN exit" "$?" "1"
grep -q "nan.npy.*NaN at flat index 1" "$work/err" || fail "NaN message: $(cat "$work/err")"
[[ ! -e "$work/never.json" ]] || fail "partial output written for a failed command"
"$NPUSIM" qparams --observer minmax --in "$work/missing.npy" >/dev/null 2>"$work/err"
expect "missing file exit" "$?" "1"
grep -q "missing.npy" "$work/err" || fail "missing file message: $(cat "$work/err")"
"$NPUSIM" qparams --observer minmax --grid-step 0.1 --in "$work/a.npy" >/dev/null 2>"$work/err"
expect "option for another observer exit" "$?" "2"
grep -q "grid-step" "$work/err" || fail "unused option message: $(cat "$work/err")"
"$NPUSIM" qparams --observer nosuch --in "$work/a.npy" >/dev/null 2>&1
expect "unknown observer exit" "$?" "2"
"$NPUSIM" qparams --observer minmax --in "$work/a.npy" --in "$work/short.npy" --per-channel=1 >/dev/null 2>"$work/err"
expect "channel count change exit" "$?" "1"

# metrics: a vs t differ only in the last element (-3 vs -2): ||a||^2 = 40, ||a - t||^2 = 1:
# SQNR = 10 log10 40 = 16.0206 dB, MSE = 1/6, max error 1.
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/t.npy" --out "$work/m_out.json" >"$work/m.json" || fail "metrics exit $?"
expect "sqnr" "$(json_get "$work/m.json" "round(j['sqnr_db'], 4)")" "16.0206"
expect "mse" "$(json_get "$work/m.json" "abs(j['mse'] - 1/6) < 1e-12")" "True"
expect "max_abs_error" "$(json_get "$work/m.json" "j['max_abs_error']")" "1.0"
expect "topk" "$(json_get "$work/m.json" "j['topk_hit']")" "1.0"
cmp -s "$work/m.json" "$work/m_out.json" || fail "--out differs from stdout"
for key in sqnr_db cosine kl saturation_rate code_utilization effective_bits topk_hit max_abs_error mse; do
  expect "metrics has $key" "$(json_get "$work/m.json" "'$key' in j")" "True"
done
# Identical tensors: SQNR is +inf, written as the string "inf".
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/a.npy" >"$work/same.json" || fail "identical metrics exit $?"
expect "identical sqnr" "$(json_get "$work/same.json" "j['sqnr_db']")" "inf"
expect "identical cosine" "$(json_get "$work/same.json" "j['cosine']")" "1.0"
# Given grid: INT8 scale 1, zero point 0 covers -128..127: nothing saturates; scale 0.01
# covers -1.28..1.27: 5, 2, -3 saturate (3 of 6).
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/t.npy" --scale 0.01 --zero-point 0 >"$work/g.json" || fail "grid exit $?"
expect "saturation" "$(json_get "$work/g.json" "j['saturation_rate']")" "0.5"
expect "grid source" "$(json_get "$work/g.json" "j['grid']['source']")" "given"
# Integer codes are dequantized with the grid: scale 0.01 -> [[1, -1, 1.27], [1.27, 0, -1.28]];
# against a the errors are 0, 0, 3.73, 0.73, 0, 1.72: max 3.73.
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/codes.npy" --scale 0.01 >"$work/codes.json" || fail "codes exit $?"
expect "codes dequantized" "$(json_get "$work/codes.json" "j['test_is_codes'], round(j['max_abs_error'], 5)")" "True 3.73"
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/codes.npy" >/dev/null 2>"$work/err"
expect "codes without scale exit" "$?" "2"
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/codes.npy" --scale 0.01 --bits 4 >/dev/null 2>"$work/err"
expect "code outside the grid exit" "$?" "1"
grep -q "code 100 at flat index 0" "$work/err" || fail "code range message: $(cat "$work/err")"
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/short.npy" >/dev/null 2>"$work/err"
expect "shape mismatch exit" "$?" "1"
grep -q "shape mismatch" "$work/err" || fail "shape mismatch message: $(cat "$work/err")"
"$NPUSIM" metrics --ref "$work/nan.npy" --test "$work/nan.npy" >/dev/null 2>"$work/err"
expect "metrics NaN exit" "$?" "1"
grep -q "NaN at flat index 1" "$work/err" || fail "metrics NaN message: $(cat "$work/err")"
"$NPUSIM" metrics --ref "$work/a.npy" --test "$work/t.npy" --zero-point 3 >/dev/null 2>&1
expect "zero point without scale exit" "$?" "2"

exit $((failures > 0))
