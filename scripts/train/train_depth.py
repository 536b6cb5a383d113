#!/usr/bin/python3
"""Trains one bundled depth network on `npusim scenes` data, with checkpoints and resume.

  /usr/bin/python3 scripts/train/train_depth.py --model depth_l2_relu \
      --data build-training/scenes/train --val-data build-training/scenes/val \
      --epochs 40 --max-minutes 110 --resume --export models/depth_l2_relu.onnx

Checkpoints (last.pt every --checkpoint-minutes and at each epoch end, best.pt on the
best validation abs_rel) and log.txt go to --ckpt-dir (default
build-training/train/MODEL, git-ignored). --resume continues from last.pt (mid-epoch
included); --init-from-onnx FILE starts from an exported model's weights (the committed
models/*.onnx) when no checkpoint survives; --init-from-checkpoint FILE starts a variant
from another network's checkpoint (every tensor whose name and shape match).
See docs/training.md for the loss, the schedule and the measured results.
"""
import argparse
import math
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

def read_cpu_flags(cpuinfo_path="/proc/cpuinfo"):
    """The CPU feature flags Linux reports (an empty set where /proc/cpuinfo is absent)."""
    try:
        with open(cpuinfo_path) as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.partition(":")[2].split())
    except OSError:
        pass
    return set()


def cpu_has_native_bf16(flags):
    """True when the CPU computes bfloat16 dot products in hardware (AVX-512 BF16 or AMX)."""
    return "avx512_bf16" in flags or "amx_bf16" in flags


REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Targets are clamped into what sigmoid * 15 can reach (and away from log(0)).
TARGET_MIN_M = 0.05
TARGET_MAX_M = depth_models.MAX_DEPTH_M * 0.999


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=depth_models.MODEL_NAMES)
    p.add_argument("--data", help="training scenes directory (npusim scenes --out)")
    p.add_argument("--val-data", help="held-out scenes directory (another seed)")
    p.add_argument("--random-data", type=int, default=0,
                   help="use N random stand-in images instead of --data (smoke tests only)")
    p.add_argument("--ckpt-dir", help="default: build-training/train/MODEL")
    p.add_argument("--epochs", type=int, default=40, help="length of the cosine schedule (default 40)")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--lr", type=float, default=1e-3, help="peak Adam learning rate (default 1e-3)")
    p.add_argument("--max-minutes", type=float, default=0, help="stop (after a checkpoint) after this long; 0 = no limit")
    p.add_argument("--checkpoint-minutes", type=float, default=4.0)
    p.add_argument("--val-limit", type=int, default=0, help="use only the first N validation images")
    p.add_argument("--train-limit", type=int, default=0)
    p.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--abs-rel-weight", type=float, default=0.0,
                   help="add this times the abs_rel of the prediction to the log-L1 loss (default 0)")
    p.add_argument("--bf16", action="store_true",
                   help="mixed precision on the CPU: convolutions in bfloat16 (torch.autocast), weights, "
                        "optimizer and loss in float32; ~2x faster where oneDNN has AVX-512 BF16/AMX")
    p.add_argument("--channels-last", action="store_true",
                   help="NHWC activations (another ~7 %% with --bf16 for the l2 networks). Not for depth_tiny: "
                        "with torch 1.13 / oneDNN 2.6.3 its 8- and 12-channel bf16 convolutions abort "
                        "(double free)")
    p.add_argument("--resume", action="store_true", help="continue from CKPT_DIR/last.pt if it exists")
    p.add_argument("--init-from-onnx", help="start from an exported ONNX file's weights")
    p.add_argument("--init-from-checkpoint", help="start from another checkpoint's matching tensors")
    p.add_argument("--export", help="export best.pt to this ONNX path at the end")
    return p.parse_args(argv)


def log_line(ckpt_dir, text):
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    line = f"{stamp} {text}"
    print(line, flush=True)
    with open(os.path.join(ckpt_dir, "log.txt"), "a") as f:
        f.write(line + "\n")


def depth_loss(outputs, gt_m, abs_rel_weight=0.0):
    """L1 on log depth over valid pixels (gt > 0), plus abs_rel_weight times the abs_rel of
    the (reconstructed) depth, |pred - t| / t. The log term is symmetric in the ratio; the
    abs_rel term is the metric the networks are judged by, which charges an over-estimate
    more than an under-estimate of the same ratio, so where an image leaves the scale in
    doubt it teaches the network to hedge low. The dual head adds L1 terms that teach the
    integer head floor(depth) and the fraction head depth - floor(depth)."""
    valid = gt_m > 0
    target = gt_m.clamp(TARGET_MIN_M, TARGET_MAX_M)
    if isinstance(outputs, tuple):
        depth_int, depth_frac = outputs
        whole = torch.floor(target)
        pred = (depth_int + depth_frac).clamp_min(1e-3)
        extra = ((depth_int - whole).abs()[valid].mean() / depth_models.MAX_DEPTH_M
                 + 0.5 * (depth_frac - (target - whole)).abs()[valid].mean())
    else:
        pred = outputs.clamp_min(1e-4)
        extra = 0.0
    loss = (torch.log(pred) - torch.log(target)).abs()[valid].mean() + extra
    if abs_rel_weight:
        loss = loss + abs_rel_weight * ((pred - target).abs() / target)[valid].mean()
    return loss


def to_float32(outputs):
    if isinstance(outputs, tuple):
        return tuple(o.float() for o in outputs)
    return outputs.float()


def evaluate(model, rgbs, depths, device, batch_size=16, per_image=False):
    """Mean metrics over the images, or with per_image=True the list of per-image metrics
    (None for an image without valid pixels)."""
    model.eval()
    rows = []
    with torch.no_grad():
        for start in range(0, len(rgbs), batch_size):
            x = torch.from_numpy(depth_data.to_input_tensor(rgbs[start:start + batch_size])).to(device)
            pred = depth_models.reconstruct_depth(model(x)).cpu().numpy()[:, 0]
            for p, g in zip(pred, depths[start:start + batch_size]):
                rows.append(depth_metrics.image_metrics(p, g))
    model.train()
    return rows if per_image else depth_metrics.mean_metrics(rows)


def save_checkpoint(path, state):
    tmp = path + ".partial.pt"
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_data(args):
    if args.random_data:
        train = depth_data.random_scene_arrays(args.random_data, args.seed)
        val = depth_data.random_scene_arrays(max(8, args.random_data // 4), args.seed + 1000)
        return train, val
    if not args.data or not args.val_data:
        raise SystemExit("error: --data and --val-data are required (or --random-data N)")
    train = depth_data.load_scene_dir(args.data, args.train_limit or None)
    val = depth_data.load_scene_dir(args.val_data, args.val_limit or None)
    return train, val


def batch_tensors(rgbs, depths, index, rng, device):
    rgb = rgbs[index]
    depth = depths[index]
    flip = rng.random(len(index)) < 0.5  # horizontal flip keeps depth geometry valid
    rgb = np.where(flip[:, None, None, None], rgb[:, :, ::-1], rgb)
    depth = np.where(flip[:, None, None], depth[:, :, ::-1], depth)
    x = depth_data.to_input_tensor(rgb)
    gain = rng.uniform(0.8, 1.2, (len(index), 1, 1, 1)).astype(np.float32)  # brightness jitter
    x = np.clip(x * gain, 0.0, 1.0)
    return (torch.from_numpy(x).to(device),
            torch.from_numpy(np.ascontiguousarray(depth)[:, None]).to(device))


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ckpt_dir = args.ckpt_dir or os.path.join(REPO_ROOT, "build-training", "train", args.model)
    os.makedirs(ckpt_dir, exist_ok=True)
    last_path = os.path.join(ckpt_dir, "last.pt")
    best_path = os.path.join(ckpt_dir, "best.pt")

    model = depth_models.build_model(args.model)
    state = {"epoch": 0, "step_in_epoch": 0, "images_seen": 0, "train_seconds": 0.0,
             "best_abs_rel": math.inf, "fused": False}
    optimizer_state = None
    if args.resume and os.path.isfile(last_path):
        saved = torch.load(last_path, map_location="cpu")
        if saved["model_name"] != args.model:
            raise SystemExit(f"error: {last_path} holds {saved['model_name']}, not {args.model}")
        if saved["state"]["fused"]:
            depth_models.fuse_batchnorm(model)
        model.load_state_dict(saved["model"])
        state = saved["state"]
        optimizer_state = saved["optimizer"]
        origin = f"resumed from {last_path} (epoch {state['epoch']}, step {state['step_in_epoch']})"
    elif args.init_from_onnx:
        missing = onnx_weights.load_from_onnx(model, args.init_from_onnx)
        state["fused"] = True
        origin = f"initialised from {args.init_from_onnx} (BatchNorm folded; {len(missing)} convolutions kept fresh)"
    elif args.init_from_checkpoint:
        saved = torch.load(args.init_from_checkpoint, map_location="cpu")
        if saved["state"]["fused"]:
            depth_models.fuse_batchnorm(model)
            state["fused"] = True
        own = model.state_dict()
        taken = {k: v for k, v in saved["model"].items() if k in own and own[k].shape == v.shape}
        own.update(taken)
        model.load_state_dict(own)
        origin = (f"initialised from {args.init_from_checkpoint} ({saved['model_name']}): "
                  f"{len(taken)} of {len(own)} tensors")
    else:
        origin = "fresh initialisation"
    model.to(device).train()
    if args.bf16 and device.type != "cpu":
        raise SystemExit("error: --bf16 is the CPU mixed-precision path; on a GPU train in float32")
    if args.bf16 and not cpu_has_native_bf16(read_cpu_flags()):
        # Without these instructions oneDNN emulates bfloat16: measured on an AVX2-only EPYC,
        # depth_l2_relu trained at 0.8 images/s with --bf16 against 25 in float32.
        print("warning: this CPU has neither avx512_bf16 nor amx_bf16; --bf16 will be many times "
              "slower than float32 here (leave it out)", file=sys.stderr, flush=True)
    if args.channels_last:
        model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    if optimizer_state is not None:
        optimizer.load_state_dict(optimizer_state)

    (train_rgb, train_depth), (val_rgb, val_depth) = load_data(args)
    steps_per_epoch = len(train_rgb) // args.batch_size
    if steps_per_epoch == 0:
        raise SystemExit(f"error: {len(train_rgb)} training images is fewer than one batch of {args.batch_size}")
    log_line(ckpt_dir, f"start {args.model} params={depth_models.count_parameters(model)} device={device} "
             f"threads={args.threads} train={len(train_rgb)} val={len(val_rgb)} batch={args.batch_size} "
             f"lr={args.lr} epochs={args.epochs} abs_rel_weight={args.abs_rel_weight} bf16={args.bf16} channels_last={args.channels_last} {origin}")

    def snapshot():
        return {"model_name": args.model, "model": model.state_dict(),
                "optimizer": optimizer.state_dict(), "state": dict(state)}

    session_start = time.time()
    last_checkpoint = time.time()
    out_of_time = False
    while state["epoch"] < args.epochs and not out_of_time:
        epoch = state["epoch"]
        order = np.random.default_rng(args.seed * 1000 + epoch).permutation(len(train_rgb))
        rng = np.random.default_rng(args.seed * 1000 + epoch + 7)
        loss_sum, loss_count, tick = 0.0, 0, time.time()
        for step in range(state["step_in_epoch"], steps_per_epoch):
            progress = (epoch + step / steps_per_epoch) / args.epochs
            lr = args.lr * 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0)))  # cosine decay
            for group in optimizer.param_groups:
                group["lr"] = lr
            index = order[step * args.batch_size:(step + 1) * args.batch_size]
            x, gt = batch_tensors(train_rgb, train_depth, index, rng, device)
            if args.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                outputs = model(x)
            loss = depth_loss(to_float32(outputs), gt, args.abs_rel_weight)
            if not torch.isfinite(loss):
                raise SystemExit(f"error: loss became {loss.item()} at epoch {epoch} step {step}")
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item()
            loss_count += 1
            state["step_in_epoch"] = step + 1
            state["images_seen"] += len(index)
            now = time.time()
            if now - last_checkpoint > args.checkpoint_minutes * 60:
                state["train_seconds"] += now - last_checkpoint
                last_checkpoint = now
                save_checkpoint(last_path, snapshot())
                log_line(ckpt_dir, f"epoch {epoch} step {step + 1}/{steps_per_epoch} loss {loss_sum / loss_count:.4f} "
                         f"lr {lr:.2e} img/s {loss_count * args.batch_size / (now - tick):.1f} (checkpoint)")
            if args.max_minutes and now - session_start > args.max_minutes * 60:
                out_of_time = True
                break
        if not out_of_time:
            metrics = evaluate(model, val_rgb, val_depth, device)
            state["epoch"] = epoch + 1
            state["step_in_epoch"] = 0
            now = time.time()
            state["train_seconds"] += now - last_checkpoint
            last_checkpoint = now
            improved = metrics["abs_rel"] < state["best_abs_rel"]
            if improved:
                state["best_abs_rel"] = metrics["abs_rel"]
            save_checkpoint(last_path, snapshot())
            if improved:
                save_checkpoint(best_path, snapshot())
            log_line(ckpt_dir, f"epoch {epoch + 1} done loss {loss_sum / max(loss_count, 1):.4f} "
                     f"val abs_rel {metrics['abs_rel']:.4f} rmse {metrics['rmse']:.3f} a1 {metrics['a1']:.4f} "
                     f"images {state['images_seen']} train_h {state['train_seconds'] / 3600:.2f}"
                     + (" (best)" if improved else ""))
    if out_of_time:
        now = time.time()
        state["train_seconds"] += now - last_checkpoint
        save_checkpoint(last_path, snapshot())
        log_line(ckpt_dir, f"stopped after --max-minutes {args.max_minutes} at epoch {state['epoch']} "
                 f"step {state['step_in_epoch']}; resume with --resume")
    if args.export:
        source = best_path if os.path.isfile(best_path) else last_path
        export_model, _ = export_onnx.load_checkpoint_model(args.model, source)
        export_onnx.export_and_check(export_model, args.model, args.export)
        log_line(ckpt_dir, f"exported {source} to {args.export} (checked against ONNX Runtime)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
