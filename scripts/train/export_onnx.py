#!/usr/bin/python3
"""Exports a training checkpoint to ONNX (opset 13, input `image` 1x3x128x160, BatchNorm
folded) and checks the file against torch in ONNX Runtime (ort_check.py).

  /usr/bin/python3 scripts/train/export_onnx.py --model depth_l2_relu \
      --checkpoint build-training/train/depth_l2_relu/best.pt --out models/depth_l2_relu.onnx
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import depth_models  # noqa: E402
import onnx_weights  # noqa: E402
import ort_check  # noqa: E402


def load_checkpoint_model(name, path):
    saved = torch.load(path, map_location="cpu")
    if saved["model_name"] != name:
        raise SystemExit(f"error: {path} holds {saved['model_name']}, not {name}")
    model = depth_models.build_model(name)
    if saved["state"]["fused"]:
        depth_models.fuse_batchnorm(model)
    model.load_state_dict(saved["model"])
    return model.eval(), saved["state"]


def export_and_check(model, name, out_path, runtime_check=True):
    onnx_weights.export_onnx(model, name, out_path)
    if not runtime_check:
        print(f"exported {out_path} (ONNX Runtime check skipped on request)")
        return
    report = ort_check.check_against_ort(model, name, out_path)
    for out_name, (diff, allowed) in report.items():
        print(f"exported {out_path}: ONNX Runtime vs torch, output {out_name}: max|diff| {diff:.3g} <= {allowed:.3g}")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=depth_models.MODEL_NAMES)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--no-runtime-check", action="store_true", help="skip the ONNX Runtime comparison")
    args = p.parse_args(argv)
    torch.set_num_threads(2)
    model, state = load_checkpoint_model(args.model, args.checkpoint)
    print(f"{args.checkpoint}: epoch {state['epoch']} step {state['step_in_epoch']} "
          f"images {state['images_seen']} best val abs_rel {state['best_abs_rel']:.4f}")
    export_and_check(model, args.model, args.out, not args.no_runtime_check)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
