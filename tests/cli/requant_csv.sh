#!/usr/bin/env bash
# `npusim requant`: hand-worked results per mode, the hi,lo columns, line numbers in errors,
# missing files, the tflite_double precondition, and no partial output file on failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# x = acc * M / 2^s: -562.5, 2.5, -2.5 (scale 1/2), 0.375 and -0.5 (s = 33: tflite_double rounds
# twice, ties away in the second step), 150 + 10 (clamps). Every row is inside tflite_double's domain.
cat >"$work/in.csv" <<'CSV'
acc,multiplier,shift,zero_point,qmin,qmax
-1125,1073741824,31,0,-1000,1000
5,1073741824,31,0,-128,127
-5,1073741824,31,0,-128,127
3,1073741824,33,0,-128,127
-4,1073741824,33,0,-128,127
300,1073741824,31,10,-128,127
CSV
expect_q() {  # expect_q MODE q1 q2 q3 q4 q5 q6
  local mode=$1; shift
  if ! "$NPUSIM" requant --mode "$mode" --in "$work/in.csv" --out "$work/out_$mode.csv" 2>"$work/err"; then
    fail "requant --mode $mode exited non-zero: $(cat "$work/err")"; return
  fi
  local got
  got=$(tail -n +2 "$work/out_$mode.csv" | awk -F, '{print $7}' | tr '\n' ' ')
  [[ "$got" == "$* " ]] || fail "$mode: q column '$got', expected '$* '"
  head -1 "$work/out_$mode.csv" | grep -qx 'acc,multiplier,shift,zero_point,qmin,qmax,q' || fail "$mode: output header"
}
# 300 * 1/2 + 10 = 160 clamps to 127 in every mode.
expect_q half_up -562 3 -2 0 0 127
expect_q half_away -563 3 -3 0 -1 127
expect_q half_even -562 2 -2 0 0 127
expect_q floor -563 2 -3 0 -1 127
expect_q truncate -562 2 -2 0 0 127
expect_q tflite_double -562 3 -2 1 -1 127
expect_q fp32 -562 2 -2 0 0 127
# The input lines are echoed unchanged before the result.
sed -n 2p "$work/out_half_up.csv" | grep -qx -- '-1125,1073741824,31,0,-1000,1000,-562' || fail "echoed line"

# lo_bits column: hi = w >> b, lo = w & (2^b - 1); lo_bits 0 gives hi = q, lo = 0.
cat >"$work/dual.csv" <<'CSV'
acc,multiplier,shift,zero_point,qmin,qmax,lo_bits
1234,1073741824,30,0,0,4095,4
-1234,1073741824,30,0,-2048,2047,4
9999,1073741824,30,0,0,4095,8
77,1073741824,31,0,-128,127,0
CSV
"$NPUSIM" requant --mode half_up --in "$work/dual.csv" --out "$work/dual_out.csv" 2>/dev/null || fail "dual run"
expected_dual='acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,hi,lo
1234,1073741824,30,0,0,4095,4,77,2
-1234,1073741824,30,0,-2048,2047,4,-78,14
9999,1073741824,30,0,0,4095,8,15,255
77,1073741824,31,0,-128,127,0,39,0'
[[ "$(cat "$work/dual_out.csv")" == "$expected_dual" ]] || { fail "hi,lo output"; cat "$work/dual_out.csv"; }

# Errors: exit code, message naming file and line, no output file.
expect_error() {  # expect_error DESCRIPTION EXPECTED_EXIT MESSAGE_REGEX ARGS...
  local description=$1 expected=$2 pattern=$3; shift 3
  rm -f "$work/bad_out.csv"
  "$NPUSIM" requant "$@" --out "$work/bad_out.csv" >"$work/stdout" 2>"$work/err"
  local got=$?
  [[ $got -eq $expected ]] || fail "$description: exit $got, expected $expected ($(cat "$work/err"))"
  grep -Eq -- "$pattern" "$work/err" || fail "$description: message '$(cat "$work/err")' does not match '$pattern'"
  [[ ! -e "$work/bad_out.csv" ]] || fail "$description: partial output file left behind"
}
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n1,2,3,0,-128,127\n5,abc,1,0,-128,127\n' >"$work/malformed.csv"
expect_error "non-integer field" 1 "malformed.csv:3: row 2: field multiplier: 'abc' is not a decimal integer" \
  --mode half_up --in "$work/malformed.csv"
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n\n1,2,3,0,-128,127\n1,2,3,0,-128\n' >"$work/short.csv"
expect_error "missing field" 1 "short.csv:4: row 2: expected 6 fields, got 5" --mode floor --in "$work/short.csv"
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n1,2,64,0,-128,127\n' >"$work/range.csv"
expect_error "shift out of range" 1 "range.csv:2: row 1: shift 64 outside 0..63" --mode floor --in "$work/range.csv"
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n1,2,3,0,5,4\n' >"$work/clamp.csv"
expect_error "qmin > qmax" 1 "clamp.csv:2: row 1: qmin 5 exceeds qmax 4" --mode floor --in "$work/clamp.csv"
printf 'acc,mult,shift\n' >"$work/header.csv"
expect_error "bad header" 1 "header.csv:1: header must be" --mode floor --in "$work/header.csv"
expect_error "missing input" 1 "no_such.csv: no such input CSV file" --mode floor --in "$work/no_such.csv"
expect_error "unknown mode" 2 "unknown rounding mode 'nearest'" --mode nearest --in "$work/in.csv"
# tflite_double: s = 15 means acc << 16, so 65536 << 16 = 2^32 does not fit int32 (row 2 on line 3).
printf 'acc,multiplier,shift,zero_point,qmin,qmax\n-32768,1073741824,15,0,-128,127\n65536,1073741824,15,0,-128,127\n' >"$work/tfl.csv"
expect_error "tflite_double precondition" 1 "tfl.csv:3: row 2: acc 65536 << 16 = 4294967296 does not fit int32" \
  --mode tflite_double --in "$work/tfl.csv"
"$NPUSIM" requant --mode half_up --in "$work/tfl.csv" --out "$work/tfl_ok.csv" 2>/dev/null || fail "half_up has no precondition"

# A bad row after several full batches: still no output file, and no temporary left over.
{ echo 'acc,multiplier,shift,zero_point,qmin,qmax'; for i in $(seq 1 50); do echo "$i,1073741824,31,0,-128,127"; done
  echo '1,2,3'; } >"$work/late.csv"
expect_error "late bad row" 1 "late.csv:52: row 51: expected 6 fields, got 3" --mode half_up --batch-rows 4 --in "$work/late.csv"
leftovers=$(ls "$work" | grep -c bad_out || true)
[[ $leftovers -eq 0 ]] || fail "temporary output files left: $(ls "$work")"

# stdin and CRLF line ends.
printf 'acc,multiplier,shift,zero_point,qmin,qmax\r\n5,1,1,0,-128,127\r\n' |
  "$NPUSIM" requant --mode half_even --in - --out "$work/stdin_out.csv" 2>/dev/null || fail "stdin input"
[[ "$(tail -1 "$work/stdin_out.csv")" == "5,1,1,0,-128,127,2" ]] || fail "stdin/CRLF result: $(cat "$work/stdin_out.csv")"

# A spreadsheet export: byte-order mark, spaces after the commas, spaces around fields.
printf '\xef\xbb\xbfacc, multiplier, shift, zero_point, qmin, qmax\n -7, 1, 1, 0, -128, 127\n' >"$work/excel.csv"
"$NPUSIM" requant --mode half_even --in "$work/excel.csv" --out "$work/excel_out.csv" 2>/dev/null || fail "BOM/spaces input"
[[ "$(tail -1 "$work/excel_out.csv")" == " -7, 1, 1, 0, -128, 127,-4" ]] || fail "BOM/spaces result: $(cat "$work/excel_out.csv")"

# --rtl: the Verilated unit must give the golden's file byte for byte.
if "$NPUSIM" requant --rtl --mode half_up --in "$work/in.csv" --out "$work/rtl_out.csv" 2>"$work/err"; then
  cmp -s "$work/rtl_out.csv" "$work/out_half_up.csv" || fail "--rtl results differ from the golden"
else
  fail "--rtl failed: $(cat "$work/err")"
fi

"$NPUSIM" requant --help | grep -q -- "--batch-rows arg (=65536)" || fail "--help shows defaults"
exit $((failures > 0))
