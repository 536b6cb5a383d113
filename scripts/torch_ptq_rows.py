"""The networks behind each row of scripts/torch_ptq_baseline.py: PyTorch's own post-training
quantization (torch.ao FX graph mode, qnnpack engine) and an FP16 emulation of a bundled
single-head depth network whose weights come from its ONNX file.

Every row starts from the same float model (float_model): the torch network of
scripts/train/depth_models.py with the ONNX file's convolutions loaded
(scripts/train/onnx_weights.py; BatchNorm is already folded there). Its BatchNorm
placeholders (nn.Identity) are removed first, so FX sees conv -> relu and fuses the pair
as torch would on a network exported without BatchNorm; the float output is unchanged
(float_model checks this).
"""
import copy
import operator

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import QConfig, get_default_qconfig_mapping
from torch.ao.quantization.observer import MinMaxObserver, default_per_channel_weight_observer
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

import depth_models
import onnx_weights

ENGINE = "qnnpack"

# The observers of the per-tensor min/max row: activations asymmetric quint8 over the whole
# 0..255 range (qnnpack needs no reduce_range), weights symmetric qint8 (torch's usual
# weight observer, zero point 0).
MINMAX_QCONFIG = QConfig(
    activation=MinMaxObserver.with_args(dtype=torch.quint8, qscheme=torch.per_tensor_affine,
                                        reduce_range=False),
    weight=MinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric))


def float_model(arch, onnx_path):
    """The float torch network with the ONNX file's weights, ready for FX tracing."""
    if arch == "depth_dualhead":
        raise ValueError("depth_dualhead has two heads; this baseline handles single-head networks")
    model = depth_models.build_model(arch)
    missing = onnx_weights.load_from_onnx(model, onnx_path)
    if missing:
        raise ValueError(f"{onnx_path} lacks weights for {len(missing)} convolutions of {arch}: not this network")
    model.eval()
    probe = torch.rand(1, 3, depth_models.INPUT_HEIGHT, depth_models.INPUT_WIDTH,
                       generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        before = model(probe)
        _drop_batchnorm_placeholders(model)
        after = model(probe)
    if not torch.equal(before, after):
        raise RuntimeError("removing the folded BatchNorm placeholders changed the float output")
    return model


def _drop_batchnorm_placeholders(model):
    """ConvNormAct(conv, Identity, act) -> Sequential(conv, act), or the bare conv when it has
    no activation: the same function without the nn.Identity that would stop FX from fusing
    conv and relu."""
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if not isinstance(child, depth_models.ConvNormAct):
                continue
            if not isinstance(child.norm, nn.Identity):
                raise RuntimeError(f"{name}: BatchNorm is not folded")
            if isinstance(child.act, nn.Identity):
                setattr(parent, name, child.conv)
            else:
                setattr(parent, name, nn.Sequential(child.conv, child.act))


def _default_mapping_with(qconfig):
    """torch's default QConfigMapping for qnnpack with `qconfig` wherever it uses its default
    qconfig. The fixed-qparams entries stay as torch sets them: Sigmoid's output is quint8
    with scale 1/256 and zero point 0 in every INT8 row (prepare_fx refuses anything else)."""
    mapping = get_default_qconfig_mapping(ENGINE)
    default = mapping.global_qconfig
    replaced = 0
    for object_type, entry in list(mapping.object_type_qconfigs.items()):
        if entry is default:
            mapping.set_object_type(object_type, qconfig)
            replaced += 1
    if replaced == 0 or mapping.object_type_qconfigs[nn.Conv2d] is not qconfig:
        raise RuntimeError("torch's default qnnpack QConfigMapping changed shape; cannot substitute observers")
    mapping.set_global(qconfig)
    return mapping


def _per_channel_default_qconfig():
    default = get_default_qconfig_mapping(ENGINE).global_qconfig
    return QConfig(activation=default.activation, weight=default_per_channel_weight_observer)


def _float_head(mapping):
    """Leaves the output head in float: its conv (module `head`) and, in the top-level
    forward, the bilinear Resize of the logits (the only F.interpolate called there; the
    nearest ones belong to the ups.N modules), the Sigmoid and the multiplication by 15 m."""
    mapping.set_module_name("head", None)
    for function in (F.interpolate, torch.sigmoid, operator.mul):
        mapping.set_module_name_object_type_order("", function, 0, None)
    return mapping


def _float_sigmoid(mapping):
    """Leaves only the Sigmoid and the x15 in float: the logits are still INT8 (head conv and
    bilinear resize quantized), but depth is no longer on Sigmoid's 1/256 grid."""
    for function in (torch.sigmoid, operator.mul):
        mapping.set_module_name_object_type_order("", function, 0, None)
    return mapping


def int8_rows():
    """(row name, QConfigMapping, description) for each torch.ao INT8 row."""
    per_channel = _per_channel_default_qconfig()
    return [
        ("torch_int8_minmax_per_tensor", _default_mapping_with(MINMAX_QCONFIG),
         "MinMaxObserver per tensor: activations quint8 asymmetric 0..255, weights qint8 symmetric"),
        ("torch_int8_default", _default_mapping_with(per_channel),
         "torch's default qnnpack qconfig (HistogramObserver activations, quint8, reduce_range=False) "
         "with per-channel weights (default_per_channel_weight_observer: qint8 symmetric per output "
         "channel), which qnnpack runs"),
        ("torch_int8_default_per_tensor_w", get_default_qconfig_mapping(ENGINE),
         "get_default_qconfig_mapping('qnnpack') unchanged: HistogramObserver activations, "
         "weights MinMaxObserver qint8 symmetric per tensor (torch's own qnnpack default)"),
        ("torch_int8_float_head", _float_head(_default_mapping_with(per_channel)),
         "as torch_int8_default, but the head conv, the bilinear resize, the sigmoid and the "
         "x15 left in float (the decoder's last activation is dequantized)"),
        ("torch_int8_float_sigmoid", _float_sigmoid(_default_mapping_with(per_channel)),
         "diagnostic: as torch_int8_default, but the sigmoid and the x15 left in float (the head "
         "conv and the resize of its logits stay INT8; the logits are dequantized)"),
    ]


def quantize(model, mapping, calibration_batches):
    """prepare_fx, one forward pass per calibration batch, convert_fx, on a copy of `model`."""
    if torch.backends.quantized.engine != ENGINE:
        raise RuntimeError(f"quantized engine is {torch.backends.quantized.engine}, expected {ENGINE}")
    example = (calibration_batches[0],)
    prepared = prepare_fx(copy.deepcopy(model), mapping, example_inputs=example)
    with torch.no_grad():
        for batch in calibration_batches:
            prepared(batch)
    return convert_fx(prepared)


def conv_census(model):
    """How many convolutions run quantized and how many in float, the quantized weights'
    schemes (torch stores symmetric per-channel weights as per_channel_affine with zero
    points 0) and how many weight zero points are not 0."""
    quantized, floating, schemes, nonzero_weight_zero_points = 0, 0, set(), 0
    for module in model.modules():
        if isinstance(module, torch.ao.nn.quantized.Conv2d):
            quantized += 1
            weight = module.weight()
            schemes.add(str(weight.qscheme()).replace("torch.", ""))
            if weight.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric):
                nonzero_weight_zero_points += int(weight.q_per_channel_zero_points().ne(0).sum())
            else:
                nonzero_weight_zero_points += int(weight.q_zero_point() != 0)
        elif isinstance(module, nn.Conv2d):
            floating += 1
    census = {"quantized_convs": quantized, "float_convs": floating, "weight_qschemes": sorted(schemes),
              "nonzero_weight_zero_points": nonzero_weight_zero_points}
    head = model.get_submodule("head")
    if isinstance(head, torch.ao.nn.quantized.Conv2d):
        # The logits' INT8 grid (the bilinear resize keeps these qparams): the range the
        # observer chose, and its step, which Sigmoid turns into a relative depth error.
        census["head_logits"] = {"scale": float(head.scale), "zero_point": int(head.zero_point),
                                 "min": float((0 - head.zero_point) * head.scale),
                                 "max": float((255 - head.zero_point) * head.scale)}
    return census


def _round_to_fp16(tensor):
    return tensor.to(torch.float16).to(torch.float32)


FP16_DESCRIPTION = ("float16 emulation: every weight and bias rounded to FP16 (round to nearest "
                    "even, torch .half()); the input and the output of every graph node (conv, "
                    "relu, add, cat, resize, sigmoid, x15) rounded to FP16; arithmetic inside each "
                    "operation in FP32 (FP32 accumulation)")


def fp16_emulation(model):
    """A copy of `model` in which every tensor a float16 NPU would hold is rounded to FP16."""
    emulated = copy.deepcopy(model)
    with torch.no_grad():
        for parameter in emulated.parameters():
            parameter.copy_(_round_to_fp16(parameter))
    graph_module = torch.fx.symbolic_trace(emulated)
    graph = graph_module.graph
    for node in list(graph.nodes):
        if node.op in ("placeholder", "call_module", "call_function", "call_method"):
            with graph.inserting_after(node):
                rounded = graph.call_function(_round_to_fp16, (node,))
            node.replace_all_uses_with(rounded, delete_user_cb=lambda user: user is not rounded)
    graph.lint()
    graph_module.recompile()
    return graph_module


SIGMOID_SCALE = 1.0 / 256  # torch's fixed quint8 output qparams for Sigmoid (zero point 0)
OUTPUT_GRID_DESCRIPTION = ("diagnostic: torch float32, only the Sigmoid output quantized to torch's fixed "
                           "quint8 grid (scale 1/256, zero point 0, torch.quantize_per_tensor), then x15: "
                           "the depth step every all-INT8 row has, without any other quantization")


def _to_sigmoid_grid(tensor):
    return torch.quantize_per_tensor(tensor, SIGMOID_SCALE, 0, torch.quint8).dequantize()


def output_grid_only(model):
    """A copy of the float `model` whose Sigmoid output is snapped to torch's INT8 Sigmoid grid."""
    graph_module = torch.fx.symbolic_trace(copy.deepcopy(model))
    graph = graph_module.graph
    sigmoids = [n for n in graph.nodes if n.op == "call_function" and n.target is torch.sigmoid]
    if len(sigmoids) != 1:
        raise RuntimeError(f"expected one torch.sigmoid in the network, found {len(sigmoids)}")
    with graph.inserting_after(sigmoids[0]):
        snapped = graph.call_function(_to_sigmoid_grid, (sigmoids[0],))
    sigmoids[0].replace_all_uses_with(snapped, delete_user_cb=lambda user: user is not snapped)
    graph.lint()
    graph_module.recompile()
    return graph_module
