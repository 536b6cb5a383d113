"""Depth metrics with the monodepth2 definitions (Godard et al., `compute_errors`):
abs_rel, sq_rel, rmse, rmse_log, log10, delta < 1.25, 1.25^2, 1.25^3.

Per image: pixels with min_depth < gt < max_depth are valid; predictions are clamped to
[min_depth, max_depth]; the metrics are computed over the valid pixels; the reported
numbers are the mean over images (as monodepth2 does). No median scaling: the bundled
networks predict metric depth.
"""
import numpy as np

METRIC_NAMES = ["abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "a1", "a2", "a3"]


def image_metrics(pred_m, gt_m, min_depth=1e-3, max_depth=80.0):
    valid = (gt_m > min_depth) & (gt_m < max_depth)
    if not valid.any():
        return None
    gt = gt_m[valid].astype(np.float64)
    pred = np.clip(pred_m[valid].astype(np.float64), min_depth, max_depth)
    ratio = np.maximum(gt / pred, pred / gt)
    return {
        "abs_rel": float(np.mean(np.abs(gt - pred) / gt)),
        "sq_rel": float(np.mean((gt - pred) ** 2 / gt)),
        "rmse": float(np.sqrt(np.mean((gt - pred) ** 2))),
        "rmse_log": float(np.sqrt(np.mean((np.log(gt) - np.log(pred)) ** 2))),
        "log10": float(np.mean(np.abs(np.log10(gt) - np.log10(pred)))),
        "a1": float(np.mean(ratio < 1.25)),
        "a2": float(np.mean(ratio < 1.25 ** 2)),
        "a3": float(np.mean(ratio < 1.25 ** 3)),
    }


def mean_metrics(per_image):
    per_image = [m for m in per_image if m is not None]
    if not per_image:
        raise ValueError("no image has a valid ground-truth pixel")
    return {k: float(np.mean([m[k] for m in per_image])) for k in METRIC_NAMES}
