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

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import depth_data  # noqa: E402
import depth_metrics  # noqa: E402
import depth_models  # noqa: E402
import export_onnx  # noqa: E402
import onnx_weights  # noqa: E402
import train_depth  # noqa: E402


def abs_rel_by_kind(data_dir, per_image):
    """Mean abs_rel per scene family, from the `kind` field of an `npusim scenes` manifest
    (empty when the directory has none). per_image is in load_scene_dir's order (rgb file
    names sorted); the manifest entries are matched to it by file name."""
    manifest_path = os.path.join(data_dir, "manifest.json")
    if not os.path.isfile(manifest_path):
        return {}
    with open(manifest_path) as f:
        kind_of = {os.path.basename(e["rgb"]): e.get("kind") for e in json.load(f).get("images", [])}
    names = [os.path.basename(rgb) for rgb, _ in depth_data.list_pairs(data_dir)]
    groups = {}
    for name, metrics in zip(names, per_image):
        kind = kind_of.get(name)
        if metrics is not None and kind:
            groups.setdefault(kind, []).append(metrics["abs_rel"])
    return {k: {"images": len(v), "abs_rel": float(np.mean(v))} for k, v in sorted(groups.items())}


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
    per_image = train_depth.evaluate(model.eval(), rgbs, depths, torch.device("cpu"), per_image=True)
    metrics = depth_metrics.mean_metrics(per_image)
    abs_rel = np.array([m["abs_rel"] for m in per_image if m is not None])
    spread = {"median": float(np.median(abs_rel)), "p90": float(np.percentile(abs_rel, 90)),
              "max": float(abs_rel.max())}
    by_kind = abs_rel_by_kind(args.data, per_image)
    result = {"model": args.model, "weights": args.onnx or args.checkpoint, "data": args.data,
              "images": len(rgbs), "seconds": round(time.time() - start, 1), **metrics,
              "per_image_abs_rel": spread, "abs_rel_by_kind": by_kind}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.model} on {args.data} ({len(rgbs)} images): " +
              "  ".join(f"{k} {metrics[k]:.4f}" for k in metrics))
        print("per-image abs_rel: " + "  ".join(f"{k} {v:.4f}" for k, v in spread.items()))
        if by_kind:
            print("mean abs_rel by scene kind: " +
                  "  ".join(f"{k} {v['abs_rel']:.4f} ({v['images']} images)" for k, v in by_kind.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
