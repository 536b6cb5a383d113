#!/usr/bin/python3
"""Quick checks of the training scripts (run by tests/cli/train_scripts.sh, ~10 s on one
core): metric definitions against hand-worked values, BatchNorm folding, the ONNX weight
round trip used by --init-from-onnx, the dual-head reconstruction and loss targets, the
PNG reader on a hand-made 16-bit depth file, and checkpoint/resume on random data."""
import os
import shutil
import subprocess
import sys
import tempfile
import copy

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import depth_data  # noqa: E402
import depth_metrics  # noqa: E402
import depth_models  # noqa: E402
import onnx_weights  # noqa: E402
import train_depth  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def close(a, b, tol=1e-6):
    return abs(a - b) <= tol


def test_metrics():
    # Hand-worked: gt 1 and 4 m, pred 2 and 4 m.
    # abs_rel = (|1-2|/1 + 0)/2 = 0.5; sq_rel = (1/1 + 0)/2 = 0.5; rmse = sqrt(1/2);
    # ratios max(gt/pred, pred/gt) = 2 and 1; 2 exceeds 1.25, 1.5625 and 1.953125, so a1 = a2 = a3 = 0.5.
    m = depth_metrics.image_metrics(np.array([2.0, 4.0]), np.array([1.0, 4.0]))
    check(close(m["abs_rel"], 0.5), f"abs_rel {m['abs_rel']}")
    check(close(m["sq_rel"], 0.5), f"sq_rel {m['sq_rel']}")
    check(close(m["rmse"], np.sqrt(0.5)), f"rmse {m['rmse']}")
    check(close(m["rmse_log"], np.sqrt(np.log(2) ** 2 / 2)), f"rmse_log {m['rmse_log']}")
    check(close(m["log10"], np.log10(2) / 2), f"log10 {m['log10']}")
    check(close(m["a1"], 0.5) and close(m["a2"], 0.5) and close(m["a3"], 0.5), f"deltas {m}")
    # Invalid ground truth (0) is ignored; an image with none valid gives None.
    m = depth_metrics.image_metrics(np.array([9.0, 1.1]), np.array([0.0, 1.0]))
    check(close(m["abs_rel"], 0.1, 1e-9) and close(m["a1"], 1.0), f"valid mask {m}")
    check(depth_metrics.image_metrics(np.array([1.0]), np.array([0.0])) is None, "no valid pixel -> None")


def test_fold_and_roundtrip(tmp):
    torch.manual_seed(0)
    for name in ("depth_tiny", "depth_dualhead"):
        model = depth_models.build_model(name)
        for m in model.modules():  # non-trivial statistics so folding is exercised
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.3, 0.3)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.data.uniform_(0.5, 1.5)
                m.bias.data.uniform_(-0.2, 0.2)
        model.eval()
        x = torch.rand(1, 3, 128, 160)
        with torch.no_grad():
            want = model(x)
            path = os.path.join(tmp, f"{name}.onnx")
            folded = depth_models.fuse_batchnorm(copy.deepcopy(model)).eval()
            onnx_weights.export_onnx(copy.deepcopy(folded), name, path)
            loaded = depth_models.build_model(name)
            missing = onnx_weights.load_from_onnx(loaded, path)
            loaded.eval()
            got_folded, got_loaded = folded(x), loaded(x)
        want, got_folded, got_loaded = [t if isinstance(t, tuple) else (t,) for t in (want, got_folded, got_loaded)]
        for w, f, g in zip(want, got_folded, got_loaded):
            check(float((w - f).abs().max()) < 1e-4, f"{name}: BatchNorm folding changes the output")
            check(float((w - g).abs().max()) < 1e-4, f"{name}: ONNX weight round trip changes the output")
        check(missing == [], f"{name}: convolutions left without weights: {len(missing)}")


def test_dual_head_semantics():
    # depth 2.75 m = whole 2 + fraction 0.75; the host rounds the integer head half up.
    depth_int = torch.tensor([2.4, 2.6, 0.0, 14.49])
    depth_frac = torch.tensor([0.75, 0.25, 0.5, 0.0])
    got = depth_models.reconstruct_depth((depth_int, depth_frac))
    check(torch.equal(got, torch.tensor([2.75, 3.25, 0.5, 14.0])), f"reconstruct {got}")
    # A perfect prediction has zero dual-head loss except for the log term's clamp.
    gt = torch.tensor([[[[2.75, 0.0], [7.5, 30.0]]]])
    target = gt.clamp(train_depth.TARGET_MIN_M, train_depth.TARGET_MAX_M)
    whole = torch.floor(target)
    loss = train_depth.depth_loss((whole, target - whole), gt)
    check(float(loss) < 1e-6, f"dual loss of a perfect prediction {float(loss)}")


def test_abs_rel_loss_term():
    # Hand-worked, gt 1 m on the two valid pixels (the third is invalid): pred 2 and 0.5
    # have the same log error ln 2 = 0.693147 but abs_rel 1.0 and 0.5; mean abs_rel 0.75.
    # With weight 0.5: 0.693147 + 0.5 * 0.75 = 1.068147.
    gt = torch.tensor([[[[1.0, 1.0, 0.0]]]])
    pred = torch.tensor([[[[2.0, 0.5, 7.0]]]])
    got = float(train_depth.depth_loss(pred, gt, abs_rel_weight=0.5))
    check(close(got, 1.068147, 1e-5), f"log-L1 + 0.5 abs_rel: {got}")
    check(close(float(train_depth.depth_loss(pred, gt)), 0.693147, 1e-5), "log-L1 alone")


def test_png_reader(tmp):
    from PIL import Image
    os.makedirs(os.path.join(tmp, "scene", "rgb"))
    os.makedirs(os.path.join(tmp, "scene", "depth"))
    depth_raw = np.array([[0, 256], [384, 65535]], np.uint16)  # 0 = invalid, 1 m, 1.5 m, 255.996 m
    Image.fromarray(depth_raw).save(os.path.join(tmp, "scene", "depth", "000000.png"))
    Image.fromarray(np.full((2, 2, 3), 200, np.uint8)).save(os.path.join(tmp, "scene", "rgb", "000000.png"))
    rgb, depth = depth_data.load_scene_dir(os.path.join(tmp, "scene"), expected_hw=(2, 2))
    check(np.array_equal(depth[0], np.array([[0, 1.0], [1.5, 65535 / 256]], np.float32)), f"depth {depth[0]}")
    check(rgb.shape == (1, 2, 2, 3) and rgb[0, 0, 0, 0] == 200, "rgb read")
    x = depth_data.to_input_tensor(rgb)
    check(x.shape == (1, 3, 2, 2) and close(float(x[0, 0, 0, 0]), 200 / 255), "input preprocessing /255 NCHW")


def test_resume(tmp):
    ckpt = os.path.join(tmp, "ckpt")
    base = [sys.executable, os.path.join(HERE, "train_depth.py"), "--model", "depth_tiny", "--random-data", "16",
            "--batch-size", "8", "--ckpt-dir", ckpt, "--threads", "1"]
    first = subprocess.run(base + ["--epochs", "1"], capture_output=True, text=True)
    check(first.returncode == 0, f"first run failed: {first.stderr[-500:]}")
    # The second epoch runs in CPU mixed precision (--bf16, the documented training mode):
    # it must resume from a float32 checkpoint and save one that loads the same way.
    second = subprocess.run(base + ["--epochs", "2", "--resume", "--bf16"], capture_output=True, text=True)
    check(second.returncode == 0 and "resumed from" in second.stdout and "bf16=True" in second.stdout,
          f"resume failed: {second.stdout[-300:]} {second.stderr[-300:]}")
    saved = torch.load(os.path.join(ckpt, "last.pt"))
    check(saved["state"]["epoch"] == 2 and saved["state"]["images_seen"] == 32,
          f"after resume: {saved['state']}")


def test_cpu_bf16_detection(tmp):
    # Hand-made /proc/cpuinfo fragments: an AVX2-only EPYC, a Zen 4 (avx512_bf16), a Sapphire
    # Rapids (amx_bf16), a file with no flags line, and a malformed flags line.
    cases = [("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n", False),
             ("flags\t\t: avx2 avx512f avx512_bf16 avx512_vnni\n", True),
             ("flags\t\t: avx2 avx512f amx_bf16 amx_tile\n", True),
             ("processor\t: 0\n", False),
             ("flags avx512_bf16\n", False)]  # malformed: no colon, so no flags are read
    for i, (text, expected) in enumerate(cases):
        path = os.path.join(tmp, f"cpuinfo{i}")
        with open(path, "w") as f:
            f.write(text)
        got = train_depth.cpu_has_native_bf16(train_depth.read_cpu_flags(path))
        check(got == expected, f"cpuinfo case {i}: native bf16 {got}, expected {expected}")
    check(train_depth.read_cpu_flags(os.path.join(tmp, "absent")) == set(), "absent cpuinfo -> no flags")


def main():
    torch.set_num_threads(1)
    tmp = tempfile.mkdtemp(prefix="npusim_train_selftest_")
    try:
        test_metrics()
        test_dual_head_semantics()
        test_abs_rel_loss_term()
        test_png_reader(tmp)
        test_cpu_bf16_detection(tmp)
        test_fold_and_roundtrip(tmp)
        test_resume(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest:", "FAILED" if failures else "ok", f"({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
