#!/usr/bin/env bash
# npusim sweep: --help, usage errors, and --merge of a results folder written by hand, with
# the report's derived columns worked out by hand (docs/sweep.md has the formulas).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

help=$("$NPUSIM" sweep --help)
for option in batch array dram-gbps precision model npu out jobs shard merge json slurm partition shards sbatch-option; do
  grep -q -- "--$option" <<<"$help" || fail "--help lacks --$option"
done
grep -q -- '--out arg (=sweep)' <<<"$help" || fail "--help lacks the --out default"

check "--batch 0 is a usage error" 2 "$NPUSIM" sweep --batch 0
grep -q "\-\-batch: '0'" "$work/out.txt" || fail "--batch 0: message does not name the item"
check "--array 16 is a usage error" 2 "$NPUSIM" sweep --array 16
check "--shard 2/2 is a usage error" 2 "$NPUSIM" sweep --shard 2/2
check "--merge with --batch is a usage error" 2 "$NPUSIM" sweep --merge "$work" --batch 1
check "--partition without --slurm is a usage error" 2 "$NPUSIM" sweep --partition debug
# The simulator as evaluator: a two-point batch sweep of the bundled network runs, and the
# larger batch moves more images per second (weights are read once per batch).
check "a batch sweep runs on the simulator" 0 "$NPUSIM" sweep --batch 1,4 --out "$work/real" --json
$PY - "$work/real/report.json" <<'PYEOF' || fail "the simulated sweep's report"
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert [r["batch"] for r in rows] == [1, 4], rows
assert all(r["throughput_ips"] > 0 and r["latency_ms"] > 0 for r in rows), rows
assert rows[1]["throughput_ips"] > rows[0]["throughput_ips"], rows
PYEOF

# A finished two-point sweep, as a run (of any evaluator) leaves it.
dir=$work/sweep
mkdir -p "$dir/results"
cat >"$dir/sweep.json" <<'JSON'
{"schema": "npusim.sweep/1", "model": "m.onnx", "npu": "edge.json", "fingerprint": "hand",
 "grid": {"batch": [1, 2], "array": ["16x16"], "dram_gbps": [25.6], "precision": ["int8"]}}
JSON
result() {  # result KEY BATCH LATENCY_MS THROUGHPUT DRAM_BYTES OPS BOUND
  cat >"$dir/results/$1.json" <<JSON
{"schema": "npusim.sweep.result/1", "key": "$1", "fingerprint": "hand",
 "point": {"batch": $2, "array": "16x16", "dram_gbps": 25.6, "precision": "int8"},
 "measurement": {"latency_ms": $3, "throughput_ips": $4, "dram_bytes": $5, "ops": $6, "utilization": 0.5,
                 "bound": "$7", "peak_gops": 512}}
JSON
}
result int8_a16x16_d25.6_b2 2 4 500 8e6 2e9 memory
check "merge of a half-finished folder fails" 1 "$NPUSIM" sweep --merge "$dir"
grep -q "1 of 2 configurations have no result yet (int8_a16x16_d25.6_b1)" "$work/out.txt" \
  || { fail "missing configuration not named"; cat "$work/out.txt"; }
[[ ! -e $dir/report.json && ! -e $dir/report.csv ]] || fail "a failed merge left a report behind"

result int8_a16x16_d25.6_b1 1 2 500 5e6 1e9 compute
check "merge" 0 "$NPUSIM" sweep --merge "$dir"
# dram_mb = bytes / batch / 1e6; intensity = ops / bytes; achieved = ops / latency;
# ridge = 512 / 25.6 = 20; attainable = min(512, intensity * 25.6).
cat >"$work/expected.csv" <<'CSV'
batch,array,dram_gbps,precision,throughput_ips,latency_ms,dram_mb,utilization,bound,operational_intensity_ops_per_byte,achieved_gops,attainable_gops,peak_gops,peak_gbps,ridge_ops_per_byte
1,16x16,25.6,int8,500,2,5,0.5,compute,200,500,512,512,25.6,20
2,16x16,25.6,int8,500,4,4,0.5,memory,250,500,512,512,25.6,20
CSV
diff "$work/expected.csv" "$dir/report.csv" >/dev/null || { fail "report.csv differs"; diff "$work/expected.csv" "$dir/report.csv"; }
grep -Eq '^int8 +1 +16x16 +25.6 +500.0 +2.000 ' "$work/out.txt" || { fail "table row for batch 1"; cat "$work/out.txt"; }
"$NPUSIM" sweep --merge "$dir" --json >"$work/report.json" || fail "--merge --json failed"
$PY - "$work/report.json" "$dir/report.json" <<'PY' || fail "report.json content"
import json, sys
printed, written = (json.load(open(p)) for p in sys.argv[1:])
assert printed == written, "printed and written JSON differ"
rows = written["rows"]
assert [r["batch"] for r in rows] == [1, 2], rows
assert rows[1]["dram_mb"] == 4 and rows[1]["bound"] == "memory", rows[1]
assert written["model"] == "m.onnx" and written["npu"] == "edge.json"
PY

# The merged folder holds the HTML's data beside report.json; `report` re-renders it, and
# pointed at report.json names the file to use instead.
"$NPUSIM" sweep --merge "$dir" >/dev/null 2>&1 || fail "second merge failed"
[[ -f $dir/report_data.json ]] || fail "no report_data.json beside report.json"
check "report re-renders report_data.json" 0 "$NPUSIM" report "$dir/report_data.json" --out "$work/again.html"
grep -q "<svg" "$work/again.html" || fail "re-rendered report has no plot"
check "report on a sweep's report.json" 1 "$NPUSIM" report "$dir/report.json" --out "$work/never.html"
grep -q "report_data.json" "$work/out.txt" || { fail "report does not point to report_data.json"; cat "$work/out.txt"; }
[[ ! -e $work/never.html ]] || fail "a failed report left its HTML"

# A precision the NPU has no MACs for is refused before anything runs (hailo8_like: no FP16).
check "fp16 on hailo8_like" 2 "$NPUSIM" sweep --npu hailo8_like --precision int8,fp16 --batch 1 --out "$work/nofp16"
grep -q "macs_per_pe_per_cycle.fp16" "$work/out.txt" || { fail "missing FP16 MACs not named"; cat "$work/out.txt"; }
[[ ! -e $work/nofp16 ]] || fail "a refused sweep created its folder"

# A tampered result is named, and nothing is written.
rm -f "$dir/report.json" "$dir/report.csv"
sed -i 's/"utilization": 0.5/"utilization": 1.5/' "$dir/results/int8_a16x16_d25.6_b1.json"
check "merge with a bad result fails" 1 "$NPUSIM" sweep --merge "$dir"
grep -q "int8_a16x16_d25.6_b1.json" "$work/out.txt" || fail "bad result file not named"
grep -q "utilization" "$work/out.txt" || fail "bad field not named"
[[ ! -e $dir/report.json ]] || fail "a failed merge left report.json behind"
check "merge of a folder that is no sweep" 1 "$NPUSIM" sweep --merge "$work/nowhere"
grep -q "sweep.json" "$work/out.txt" || fail "missing manifest not named"
exit $((failures > 0))
