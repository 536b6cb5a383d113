#!/usr/bin/env bash
# A command's outputs appear all together or not at all (quant/io/output_set.h):
#   - SIGINT and SIGTERM part-way through a long command leave the previous outputs as they
#     were and no temporary behind, and the command dies of that signal (exit 130, 143);
#   - a later output that fails takes the earlier ones with it, and the files that were
#     there before keep their old contents;
#   - a new output folder appears whole at the end (never half-filled under its own name).
# (tests/cli/malformed/outputs holds more commands whose later output fails.)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
set -m  # job control: a background job receives SIGINT (a script would otherwise ignore it for it)

wait_for_temporary() {  # wait_for_temporary DIR: until a *.partial.* appears (at most 30 s)
  local i
  for ((i = 0; i < 300; ++i)); do
    [[ -n $(find "$1" -name '*.partial.*' -print -quit 2>/dev/null) ]] && return 0
    sleep 0.1
  done
  return 1
}

no_temporaries() {  # no_temporaries DIR WHAT
  local left
  left=$(find "$1" -name '*.partial.*' | head -3)
  [[ -z $left ]] || fail "$2: temporaries left behind: $left"
}

for signal in INT TERM; do
  expected=$((128 + $(kill -l "$signal")))
  dir=$work/rtl.$signal
  mkdir -p "$dir"
  echo "previous mismatches" >"$dir/m.csv"
  echo "previous waveform" >"$dir/w.vcd"
  "$NPUSIM" rtl-check --vectors 10000000000 --mismatches "$dir/m.csv" --vcd "$dir/w.vcd" >/dev/null 2>&1 &
  pid=$!
  wait_for_temporary "$dir" || fail "rtl-check ($signal): no temporary output appeared"
  sleep 0.5
  kill "-$signal" "$pid"
  wait "$pid"
  rc=$?
  [[ $rc -eq $expected ]] || fail "rtl-check killed by SIG$signal: exit $rc, expected $expected"
  [[ $(cat "$dir/m.csv") == "previous mismatches" ]] || fail "rtl-check ($signal): the previous m.csv changed"
  [[ $(cat "$dir/w.vcd") == "previous waveform" ]] || fail "rtl-check ($signal): the previous w.vcd changed"
  no_temporaries "$dir" "rtl-check ($signal)"

  # A new folder being filled: scenes with many images, stopped after the first few.
  dir=$work/scenes.$signal
  mkdir -p "$dir"
  "$NPUSIM" scenes --count 5000 --size 128x160 --out "$dir/set" >/dev/null 2>&1 &
  pid=$!
  for ((i = 0; i < 300; ++i)); do
    # Finished images wait as temporaries (*.png.partial.*) inside the staged folder.
    [[ $(find "$dir" -name '*.png.partial.*' 2>/dev/null | wc -l) -ge 4 ]] && break
    sleep 0.1
  done
  ((i < 300)) || fail "scenes ($signal): no finished image appeared"
  kill "-$signal" "$pid"
  wait "$pid"
  rc=$?
  [[ $rc -eq $expected ]] || fail "scenes killed by SIG$signal: exit $rc, expected $expected"
  [[ -z $(ls -A "$dir") ]] || fail "scenes ($signal): left behind: $(ls -A "$dir")"
done

# A later output fails: vectors writes half_up.csv, then floor.csv cannot be (a folder is there).
dir=$work/vectors
check "vectors, first run" 0 "$NPUSIM" vectors --out "$dir" --count 10 --modes half_up,floor
cp -r "$dir" "$work/vectors.before"
rm "$dir/floor.csv" && mkdir "$dir/floor.csv"
check "vectors with a later output blocked" 1 "$NPUSIM" vectors --out "$dir" --count 20 --modes half_up,floor
grep -q "floor.csv" "$work/out.txt" || fail "the message does not name floor.csv"
cmp -s "$dir/half_up.csv" "$work/vectors.before/half_up.csv" || fail "half_up.csv changed although the command failed"
cmp -s "$dir/README.md" "$work/vectors.before/README.md" || fail "README.md changed although the command failed"
no_temporaries "$dir" "vectors"

# run with two outputs: output 1 blocked, so output 0 and the dump folder must not appear.
$PY - "$work" <<'PYEOF' || fail "two-output model"
import sys, numpy as np, onnx
from onnx import helper, TensorProto
work = sys.argv[1]
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])
outs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 4]) for n in ("first", "second")]
graph = helper.make_graph([helper.make_node("Relu", ["x"], ["first"]), helper.make_node("Neg", ["x"], ["second"])],
                          "two", [x], outs)
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), f"{work}/two.onnx")
np.save(f"{work}/x.npy", np.array([[-1, 0, 1, 2]], dtype=np.float32))
PYEOF
mkdir -p "$work/run/y.second.npy"
check "run with output 1 blocked" 1 "$NPUSIM" run --model "$work/two.onnx" --input "$work/x.npy" --out "$work/run/y.npy" --dump-dir "$work/run/dump"
[[ -e $work/run/y.npy ]] && fail "run left output 0 although output 1 failed"
[[ -e $work/run/dump ]] && fail "run left its dump folder although output 1 failed"
no_temporaries "$work/run" "run"
rmdir "$work/run/y.second.npy"
check "run, both outputs" 0 "$NPUSIM" run --model "$work/two.onnx" --input "$work/x.npy" --out "$work/run/y.npy" --dump-dir "$work/run/dump"
[[ -f $work/run/y.npy && -f $work/run/y.second.npy && -f $work/run/dump/index.json ]] || fail "run did not write its outputs"
exit $((failures > 0))
