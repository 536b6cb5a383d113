#!/usr/bin/env bash
# A sweep through a real single-node Slurm cluster (started and stopped here) must give the
# same report, byte for byte, as the same sweep run locally: `sweep --slurm` writes the
# array and merge scripts and submits them; each array task runs one shard; the dependent
# job merges. Then a second submission into the same folder resumes: every shard finds its
# configurations done. Run as `bash slurm_sweep.sh NPUSIM`: the real `npusim sweep`, the
# SystemC simulator timing the bundled depth network on the NVDLA-like preset.
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/slurm_cluster.sh"
SWEEP=$NPUSIM

why_not=$(slurm_cluster_why_not)
if [[ -n $why_not ]]; then echo "SKIP: no Slurm cluster can start here: $why_not"; exit 0; fi
trap 'slurm_cluster_stop; rm -rf "$work"' EXIT

grid=(--batch 1,2,4,8 --array 8x8,16x16 --dram-gbps 6.4,25.6 --precision int8,fp16 --npu nvdla_full_like)  # 32 configurations
"$SWEEP" sweep "${grid[@]}" --jobs 2 --out "$work/local" >"$work/local.txt" 2>&1 || { fail "local sweep"; cat "$work/local.txt"; }

slurm_cluster_start "$work/cluster" || { fail "could not start the Slurm cluster"; exit 1; }
started=$SECONDS

wait_for_job() {  # wait_for_job ID: until Slurm no longer lists it as pending or running (at most 5 minutes)
  local i
  for ((i = 0; i < 600; i++)); do
    [[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return 0
    sleep 0.5
  done
  fail "job $1 still queued or running after 5 minutes"; squeue; return 1
}

submit() {  # submit: `sweep --slurm` into $work/cluster_out; sets array_job and merge_job
  "$SWEEP" sweep "${grid[@]}" --out "$work/cluster_out" --slurm --partition debug --shards 3 --json \
    >"$work/submit.json" 2>"$work/submit.err" || { fail "sweep --slurm failed"; cat "$work/submit.err"; exit 1; }
  array_job=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["array_job_id"])' "$work/submit.json")
  merge_job=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["merge_job_id"])' "$work/submit.json")
  wait_for_job "$merge_job"
}

submit
states=$(scontrol show job "$array_job" | grep -o 'JobState=[A-Z]*' | sort | uniq -c | tr -s ' ')
[[ $states == " 3 JobState=COMPLETED" ]] || fail "array tasks: $states (expected 3 completed)"
scontrol show job "$merge_job" | grep -q 'JobState=COMPLETED' || fail "merge job did not complete"
for shard in 0 1 2; do
  out=$work/cluster_out/slurm/shard_$shard.out
  grep -q "^shard $shard/3: 1[01] configurations, 0 already done, 1[01] evaluated, 0 failed" "$out" 2>/dev/null \
    || { fail "shard $shard log"; cat "$out"; }
done
[[ $(ls "$work/cluster_out/results" | wc -l) -eq 32 ]] || fail "expected 32 result files"
for file in report.json report.csv; do
  cmp -s "$work/local/$file" "$work/cluster_out/$file" || fail "$file from Slurm differs from the local run"
done
echo "first submission: $((SECONDS - started)) s from submission to merged report"

submit  # again, into the same folder
for shard in 0 1 2; do
  grep -q "^shard $shard/3: 1[01] configurations, 1[01] already done, 0 evaluated" "$work/cluster_out/slurm/shard_$shard.out" \
    || { fail "shard $shard did not resume"; cat "$work/cluster_out/slurm/shard_$shard.out"; }
done
cmp -s "$work/local/report.json" "$work/cluster_out/report.json" || fail "report.json after the resumed run differs"
echo "slurm sweep: $((SECONDS - started)) s with the cluster up"
exit $((failures > 0))
