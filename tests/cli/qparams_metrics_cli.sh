#!/usr/bin/env bash
# npusim qparams / npusim metrics: JSON values worked by hand, and bad input (missing file,
# NaN, shape mismatch, option for another observer) failing with a clear message, a non-zero
# exit and no partial output file.
set -u
NPUSIM=$1
PYTHON=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$PYTHON" - "$WORK" <<'PY' || { echo "FAIL: cannot write test tensors with numpy"; exit 1; }
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
json_get() { "$PYTHON" -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() {  # expect DESCRIPTION ACTUAL EXPECTED
  [[ "$2" == "$3" ]] || fail "$1: got '$2', expected '$3'"
}

# Two batches: the range is [-6, 5]. INT8 asymmetric: scale = 11/255, zero point =
# -128 - round(-6 / (11/255)) = -128 + round(139.09) = 11.
"$NPUSIM" qparams --observer minmax --in "$WORK/a.npy" --in "$WORK/b.npy" >"$WORK/q.json" 2>"$WORK/err" || fail "qparams minmax exit $?"
expect "minmax min" "$(json_get "$WORK/q.json" "j['min']")" "-6.0"
expect "minmax max" "$(json_get "$WORK/q.json" "j['max']")" "5.0"
expect "minmax zero_point" "$(json_get "$WORK/q.json" "j['zero_point']")" "11"
expect "minmax scale" "$(json_get "$WORK/q.json" "abs(j['scale'] - 11/255) < 1e-7")" "True"
expect "minmax batches" "$(json_get "$WORK/q.json" "j['batches']")" "2"

# float16 input gives the same answer (values are exact in float16).
"$NPUSIM" qparams --observer minmax --in "$WORK/a16.npy" --in "$WORK/b.npy" >"$WORK/q16.json" || fail "qparams float16 exit $?"
expect "float16 input" "$(json_get "$WORK/q16.json" "j['min'], j['max']")" "-6.0 5.0"

# Per channel along axis 1, symmetric: columns {1,2,4,0} {-1,0,-6,0} {5,-3,1,0}:
# scale = max|x| / 127 per column, zero points 0.
"$NPUSIM" qparams --observer minmax --scheme sym --per-channel=1 --in "$WORK/a.npy" --in "$WORK/b.npy" >"$WORK/pc.json" || fail "per-channel exit $?"
expect "per-channel min" "$(json_get "$WORK/pc.json" "j['min']")" "[0.0, -6.0, -3.0]"
expect "per-channel max" "$(json_get "$WORK/pc.json" "j['max']")" "[4.0, 0.0, 5.0]"
expect "per-channel zero points" "$(json_get "$WORK/pc.json" "j['zero_point']")" "[0, 0, 0]"
expect "per-channel scales" "$(json_get "$WORK/pc.json" "all(abs(s - m / 127) < 1e-7 for s, m in zip(j['scale'], [4, 6, 5]))")" "True"
expect "per-channel axis" "$(json_get "$WORK/pc.json" "j['per_channel_axis']")" "1"

# EMA with c = 0.5: batch 0 [-3, 5], batch 1 [-6, 4] -> [-4.5, 4.5].
"$NPUSIM" qparams --observer ema_minmax --ema-constant 0.5 --in "$WORK/a.npy" --in "$WORK/b.npy" >"$WORK/ema.json" || fail "ema exit $?"
expect "ema range" "$(json_get "$WORK/ema.json" "j['min'], j['max']")" "-4.5 4.5"

# Percentile 0 / 100 of one batch is its min/max; 50 % of {1,-1,5,2,0,-3} (sorted -3 -1 0 1 2 5,
# rank 2.5) is 0.5.
"$NPUSIM" qparams --observer percentile --low-percent 50 --high-percent 100 --in "$WORK/a.npy" >"$WORK/p.json" || fail "percentile exit $?"
expect "percentile range" "$(json_get "$WORK/p.json" "j['min'], j['max']")" "0.5 5.0"

# Every observer runs on the same input.
for observer in omse kl hist_mse; do
  "$NPUSIM" qparams --observer $observer --in "$WORK/a.npy" >"$WORK/o.json" 2>"$WORK/err" || fail "$observer exit $?: $(cat "$WORK/err")"
done

# Bad input: exit 1 with the file named; usage problems exit 2; --out leaves no file.
"$NPUSIM" qparams --observer minmax --in "$WORK/nan.npy" --out "$WORK/never.json" >/dev/null 2>"$WORK/err"
expect "NaN exit" "$?" "1"
grep -q "nan.npy.*NaN at flat index 1" "$WORK/err" || fail "NaN message: $(cat "$WORK/err")"
[[ ! -e "$WORK/never.json" ]] || fail "partial output written for a failed command"
"$NPUSIM" qparams --observer minmax --in "$WORK/missing.npy" >/dev/null 2>"$WORK/err"
expect "missing file exit" "$?" "1"
grep -q "missing.npy" "$WORK/err" || fail "missing file message: $(cat "$WORK/err")"
"$NPUSIM" qparams --observer minmax --grid-step 0.1 --in "$WORK/a.npy" >/dev/null 2>"$WORK/err"
expect "option for another observer exit" "$?" "2"
grep -q "grid-step" "$WORK/err" || fail "unused option message: $(cat "$WORK/err")"
"$NPUSIM" qparams --observer nosuch --in "$WORK/a.npy" >/dev/null 2>&1
expect "unknown observer exit" "$?" "2"
"$NPUSIM" qparams --observer minmax --in "$WORK/a.npy" --in "$WORK/short.npy" --per-channel=1 >/dev/null 2>"$WORK/err"
expect "channel count change exit" "$?" "1"

# metrics: a vs t differ only in the last element (-3 vs -2): ||a||^2 = 40, ||a - t||^2 = 1:
# SQNR = 10 log10 40 = 16.0206 dB, MSE = 1/6, max error 1.
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/t.npy" --out "$WORK/m_out.json" >"$WORK/m.json" || fail "metrics exit $?"
expect "sqnr" "$(json_get "$WORK/m.json" "round(j['sqnr_db'], 4)")" "16.0206"
expect "mse" "$(json_get "$WORK/m.json" "abs(j['mse'] - 1/6) < 1e-12")" "True"
expect "max_abs_error" "$(json_get "$WORK/m.json" "j['max_abs_error']")" "1.0"
expect "topk" "$(json_get "$WORK/m.json" "j['topk_hit']")" "1.0"
cmp -s "$WORK/m.json" "$WORK/m_out.json" || fail "--out differs from stdout"
for key in sqnr_db cosine kl saturation_rate code_utilization effective_bits topk_hit max_abs_error mse; do
  expect "metrics has $key" "$(json_get "$WORK/m.json" "'$key' in j")" "True"
done
# Identical tensors: SQNR is +inf, written as the string "inf".
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/a.npy" >"$WORK/same.json" || fail "identical metrics exit $?"
expect "identical sqnr" "$(json_get "$WORK/same.json" "j['sqnr_db']")" "inf"
expect "identical cosine" "$(json_get "$WORK/same.json" "j['cosine']")" "1.0"
# Given grid: INT8 scale 1, zero point 0 covers -128..127: nothing saturates; scale 0.01
# covers -1.28..1.27: 5, 2, -3 saturate (3 of 6).
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/t.npy" --scale 0.01 --zero-point 0 >"$WORK/g.json" || fail "grid exit $?"
expect "saturation" "$(json_get "$WORK/g.json" "j['saturation_rate']")" "0.5"
expect "grid source" "$(json_get "$WORK/g.json" "j['grid']['source']")" "given"
# Integer codes are dequantized with the grid: scale 0.01 -> [[1, -1, 1.27], [1.27, 0, -1.28]];
# against a the errors are 0, 0, 3.73, 0.73, 0, 1.72: max 3.73.
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/codes.npy" --scale 0.01 >"$WORK/codes.json" || fail "codes exit $?"
expect "codes dequantized" "$(json_get "$WORK/codes.json" "j['test_is_codes'], round(j['max_abs_error'], 5)")" "True 3.73"
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/codes.npy" >/dev/null 2>"$WORK/err"
expect "codes without scale exit" "$?" "2"
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/codes.npy" --scale 0.01 --bits 4 >/dev/null 2>"$WORK/err"
expect "code outside the grid exit" "$?" "1"
grep -q "code 100 at flat index 0" "$WORK/err" || fail "code range message: $(cat "$WORK/err")"
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/short.npy" >/dev/null 2>"$WORK/err"
expect "shape mismatch exit" "$?" "1"
grep -q "shape mismatch" "$WORK/err" || fail "shape mismatch message: $(cat "$WORK/err")"
"$NPUSIM" metrics --ref "$WORK/nan.npy" --test "$WORK/nan.npy" >/dev/null 2>"$WORK/err"
expect "metrics NaN exit" "$?" "1"
grep -q "NaN at flat index 1" "$WORK/err" || fail "metrics NaN message: $(cat "$WORK/err")"
"$NPUSIM" metrics --ref "$WORK/a.npy" --test "$WORK/t.npy" --zero-point 3 >/dev/null 2>&1
expect "zero point without scale exit" "$?" "2"

exit $((failures > 0))
