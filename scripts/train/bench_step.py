#!/usr/bin/python3
"""Training throughput of a bundled network on this machine's CPU, in images per second,
in float32, with --bf16 (torch.autocast bfloat16) and with --bf16 --channels-last: the
numbers docs/training.md quotes when it says which mode was used and why.

  /usr/bin/python3 scripts/train/bench_step.py --model depth_l2_relu --threads 2

Each mode runs one warm-up step and then --steps timed steps of Adam on random images of
the networks' input size (batch --batch-size), the same forward, loss and backward as
train_depth.py. Run it on an otherwise idle machine: the figures are wall-clock.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import depth_models  # noqa: E402
import train_depth  # noqa: E402


def images_per_second(name, bf16, channels_last, steps, batch_size):
    torch.manual_seed(0)
    model = depth_models.build_model(name).train()
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(batch_size, 3, depth_models.INPUT_HEIGHT, depth_models.INPUT_WIDTH)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    gt = torch.rand(batch_size, 1, depth_models.INPUT_HEIGHT, depth_models.INPUT_WIDTH) * 10 + 0.5

    def step():
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            outputs = model(x)
        loss = train_depth.depth_loss(train_depth.to_float32(outputs), gt)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    step()
    start = time.time()
    for _ in range(steps):
        step()
    return steps * batch_size / (time.time() - start)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="depth_l2_relu", choices=depth_models.MODEL_NAMES)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--batch-size", type=int, default=8)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    modes = [("float32", False, False), ("bf16", True, False)]
    if args.model != "depth_tiny":  # see train_depth.py --channels-last
        modes.append(("bf16 + channels_last", True, True))
    for label, bf16, channels_last in modes:
        rate = images_per_second(args.model, bf16, channels_last, args.steps, args.batch_size)
        print(f"{args.model} threads={args.threads} batch={args.batch_size} {label}: {rate:.1f} images/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
