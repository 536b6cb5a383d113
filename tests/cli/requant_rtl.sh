#!/usr/bin/env bash
# npusim requant --rtl: the Verilated unit gives the golden's file byte for byte (every exact
# mode, single and dual output, ties on both signs, saturation), rejects fp32 and rows wider
# than the unit with the line number, and leaves no output file behind on failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

cat >"$work/in.csv" <<'CSV'
acc,multiplier,shift,zero_point,qmin,qmax,lo_bits
-1125,1073741824,32,0,-128,127,0
-1124,1073741824,31,0,-32768,32767,0
5,1,1,0,-128,127,0
-5,1,1,0,-128,127,0
-7,1,2,0,-128,127,0
101,1073741824,31,3,0,255,4
-100,1073741824,34,0,-256,255,4
2147483647,2147483647,0,0,-128,127,0
-2147483648,2147483647,30,0,0,4095,6
70000000000,1234567,40,-5,-32768,32767,8
-70000000000,1234567,40,-5,-32768,32767,3
0,0,63,7,-128,127,2
CSV
for mode in half_up half_away half_even floor truncate; do
  "$NPUSIM" requant --mode "$mode" --in "$work/in.csv" --out "$work/golden_$mode.csv" 2>/dev/null || fail "golden $mode"
  "$NPUSIM" requant --rtl --mode "$mode" --in "$work/in.csv" --out "$work/rtl_$mode.csv" 2>"$work/err" \
    || { fail "--rtl $mode: $(cat "$work/err")"; continue; }
  cmp -s "$work/golden_$mode.csv" "$work/rtl_$mode.csv" || { fail "--rtl $mode differs"; diff "$work/golden_$mode.csv" "$work/rtl_$mode.csv"; }
done
# tflite_double only within gemmlowp's preconditions (int32 acc, acc << (31 - s) fits).
cat >"$work/tflite.csv" <<'CSV'
acc,multiplier,shift,zero_point,qmin,qmax,lo_bits
-1125,1073741824,31,0,-1024,1023,0
-1125,1073741824,32,0,-1024,1023,0
-3,1073741824,33,0,-128,127,0
1000,1518500250,40,2,0,255,4
-100000,1073741824,45,0,-128,127,0
3,1073741824,2,0,-128,127,0
CSV
"$NPUSIM" requant --mode tflite_double --in "$work/tflite.csv" --out "$work/golden_tflite.csv" 2>/dev/null || fail "golden tflite"
"$NPUSIM" requant --rtl --mode tflite_double --in "$work/tflite.csv" --out "$work/rtl_tflite.csv" 2>/dev/null || fail "--rtl tflite"
cmp -s "$work/golden_tflite.csv" "$work/rtl_tflite.csv" || fail "--rtl tflite_double differs"

# A clamp beyond the unit's 17-bit edge range: error with the line number, no output file.
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n1,1,0,0,0,10\n1,1,0,0,0,70000\n' >"$work/wide.csv"
"$NPUSIM" requant --rtl --mode floor --in "$work/wide.csv" --out "$work/wide_out.csv" 2>"$work/err"
[[ $? -eq 1 ]] || fail "a row wider than the unit should exit 1"
grep -q "wide.csv:3" "$work/err" || fail "message lacks the line number: $(cat "$work/err")"
grep -q "qmax" "$work/err" || fail "message lacks the field: $(cat "$work/err")"
[[ ! -e "$work/wide_out.csv" ]] || fail "failed --rtl left an output file"

"$NPUSIM" requant --rtl --mode fp32 --in "$work/in.csv" --out "$work/fp32.csv" 2>/dev/null
[[ $? -ne 0 ]] || fail "--rtl --mode fp32 should fail (not in the RTL)"
[[ ! -e "$work/fp32.csv" ]] || fail "--rtl fp32 left an output file"
exit $((failures > 0))
