#!/usr/bin/python3
"""Writes the tiny ONNX seed models of corpus/onnx_import/ (run from tests/fuzz/).

Each model is a few hundred bytes and exercises one corner of the importer: convolution
and activations, the Shape/Gather/Concat/Reshape chains exporters emit (constant folding),
broadcasting, pooling, resize, matmul and softmax, a symbolic batch dimension, a
Constant node, and a few models the importer must reject (unknown op, bad opset, a
dangling input, external data outside the model's folder)."""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = "corpus/onnx_import/"


def save(name, nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    with open(OUT + name + ".onnx", "wb") as f:
        f.write(model.SerializeToString())


def vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


rng = np.random.default_rng(0)
save("conv_relu",
     [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], strides=[2, 2]),
      helper.make_node("Relu", ["c"], ["y"])],
     [vi("x", [1, 2, 5, 5])], [vi("y", [1, 3, 3, 3])],
     [init("w", rng.standard_normal((3, 2, 3, 3)).astype(np.float32)), init("b", np.zeros(3, np.float32))])
save("shape_chain",
     [helper.make_node("Shape", ["x"], ["s"]),
      helper.make_node("Gather", ["s", "i0"], ["n"], axis=0),
      helper.make_node("Unsqueeze", ["n", "ax"], ["n1"]),
      helper.make_node("Concat", ["n1", "m1"], ["ns"], axis=0),
      helper.make_node("Reshape", ["x", "ns"], ["y"])],
     [vi("x", ["batch", 2, 3])], [vi("y", None)],
     [init("i0", np.array(0, np.int64)), init("ax", np.array([0], np.int64)), init("m1", np.array([-1], np.int64))])
save("broadcast_add_mul",
     [helper.make_node("Add", ["x", "c"], ["a"]), helper.make_node("Mul", ["a", "x"], ["m"]),
      helper.make_node("Sigmoid", ["m"], ["y"])],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])], [init("c", np.ones((3, 1, 1), np.float32))])
save("pool_resize",
     [helper.make_node("MaxPool", ["x"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
      helper.make_node("Resize", ["p", "", "sc"], ["y"], mode="nearest")],
     [vi("x", [1, 1, 4, 4])], [vi("y", [1, 1, 4, 4])], [init("sc", np.array([1, 1, 2, 2], np.float32))])
save("matmul_softmax",
     [helper.make_node("MatMul", ["x", "w"], ["m"]), helper.make_node("Softmax", ["m"], ["y"], axis=-1)],
     [vi("x", [2, 4])], [vi("y", [2, 3])], [init("w", rng.standard_normal((4, 3)).astype(np.float32))])
save("constant_node",
     [helper.make_node("Constant", [], ["k"], value=helper.make_tensor("k", TensorProto.FLOAT, [2], [1.0, 2.0])),
      helper.make_node("Add", ["x", "k"], ["y"])],
     [vi("x", [2])], [vi("y", [2])])
save("unknown_op", [helper.make_node("FancyOp", ["x"], ["y"])], [vi("x", [1])], [vi("y", [1])])
save("opset_99", [helper.make_node("Relu", ["x"], ["y"])], [vi("x", [1])], [vi("y", [1])], opset=99)
save("dangling_input", [helper.make_node("Add", ["x", "nowhere"], ["y"])], [vi("x", [1])], [vi("y", [1])])
ext = init("w", np.ones(4, np.float32))
ext.ClearField("raw_data")
ext.data_location = TensorProto.EXTERNAL
ext.external_data.add(key="location", value="../../etc/passwd")
save("external_outside", [helper.make_node("Add", ["x", "w"], ["y"])], [vi("x", [4])], [vi("y", [4])], [ext])
bad = init("w", np.ones(4, np.float32))
bad.dims[:] = [4, 1000000000]
save("dims_mismatch", [helper.make_node("Add", ["x", "w"], ["y"])], [vi("x", [4])], [vi("y", [4])], [bad])
