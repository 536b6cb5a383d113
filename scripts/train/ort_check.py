"""Checks an exported ONNX file against the torch model it came from, by running the
file in ONNX Runtime (npm onnxruntime-node through tests/interop/node/run_ort.js; there is
no ONNX Runtime for Debian's python3). Pass: max|ort - torch| <= 1e-4 * max(1, max|torch|)
for every output (the interop norm, docs/interop.md)."""
import os
import subprocess
import tempfile

import numpy as np
import torch

import depth_models

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN_ORT = os.path.join(REPO_ROOT, "tests", "interop", "node", "run_ort.js")
RELATIVE_TOLERANCE = 1e-4


def check_against_ort(model, name, onnx_path, seed=0):
    """Returns {output name: (max abs difference, allowed)}; raises when ONNX Runtime is
    missing or any output is out of tolerance."""
    model = model.cpu().eval()
    rng = np.random.default_rng(seed)
    image = rng.random((1, 3, depth_models.INPUT_HEIGHT, depth_models.INPUT_WIDTH), dtype=np.float32)
    with torch.no_grad():
        outputs = model(torch.from_numpy(image))
    if not isinstance(outputs, tuple):
        outputs = (outputs,)
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "image.npy"), image)
        proc = subprocess.run(["node", RUN_ORT, "--model", onnx_path, "--input",
                               os.path.join(tmp, "image.npy"), "--out-dir", tmp],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"ONNX Runtime check of {onnx_path} failed (exit {proc.returncode}): "
                               f"{proc.stderr.strip()}")
        report = {}
        for out_name, expected in zip(depth_models.output_names(name), outputs):
            got = np.load(os.path.join(tmp, f"{out_name}.npy"))
            want = expected.numpy()
            if got.shape != want.shape:
                raise RuntimeError(f"{onnx_path}: output {out_name} shape {got.shape} != torch {want.shape}")
            diff = float(np.abs(got - want).max())
            allowed = RELATIVE_TOLERANCE * max(1.0, float(np.abs(want).max()))
            report[out_name] = (diff, allowed)
            if not diff <= allowed:
                raise RuntimeError(f"{onnx_path}: output {out_name} differs from torch by {diff:.3g} > {allowed:.3g}")
    return report
