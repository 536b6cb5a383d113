#!/usr/bin/python3
"""Writes small ONNX models, one per operator family and opset (11..17), for the interop
test that runs each in ONNX Runtime and in `npusim run` (docs/interop.md).

  /usr/bin/python3 tests/interop/make_models.py --out DIR     # DIR/NAME.onnx + DIR/NAME.input.npy
  /usr/bin/python3 tests/interop/make_models.py --list        # the model names, one a line

Most models are exported from PyTorch (what users bring); Resize's coordinate modes that
torch never emits are written node by node with onnx.helper (resize_modes.py). Weights
and inputs are random with a fixed seed per model, so the files are the same every run.
"""
import argparse
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import resize_modes  # noqa: E402

warnings.filterwarnings("ignore")  # torch 1.13 export chatter (shape inference notes)


class Seq(nn.Module):
    """nn.Sequential that also accepts plain functions as steps."""

    def __init__(self, *steps):
        super().__init__()
        self.steps = steps
        self.mods = nn.ModuleList([s for s in steps if isinstance(s, nn.Module)])

    def forward(self, x):
        for step in self.steps:
            x = step(x)
        return x


def randomise_batchnorm(module):
    """Non-trivial running statistics, so BatchNormalization is not an identity."""
    for m in module.modules():
        if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.3, 0.3)
    return module


class BatchNormAlone(nn.Module):
    # BatchNorm right after a Conv is folded away by the exporter; after an input or an
    # Add it stays a BatchNormalization node.
    def __init__(self):
        super().__init__()
        self.bn_in = nn.BatchNorm2d(3)
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.bn_mid = nn.BatchNorm2d(6)

    def forward(self, x):
        y = self.conv(self.bn_in(x))
        return self.bn_mid(y + 0.5)


class ShapeOps(nn.Module):
    # Reshape/Flatten/Transpose/Slice/Split/Squeeze/Unsqueeze/Pad/Concat, with sizes taken
    # from x.shape at run time (the Shape/Gather/Concat chains exporters emit).
    def forward(self, x):
        n, c, h, w = x.shape
        b, a = torch.chunk(x, 2, dim=1)  # Split: 3 and 2 channels
        a = a[:, :, 1:h - 1:2, ::3] + x[:, 1:2, 1:h - 1:2, ::3] * x[:, c - 1, 0, 0].reshape(n, 1, 1, 1)
        b = b.permute(0, 1, 3, 2).reshape(n, -1, h)
        b = b.unsqueeze(1).squeeze(1)
        a = F.pad(a, (1, 2, 0, 1), value=0.25).flatten(2)
        return torch.cat([a.reshape(n, -1), b.reshape(n, -1)], dim=1)


class SqueezeOps(nn.Module):
    def forward(self, x):
        y = x.mean(dim=3, keepdim=True)  # [n, c, h, 1]
        y = torch.squeeze(y, 3).unsqueeze(0)  # [1, n, c, h]
        return torch.transpose(y, 1, 3) * 2.0 - 1.0


class Arithmetic(nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.rand(1, 4, 1, 1) + 0.5)
        self.offset = nn.Parameter(torch.rand(1, 1, 1, 6))

    def forward(self, x):
        y = (x - self.offset) * self.scale
        return y / (x * x + 1.0) + torch.sigmoid(y) - x.mean(dim=1, keepdim=True)


class Attention(nn.Module):
    # A small ViT block: patch embedding, LayerNorm, self-attention through MatMul and
    # Softmax, an MLP with erf GELU.
    def __init__(self, dim=16, heads=2):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, 4, stride=4)
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * 2)
        self.fc2 = nn.Linear(dim * 2, dim)
        self.heads = heads

    def forward(self, x):
        t = self.patch(x).flatten(2).transpose(1, 2)  # [n, tokens, dim]
        n, tokens, dim = t.shape
        qkv = self.qkv(self.norm1(t)).reshape(n, tokens, 3, self.heads, dim // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        attn = torch.softmax(q @ k.transpose(-2, -1) * (dim // self.heads) ** -0.5, dim=-1)
        t = t + self.proj((attn @ v).transpose(1, 2).reshape(n, tokens, dim))
        return t + self.fc2(F.gelu(self.fc1(self.norm2(t))))


def conv(*args, **kwargs):
    return nn.Conv2d(*args, **kwargs)


def torch_models():
    """(name, opset, module factory, input shape)."""
    return [
        ("conv_basic_op11", 11, lambda: Seq(conv(3, 8, 3, padding=1), nn.ReLU(), conv(8, 4, 1)), (1, 3, 12, 14)),
        ("conv_strided_op13", 13, lambda: Seq(conv(3, 8, 5, stride=2, padding=2), nn.ReLU(),
                                              conv(8, 6, 3, stride=(2, 1), padding=(0, 1))), (1, 3, 17, 15)),
        ("conv_asymmetric_pad_op13", 13, lambda: Seq(lambda x: F.pad(x, (0, 1, 1, 0)), conv(3, 5, 2, stride=2)),
         (1, 3, 9, 11)),
        ("conv_depthwise_op13", 13, lambda: Seq(conv(6, 6, 3, padding=1, groups=6), nn.ReLU6(), conv(6, 8, 1)),
         (2, 6, 10, 12)),
        ("conv_dilated_op12", 12, lambda: Seq(conv(3, 4, 3, padding=2, dilation=2), nn.ReLU(),
                                              conv(4, 4, 3, dilation=(1, 3))), (1, 3, 16, 16)),
        ("conv_grouped_nobias_op14", 14, lambda: Seq(conv(4, 8, 3, groups=2, bias=False), nn.Tanh()), (1, 4, 8, 9)),
        ("convtranspose_op13", 13, lambda: Seq(nn.ConvTranspose2d(4, 6, 4, stride=2, padding=1), nn.ReLU(),
                                               nn.ConvTranspose2d(6, 3, 3, stride=2, padding=1, output_padding=1)),
         (1, 4, 6, 7)),
        ("convtranspose_grouped_op17", 17, lambda: nn.ConvTranspose2d(4, 4, 3, stride=1, padding=0, groups=2,
                                                                      dilation=2), (1, 4, 5, 5)),
        ("batchnorm_op15", 15, lambda: randomise_batchnorm(BatchNormAlone()), (2, 3, 7, 8)),
        ("leakyrelu_clip_op11", 11, lambda: Seq(conv(3, 6, 3), nn.LeakyReLU(0.2), lambda x: torch.clamp(x, -0.3, 0.4),
                                                nn.Hardtanh(-0.1, 0.2)), (1, 3, 9, 9)),
        ("clip_relu6_op13", 13, lambda: Seq(conv(3, 6, 3), nn.ReLU6(), lambda x: torch.clamp(x, min=0.1)),
         (1, 3, 9, 9)),
        ("sigmoid_tanh_op15", 15, lambda: Seq(conv(3, 4, 1), nn.Sigmoid(), lambda x: x * 3.0 - 1.0, nn.Tanh()),
         (1, 3, 6, 5)),
        ("resize_nearest_op11", 11, lambda: Seq(conv(3, 4, 3, padding=1), nn.Upsample(scale_factor=2, mode="nearest")),
         (1, 3, 5, 6)),
        ("resize_nearest_size_op13", 13, lambda: Seq(lambda x: F.interpolate(x, size=(11, 7), mode="nearest")),
         (1, 2, 5, 6)),
        ("resize_bilinear_op13", 13, lambda: Seq(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)),
         (1, 3, 5, 6)),
        ("resize_bilinear_align_op13", 13, lambda: Seq(lambda x: F.interpolate(x, size=(9, 13), mode="bilinear",
                                                                                align_corners=True)), (1, 3, 5, 6)),
        ("resize_bilinear_down_op17", 17, lambda: Seq(lambda x: F.interpolate(x, size=(4, 5), mode="bilinear",
                                                                               align_corners=False)), (1, 2, 9, 11)),
        ("pooling_op13", 13, lambda: Seq(nn.MaxPool2d(3, 2, 1), conv(3, 4, 1), nn.AvgPool2d(2, 2)), (1, 3, 13, 16)),
        ("pooling_ceil_pad_op12", 12, lambda: Seq(nn.MaxPool2d(2, 2, ceil_mode=True),
                                                  nn.AvgPool2d(3, 1, 1, count_include_pad=False),
                                                  nn.AvgPool2d(3, 1, 1, count_include_pad=True)), (1, 2, 7, 9)),
        ("global_avgpool_gemm_op11", 11, lambda: Seq(conv(3, 8, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                                     nn.Linear(8, 5)), (2, 3, 8, 8)),
        ("gemm_flatten_op13", 13, lambda: Seq(nn.Flatten(), nn.Linear(48, 10), nn.ReLU(), nn.Linear(10, 3)),
         (3, 3, 4, 4)),
        ("matmul_batched_op13", 13, lambda: Seq(lambda x: x.reshape(2, 6, 8), nn.Linear(8, 5, bias=False),
                                                lambda x: x @ x.transpose(1, 2)), (2, 3, 4, 4)),
        ("softmax_op11", 11, lambda: Seq(conv(3, 5, 1), lambda x: torch.softmax(x, dim=1)), (1, 3, 4, 5)),
        ("softmax_lastaxis_op13", 13, lambda: Seq(lambda x: torch.softmax(x * 4.0, dim=-1)), (2, 3, 4, 5)),
        ("layernorm_decomposed_op13", 13, lambda: Seq(lambda x: x.flatten(2).transpose(1, 2), nn.LayerNorm(4)),
         (1, 4, 5, 6)),
        ("layernorm_op17", 17, lambda: Seq(lambda x: x.flatten(2).transpose(1, 2), nn.LayerNorm(4)), (1, 4, 5, 6)),
        ("gelu_erf_op13", 13, lambda: Seq(conv(3, 4, 1), nn.GELU()), (1, 3, 5, 5)),
        ("shape_ops_op11", 11, ShapeOps, (2, 5, 8, 9)),
        ("shape_ops_op13", 13, ShapeOps, (2, 5, 8, 9)),
        ("squeeze_unsqueeze_op11", 11, SqueezeOps, (2, 3, 4, 5)),
        ("squeeze_unsqueeze_op13", 13, SqueezeOps, (2, 3, 4, 5)),
        ("pad_modes_op11", 11, lambda: Seq(lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect"),
                                           lambda x: F.pad(x, (2, 0, 1, 1), mode="replicate"),
                                           lambda x: F.pad(x, (1, 1, 0, 2), mode="constant", value=-0.5)),
         (1, 2, 5, 6)),
        ("pad_modes_op13", 13, lambda: Seq(lambda x: F.pad(x, (1, 2, 2, 1), mode="reflect"),
                                           lambda x: F.pad(x, (2, 0, 1, 1), mode="replicate")), (1, 2, 5, 6)),
        ("arithmetic_broadcast_op13", 13, Arithmetic, (2, 4, 3, 6)),
        ("vit_block_op11", 11, Attention, (1, 3, 16, 16)),
        ("vit_block_op14", 14, Attention, (1, 3, 16, 16)),
        ("vit_block_op17", 17, Attention, (1, 3, 16, 16)),
    ]


def all_names():
    return [name for name, *_ in torch_models()] + resize_modes.names()


def export_torch(name, opset, factory, shape, out_dir, seed):
    torch.manual_seed(seed)
    module = factory().eval()
    x = torch.randn(*shape)
    path = os.path.join(out_dir, f"{name}.onnx")
    torch.onnx.export(module, x, path, opset_version=opset, input_names=["input"],
                      output_names=["output"], do_constant_folding=True)
    np.save(os.path.join(out_dir, f"{name}.input.npy"), x.numpy().astype(np.float32))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", help="directory for NAME.onnx and NAME.input.npy")
    p.add_argument("--list", action="store_true", help="print the model names and exit")
    p.add_argument("--only", help="comma-separated names to write (default: all)")
    args = p.parse_args(argv)
    if args.list:
        print("\n".join(all_names()))
        return 0
    if not args.out:
        p.error("--out is required (or --list)")
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    only = set(args.only.split(",")) if args.only else None
    unknown = (only or set()) - set(all_names())
    if unknown:
        p.error(f"unknown model names: {', '.join(sorted(unknown))}")
    for seed, (name, opset, factory, shape) in enumerate(torch_models()):
        if only is None or name in only:
            export_torch(name, opset, factory, shape, args.out, seed)
    resize_modes.write_all(args.out, only)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
