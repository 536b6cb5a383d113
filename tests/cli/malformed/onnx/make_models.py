#!/usr/bin/python3
"""Writes the malformed ONNX models of the corpus group `onnx` and its cases.txt.

Run from anywhere with /usr/bin/python3 (it needs onnx and numpy); it rewrites the .onnx
files next to it and cases.txt. Every model is small and invalid in exactly one way; the
node that is wrong is named after the case, so the error must name it (the expected string).
Models too large to commit (sparse initializers, huge npy) come from setup.sh.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
F = TP.FLOAT
I64 = TP.INT64

cases = []  # (id, expected, arguments)


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def save(case_id, nodes, inputs, outputs, inits=(), expected=None, commands=("info", "run", "calibrate"), opset=17,
         input_file="x4.npy"):
    """One model named <case_id>.onnx; its bad node is called <case_id> unless expected says."""
    graph = helper.make_graph(nodes, case_id, inputs, outputs, initializer=list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.save(model, os.path.join(HERE, case_id + ".onnx"))
    expected = expected or case_id
    for command in commands:
        path = '"$D/%s.onnx"' % case_id
        if command == "info":
            cases.append((case_id + "-info", expected, "info --model " + path))
        elif command == "run":
            cases.append((case_id + "-run", expected,
                          'run --model %s --input "$D/%s" --out "$O/y.npy"' % (path, input_file)))
        elif command == "calibrate":  # calib/ is a folder of .npy samples for one-input models
            cases.append((case_id + "-calibrate", expected,
                          'calibrate --model %s --data "$D/calib" --out "$O/plan.json"' % path))
        elif command == "info-json":
            cases.append((case_id + "-json", expected, "info --json --model " + path))


X = vi("x", F, [1, 2, 4, 4])
Y = vi("y", F, None)


def unary(case_id, op, x=X, inits=(), extra_inputs=(), **attrs):
    node = helper.make_node(op, ["x"] + list(extra_inputs), ["y"], name=case_id, **attrs)
    save(case_id, [node], [x], [Y], inits)


# --- pooling: every geometry attribute must be positive (pads non-negative) -------------------
for op in ("MaxPool", "AveragePool"):
    p = op.lower()
    unary(p + "_stride0", op, kernel_shape=[2, 2], strides=[0, 1])
    unary(p + "_stride_neg", op, kernel_shape=[2, 2], strides=[-1, 1])
    unary(p + "_kernel0", op, kernel_shape=[0, 0])
    unary(p + "_kernel_neg", op, kernel_shape=[-2, 2])
    unary(p + "_kernel_len", op, kernel_shape=[2])
    unary(p + "_pads_neg", op, kernel_shape=[2, 2], pads=[-1, 0, 0, 0])
    unary(p + "_pads_huge", op, kernel_shape=[2, 2], pads=[2 ** 62, 0, 2 ** 62, 0])
    unary(p + "_stride_huge", op, kernel_shape=[2, 2], strides=[2 ** 62, 2 ** 62], pads=[2 ** 62, 0, 0, 0])
    unary(p + "_no_kernel", op)
    unary(p + "_auto_pad_bad", op, kernel_shape=[2, 2], auto_pad="SOMETIMES")
unary("maxpool_dilation0", "MaxPool", kernel_shape=[2, 2], dilations=[0, 1])
unary("maxpool_dilation_neg", "MaxPool", kernel_shape=[2, 2], dilations=[1, -3])
unary("maxpool_dilation_huge", "MaxPool", kernel_shape=[3, 3], dilations=[2 ** 62, 1])
unary("maxpool_int_input", "MaxPool", x=vi("x", I64, [1, 2, 4, 4]), kernel_shape=[2, 2])

# --- convolution ------------------------------------------------------------------------------
W = const("w", np.ones((2, 2, 3, 3), np.float32))
W_T = const("w", np.ones((2, 2, 2, 2), np.float32))


def conv(case_id, op="Conv", weight=W, extra=(), **attrs):
    node = helper.make_node(op, ["x", "w"] + list(extra), ["y"], name=case_id, **attrs)
    save(case_id, [node], [X], [Y], [weight])


conv("conv_kernel_neg", kernel_shape=[-3, 3])
conv("conv_kernel0", kernel_shape=[0, 0])
conv("conv_kernel_mismatch", kernel_shape=[5, 5])
conv("conv_stride0", strides=[0, 1])
conv("conv_dilation0", dilations=[1, 0])
conv("conv_dilation_huge", dilations=[2 ** 62, 2 ** 62])
conv("conv_pads_neg", pads=[-1, -1, 0, 0])
conv("conv_pads_huge", pads=[2 ** 62, 2 ** 62, 2 ** 62, 2 ** 62])
conv("conv_stride_huge", strides=[2 ** 62, 2 ** 62])
conv("conv_group0", group=0)
conv("conv_group_neg", group=-2)
conv("conv_auto_pad_bad", auto_pad="ALWAYS")
conv("conv_weight_zero_dim", weight=const("w", np.ones((2, 2, 0, 3), np.float32)))
conv("conv_bias_short", extra=["b"], weight=W)
conv("conv_int_weights", weight=const("w", np.ones((2, 2, 3, 3), np.int64)))
conv("convt_output_padding", op="ConvTranspose", weight=W_T, strides=[2, 2], output_padding=[3, 3])
conv("convt_output_padding_eq", op="ConvTranspose", weight=W_T, strides=[1, 1], output_padding=[1, 1])
conv("convt_output_shape_neg", op="ConvTranspose", weight=W_T, output_shape=[-5, -5])
conv("convt_output_shape_len", op="ConvTranspose", weight=W_T, output_shape=[5])
conv("convt_stride_huge", op="ConvTranspose", weight=W_T, strides=[2 ** 62, 2 ** 62])
conv("convt_dilation_huge", op="ConvTranspose", weight=W_T, dilations=[2 ** 62, 2 ** 62])
conv("convt_kernel_neg", op="ConvTranspose", weight=W_T, kernel_shape=[-2, 2])
# conv_bias_short needs its bias: rewrite it with a 1-element bias for 2 output channels.
save("conv_bias_short", [helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv_bias_short")], [X], [Y],
     [W, const("b", np.ones((1,), np.float32))], commands=())

# --- Split / graph structure ------------------------------------------------------------------
save("split_no_outputs", [helper.make_node("Split", ["x"], [], name="split_no_outputs", axis=1)], [X], [Y],
     expected="split_no_outputs")
save("split_sizes_bad", [helper.make_node("Split", ["x", "s"], ["y", "z"], name="split_sizes_bad", axis=1)],
     [X], [Y], [const("s", np.array([3, 3], np.int64))])
save("split_sizes_neg", [helper.make_node("Split", ["x", "s"], ["y", "z"], name="split_sizes_neg", axis=1)],
     [X], [Y], [const("s", np.array([-1, 3], np.int64))])
save("split_axis_bad", [helper.make_node("Split", ["x"], ["y", "z"], name="split_axis_bad", axis=7)], [X], [Y])
save("graph_no_outputs", [helper.make_node("Relu", ["x"], ["y"], name="r")], [X], [], expected="no outputs")
save("graph_output_unknown", [helper.make_node("Relu", ["x"], ["y"], name="r")], [X], [vi("nowhere", F, None)],
     expected="nowhere")
save("graph_negative_dim", [helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", F, [1, -3, 4, 4])], [Y],
     expected="'x'")
save("graph_no_nodes_no_outputs", [], [X], [], expected="no outputs")
save("graph_duplicate_output", [helper.make_node("Relu", ["x"], ["y"], name="dup_a"),
                                helper.make_node("Relu", ["x"], ["y"], name="graph_duplicate_output")], [X], [Y])
save("graph_cycle", [helper.make_node("Add", ["x", "z"], ["y"], name="graph_cycle"),
                     helper.make_node("Relu", ["y"], ["z"], name="later")], [X], [Y])

# --- Quantize / DequantizeLinear --------------------------------------------------------------
for op in ("QuantizeLinear", "DequantizeLinear"):
    p = "q" if op == "QuantizeLinear" else "dq"
    xin = X if p == "q" else vi("x", TP.INT8, [1, 2, 4, 4])
    def qdq(case_id, scale, zero=None, axis=None):
        inputs = ["x", "s"] + (["z"] if zero is not None else [])
        inits = [scale] + ([zero] if zero is not None else [])
        attrs = {} if axis is None else {"axis": axis}
        save(case_id, [helper.make_node(op, inputs, ["y"], name=case_id, **attrs)], [xin], [Y], inits,
             commands=("info",) if p == "dq" else ("info", "run"))
    qdq(p + "_int_scale", const("s", np.array(2, np.int64)))
    qdq(p + "_float_zero", const("s", np.array(0.5, np.float32)), const("z", np.array(0.5, np.float32)))
    qdq(p + "_empty_zero", const("s", np.array(0.5, np.float32)), const("z", np.zeros((0,), np.int8)))
    qdq(p + "_empty_scale", const("s", np.zeros((0,), np.float32)))
    qdq(p + "_scale_short", const("s", np.ones((3,), np.float32)), axis=1)
    qdq(p + "_zero_short", const("s", np.ones((2,), np.float32)), const("z", np.zeros((1,), np.int8)), axis=1)
    qdq(p + "_axis_bad", const("s", np.ones((2,), np.float32)), axis=9)
    qdq(p + "_scale_rank2", const("s", np.ones((2, 1), np.float32)))

# --- integer arithmetic -----------------------------------------------------------------------
def int_binary(case_id, op, a, b, **attrs):
    save(case_id, [helper.make_node(op, ["a", "b"], ["c"], name=case_id, **attrs),
                   helper.make_node("Cast", ["c"], ["y"], name="to_float", to=F),
                   helper.make_node("Add", ["x", "y"], ["out"], name="add")],
         [X], [vi("out", F, None)], [const("a", np.array(a, np.int64)), const("b", np.array(b, np.int64))])


int_binary("div_int_by_zero", "Div", [7, 8], [1, 0])
int_binary("mod_int_by_zero", "Mod", [7, 8], [1, 0])
int_binary("mod_fmod_int_by_zero", "Mod", [7, 8], [0, 1], fmod=1)
int_binary("mod_fmod_on_int_bad", "Mod", [7, 8], [2, 2], fmod=3)

# --- float and int mixed, wrong input types ---------------------------------------------------
XI = vi("xi", I64, [1, 2, 4, 4])


def mixed(case_id, op, inputs, extra_inits=(), **attrs):
    save(case_id, [helper.make_node(op, inputs, ["y"], name=case_id, **attrs)], [X, XI], [Y], list(extra_inits))


mixed("concat_float_int", "Concat", ["x", "xi"], axis=1)
mixed("sum_float_int", "Sum", ["x", "xi"])
mixed("mean_float_int", "Mean", ["x", "xi"])
mixed("max_float_int", "Max", ["x", "xi"])
mixed("min_float_int", "Min", ["x", "xi"])
mixed("add_float_int", "Add", ["x", "xi"])
mixed("mul_float_int", "Mul", ["x", "xi"])
mixed("where_float_cond", "Where", ["x", "x", "x"])
mixed("where_float_int", "Where", ["c", "x", "xi"], [const("c", np.ones((1, 2, 4, 4), bool))])
mixed("equal_float_int", "Equal", ["x", "xi"])
mixed("gemm_int", "Gemm", ["g", "h"], [const("g", np.ones((2, 2), np.int64)), const("h", np.ones((2, 2), np.float32))])
mixed("matmul_float_int", "MatMul", ["x", "xi"])
mixed("prelu_int_slope", "PRelu", ["x", "xi"])
mixed("batchnorm_int_input", "BatchNormalization", ["xi", "s2", "s2", "s2", "s2"], [const("s2", np.ones(2, np.float32))])
mixed("batchnorm_int_scale", "BatchNormalization", ["x", "i2", "s2", "s2", "s2"],
      [const("s2", np.ones(2, np.float32)), const("i2", np.ones(2, np.int64))])
mixed("instnorm_int_input", "InstanceNormalization", ["xi", "s2", "s2"], [const("s2", np.ones(2, np.float32))])
mixed("layernorm_int_scale", "LayerNormalization", ["x", "i4"], [const("i4", np.ones(4, np.int64))])
mixed("not_on_float", "Not", ["x"])
mixed("and_on_float", "And", ["x", "x"])
mixed("relu_on_int", "Relu", ["xi"])
mixed("sigmoid_on_int", "Sigmoid", ["xi"])
mixed("softmax_on_int", "Softmax", ["xi"])
mixed("gather_float_indices", "Gather", ["x", "fi"], [const("fi", np.array([0.0, 1.0], np.float32))], axis=1)
mixed("gather_index_oob", "Gather", ["x", "ii"], [const("ii", np.array([0, 5], np.int64))], axis=1)
mixed("gather_axis_bad", "Gather", ["x", "ii"], [const("ii", np.array([0], np.int64))], axis=4)
mixed("cast_unknown_type", "Cast", ["x"], to=99)
mixed("cast_string_type", "Cast", ["x"], to=TP.STRING)
mixed("cast_no_to", "Cast", ["x"])
mixed("clip_int_bounds", "Clip", ["x", "cl", "ch"], [const("cl", np.array(0, np.int64)), const("ch", np.array(1, np.int64))])
mixed("reshape_float_shape", "Reshape", ["x", "rs"], [const("rs", np.array([1.0, 32.0], np.float32))])
mixed("resize_int_scales", "Resize", ["x", "", "sc"], [const("sc", np.array([1, 1, 2, 2], np.int64))])

# --- per-channel parameters shorter / longer than the channel count ----------------------------
XC = vi("x", F, [1, 8, 4, 4])


def perchannel(case_id, op, inputs, inits, x=XC, **attrs):
    save(case_id, [helper.make_node(op, inputs, ["y"], name=case_id, **attrs)], [x], [Y], inits,
         input_file="x8.npy")


one = lambda n: np.ones(n, np.float32)
perchannel("instnorm_scale_short", "InstanceNormalization", ["x", "s", "b"], [const("s", one(2)), const("b", one(8))])
perchannel("instnorm_bias_short", "InstanceNormalization", ["x", "s", "b"], [const("s", one(8)), const("b", one(1))])
perchannel("instnorm_scale_long", "InstanceNormalization", ["x", "s", "b"], [const("s", one(4096)), const("b", one(8))])
perchannel("instnorm_rank1", "InstanceNormalization", ["x", "s", "b"], [const("s", one(1)), const("b", one(1))],
           x=vi("x", F, [8]))
perchannel("instnorm_rank2", "InstanceNormalization", ["x", "s", "b"], [const("s", one(8)), const("b", one(8))],
           x=vi("x", F, [1, 8]))
perchannel("instnorm_scale_rank2", "InstanceNormalization", ["x", "s", "b"],
           [const("s", np.ones((2, 4), np.float32)), const("b", one(8))])
perchannel("instnorm_missing_bias", "InstanceNormalization", ["x", "s"], [const("s", one(8))])
for i, part in enumerate(("scale", "bias", "mean", "var")):
    params = [one(8)] * 4
    params[i] = one(3)
    perchannel("batchnorm_%s_short" % part, "BatchNormalization", ["x", "p0", "p1", "p2", "p3"],
               [const("p%d" % k, params[k]) for k in range(4)])
perchannel("batchnorm_rank1", "BatchNormalization", ["x", "p", "p", "p", "p"], [const("p", one(8))],
           x=vi("x", F, [8]))
perchannel("batchnorm_missing_var", "BatchNormalization", ["x", "p", "p", "p"], [const("p", one(8))])
perchannel("layernorm_scale_short", "LayerNormalization", ["x", "s"], [const("s", one(3))])
perchannel("layernorm_axis_bad", "LayerNormalization", ["x", "s"], [const("s", one(4))], axis=6)
perchannel("prelu_slope_short", "PRelu", ["x", "s"], [const("s", np.ones((3, 1, 1), np.float32))])

# --- zero-size tensors ------------------------------------------------------------------------
# A graph input of size 0 is refused by name ('x'); zero-size constants reach the operators.
save("input_zero_dim", [helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", F, [1, 2, 0, 4])], [Y],
     expected="'x'", commands=("info",))
V0 = np.zeros((1, 2, 0, 4), np.float32)


def zero_size(case_id, op, extra_inputs=(), extra_inits=(), **attrs):
    save(case_id, [helper.make_node(op, ["v"] + list(extra_inputs), ["t"], name=case_id, **attrs),
                   helper.make_node("Add", ["x", "t"], ["y"], name="use")], [X], [Y],
         [const("v", V0)] + list(extra_inits))


zero_size("pad_zero_size", "Pad", ["p"], [const("p", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))], mode="reflect")
zero_size("pad_edge_zero_size", "Pad", ["p"], [const("p", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))], mode="edge")
zero_size("resize_zero_size", "Resize", ["", "s"], [const("s", np.array([1, 1, 2, 2], np.float32))])
zero_size("gap_zero_size", "GlobalAveragePool")
zero_size("gmp_zero_size", "GlobalMaxPool")
zero_size("maxpool_zero_size", "MaxPool", kernel_shape=[1, 1])
zero_size("reduce_zero_size", "ReduceMax", keepdims=1)
zero_size("instnorm_zero_size", "InstanceNormalization", ["s", "b"], [const("s", np.ones(2, np.float32)),
                                                                      const("b", np.ones(2, np.float32))])
save("pad_reflect_too_wide", [helper.make_node("Pad", ["x", "p"], ["y"], name="pad_reflect_too_wide",
                                               mode="reflect")], [X], [Y],
     [const("p", np.array([0, 0, 9, 9, 0, 0, 9, 9], np.int64))])
save("pad_negative_too_much", [helper.make_node("Pad", ["x", "p"], ["y"], name="pad_negative_too_much")], [X], [Y],
     [const("p", np.array([0, 0, -3, -3, 0, 0, -3, -3], np.int64))])
save("pad_len_bad", [helper.make_node("Pad", ["x", "p"], ["y"], name="pad_len_bad")], [X], [Y],
     [const("p", np.array([1, 1], np.int64))])
save("pad_mode_bad", [helper.make_node("Pad", ["x", "p"], ["y"], name="pad_mode_bad", mode="mirror")], [X], [Y],
     [const("p", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))])
save("pad_huge", [helper.make_node("Pad", ["x", "p"], ["y"], name="pad_huge")], [X], [Y],
     [const("p", np.array([0, 0, 2 ** 62, 2 ** 62, 0, 0, 2 ** 62, 2 ** 62], np.int64))])
save("resize_scale_neg", [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize_scale_neg")], [X], [Y],
     [const("s", np.array([1, 1, -2, 2], np.float32))])
save("resize_scale_nan", [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize_scale_nan")], [X], [Y],
     [const("s", np.array([1, 1, np.nan, 2], np.float32))])
save("resize_scale_huge", [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize_scale_huge")], [X], [Y],
     [const("s", np.array([1, 1, 1e30, 1e30], np.float32))])
save("resize_sizes_neg", [helper.make_node("Resize", ["x", "", "", "s"], ["y"], name="resize_sizes_neg")], [X], [Y],
     [const("s", np.array([1, 2, -8, 8], np.int64))])
save("resize_scales_len", [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize_scales_len")], [X], [Y],
     [const("s", np.array([2, 2], np.float32))])
save("resize_mode_bad", [helper.make_node("Resize", ["x", "", "s"], ["y"], name="resize_mode_bad", mode="magic")],
     [X], [Y], [const("s", np.array([1, 1, 2, 2], np.float32))])
save("gap_rank2", [helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap_rank2")], [vi("x", F, [1, 2])], [Y])

# --- shape arithmetic -------------------------------------------------------------------------
def shape_op(case_id, op, inputs, inits, **attrs):
    save(case_id, [helper.make_node(op, inputs, ["t"], name=case_id, **attrs),
                   helper.make_node("Add", ["x", "t"], ["y"], name="use")], [X], [Y], inits)


shape_op("range_empty_start", "Range", ["a", "b", "c"], [const("a", np.zeros((0,), np.float32)),
                                                         const("b", np.array(4, np.float32)),
                                                         const("c", np.array(1, np.float32))])
shape_op("range_delta0", "Range", ["a", "b", "c"], [const("a", np.array(0, np.int64)), const("b", np.array(4, np.int64)),
                                                    const("c", np.array(0, np.int64))])
shape_op("range_huge", "Range", ["a", "b", "c"], [const("a", np.array(0, np.int64)),
                                                  const("b", np.array(2 ** 62, np.int64)),
                                                  const("c", np.array(1, np.int64))])
shape_op("range_overflow", "Range", ["a", "b", "c"], [const("a", np.array(-2 ** 63, np.int64)),
                                                      const("b", np.array(2 ** 63 - 1, np.int64)),
                                                      const("c", np.array(2 ** 62, np.int64))])
shape_op("range_nan", "Range", ["a", "b", "c"], [const("a", np.array(0, np.float32)),
                                                 const("b", np.array(np.nan, np.float32)),
                                                 const("c", np.array(1, np.float32))])
shape_op("range_mixed_types", "Range", ["a", "b", "c"], [const("a", np.array(0, np.float32)),
                                                         const("b", np.array(4, np.int64)),
                                                         const("c", np.array(1, np.float32))])
shape_op("expand_bomb", "Expand", ["v", "s"], [const("v", np.ones((1,), np.float32)),
                                               const("s", np.array([1 << 16, 1 << 15], np.int64))])
shape_op("expand_neg", "Expand", ["v", "s"], [const("v", np.ones((1,), np.float32)),
                                              const("s", np.array([-4, 4], np.int64))])
shape_op("expand_overflow", "Expand", ["v", "s"], [const("v", np.ones((1,), np.float32)),
                                                   const("s", np.array([2 ** 40, 2 ** 40], np.int64))])
shape_op("tile_bomb", "Tile", ["v", "r"], [const("v", np.ones((4, 4), np.float32)),
                                           const("r", np.array([1 << 14, 1 << 14], np.int64))])
shape_op("tile_neg", "Tile", ["v", "r"], [const("v", np.ones((4, 4), np.float32)), const("r", np.array([-1, 2], np.int64))])
shape_op("tile_overflow", "Tile", ["v", "r"], [const("v", np.ones((4, 4), np.float32)),
                                               const("r", np.array([2 ** 62, 2 ** 62], np.int64))])
shape_op("tile_len_bad", "Tile", ["v", "r"], [const("v", np.ones((4, 4), np.float32)), const("r", np.array([2], np.int64))])
shape_op("cos_bomb", "ConstantOfShape", ["s"], [const("s", np.array([1 << 16, 1 << 15], np.int64))])
shape_op("cos_neg", "ConstantOfShape", ["s"], [const("s", np.array([4, -4], np.int64))])
shape_op("cos_overflow", "ConstantOfShape", ["s"], [const("s", np.array([2 ** 62, 2 ** 62, 4], np.int64))])
shape_op("cos_float_shape", "ConstantOfShape", ["s"], [const("s", np.array([4.0, 4.0], np.float32))])
shape_op("reshape_two_minus1", "Reshape", ["v", "s"], [const("v", np.ones((4, 4), np.float32)),
                                                       const("s", np.array([-1, -1], np.int64))])
shape_op("reshape_neg", "Reshape", ["v", "s"], [const("v", np.ones((4, 4), np.float32)),
                                                const("s", np.array([-4, -4], np.int64))])
shape_op("reshape_count_bad", "Reshape", ["v", "s"], [const("v", np.ones((4, 4), np.float32)),
                                                      const("s", np.array([3, 5], np.int64))])
shape_op("reshape_huge", "Reshape", ["v", "s"], [const("v", np.ones((4, 4), np.float32)),
                                                 const("s", np.array([2 ** 62, 2 ** 62, 0], np.int64))])
shape_op("slice_step0", "Slice", ["v", "st", "en", "ax", "sp"],
         [const("v", np.ones((4, 4), np.float32)), const("st", np.array([0], np.int64)),
          const("en", np.array([4], np.int64)), const("ax", np.array([0], np.int64)), const("sp", np.array([0], np.int64))])
shape_op("slice_axis_bad", "Slice", ["v", "st", "en", "ax"],
         [const("v", np.ones((4, 4), np.float32)), const("st", np.array([0], np.int64)),
          const("en", np.array([4], np.int64)), const("ax", np.array([5], np.int64))])
shape_op("slice_len_mismatch", "Slice", ["v", "st", "en"],
         [const("v", np.ones((4, 4), np.float32)), const("st", np.array([0, 0], np.int64)),
          const("en", np.array([4], np.int64))])
shape_op("transpose_perm_bad", "Transpose", ["v"], [const("v", np.ones((4, 4), np.float32))], perm=[0, 0])
shape_op("transpose_perm_len", "Transpose", ["v"], [const("v", np.ones((4, 4), np.float32))], perm=[0, 1, 2])
shape_op("squeeze_not_one", "Squeeze", ["v", "a"], [const("v", np.ones((4, 4), np.float32)), const("a", np.array([0], np.int64))])
shape_op("unsqueeze_dup", "Unsqueeze", ["v", "a"], [const("v", np.ones((4, 4), np.float32)),
                                                    const("a", np.array([0, 0], np.int64))])
shape_op("flatten_axis_bad", "Flatten", ["v"], [const("v", np.ones((4, 4), np.float32))], axis=9)
shape_op("concat_axis_bad", "Concat", ["v", "v"], [const("v", np.ones((4, 4), np.float32))], axis=3)
shape_op("concat_no_inputs", "Concat", [], [], axis=0)
shape_op("softmax_axis_bad", "Softmax", ["v"], [const("v", np.ones((4, 4), np.float32))], axis=5)
shape_op("reduce_axes_bad", "ReduceSum", ["v", "a"], [const("v", np.ones((4, 4), np.float32)),
                                                      const("a", np.array([7], np.int64))])
shape_op("matmul_mismatch", "MatMul", ["v", "w"], [const("v", np.ones((4, 4), np.float32)),
                                                   const("w", np.ones((3, 4), np.float32))])
shape_op("gemm_rank3", "Gemm", ["v", "w"], [const("v", np.ones((2, 4, 4), np.float32)),
                                            const("w", np.ones((4, 4), np.float32))])
shape_op("gemm_mismatch", "Gemm", ["v", "w"], [const("v", np.ones((4, 3), np.float32)),
                                               const("w", np.ones((4, 4), np.float32))])
shape_op("clip_min_vector", "Clip", ["v", "lo"], [const("v", np.ones((4, 4), np.float32)),
                                                  const("lo", np.ones((2,), np.float32))])
shape_op("depth_of_unsupported", "SpaceToDepth", ["v"], [const("v", np.ones((1, 1, 4, 4), np.float32))], blocksize=2)

# --- initializers and attributes that lie -----------------------------------------------------
def bare_model(case_id, inits, nodes=None, expected=None):
    nodes = nodes or [helper.make_node("Add", ["x", "w"], ["y"], name="use_w")]
    save(case_id, nodes, [X], [Y], inits, expected=expected)


t = onnx.TensorProto(name="w", data_type=F, dims=[4, 4])
t.float_data.extend([1.0] * 5)
bare_model("init_too_few_values", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=F, dims=[4])
t.raw_data = b"\0" * 3
bare_model("init_raw_size_bad", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=F, dims=[2 ** 31 - 1])
bare_model("init_huge_no_data", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=F, dims=[-4])
bare_model("init_negative_dim", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=F, dims=[2 ** 40, 2 ** 40])
bare_model("init_dims_overflow", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=TP.STRING, dims=[1])
t.string_data.append(b"x")
bare_model("init_string", [t], expected="'w'")
t = onnx.TensorProto(name="w", data_type=77, dims=[1])
bare_model("init_unknown_type", [t], expected="'w'")
t = helper.make_tensor("w", F, [4], [1.0] * 4)
t.data_location = TP.EXTERNAL
t.ClearField("float_data")
for k, v in (("location", "../../../etc/passwd"), ("offset", "0"), ("length", "16")):
    e = t.external_data.add(); e.key, e.value = k, v
bare_model("init_external_traversal", [t], expected="etc/passwd")
t = helper.make_tensor("w", F, [4], [1.0] * 4)
t.data_location = TP.EXTERNAL
t.ClearField("float_data")
for k, v in (("location", "weights.bin"), ("offset", "0"), ("length", "16")):
    e = t.external_data.add(); e.key, e.value = k, v
bare_model("init_external_missing", [t], expected="weights.bin")

# Unknown op, unknown domain, too-old/new opsets, bad attribute type.
save("op_unknown", [helper.make_node("FooBar", ["x"], ["y"], name="op_unknown")], [X], [Y])
save("op_custom_domain", [helper.make_node("Relu", ["x"], ["y"], name="op_custom_domain", domain="com.example")],
     [X], [Y])
save("opset_too_new", [helper.make_node("Relu", ["x"], ["y"], name="r")], [X], [Y], opset=99, expected="opset 99")
save("opset_too_old", [helper.make_node("Relu", ["x"], ["y"], name="r")], [X], [Y], opset=3, expected="opset 3")
save("attr_wrong_kind", [helper.make_node("MaxPool", ["x"], ["y"], name="attr_wrong_kind", kernel_shape=2.5)], [X], [Y])
save("leakyrelu_alpha_ints", [helper.make_node("LeakyRelu", ["x"], ["y"], name="leakyrelu_alpha_ints", alpha=[1, 2])],
     [X], [Y])
save("input_no_shape", [helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", F, None)], [Y],
     expected="'x'", commands=("info",))
save("input_string_type", [helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", TP.STRING, [1])], [Y],
     expected="'x'", commands=("info",))
save("input_huge_dims", [helper.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", F, [2 ** 40, 2 ** 40])], [Y],
     expected="'x'", commands=("info",))
save("softmax_rank0", [helper.make_node("Softmax", ["x"], ["y"], name="softmax_rank0")], [vi("x", F, [])], [Y],
     commands=("info",))
np.save(os.path.join(HERE, "x4.npy"), np.ones((1, 2, 4, 4), np.float32))
os.makedirs(os.path.join(HERE, "calib"), exist_ok=True)
np.save(os.path.join(HERE, "calib", "sample0.npy"), np.ones((1, 2, 4, 4), np.float32))
np.save(os.path.join(HERE, "x8.npy"), np.ones((1, 8, 4, 4), np.float32))

with open(os.path.join(HERE, "cases.txt"), "w") as out:
    out.write("# Generated by make_models.py (do not edit): malformed ONNX models, one defect each.\n")
    for case_id, expected, arguments in cases:
        out.write("%s\t%s\t%s\n" % (case_id, expected, arguments))
print("%d models, %d cases" % (len([f for f in os.listdir(HERE) if f.endswith(".onnx")]), len(cases)))
