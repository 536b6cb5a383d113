#!/usr/bin/python3
"""FP32 accuracy of a bundled network on a held-out `npusim scenes` directory, with the
monodepth2 metric definitions (depth_metrics.py: valid 1e-3 < gt < 80 m, prediction
clamped to [1e-3, 80], per-image metrics averaged over images, no median scaling).

  /usr/bin/python3 scripts/train/evaluate.py --model depth_l2_relu \
      --onnx models/depth_l2_relu.onnx --data build-training/scenes/val

The weights come from the ONNX file (loaded into the torch network, as
--init-from-onnx does) or from a training checkpoint (--checkpoint). The dual head is
scored on round(depth_int) + depth_frac (depth_models.reconstruct_depth).
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import depth_data  # noqa: E402
import depth_models  # noqa: E402
import export_onnx  # noqa: E402
import onnx_weights  # noqa: E402
import train_depth  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=depth_models.MODEL_NAMES)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--onnx", help="an exported file (models/NAME.onnx)")
    source.add_argument("--checkpoint", help="a training checkpoint (best.pt / last.pt)")
    p.add_argument("--data", required=True, help="held-out scenes directory")
    p.add_argument("--limit", type=int, default=0, help="only the first N images")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.onnx:
        model = depth_models.build_model(args.model)
        missing = onnx_weights.load_from_onnx(model, args.onnx)
        if missing:
            raise SystemExit(f"error: {args.onnx} lacks weights for {len(missing)} convolutions of {args.model}")
    else:
        model, _ = export_onnx.load_checkpoint_model(args.model, args.checkpoint)
    rgbs, depths = depth_data.load_scene_dir(args.data, args.limit or None)
    start = time.time()
    metrics = train_depth.evaluate(model.eval(), rgbs, depths, torch.device("cpu"))
    result = {"model": args.model, "weights": args.onnx or args.checkpoint, "data": args.data,
              "images": len(rgbs), "seconds": round(time.time() - start, 1), **metrics}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.model} on {args.data} ({len(rgbs)} images): " +
              "  ".join(f"{k} {metrics[k]:.4f}" for k in metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
