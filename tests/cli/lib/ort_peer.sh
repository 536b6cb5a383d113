# ONNX Runtime as a peer for `npusim run` (tests/cli/*_ort.sh). Source after lib/common.sh.
# Runs tests/interop/node/run_ort.js under node with the onnxruntime-node package.

ORT_RUNNER="$SOURCE_DIR/tests/interop/node/run_ort.js"

skip_unless_ort_peer() {  # setup installs these peers: one missing is a failure (exit 1), not a skip.
  if ! $PY -c "import onnx, numpy" 2>/dev/null || ! command -v node >/dev/null ||
     [[ ! -d "$SOURCE_DIR/tests/interop/node/node_modules/onnxruntime-node" ]]; then
    echo "FAIL: python3-onnx, node or onnxruntime-node missing (bash scripts/setup.sh installs them)"; exit 1
  fi
}

compare_with_ort() {  # compare_with_ort NAME...: runs $work/NAME.onnx on $work/x.npy in both,
  # and fails a NAME whose shapes differ or whose max |ORT - npusim| exceeds 1e-4 of max |ORT|.
  local name
  for name in "$@"; do
    node "$ORT_RUNNER" --model "$work/$name.onnx" --input "$work/x.npy" --out-dir "$work/ort_$name" >/dev/null 2>&1 ||
      { fail "ONNX Runtime could not run $name"; continue; }
    "$NPUSIM" run --model "$work/$name.onnx" --input "$work/x.npy" --out "$work/sim_$name.npy" >/dev/null ||
      { fail "npusim run $name"; continue; }
    $PY - "$work" "$name" <<'PYEOF' || failures=$((failures + 1))
import sys, glob, numpy as np
work, name = sys.argv[1], sys.argv[2]
ort = np.load(glob.glob(f"{work}/ort_{name}/*.npy")[0]); sim = np.load(f"{work}/sim_{name}.npy")
assert ort.shape == sim.shape, f"{name}: shape {sim.shape} vs ONNX Runtime {ort.shape}"
error = np.abs(ort - sim).max() / max(np.abs(ort).max(), 1e-12)
assert error <= 1e-4, f"{name}: relative error {error}"
PYEOF
  done
}
