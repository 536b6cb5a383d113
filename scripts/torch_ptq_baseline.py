#!/usr/bin/python3
"""PyTorch's own post-training quantization of a bundled depth network, scored exactly like
`npusim eval`: the independent peer that npusim's PTQ is compared against (issue 11,
"The peer to beat"; docs/torch_baseline.md).

  /usr/bin/python3 scripts/torch_ptq_baseline.py --json-out out/torch_ptq_baseline.json

Rows: fp32 (torch float), torch_int8_minmax_per_tensor, torch_int8_default,
torch_int8_default_per_tensor_w, torch_int8_float_head (torch.ao FX graph mode, qnnpack
engine), torch_fp16 (an FP16 emulation), and two diagnostics that split the INT8 head's loss:
torch_int8_float_sigmoid (INT8 up to the logits) and fp32_output_grid (float with only the
Sigmoid output on torch's INT8 grid); scripts/torch_ptq_rows.py says what each is.
Data: the held-out scenes of scripts/run.sh (`npusim scenes --count 100 --seed 1000
--size 128x160`) and a calibration set of other scenes (seed 7 by default), made with
--npusim when their folders do not exist. Preprocessing and metrics are the training
code's (scripts/train/depth_data.py, depth_metrics.py), which `npusim eval` matches
(tests/cli/eval_torch_peer.sh); the fp32 row is also checked against `npusim eval` on the
same images. The JSON is written only when every row succeeded.
"""
import argparse
import json
import os
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO_ROOT, "scripts", "train"))
sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))

SCHEMA = "npusim.torch_ptq_baseline/1"
ROW_NAMES = ["fp32", "torch_int8_minmax_per_tensor", "torch_int8_default", "torch_int8_default_per_tensor_w",
             "torch_int8_float_head", "torch_int8_float_sigmoid", "torch_fp16", "fp32_output_grid"]
FP32_TOLERANCE = 1e-4  # |abs_rel(torch fp32) - abs_rel(npusim eval)|
EVAL_BATCH = 16        # train_depth.evaluate's batch; quantized rows use static qparams


class BaselineError(Exception):
    """A problem with the inputs or the environment: printed as `error: ...`, exit 1."""


def import_peers():
    """torch, numpy, onnx, PIL and the training code, or a BaselineError naming the package."""
    packages = [("numpy", "python3-numpy"), ("torch", "python3-torch"), ("onnx", "python3-onnx"),
                ("PIL", "python3-pil")]
    for module, debian in packages:
        try:
            __import__(module)
        except ImportError as e:
            raise BaselineError(f"{sys.executable} cannot import {module} ({e}); install Debian's "
                                f"{debian} (bash scripts/setup.sh)")
    import torch
    if "qnnpack" not in torch.backends.quantized.supported_engines:
        raise BaselineError(f"this torch ({torch.__version__}) has no qnnpack quantized engine "
                            f"(supported: {torch.backends.quantized.supported_engines})")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=os.path.join(REPO_ROOT, "models", "depth_l2_relu.onnx"),
                   help="ONNX file with the weights (default: the bundled depth_l2_relu)")
    p.add_argument("--arch", default="depth_l2_relu",
                   choices=["depth_l2_relu", "depth_l2_lrelu", "depth_tiny"],
                   help="the scripts/train/depth_models.py network the file was exported from")
    p.add_argument("--npusim", default=os.path.join(REPO_ROOT, "build", "sim", "npusim"),
                   help="npusim binary: makes missing scene folders and runs the fp32 cross-check")
    p.add_argument("--eval-dir", default=os.path.join(REPO_ROOT, "out", "scenes"),
                   help="held-out scenes (default out/scenes, what scripts/run.sh makes)")
    p.add_argument("--eval-seed", type=int, default=1000, help="seed of the held-out scenes")
    p.add_argument("--eval-count", type=int, default=100, help="held-out scenes to make when --eval-dir is missing")
    p.add_argument("--calib-dir", default=None, help="calibration scenes (default out/calib-seedSEED)")
    p.add_argument("--calib-seed", type=int, default=7, help="seed of the calibration scenes")
    p.add_argument("--calib-count", type=int, default=64, help="calibration images (the first N in name order)")
    p.add_argument("--calib-batch", type=int, default=0,
                   help="calibration images per forward pass; 0 (default): all in one pass, so each "
                        "HistogramObserver bins the whole set at once (smaller batches re-bin, and "
                        "score worse: docs/torch_baseline.md)")
    p.add_argument("--rows", default=",".join(ROW_NAMES),
                   help="comma-separated rows to measure (fp32 is always measured: it is the reference)")
    p.add_argument("--limit", type=int, default=0, help="evaluate only the first N held-out images (0: all)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    p.add_argument("--skip-npusim-check", action="store_true",
                   help="do not run `npusim eval` to cross-check the fp32 row")
    p.add_argument("--json-out", help="write the rows here as JSON (atomically)")
    args = p.parse_args(argv)
    if args.calib_dir is None:
        args.calib_dir = os.path.join(REPO_ROOT, "out", f"calib-seed{args.calib_seed}")
    args.rows = [r for r in args.rows.split(",") if r]
    unknown = [r for r in args.rows if r not in ROW_NAMES]
    if unknown:
        p.error(f"unknown row(s) {', '.join(unknown)} (known: {', '.join(ROW_NAMES)})")
    if args.calib_batch < 0:
        p.error("--calib-batch must be 0 (all in one pass) or positive")
    for name in ("eval_count", "calib_count", "threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.limit < 0:
        p.error("--limit must be 0 (all) or positive")
    if args.calib_seed == args.eval_seed:
        p.error(f"--calib-seed {args.calib_seed} equals --eval-seed: calibration must use other scenes")
    return args


def npusim_binary(path):
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise BaselineError(f"{path}: no npusim binary (build it with bash scripts/build.sh, or pass --npusim)")
    return path


def ensure_scenes(directory, seed, count, npusim, role):
    """The scene folder's manifest facts; made with `npusim scenes` when the folder is missing.
    An existing folder whose manifest names another seed, or holds too few images, is refused."""
    if not os.path.exists(directory):
        command = [npusim_binary(npusim), "scenes", "--count", str(count), "--seed", str(seed),
                   "--size", "128x160", "--out", directory]
        print(f"making the {role} set: {' '.join(command)}", flush=True)
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise BaselineError(f"npusim scenes failed for {directory}: {done.stderr.strip()}")
    manifest_path = os.path.join(directory, "manifest.json")
    facts = {"dir": os.path.abspath(directory), "seed": None, "count": None}
    if os.path.isfile(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
        facts["seed"], facts["count"] = manifest.get("seed"), manifest.get("count")
        if facts["seed"] is not None and facts["seed"] != seed:
            raise BaselineError(f"{directory}: manifest seed {facts['seed']}, but the {role} seed is {seed} "
                                "(pass the matching seed or another folder)")
    return facts


def load_images(directory, limit, role):
    import depth_data
    try:
        rgbs, depths = depth_data.load_scene_dir(directory, limit or None)
    except (FileNotFoundError, ValueError, RuntimeError) as e:
        raise BaselineError(f"{role} set: {e}")
    if limit and len(rgbs) < limit:
        raise BaselineError(f"{role} set {directory} has {len(rgbs)} images, fewer than the {limit} asked for")
    return rgbs, depths


def npusim_fp32(args):
    """`npusim eval --model M --data EVAL [--limit N] --json`'s mean metrics."""
    command = [npusim_binary(args.npusim), "eval", "--model", args.model, "--data", args.eval_dir, "--json"]
    if args.limit:
        command += ["--limit", str(args.limit)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BaselineError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return {"command": " ".join(command), **json.loads(done.stdout)["mean"]}


def score(model, rgbs, depths):
    """Mean monodepth2 metrics with train_depth.evaluate's loop (depth_data.to_input_tensor
    preprocessing, depth_metrics.image_metrics per image), plus the smallest step between
    distinct predicted depths of the first image (a quantized output shows its grid there)."""
    import numpy as np
    import torch
    import depth_data
    import depth_metrics
    import train_depth
    per_image = train_depth.evaluate(model, rgbs, depths, torch.device("cpu"), batch_size=EVAL_BATCH,
                                     per_image=True)
    try:
        metrics = depth_metrics.mean_metrics(per_image)
    except ValueError as e:
        raise BaselineError(f"held-out set: {e}")
    with torch.no_grad():
        first = model(torch.from_numpy(depth_data.to_input_tensor(rgbs[:1]))).numpy().ravel()
    levels = np.unique(first)
    metrics["output_levels_first_image"] = int(levels.size)
    metrics["output_min_step_m"] = float(np.diff(levels).min()) if levels.size > 1 else 0.0
    metrics["images_scored"] = sum(m is not None for m in per_image)
    return metrics


def calibration_batches(rgbs, batch):
    import torch
    import depth_data
    return [torch.from_numpy(depth_data.to_input_tensor(rgbs[i:i + batch])) for i in range(0, len(rgbs), batch)]


def check_against_npusim(fp32_row, npusim):
    """The torch float model must be `npusim eval`'s network on the same images, or no row
    is comparable with npusim's own."""
    difference = abs(fp32_row["abs_rel"] - npusim["abs_rel"])
    print(f"fp32 abs_rel: torch {fp32_row['abs_rel']:.6f}, npusim eval {npusim['abs_rel']:.6f} "
          f"(|difference| {difference:.2e}, allowed {FP32_TOLERANCE:g})", flush=True)
    if difference > FP32_TOLERANCE:
        raise BaselineError("the torch float model does not reproduce `npusim eval` "
                            f"({npusim['command']}): the rows would not be comparable with npusim's")


def load_float_model(args):
    import torch_ptq_rows
    try:
        return torch_ptq_rows.float_model(args.arch, args.model)
    except Exception as e:  # onnx's DecodeError, a shape mismatch, a missing initializer ...
        raise BaselineError(f"{args.model}: cannot load it as {args.arch}: {e}")


def measure_rows(args, fp32, fp32_build_seconds, eval_rgbs, eval_depths, calib_rgbs, npusim):
    import torch_ptq_rows
    rows = []

    def add(name, model, description, build_seconds, extra=None):
        start = time.time()
        metrics = score(model, eval_rgbs, eval_depths)
        row = {"path": name, "description": description, **metrics, **(extra or {}),
               "build_seconds": round(build_seconds, 1), "eval_seconds": round(time.time() - start, 1)}
        rows.append(row)
        print(f"  {name}: abs_rel {row['abs_rel']:.6f}  ({row['build_seconds']} s to build, "
              f"{row['eval_seconds']} s to score)", flush=True)

    add("fp32", fp32, "torch float32, weights from the ONNX file", fp32_build_seconds)
    if npusim is not None:
        check_against_npusim(rows[0], npusim)
    batches = calibration_batches(calib_rgbs, args.calib_batch or len(calib_rgbs))
    for name, mapping, description in torch_ptq_rows.int8_rows():
        if name not in args.rows:
            continue
        start = time.time()
        quantized = torch_ptq_rows.quantize(fp32, mapping, batches)
        add(name, quantized, description, time.time() - start, torch_ptq_rows.conv_census(quantized))
    if "torch_fp16" in args.rows:
        start = time.time()
        emulated = torch_ptq_rows.fp16_emulation(fp32)
        add("torch_fp16", emulated, torch_ptq_rows.FP16_DESCRIPTION, time.time() - start)
    if "fp32_output_grid" in args.rows:
        start = time.time()
        snapped = torch_ptq_rows.output_grid_only(fp32)
        add("fp32_output_grid", snapped, torch_ptq_rows.OUTPUT_GRID_DESCRIPTION, time.time() - start)
    reference = rows[0]["abs_rel"]
    for row in rows:
        row["delta1"] = row["a1"]
        row["degradation_pct"] = 100.0 * (row["abs_rel"] / reference - 1.0)
    return rows


def print_table(rows):
    print(f"{'path':<33} {'abs_rel':>9} {'rmse':>8} {'delta1':>8} {'degr. %':>9} {'out step m':>11}")
    for r in rows:
        print(f"{r['path']:<33} {r['abs_rel']:>9.4f} {r['rmse']:>8.4f} {r['delta1']:>8.4f} "
              f"{r['degradation_pct']:>+9.2f} {r['output_min_step_m']:>11.5f}")


def check_json_folder(path):
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise BaselineError(f"{directory}: no such folder for --json-out")


def write_json_atomically(path, document):
    partial = path + ".partial"
    with open(partial, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    os.replace(partial, path)


def run(args):
    if args.json_out:
        check_json_folder(args.json_out)
    import_peers()
    import torch
    torch.set_num_threads(args.threads)
    torch.backends.quantized.engine = "qnnpack"
    if not os.path.isfile(args.model):
        raise BaselineError(f"{args.model}: no such model file")
    started = time.time()
    eval_facts = ensure_scenes(args.eval_dir, args.eval_seed, args.eval_count, args.npusim, "held-out")
    calib_facts = ensure_scenes(args.calib_dir, args.calib_seed, args.calib_count, args.npusim, "calibration")
    eval_rgbs, eval_depths = load_images(args.eval_dir, args.limit, "held-out")
    calib_rgbs, _ = load_images(args.calib_dir, args.calib_count, "calibration")
    print(f"torch {torch.__version__}, engine {torch.backends.quantized.engine}, {args.threads} threads; "
          f"model {args.model} ({args.arch})")
    print(f"held-out: {len(eval_rgbs)} images of {eval_facts['dir']} (seed {eval_facts['seed']}); "
          f"calibration: {len(calib_rgbs)} images of {calib_facts['dir']} (seed {calib_facts['seed']}, "
          f"--calib-seed {args.calib_seed}; {args.calib_batch or len(calib_rgbs)} per forward pass)", flush=True)
    start = time.time()
    fp32 = load_float_model(args)
    fp32_build_seconds = time.time() - start
    npusim = None if args.skip_npusim_check else npusim_fp32(args)
    rows = measure_rows(args, fp32, fp32_build_seconds, eval_rgbs, eval_depths, calib_rgbs, npusim)
    seconds = time.time() - started
    print_table(rows)
    print(f"{seconds:.0f} s in all")
    document = {
        "schema": SCHEMA, "command": " ".join([os.path.relpath(sys.argv[0], os.getcwd())] + sys.argv[1:]),
        "model": args.model, "arch": args.arch, "torch_version": torch.__version__,
        "quantized_engine": torch.backends.quantized.engine, "threads": args.threads,
        "eval": {**eval_facts, "images": len(eval_rgbs)},
        "calibration": {**calib_facts, "images": len(calib_rgbs),
                        "batch": args.calib_batch or len(calib_rgbs)},
        "metrics": "monodepth2, valid 1e-3 < gt < 80 m, prediction clamped, mean of per-image metrics",
        "npusim_eval_fp32": npusim, "seconds": round(seconds, 1), "rows": rows,
    }
    if args.json_out:
        write_json_atomically(args.json_out, document)
        print(f"wrote {args.json_out}")
    return 0


def main(argv):
    args = parse_args(argv)
    try:
        return run(args)
    except BaselineError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
