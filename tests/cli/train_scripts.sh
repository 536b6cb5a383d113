#!/usr/bin/env bash
# The training scripts (scripts/train/): metrics against hand-worked values, BatchNorm
# folding, the ONNX weight round trip behind --init-from-onnx, the dual-head semantics,
# the PNG reader and checkpoint/resume (scripts/train/selftest.py). Needs Debian's
# python3-torch, python3-onnx and python3-pil: a missing one fails with its name.
set -u
SOURCE_DIR=$2
for module in torch onnx numpy PIL; do
  if ! /usr/bin/python3 -c "import $module" 2>/dev/null; then
    echo "FAIL: /usr/bin/python3 cannot import $module (install it with bash scripts/setup.sh)"
    exit 1
  fi
done
/usr/bin/python3 "$SOURCE_DIR/scripts/train/selftest.py"
