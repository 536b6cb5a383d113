#!/usr/bin/env bash
# `npusim scenes`: usage errors exit 2 and write nothing; a run writes the dataset layout;
# the same seed gives identical bytes, another seed different ones.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
check "--help exits 0" 0 "$NPUSIM" scenes --help
grep -q -- "--size" "$work/out.txt" && grep -q "128x160" "$work/out.txt" || fail "--help lacks --size default"
check "missing --count" 2 "$NPUSIM" scenes --out "$work/a"
check "missing --out" 2 "$NPUSIM" scenes --count 2
check "--count 0" 2 "$NPUSIM" scenes --count 0 --out "$work/a"
check "--count -3" 2 "$NPUSIM" scenes --count -3 --out "$work/a"
check "--count abc" 2 "$NPUSIM" scenes --count abc --out "$work/a"
check "--size without x" 2 "$NPUSIM" scenes --count 1 --size 128 --out "$work/a"
check "--size too small" 2 "$NPUSIM" scenes --count 1 --size 4x4 --out "$work/a"
check "--size negative" 2 "$NPUSIM" scenes --count 1 --size -8x16 --out "$work/a"
check "--size junk" 2 "$NPUSIM" scenes --count 1 --size 16x16x3 --out "$work/a"
grep -q "size" "$work/out.txt" || fail "--size error does not name the option"
[[ -e "$work/a" ]] && fail "a usage error left $work/a behind"
check "output under a regular file" 1 "$NPUSIM" scenes --count 1 --size 16x16 --out /dev/null/x

check "run A" 0 "$NPUSIM" scenes --count 3 --seed 5 --size 16x24 --out "$work/a"
check "run B (same seed)" 0 "$NPUSIM" scenes --count 3 --seed 5 --size 16x24 --out "$work/b"
check "run C (other seed)" 0 "$NPUSIM" scenes --count 3 --seed 6 --size 16x24 --out "$work/c"
for f in rgb/000000.png rgb/000002.png depth/000000.png depth/000002.png manifest.json; do
  [[ -f "$work/a/$f" ]] || { fail "missing $f"; continue; }
  cmp -s "$work/a/$f" "$work/b/$f" || fail "$f differs between runs with the same seed"
done
cmp -s "$work/a/rgb/000000.png" "$work/c/rgb/000000.png" && fail "another seed gave the same image"
[[ -e "$work/a/rgb/000003.png" ]] && fail "wrote more images than --count"
ls "$work/a/rgb" "$work/a/depth" | grep -q partial && fail "temporary files left behind"
exit $((failures > 0))
