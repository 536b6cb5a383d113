"""Writes calibration batches and PyTorch's observer results for them, for
tests/quant/observers_torch_test.cpp (a CTest test): a peer we did not write.

Usage: torch_observers.py OUT_DIR SEED
Writes OUT_DIR/batch0.npy .. batch2.npy (float32, shape [4, 8, 16]) and OUT_DIR/torch.json:
  minmax:            torch.ao.quantization.MinMaxObserver (quint8, per-tensor affine)
  ema_minmax_0.01 / ema_minmax_0.3:
                     MovingAverageMinMaxObserver(averaging_constant=c)
  per_channel_minmax: PerChannelMinMaxObserver(ch_axis=1)
  per_channel_ema_0.3: MovingAveragePerChannelMinMaxObserver(ch_axis=1, averaging_constant=0.3)
  histogram:         HistogramObserver(bins=2048) min/max/scale/zero_point, and the MSE of
                     fake-quantizing all batches with its qparams
  percentile:        numpy.percentile (the 'linear' method) of each batch at 0.1/99.9 and 2.5/97.5
Exit code 3 when torch or numpy cannot be imported (the test then skips).
"""
import json
import os
import sys

try:
    import numpy as np
    import torch
    from torch.ao.quantization import (HistogramObserver, MinMaxObserver, MovingAverageMinMaxObserver,
                                       MovingAveragePerChannelMinMaxObserver, PerChannelMinMaxObserver)
except ImportError as error:  # the C++ test reports this as a skip
    print(f"torch_observers: {error}", file=sys.stderr)
    sys.exit(3)


def make_batches(seed):
    rng = np.random.default_rng(seed)
    batches = []
    channel_scale = np.exp(rng.uniform(-2.0, 2.0, size=(1, 8, 1))).astype(np.float32)
    for index in range(3):
        batch = rng.standard_normal((4, 8, 16)).astype(np.float32) * channel_scale
        batch += np.float32(0.3 * index)  # drift between batches, so EMA matters
        batch[0, 3, 5] = np.float32(25.0 + 10.0 * index)  # an outlier per batch
        batches.append(batch)
    return batches


def run(observer, batches):
    for batch in batches:
        observer(torch.from_numpy(batch))
    scale, zero_point = observer.calculate_qparams()
    return {
        "min": observer.min_val.reshape(-1).tolist(),
        "max": observer.max_val.reshape(-1).tolist(),
        "scale": scale.reshape(-1).tolist(),
        "zero_point": zero_point.reshape(-1).tolist(),
    }


def main():
    out_dir, seed = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(2)
    batches = make_batches(seed)
    for index, batch in enumerate(batches):
        np.save(os.path.join(out_dir, f"batch{index}.npy"), batch)
    quint8 = dict(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
    per_channel = dict(dtype=torch.quint8, qscheme=torch.per_channel_affine, ch_axis=1)
    result = {
        "minmax": run(MinMaxObserver(**quint8), batches),
        "ema_minmax_0.01": run(MovingAverageMinMaxObserver(averaging_constant=0.01, **quint8), batches),
        "ema_minmax_0.3": run(MovingAverageMinMaxObserver(averaging_constant=0.3, **quint8), batches),
        "per_channel_minmax": run(PerChannelMinMaxObserver(**per_channel), batches),
        "per_channel_ema_0.3": run(MovingAveragePerChannelMinMaxObserver(averaging_constant=0.3, **per_channel),
                                   batches),
    }
    histogram = HistogramObserver(bins=2048, **quint8)
    result["histogram"] = run(histogram, batches)
    scale = result["histogram"]["scale"][0]
    zero_point = int(result["histogram"]["zero_point"][0])
    everything = torch.from_numpy(np.concatenate([b.reshape(-1) for b in batches]))
    rounded = torch.fake_quantize_per_tensor_affine(everything, scale, zero_point, 0, 255)
    result["histogram"]["mse"] = float(((everything.double() - rounded.double()) ** 2).mean())
    result["percentile"] = {
        "0.1/99.9": [[float(np.percentile(b, 0.1)), float(np.percentile(b, 99.9))] for b in batches],
        "2.5/97.5": [[float(np.percentile(b, 2.5)), float(np.percentile(b, 97.5))] for b in batches],
    }
    with open(os.path.join(out_dir, "torch.json"), "w") as handle:
        json.dump(result, handle, indent=1)


if __name__ == "__main__":
    main()
