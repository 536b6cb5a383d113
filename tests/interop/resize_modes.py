"""Resize models written node by node (onnx.helper) for the coordinate transformation and
nearest rounding modes that PyTorch's exporter never emits. One Resize per model, input
`input`, output `output`; scales or sizes are constants. Opset 11 needs a roi input (an
empty tensor when unused); opset 13 leaves it out by name ''."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# (name, opset, input shape, mode, coordinate mode, nearest mode, scales or None,
#  sizes or None, roi or None, extrapolation value)
CASES = [
    ("resize_linear_half_pixel_op13", 13, (1, 2, 5, 6), "linear", "half_pixel", None, [1, 1, 2.0, 1.5], None, None, 0.0),
    ("resize_linear_pytorch_half_pixel_op13", 13, (1, 2, 5, 6), "linear", "pytorch_half_pixel", None, None,
     [1, 2, 1, 9], None, 0.0),
    ("resize_linear_align_corners_op11", 11, (1, 2, 5, 6), "linear", "align_corners", None, None, [1, 2, 8, 3], None, 0.0),
    ("resize_linear_asymmetric_op13", 13, (1, 1, 4, 7), "linear", "asymmetric", None, [1, 1, 1.75, 0.6], None, None, 0.0),
    ("resize_linear_tf_crop_and_resize_op11", 11, (1, 2, 6, 6), "linear", "tf_crop_and_resize", None, None,
     [1, 2, 5, 7], [0, 0, -0.1, 0.2, 1, 1, 0.8, 1.2], 0.5),
    ("resize_nearest_asymmetric_floor_op13", 13, (1, 2, 5, 6), "nearest", "asymmetric", "floor",
     [1, 1, 1.6, 2.5], None, None, 0.0),
    ("resize_nearest_half_pixel_prefer_floor_op13", 13, (1, 2, 4, 6), "nearest", "half_pixel", "round_prefer_floor",
     [1, 1, 2.0, 0.5], None, None, 0.0),
    ("resize_nearest_half_pixel_prefer_ceil_op11", 11, (1, 2, 4, 6), "nearest", "half_pixel", "round_prefer_ceil",
     None, [1, 2, 10, 9], None, 0.0),
    ("resize_nearest_align_corners_ceil_op13", 13, (1, 2, 5, 4), "nearest", "align_corners", "ceil", None,
     [1, 2, 7, 9], None, 0.0),
    ("resize_nearest_tf_half_pixel_op11", 11, (1, 2, 5, 4), "nearest", "tf_half_pixel_for_nn", "round_prefer_floor",
     [1, 1, 1.5, 2.25], None, None, 0.0),
]


def names():
    return [case[0] for case in CASES]


def build(case):
    name, opset, shape, mode, coord, nearest, scales, sizes, roi, extrapolation = case
    inits = []
    roi_name, scales_name, sizes_name = "", "", ""
    if roi is not None or opset < 13:
        roi_name = "roi"
        inits.append(numpy_helper.from_array(np.array(roi if roi is not None else [], np.float32), roi_name))
    if scales is not None:
        scales_name = "scales"
        inits.append(numpy_helper.from_array(np.array(scales, np.float32), scales_name))
    elif opset < 13:
        scales_name = "scales"  # opset 11 needs the input present, empty when sizes are given
        inits.append(numpy_helper.from_array(np.array([], np.float32), scales_name))
    if sizes is not None:
        sizes_name = "sizes"
        inits.append(numpy_helper.from_array(np.array(sizes, np.int64), sizes_name))
    inputs = ["input", roi_name, scales_name] + ([sizes_name] if sizes_name else [])
    attrs = {"mode": mode, "coordinate_transformation_mode": coord}
    if nearest:
        attrs["nearest_mode"] = nearest
    if coord == "tf_crop_and_resize":
        attrs["extrapolation_value"] = extrapolation
    node = helper.make_node("Resize", inputs, ["output"], name=name, **attrs)
    if sizes is not None:
        out_shape = list(sizes)
    else:
        out_shape = [int(np.floor(d * s)) for d, s in zip(shape, scales)]
    graph = helper.make_graph([node], name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, list(shape))],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, out_shape)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="npusim-interop")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def write_all(out_dir, only=None):
    for index, case in enumerate(CASES):
        name, shape = case[0], case[2]
        if only is not None and name not in only:
            continue
        onnx.save(build(case), os.path.join(out_dir, f"{name}.onnx"))
        rng = np.random.default_rng(1000 + index)
        np.save(os.path.join(out_dir, f"{name}.input.npy"), rng.standard_normal(shape).astype(np.float32))
