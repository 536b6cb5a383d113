#!/usr/bin/env bash
# `npusim vectors`: one CSV per mode plus README; deterministic for a seed; every file round-trips
# through `npusim requant` (columns 1-7 in, the same file out); hand-worked rows are present.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

"$NPUSIM" vectors --out "$work/v1" --count 300 --seed 9 >/dev/null || fail "vectors exited non-zero"
"$NPUSIM" vectors --out "$work/v2" --count 300 --seed 9 >/dev/null || fail "vectors (again) exited non-zero"
[[ -f "$work/v1/README.md" ]] || fail "README.md missing"
grep -q "acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,hi,lo" "$work/v1/README.md" || fail "README states the format"
for mode in half_up half_away half_even floor truncate tflite_double fp32; do
  file="$work/v1/$mode.csv"
  [[ -f "$file" ]] || { fail "$mode.csv missing"; continue; }
  cmp -s "$file" "$work/v2/$mode.csv" || fail "$mode.csv differs between two runs with the same seed"
  head -1 "$file" | grep -qx 'acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,hi,lo' || fail "$mode header"
  [[ $(wc -l <"$file") -gt 1000 ]] || fail "$mode.csv has only $(wc -l <"$file") lines"
  cut -d, -f1-7 "$file" | "$NPUSIM" requant --mode "$mode" --in - --out "$work/check_$mode.csv" 2>/dev/null ||
    fail "$mode: requant rejected its own vectors"
  cmp -s "$work/check_$mode.csv" "$file" || fail "$mode: requant output differs from the vector file"
done
# Hand-worked: acc -5, M 1, s 1 is x = -2.5 (ties group, k = -3, int16 clamp, lo_bits 0: hi = q, lo = 0).
grep -qx -- '-5,1,1,0,-32768,32767,0,-2,0' "$work/v1/half_up.csv" || fail "half_up: -2.5 -> -2 row"
grep -qx -- '-5,1,1,0,-32768,32767,0,-3,0' "$work/v1/half_away.csv" || fail "half_away: -2.5 -> -3 row"
grep -qx -- '-5,1,1,0,-32768,32767,0,-2,0' "$work/v1/half_even.csv" || fail "half_even: -2.5 -> -2 row"
# tflite_double never holds a row outside its preconditions: s <= 62 everywhere.
awk -F, 'NR > 1 && $3 > 62 { bad = 1 } END { exit bad }' "$work/v1/tflite_double.csv" || fail "tflite_double has s > 62"
"$NPUSIM" vectors --out "$work/v3" --modes half_up,nearest >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "unknown mode in --modes is a usage error"
exit $((failures > 0))
