#!/usr/bin/env bash
# Progress bars: drawn on a terminal (a pseudo-terminal made by util-linux `script`), absent
# when stderr is a file or a pipe. rtl-check is the first command that draws one.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
command -v script >/dev/null || { echo "SKIP: util-linux 'script' is not installed"; exit 0; }
args="rtl-check --vectors 200000 --modes floor --shapes a40o12x1 --mismatches $work/mm.csv"

"$NPUSIM" $args >"$work/plain.txt" 2>&1 || fail "rtl-check without a terminal failed"
grep -q $'\r' "$work/plain.txt" && fail "a progress bar was drawn into a file"
grep -q "rtl-check \[" "$work/plain.txt" && fail "progress text in a file"

TERM=xterm script -qec "$NPUSIM $args" /dev/null >"$work/tty.txt" 2>&1 || fail "rtl-check on a terminal failed"
# The final state: 100 %, all 200k random vectors, a rate and the elapsed time.
grep -aq $'\rrtl-check \\[=*\\] 100% 200k/200k .* vectors/s  in [0-9]*:[0-9][0-9]' "$work/tty.txt" \
  || { fail "no finished progress bar on the terminal"; cat -A "$work/tty.txt" | head; }
grep -aq '200000 passed, 0 failed\|passed, 0 failed' "$work/tty.txt" || fail "rtl-check's result missing on the terminal"
TERM=dumb script -qec "$NPUSIM $args" /dev/null >"$work/dumb.txt" 2>&1
grep -aq "rtl-check \[" "$work/dumb.txt" && fail "a progress bar was drawn on a dumb terminal"
exit $((failures > 0))
