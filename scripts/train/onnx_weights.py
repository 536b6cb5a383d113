"""Moving weights between the torch networks and ONNX files.

export_onnx(): BatchNorm folded into the convolutions first (fuse_batchnorm), so the
graph is Conv/Relu/.../Resize/Concat/Sigmoid/Mul with named input `image` and outputs
`depth` (or `depth_int`, `depth_frac`); fixed shape 1x3x128x160; opset 13.

load_from_onnx(): the inverse, used by `train_depth.py --init-from-onnx` to continue
training from a committed model. The exported file has only Conv weights (BatchNorm is
folded), so the model is fused first and the Conv nodes of the graph are matched, in
graph order, to the model's convolutions in forward order (the exporter emits nodes in
forward order). Shapes must agree; a model with more convolutions than the file (the
dual head started from the single-head network) keeps its extra convolutions as
initialised, and the caller is told which.
"""
import numpy as np
import onnx
import onnx.numpy_helper
import warnings

import torch

import depth_models

OPSET = 13
# torch 1.13 warns about prim::Constant shape inference on every export; harmless here.
warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")


def export_onnx(model, name, out_path):
    model = model.cpu().eval()
    if not depth_models.is_fused(model):
        depth_models.fuse_batchnorm(model)
    dummy = torch.zeros(1, 3, depth_models.INPUT_HEIGHT, depth_models.INPUT_WIDTH)
    tmp_path = out_path + ".partial.onnx"
    torch.onnx.export(model, dummy, tmp_path, opset_version=OPSET,
                      input_names=["image"], output_names=depth_models.output_names(name),
                      do_constant_folding=True)
    proto = onnx.load(tmp_path)
    onnx.checker.check_model(proto)
    proto.doc_string = (f"npusim bundled network {name}: input image 1x3x128x160 RGB in [0,1], "
                        "output depth in metres (see docs/training.md)")
    onnx.save(proto, tmp_path)
    import os
    os.replace(tmp_path, out_path)
    return out_path


def conv_weights_in_graph_order(path):
    proto = onnx.load(path)
    inits = {t.name: onnx.numpy_helper.to_array(t) for t in proto.graph.initializer}
    convs = []
    for node in proto.graph.node:
        if node.op_type != "Conv":
            continue
        if node.input[1] not in inits:
            raise ValueError(f"{path}: Conv node '{node.name}' weight '{node.input[1]}' is not an initializer")
        weight = inits[node.input[1]]
        bias = inits.get(node.input[2]) if len(node.input) > 2 else None
        convs.append((node.name, weight, bias))
    if not convs:
        raise ValueError(f"{path}: no Conv nodes")
    return convs


def load_from_onnx(model, path):
    """Loads an exported file's convolutions into `model` (fused first). Returns the
    list of model convolutions that got no weights from the file."""
    depth_models.fuse_batchnorm(model)
    file_convs = conv_weights_in_graph_order(path)
    model_convs = depth_models.convs_in_forward_order(model)
    if len(file_convs) > len(model_convs):
        raise ValueError(f"{path}: {len(file_convs)} Conv nodes but the model has only "
                         f"{len(model_convs)} convolutions: not this network")
    with torch.no_grad():
        for index, ((node_name, weight, bias), (conv, _)) in enumerate(zip(file_convs, model_convs)):
            if tuple(conv.weight.shape) != weight.shape:
                raise ValueError(f"{path}: Conv #{index} '{node_name}' weight shape {weight.shape} "
                                 f"does not match the model's {tuple(conv.weight.shape)}")
            conv.weight.copy_(torch.from_numpy(np.array(weight)))
            if bias is not None:
                conv.bias.copy_(torch.from_numpy(np.array(bias)))
            else:
                conv.bias.zero_()
    return [conv for conv, _ in model_convs[len(file_convs):]]
