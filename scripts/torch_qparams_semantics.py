"""Prints PyTorch's choices on the cases docs/quantizers.md compares with ours.

Run: /usr/bin/python3 scripts/torch_qparams_semantics.py
(Debian python3-torch 1.13; torch.ao.quantization MinMaxObserver and quantize_per_tensor.)
Each line shows what PyTorch computes and, after "ours:", what npusim's affine quantizer
computes for the same case (worked by hand in tests/quant/affine_quantizer_test.cpp).
"""
import numpy as np
import torch
from torch.ao.quantization.observer import MinMaxObserver

torch.set_num_threads(2)


def observe(dtype, qscheme, values, **options):
    observer = MinMaxObserver(dtype=dtype, qscheme=qscheme, **options)
    observer(torch.tensor(values))
    scale, zero_point = observer.calculate_qparams()
    return f"scale {float(scale):.9g}, zero_point {int(zero_point)}"


def main():
    print("asymmetric qint8 [-1, 3]:", observe(torch.qint8, torch.per_tensor_affine, [-1.0, 3.0]),
          "| ours: scale 0.0156862754 (4/255), zero_point -64")
    print("asymmetric quint8 [-1, 3]:", observe(torch.quint8, torch.per_tensor_affine, [-1.0, 3.0]),
          "| ours: scale 0.0156862754, zero_point 64")
    print("3-bit unsigned [-1.75, 1.75] (nudge tie):",
          observe(torch.quint8, torch.per_tensor_affine, [-1.75, 1.75], quant_min=0, quant_max=7),
          "| ours: scale 0.5, zero_point 4")
    print("symmetric qint8 [-2, 1]:", observe(torch.qint8, torch.per_tensor_symmetric, [-2.0, 1.0]),
          "| ours: scale 0.0157480314 (2/127), zero_point 0")
    print("symmetric quint8 [-1, 0.5]:", observe(torch.quint8, torch.per_tensor_symmetric, [-1.0, 0.5]),
          "| ours: scale 0.00787401572 (1/127), zero_point 128")
    print("all-zero asymmetric quint8:", observe(torch.quint8, torch.per_tensor_affine, [0.0, 0.0]),
          "| ours: scale 1, zero_point 0")
    print("tiny range quint8 [0, 1e-6]:", observe(torch.quint8, torch.per_tensor_affine, [0.0, 1e-6]),
          "| ours: scale 3.9215684e-09 (1e-6/255 in float), zero_point 0")
    ties = torch.quantize_per_tensor(torch.tensor([2.5, -2.5, 0.5, 1.5]), 1.0, 0, torch.qint8)
    print("quantize_per_tensor ties 2.5 -2.5 0.5 1.5 at scale 1:", ties.int_repr().tolist(),
          "| ours (half_even): [2, -2, 0, 2]")
    x = np.array([0x42C8199A], dtype=np.uint32).view(np.float32)  # 100.05000305175781
    false_tie = torch.quantize_per_tensor(torch.from_numpy(x), 0.1, 0, torch.qint32)
    print("x = 100.05000305175781, scale 0.1f (exact quotient 1000.5000156):", false_tie.int_repr().tolist(),
          "| ours half_even: [1001], ours fp32: [1000]")


if __name__ == "__main__":
    main()
