#!/usr/bin/env bash
# npusim rtl-check: exit codes, the last line, the mismatches CSV, --help defaults, bad options.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

"$NPUSIM" rtl-check --vectors 2000 --seed 3 --modes half_even,tflite_double --shapes a40o12x1 \
  --mismatches "$work/mm.csv" >"$work/out.txt" 2>&1
code=$?
[[ $code -eq 0 ]] || { fail "small run exits $code"; cat "$work/out.txt"; }
tail -n 1 "$work/out.txt" | grep -Eq '^[1-9][0-9]* passed, 0 failed$' || fail "last line: $(tail -n 1 "$work/out.txt")"
grep -q "seed 3" "$work/out.txt" || fail "seed not printed"
grep -q "latency 4 cycles" "$work/out.txt" || fail "latency not reported"
grep -q "lanes per cycle 1" "$work/out.txt" || fail "lanes per cycle not reported"
grep -Eq '^half_even +[0-9]+ +[0-9]+ +2000 ' "$work/out.txt" || fail "per-mode counts missing"
[[ $(wc -l <"$work/mm.csv") -eq 1 ]] || fail "mismatch CSV should hold only its header"
head -n 1 "$work/mm.csv" | grep -q '^shape,mode,phase,acc,multiplier,shift' || fail "mismatch CSV header"

"$NPUSIM" rtl-check --vectors 10 --shapes a40o12x1 --modes floor --vcd "$work/w.vcd" --mismatches "$work/mm2.csv" >/dev/null 2>&1 \
  || fail "--vcd run failed"
grep -q 'o_valid' "$work/w.vcd" 2>/dev/null || fail "VCD lacks o_valid"

"$NPUSIM" rtl-check --modes fp32 >/dev/null 2>&1; [[ $? -eq 2 ]] || fail "--modes fp32 should be a usage error"
"$NPUSIM" rtl-check --shapes nope >/dev/null 2>&1; [[ $? -eq 2 ]] || fail "--shapes nope should be a usage error"
"$NPUSIM" rtl-check --mismatches /nonexistent/dir/x.csv --vectors 1 --shapes a40o12x1 --modes floor >/dev/null 2>&1
[[ $? -eq 1 ]] || fail "unwritable --mismatches should exit 1"
help=$("$NPUSIM" rtl-check --help)
for option in vectors seed modes shapes mismatches vcd; do
  grep -q -- "--$option" <<<"$help" || fail "--help lacks --$option"
done
grep -q '(=1000000)' <<<"$help" || fail "--help lacks the --vectors default"
exit $((failures > 0))
