#!/usr/bin/env bash
# A sweep killed in the middle (SIGKILL: no chance to clean up) leaves only complete result
# files; the same command then evaluates only the rest, and the report equals that of a
# sweep that was never interrupted. Run as `bash sweep_interrupt.sh SWEEP_PROGRAM SOURCE_DIR`
# (SWEEP_PROGRAM takes `sweep [options]`: npusim_sweep_fixture, whose evaluations are made
# slow here with NPUSIM_FIXTURE_DELAY_MS so the kill lands mid-run).
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib/common.sh"
SWEEP=$NPUSIM
grid=(--batch 1,2,4,8 --array 8x8,16x16,32x32,64x64,128x128 --precision int8,int16,fp16 --jobs 2)  # 60 configurations

"$SWEEP" sweep "${grid[@]}" --out "$work/clean" >/dev/null 2>&1 || fail "uninterrupted sweep"

NPUSIM_FIXTURE_DELAY_MS=100 "$SWEEP" sweep "${grid[@]}" --out "$work/killed" >"$work/first.txt" 2>&1 &
pid=$!
# Wait (at most 60 s) until some results exist, then kill while the rest are running.
for ((i = 0; i < 600; i++)); do
  done_count=$(ls "$work/killed/results" 2>/dev/null | grep -c '\.json$')
  ((done_count >= 6)) && break
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kept=$(ls "$work/killed/results" | grep -c '\.json$')
((kept >= 6 && kept < 60)) || fail "expected the kill to land mid-run, found $kept of 60 results"
[[ -e $work/killed/report.json ]] && fail "a killed sweep left a report"
for file in "$work"/killed/results/*.json; do
  $PY -c 'import json, sys; json.load(open(sys.argv[1]))' "$file" 2>/dev/null || fail "$(basename "$file") is not complete JSON"
done

"$SWEEP" sweep "${grid[@]}" --out "$work/killed" >"$work/second.txt" 2>&1 || { fail "resumed sweep"; cat "$work/second.txt"; }
grep -q "^sweep: 60 configurations, $kept already done, $((60 - kept)) evaluated, 0 failed" "$work/second.txt" \
  || { fail "the rerun did not resume from $kept results"; cat "$work/second.txt"; }
for file in report.json report.csv; do
  cmp -s "$work/clean/$file" "$work/killed/$file" || fail "$file after kill + resume differs from the clean run"
done
echo "killed after $kept of 60 configurations; the rerun evaluated $((60 - kept))"
exit $((failures > 0))
