"""Writes float32 inputs and PyTorch's float16 / bfloat16 conversions of them as .npy.

Used by tests/quant/float_formats_torch_test.cpp (a CTest test) to compare our bit-exact
encoder with a peer we did not write. Usage: torch_float_formats.py OUT_DIR SEED COUNT
Exit code 3 when torch or numpy cannot be imported (the test then skips).
"""
import os
import sys

try:
    import numpy as np
    import torch
except ImportError as error:  # the C++ test reports this as a skip
    print(f"torch_float_formats: {error}", file=sys.stderr)
    sys.exit(3)


def main():
    out_dir, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(2)
    rng = np.random.default_rng(seed)
    # A third arbitrary bit patterns (every exponent: subnormals, overflow, inf, NaN),
    # a third log-uniform over FP16's range and beyond, a third exact FP16 midpoints.
    any_bits = rng.integers(0, 2**32, size=count // 3, dtype=np.uint64).astype(np.uint32).view(np.float32)
    magnitudes = np.exp2(rng.uniform(-27.0, 17.0, size=count // 3)).astype(np.float32)
    signs = np.where(rng.integers(0, 2, size=count // 3) == 0, 1.0, -1.0).astype(np.float32)
    in_range = magnitudes * signs
    codes = rng.integers(0, 0x7BFF, size=count - 2 * (count // 3), dtype=np.uint16)
    low = codes.view(np.float16).astype(np.float64)
    high = (codes + 1).view(np.float16).astype(np.float64)
    midpoints = ((low + high) / 2.0).astype(np.float32)
    values = np.concatenate([any_bits, in_range, midpoints]).astype(np.float32)

    tensor = torch.from_numpy(values.copy())
    fp16_bits = tensor.to(torch.float16).view(torch.int16).numpy()
    bf16_bits = tensor.to(torch.bfloat16).view(torch.int16).numpy()
    np.save(os.path.join(out_dir, "values.npy"), values)
    np.save(os.path.join(out_dir, "torch_fp16_bits.npy"), fp16_bits)
    np.save(os.path.join(out_dir, "torch_bf16_bits.npy"), bf16_bits)
    print(f"torch_float_formats: torch {torch.__version__}, {values.size} values, seed {seed}")


if __name__ == "__main__":
    main()
