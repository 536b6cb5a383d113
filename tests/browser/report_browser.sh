#!/usr/bin/env bash
# The HTML report in a real browser: Debian's chromium (headless) renders reports built
# from fixture data and from a sweep, and check_report.js checks the screenshot (every
# plot present and not blank, no console error, no network request). A page broken on
# purpose must be rejected, so the check can fail. Missing chromium or playwright-core is
# a failure, not a skip: scripts/setup.sh installs both.
# usage: report_browser.sh NPUSIM SOURCE_DIR SWEEP_FIXTURE   (screenshots go to $NPUSIM_BROWSER_OUT or a temp dir)
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib/common.sh"
SWEEP_FIXTURE=${3:-}
here=$SOURCE_DIR/tests/browser
out=${NPUSIM_BROWSER_OUT:-$work}
mkdir -p "$out"

command -v node >/dev/null || { fail "node is not installed (scripts/setup.sh)"; exit 1; }
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || { fail "chromium is not installed (scripts/setup.sh installs Debian's chromium)"; exit 1; }
[[ -d $here/node_modules/playwright-core ]] || { fail "playwright-core missing in tests/browser (scripts/setup.sh runs npm ci there)"; exit 1; }

browser_check() {  # browser_check NAME HTML PLOTS: the checker must pass
  node "$here/check_report.js" "$2" "$out/$1.png" "$3" >"$work/$1.check.txt" 2>&1
  local code=$?
  cat "$work/$1.check.txt"
  [[ $code -eq 0 ]] || fail "$1: the browser check failed (exit $code)"
}

# The compare-style report, every section filled.
$PY "$here/make_fixture_report.py" "$work/full.json" || fail "fixture data"
check "npusim report" 0 "$NPUSIM" report "$work/full.json" --out "$work/full.html"
browser_check full "$work/full.html" \
  pareto,batch-throughput,batch-latency,layer-cycles,roofline,layer-sqnr,layer-saturation,depth-0-gt,depth-0-pred-0,depth-0-pred-1,depth-0-error-0,depth-0-error-1,depth-1-gt,depth-1-error-1
# Same data, same bytes.
"$NPUSIM" report "$work/full.json" --out "$work/again.html" >/dev/null
cmp -s "$work/full.html" "$work/again.html" || fail "two renderings of the same data differ"
grep -Eq 'src="(https?:)?//|<script|<link|@import|@font-face' "$work/full.html" && fail "the report refers to something outside itself"

# Sections without data are left out and named, never drawn as empty frames.
$PY "$here/make_fixture_report.py" "$work/partial.json" --empty-sections
"$NPUSIM" report "$work/partial.json" --out "$work/partial.html" >/dev/null || fail "partial report"
grep -q 'not in this report (no data): Throughput and latency vs batch size, Cycles per layer, SQNR and saturation per layer, Depth and error maps</p>' "$work/partial.html" \
  || fail "the sections without data are not named"
grep -q 'data-plot="layer-cycles"' "$work/partial.html" && fail "an empty layer section drew a plot"
browser_check partial "$work/partial.html" pareto,roofline

# A sweep's report.html (batch curves and roofline), from `sweep` with the test evaluator.
if [[ -n $SWEEP_FIXTURE ]]; then
  "$SWEEP_FIXTURE" sweep --batch 1,2,4,8,16 --array 16x16,32x32 --precision int8,fp16 --out "$work/sweep" >/dev/null 2>&1 \
    || fail "fixture sweep"
  browser_check sweep "$work/sweep/report.html" batch-throughput,batch-latency,roofline
fi

# A page broken on purpose: the checker must see every problem.
node "$here/check_report.js" "$here/blank_plots.html" "$work/broken.png" empty,frame-only,broken,absent >"$work/broken.txt" 2>&1
[[ $? -eq 1 ]] || fail "the checker accepted a broken page"
for expected in "plot empty: blank" "plot frame-only: no coloured pixels" "plot broken: image did not load" \
  "plot absent: not on the page" "console error: deliberate console error" "network request: http://127.0.0.1:9/never.png"; do
  grep -qF "FAIL: $expected" "$work/broken.txt" || { fail "the checker missed: $expected"; cat "$work/broken.txt"; }
done
exit $((failures > 0))
