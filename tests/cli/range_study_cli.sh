#!/usr/bin/env bash
# `npusim range-study`: usage errors (exit 2), missing data (exit 1), and the original
# team's step for [0.5, 15] m at 8 bits (14.5 / 255 = 56.9 mm, +-28.4 mm) in the table.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
check "--help" 0 "$NPUSIM" range-study --help
check "missing --data" 2 "$NPUSIM" range-study
check "malformed --ranges" 2 "$NPUSIM" range-study --data "$work" --ranges 0.5-15
check "zero low" 2 "$NPUSIM" range-study --data "$work" --ranges 0:15
check "bad unit" 2 "$NPUSIM" range-study --data "$work" --depth-unit cm
check "missing data dir" 1 "$NPUSIM" range-study --data "$work/nope"
grep -q "does not exist" "$work/out.txt" || { fail "missing dir message"; cat "$work/out.txt"; }
check "empty data dir" 1 "$NPUSIM" range-study --data "$work"

"$NPUSIM" scenes --count 3 --seed 1 --size 16x20 --out "$work/set" >/dev/null || { echo "FAIL: scenes"; exit 1; }
check "table" 0 "$NPUSIM" range-study --data "$work/set" --ranges 0.5:7.5,0.5:15
grep -q "56.9 mm (+- 28.4 mm)" "$work/out.txt" || { fail "[0.5,15] 8-bit step not 56.9 mm (+-28.4)"; cat "$work/out.txt"; }
grep -q "27.5 mm (+- 13.7 mm)" "$work/out.txt" || { fail "[0.5,7.5] 8-bit step not 27.5 mm (+-13.7)"; cat "$work/out.txt"; }
check "json" 0 "$NPUSIM" range-study --data "$work/set" --ranges 0.5:15 --json
grep -q '"coverage"' "$work/out.txt" || fail "JSON lacks coverage"
exit $((failures > 0))
