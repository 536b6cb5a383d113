#!/usr/bin/env bash
# `npusim scenes`: usage errors exit 2 and write nothing; a run writes the dataset layout;
# the same seed gives identical bytes, another seed different ones.
set -u
NPUSIM=$1
failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check() {  # check DESCRIPTION EXPECTED_EXIT COMMAND...
  local description=$1 expected=$2; shift 2
  "$@" >"$work/out.txt" 2>&1
  local got=$?
  if [[ $got -ne $expected ]]; then
    echo "FAIL: $description: exit $got, expected $expected"; cat "$work/out.txt"; failures=$((failures + 1))
  fi
}
check "--help exits 0" 0 "$NPUSIM" scenes --help
grep -q -- "--size" "$work/out.txt" && grep -q "128x160" "$work/out.txt" || { echo "FAIL: --help lacks --size default"; failures=$((failures + 1)); }
check "missing --count" 2 "$NPUSIM" scenes --out "$work/a"
check "missing --out" 2 "$NPUSIM" scenes --count 2
check "--count 0" 2 "$NPUSIM" scenes --count 0 --out "$work/a"
check "--count -3" 2 "$NPUSIM" scenes --count -3 --out "$work/a"
check "--count abc" 2 "$NPUSIM" scenes --count abc --out "$work/a"
check "--size without x" 2 "$NPUSIM" scenes --count 1 --size 128 --out "$work/a"
check "--size too small" 2 "$NPUSIM" scenes --count 1 --size 4x4 --out "$work/a"
check "--size negative" 2 "$NPUSIM" scenes --count 1 --size -8x16 --out "$work/a"
check "--size junk" 2 "$NPUSIM" scenes --count 1 --size 16x16x3 --out "$work/a"
grep -q "size" "$work/out.txt" || { echo "FAIL: --size error does not name the option"; failures=$((failures + 1)); }
[[ -e "$work/a" ]] && { echo "FAIL: a usage error left $work/a behind"; failures=$((failures + 1)); }
check "output under a regular file" 1 "$NPUSIM" scenes --count 1 --size 16x16 --out /dev/null/x

check "run A" 0 "$NPUSIM" scenes --count 3 --seed 5 --size 16x24 --out "$work/a"
check "run B (same seed)" 0 "$NPUSIM" scenes --count 3 --seed 5 --size 16x24 --out "$work/b"
check "run C (other seed)" 0 "$NPUSIM" scenes --count 3 --seed 6 --size 16x24 --out "$work/c"
for f in rgb/000000.png rgb/000002.png depth/000000.png depth/000002.png manifest.json; do
  [[ -f "$work/a/$f" ]] || { echo "FAIL: missing $f"; failures=$((failures + 1)); continue; }
  cmp -s "$work/a/$f" "$work/b/$f" || { echo "FAIL: $f differs between runs with the same seed"; failures=$((failures + 1)); }
done
cmp -s "$work/a/rgb/000000.png" "$work/c/rgb/000000.png" && { echo "FAIL: another seed gave the same image"; failures=$((failures + 1)); }
[[ -e "$work/a/rgb/000003.png" ]] && { echo "FAIL: wrote more images than --count"; failures=$((failures + 1)); }
ls "$work/a/rgb" "$work/a/depth" | grep -q partial && { echo "FAIL: temporary files left behind"; failures=$((failures + 1)); }
exit $((failures > 0))
