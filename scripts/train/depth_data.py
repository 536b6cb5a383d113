"""Reads an `npusim scenes` directory into memory: DIR/rgb/NNNNNN.png (8-bit RGB) and
DIR/depth/NNNNNN.png (16-bit, depth = value / 256 m, 0 = invalid; the KITTI convention).

Preprocessing (the networks' input contract, also in docs/training.md):
  image  = rgb_uint8.astype(float32) / 255, laid out NCHW (1x3x128x160), no mean/std
  depth  = depth_uint16.astype(float32) / 256 metres; valid where the sample is > 0
"""
import os

import numpy as np

try:
    from PIL import Image
except ImportError:  # Debian's python3-matplotlib depends on python3-pil; say so if not
    Image = None


def _read_png(path):
    if Image is None:
        raise RuntimeError("reading PNG needs PIL (Debian package python3-pil)")
    with Image.open(path) as img:
        array = np.array(img)
    return array


def read_rgb(path, expected_hw=None):
    rgb = _read_png(path)
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] < 3:
        raise ValueError(f"{path}: expected an 8-bit RGB PNG, got dtype {rgb.dtype} shape {rgb.shape}")
    rgb = rgb[:, :, :3]
    if expected_hw and rgb.shape[:2] != tuple(expected_hw):
        raise ValueError(f"{path}: image is {rgb.shape[0]}x{rgb.shape[1]}, expected "
                         f"{expected_hw[0]}x{expected_hw[1]}")
    return rgb


def read_depth_m(path, expected_hw=None):
    """Depth in metres (float32) and 0 where invalid."""
    raw = _read_png(path)
    if raw.ndim != 2 or raw.dtype not in (np.uint16, np.int32, np.uint32):
        raise ValueError(f"{path}: expected a 16-bit single-channel depth PNG, got dtype "
                         f"{raw.dtype} shape {raw.shape}")
    if raw.dtype != np.uint16 and (raw.min() < 0 or raw.max() > 65535):
        raise ValueError(f"{path}: depth samples outside 0..65535")
    if expected_hw and raw.shape != tuple(expected_hw):
        raise ValueError(f"{path}: depth is {raw.shape[0]}x{raw.shape[1]}, expected "
                         f"{expected_hw[0]}x{expected_hw[1]}")
    return raw.astype(np.float32) / 256.0


def list_pairs(directory):
    rgb_dir = os.path.join(directory, "rgb")
    depth_dir = os.path.join(directory, "depth")
    for d in (rgb_dir, depth_dir):
        if not os.path.isdir(d):
            raise FileNotFoundError(f"{d}: missing (expected an `npusim scenes` directory)")
    names = sorted(n for n in os.listdir(rgb_dir) if n.endswith(".png"))
    if not names:
        raise FileNotFoundError(f"{rgb_dir}: no .png images")
    pairs = []
    for n in names:
        depth_path = os.path.join(depth_dir, n)
        if not os.path.isfile(depth_path):
            raise FileNotFoundError(f"{depth_path}: missing depth map for {os.path.join(rgb_dir, n)}")
        pairs.append((os.path.join(rgb_dir, n), depth_path))
    return pairs


def load_scene_dir(directory, limit=None, expected_hw=(128, 160)):
    """All pairs of a directory as (rgb uint8 [N,H,W,3], depth float32 metres [N,H,W])."""
    pairs = list_pairs(directory)
    if limit:
        pairs = pairs[:limit]
    rgbs = np.empty((len(pairs),) + tuple(expected_hw) + (3,), np.uint8)
    depths = np.empty((len(pairs),) + tuple(expected_hw), np.float32)
    for i, (rgb_path, depth_path) in enumerate(pairs):
        rgbs[i] = read_rgb(rgb_path, expected_hw)
        depths[i] = read_depth_m(depth_path, expected_hw)
    return rgbs, depths


def to_input_tensor(rgb_uint8):
    """[N,H,W,3] uint8 -> float32 NCHW in [0, 1] (the networks' input contract)."""
    return np.ascontiguousarray(rgb_uint8.transpose(0, 3, 1, 2), dtype=np.float32) / 255.0


def random_scene_arrays(count, seed, hw=(128, 160)):
    """Stand-in data for smoke tests when no scene directory exists: smooth random
    depth (0.5-15 m) with an image that is a deterministic function of it."""
    rng = np.random.default_rng(seed)
    h, w = hw
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    depths = np.empty((count, h, w), np.float32)
    rgbs = np.empty((count, h, w, 3), np.uint8)
    for i in range(count):
        a, b, c = rng.uniform(-1, 1, 3)
        plane = 0.5 + 14.5 * (0.5 + 0.5 * np.tanh(a * (yy / h - 0.5) * 4 + b * (xx / w - 0.5) * 2 + c))
        depths[i] = plane
        g = np.clip(255 * (1 - plane / 15.0), 0, 255)
        rgbs[i] = np.stack([g, 255 - g, (g * 0.5 + 60) % 255], axis=-1).astype(np.uint8)
    return rgbs, depths
