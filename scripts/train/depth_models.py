"""The bundled depth networks of npusim (see docs/training.md).

Every network takes one RGB image, float32 NCHW 1x3x128x160 with values in [0, 1]
(8-bit sample / 255, no mean/std normalisation), and returns depth in metres.

  depth_l2_relu   ResNet-style encoder-decoder, 3,433,841 parameters, ReLU. Output
                  `depth` = MAX_DEPTH_M * sigmoid(z), i.e. (0, 15) m.
  depth_l2_lrelu  the same with LeakyReLU(0.1).
  depth_dualhead  the same encoder-decoder (ReLU) with two heads (the original team's
                  Option A): `depth_int` = 15 * sigmoid(a) is trained towards
                  floor(depth) and `depth_frac` = sigmoid(b) towards depth - floor(depth);
                  the host reconstructs depth = round(depth_int) + depth_frac.
  depth_tiny      a small fast network (76,117 parameters) for tests, same output as l2.

The 15 m output range is the original team's ([0.5, 15] m, SEEDS.md): ground truth
beyond 15 m cannot be reached by these networks and is trained towards 15 m.

Convolutions carry their own bias and are followed by BatchNorm while training; after
`fuse_batchnorm()` (or after loading weights from an exported ONNX file, where the
exporter has already folded BatchNorm into the convolutions) the BatchNorm layers are
identities, so the torch graph and the ONNX graph have the same convolutions in the
same order.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_HEIGHT = 128
INPUT_WIDTH = 160
MAX_DEPTH_M = 15.0
LEAKY_SLOPE = 0.1


def make_activation(kind):
    if kind == "relu":
        return nn.ReLU(inplace=False)
    if kind == "lrelu":
        return nn.LeakyReLU(LEAKY_SLOPE, inplace=False)
    raise ValueError(f"unknown activation '{kind}' (expected relu or lrelu)")


class ConvNormAct(nn.Module):
    """conv (with bias) -> BatchNorm -> activation (or none)."""

    def __init__(self, in_ch, out_ch, kernel=3, stride=1, activation="relu"):
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, kernel, stride, kernel // 2, bias=True)
        self.norm = nn.BatchNorm2d(out_ch)
        self.act = make_activation(activation) if activation else nn.Identity()

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class ResidualBlock(nn.Module):
    """ResNet basic block: two 3x3 convs, a 1x1 projection when the shape changes."""

    def __init__(self, in_ch, out_ch, stride, activation):
        super().__init__()
        self.conv1 = ConvNormAct(in_ch, out_ch, 3, stride, activation)
        self.conv2 = ConvNormAct(out_ch, out_ch, 3, 1, None)
        self.project = None
        if stride != 1 or in_ch != out_ch:
            self.project = ConvNormAct(in_ch, out_ch, 1, stride, None)
        self.act = make_activation(activation)

    def forward(self, x):
        shortcut = x if self.project is None else self.project(x)
        return self.act(self.conv2(self.conv1(x)) + shortcut)


class UpBlock(nn.Module):
    """Nearest x2 upsampling, concat with the encoder skip, two 3x3 convs."""

    def __init__(self, in_ch, skip_ch, out_ch, activation):
        super().__init__()
        self.conv1 = ConvNormAct(in_ch + skip_ch, out_ch, 3, 1, activation)
        self.conv2 = ConvNormAct(out_ch, out_ch, 3, 1, activation)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], dim=1)
        return self.conv2(self.conv1(x))


class EncoderDecoder(nn.Module):
    """U-Net shaped ResNet encoder-decoder; the encoder reaches 1/32 resolution (4x5),
    where most parameters live, so the MAC count stays low for CPU training."""

    def __init__(self, widths, blocks_per_stage, activation, head="single", full_res_decoder=True):
        super().__init__()
        stem_ch, *stage_ch = widths
        self.stem = ConvNormAct(3, stem_ch, 3, 2, activation)  # 1/2
        stages = []
        in_ch = stem_ch
        for out_ch, count in zip(stage_ch, blocks_per_stage):
            blocks = [ResidualBlock(in_ch, out_ch, 2, activation)]
            blocks += [ResidualBlock(out_ch, out_ch, 1, activation) for _ in range(count - 1)]
            stages.append(nn.Sequential(*blocks))
            in_ch = out_ch
        self.stages = nn.ModuleList(stages)  # 1/4, 1/8, 1/16, 1/32
        skips = [stem_ch] + stage_ch[:-1]  # resolutions 1/2 .. 1/16
        ups = []
        for skip_ch in reversed(skips):
            out_ch = max(skip_ch, 16)
            ups.append(UpBlock(in_ch, skip_ch, out_ch, activation))
            in_ch = out_ch
        if full_res_decoder:
            ups.append(UpBlock(in_ch, 0, 16, activation))  # back to full resolution
            in_ch = 16
        # Otherwise the heads run at 1/2 resolution and their logits are upsampled
        # bilinearly (Resize linear, half-pixel): ~18 % fewer MACs for the l2 networks.
        self.full_res_decoder = full_res_decoder
        self.ups = nn.ModuleList(ups)
        self.head_kind = head
        self.head = nn.Conv2d(in_ch, 1, 3, 1, 1)
        if head == "dual":
            self.frac_head = nn.Conv2d(in_ch, 1, 3, 1, 1)

    def forward(self, image):
        x = self.stem(image)
        skips = [x]
        for stage in self.stages:
            x = stage(x)
            skips.append(x)
        skips.pop()  # the deepest feature map is x itself
        for up in self.ups:
            x = up(x, skips.pop() if skips else None)
        if self.head_kind == "dual":
            depth_int = torch.sigmoid(self.to_full_res(self.head(x))) * MAX_DEPTH_M
            depth_frac = torch.sigmoid(self.to_full_res(self.frac_head(x)))
            return depth_int, depth_frac
        return torch.sigmoid(self.to_full_res(self.head(x))) * MAX_DEPTH_M

    def to_full_res(self, logits):
        if self.full_res_decoder:
            return logits
        return F.interpolate(logits, scale_factor=2.0, mode="bilinear", align_corners=False)


L2_WIDTHS = [32, 48, 96, 160, 256]
L2_BLOCKS = [1, 2, 2, 1]


def build_model(name):
    if name == "depth_l2_relu":
        return EncoderDecoder(L2_WIDTHS, L2_BLOCKS, "relu", full_res_decoder=False)
    if name == "depth_l2_lrelu":
        return EncoderDecoder(L2_WIDTHS, L2_BLOCKS, "lrelu", full_res_decoder=False)
    if name == "depth_dualhead":
        return EncoderDecoder(L2_WIDTHS, L2_BLOCKS, "relu", head="dual", full_res_decoder=False)
    if name == "depth_tiny":
        return EncoderDecoder([8, 12, 16, 24, 32], [1, 1, 1, 1], "relu")
    raise ValueError(f"unknown model '{name}' (expected one of {', '.join(MODEL_NAMES)})")


MODEL_NAMES = ["depth_tiny", "depth_l2_relu", "depth_l2_lrelu", "depth_dualhead"]


def output_names(name):
    return ["depth_int", "depth_frac"] if name == "depth_dualhead" else ["depth"]


def reconstruct_depth(outputs):
    """Depth in metres from a model's outputs. For the dual head the integer head is
    rounded half up to a whole metre (floor(x + 0.5)) and the fraction added, as the
    host would do with the two tensors; single-head outputs pass through."""
    if isinstance(outputs, tuple):
        depth_int, depth_frac = outputs
        return torch.floor(depth_int + 0.5) + depth_frac
    return outputs


def convs_in_forward_order(model):
    """Every nn.Conv2d in the order forward() calls it (which is the order of the Conv
    nodes in the exported ONNX graph) and the BatchNorm that follows it, if any."""
    order = []
    hooks = [m.register_forward_hook(lambda mod, inp, out: order.append(mod))
             for m in model.modules() if isinstance(m, nn.Conv2d)]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, INPUT_HEIGHT, INPUT_WIDTH))
    model.train(was_training)
    for h in hooks:
        h.remove()
    norm_of = {}
    for m in model.modules():
        if isinstance(m, ConvNormAct):
            norm_of[m.conv] = m
    return [(conv, norm_of.get(conv)) for conv in order]


def fuse_batchnorm(model):
    """Folds every BatchNorm (running statistics) into the convolution before it and
    replaces it by an identity: y = gamma * (conv(x) - mean) / sqrt(var + eps) + beta
    becomes conv'(x) with W' = W * s and b' = (b - mean) * s + beta, s = gamma / sqrt(var + eps)."""
    for m in model.modules():
        if isinstance(m, ConvNormAct) and isinstance(m.norm, nn.BatchNorm2d):
            bn = m.norm
            scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
            with torch.no_grad():
                m.conv.weight.mul_(scale.view(-1, 1, 1, 1))
                m.conv.bias.copy_((m.conv.bias - bn.running_mean) * scale + bn.bias)
            m.norm = nn.Identity()
    return model


def is_fused(model):
    return not any(isinstance(m, nn.BatchNorm2d) for m in model.modules())


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())
