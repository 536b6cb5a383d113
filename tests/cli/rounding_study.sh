#!/usr/bin/env bash
# `npusim rounding-study` runs on a small sample, prints a row per layer and the totals, and
# writes its CSV.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
"$NPUSIM" rounding-study --positions 64 --seed 3 --csv "$work/study.csv" >"$work/out" 2>&1 || fail "exit code"
grep -q "tflite_double/half_up" "$work/out" || fail "no tflite_double/half_up column"
grep -q "fp32/half_even" "$work/out" || fail "no fp32/half_even column"
tail -1 "$work/out" | grep -q "all layers" || fail "last line is the total"
[[ $(wc -l <"$work/study.csv") -eq 6 ]] || fail "CSV: header + 5 layers"
head -1 "$work/study.csv" | grep -q "tflite_double_vs_half_up" || fail "CSV header"
"$NPUSIM" rounding-study --positions 16 --output-bits 16 2>&1 | head -1 | grep -q "int16 outputs" || fail "--output-bits 16"
"$NPUSIM" rounding-study --output-bits 17 >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "--output-bits 17 is a usage error"
[[ $failures -eq 0 ]] || cat "$work/out"
exit $((failures > 0))
