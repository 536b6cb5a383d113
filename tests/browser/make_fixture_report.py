#!/usr/bin/env python3
"""Writes report data (schema npusim.report/1-draft) with every section filled, for the
browser test and for looking at the report. The numbers are made up but shaped like the
seeds' (abs_rel 0.03 float, 0.11 INT8 min/max); nothing here is a measurement.

usage: make_fixture_report.py OUT.json [--empty-sections]"""
import json
import math
import random
import sys


def depth_image(name, height, width, seed):
    rng = random.Random(seed)
    gt, fp32, int8 = [], [], []
    for y in range(height):
        for x in range(width):
            # A floor receding to the horizon, a box in front, no ground truth in the sky.
            if y < height * 0.3:
                d = 0.0
            else:
                d = 2.0 + 40.0 * (1.0 - (y - height * 0.3) / (height * 0.7)) ** 2
            if width * 0.55 < x < width * 0.8 and height * 0.45 < y < height * 0.85:
                d = 3.0
            gt.append(round(d, 3))
            base = d if d > 0 else 60.0
            fp32.append(round(base * (1 + rng.gauss(0, 0.03)), 3))
            # INT8 errs more far away: its step is coarse over a long-tailed range.
            int8.append(round(base * (1 + rng.gauss(0, 0.03)) + (0.1 * base if x > width / 2 else 0), 3))
    return {"name": name, "height": height, "width": width, "ground_truth_m": gt,
            "predictions": [{"path": "fp32", "depth_m": fp32}, {"path": "int8", "depth_m": int8}]}


def main():
    out = sys.argv[1]
    paths = [("fp32", 0.0304, 9.8), ("fp16", 0.0306, 6.5), ("int16", 0.041, 4.3),
             ("mixed", 0.048, 2.9), ("dual_output", 0.055, 2.3), ("int8", 0.1133, 2.1),
             ("int8_per_tensor", 0.14, 2.2)]
    layers = []
    for i in range(24):
        compute = 20000 + 15000 * math.sin(i / 3.0) ** 2
        layers.append({"name": "encoder.layer%d.conv<%s>" % (i, "&'\"") if i == 5 else "layer%02d_conv" % i,
                       "compute_cycles": round(compute),
                       "stall_cycles": round(compute * (0.6 if i % 5 == 0 else 0.1)),
                       "sqnr_db": round(35 - i * 0.9 - (25 if i == 17 else 0), 2),
                       "saturation_rate": [0.0, 0.002, 0.01, 0.07][i % 4]})
    del layers[3]["sqnr_db"]
    batch_series = []
    for label, scale in (("int8, 32x32, 25.6 GB/s", 1.0), ("int16, 32x32, 25.6 GB/s", 0.45)):
        points = []
        for batch in (1, 2, 4, 8, 16):
            latency = (2.0 + 1.6 * batch) / scale
            points.append({"batch": batch, "throughput_ips": round(1000 * batch / latency, 3),
                           "latency_ms": round(latency, 3)})
        batch_series.append({"label": label, "points": points})
    data = {
        "schema": "npusim.report/1-draft",
        "title": "npusim compare: depth_l2_relu on edge64 (fixture data)",
        "facts": [{"name": "model", "value": "models/depth_l2_relu.onnx"},
                  {"name": "NPU", "value": "sim/configs/edge64.json <fixture>"},
                  {"name": "images", "value": "500 held-out scenes"}],
        "accuracy": {"metric": "abs_rel", "lower_is_better": True, "goal": 0.05},
        "precision_paths": [{"name": n, "accuracy": a, "latency_ms": l, "throughput_ips": round(1000 / l, 2),
                             "dram_mb": round(3.5 * l / 2.1, 2)} for n, a, l in paths],
        "batch_series": batch_series,
        "layers": layers,
        "roofs": [{"label": "32x32 int8, 25.6 GB/s", "peak_gops": 2048, "peak_gbps": 25.6},
                  {"label": "32x32 int16, 25.6 GB/s", "peak_gops": 512, "peak_gbps": 25.6}],
        "roofline_points": [{"label": l["name"], "group": "layers (int8)",
                             "operational_intensity_ops_per_byte": round(5 * 1.5 ** (i % 12), 3),
                             "achieved_gops": round(min(2048, 5 * 1.5 ** (i % 12) * 25.6) * 0.6, 3)}
                            for i, l in enumerate(layers)],
        "depth_images": [depth_image("scene 0007", 48, 96, 7), depth_image("scene 0042", 48, 96, 42)],
    }
    if "--empty-sections" in sys.argv:
        for key in ("batch_series", "layers", "depth_images"):
            data[key] = []
    with open(out, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()
