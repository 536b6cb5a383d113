"""Writes a one-node-pair ONNX model: y = QuantizeLinear(x, scale, zero_point) and
x_back = DequantizeLinear(y, scale, zero_point) (opset 13, per tensor), for the ONNX Runtime
cross-check in tests/quant/quantize_linear_ort_test.cpp.

Usage: make_quantize_linear_model.py OUT.onnx SCALE_BITS_HEX ZERO_POINT uint8|int8
SCALE_BITS_HEX is the float32 scale's bit pattern (so the scale is exact). Exit code 3 when
the onnx package cannot be imported (the test then skips).
"""
import struct
import sys

try:
    import onnx
    from onnx import TensorProto, helper
except ImportError as error:
    print(f"make_quantize_linear_model: {error}", file=sys.stderr)
    sys.exit(3)


def main():
    out_path, scale_hex, zero_point, dtype = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    scale = struct.unpack("<f", struct.pack("<I", int(scale_hex, 16)))[0]
    code_type = {"uint8": TensorProto.UINT8, "int8": TensorProto.INT8}[dtype]
    initializers = [
        helper.make_tensor("scale", TensorProto.FLOAT, [], [scale]),
        helper.make_tensor("zero_point", code_type, [], [zero_point]),
    ]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "scale", "zero_point"], ["y"]),
        helper.make_node("DequantizeLinear", ["y", "scale", "zero_point"], ["x_back"]),
    ]
    graph = helper.make_graph(
        nodes, "quantize_linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n"])],
        [helper.make_tensor_value_info("y", code_type, ["n"]),
         helper.make_tensor_value_info("x_back", TensorProto.FLOAT, ["n"])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


if __name__ == "__main__":
    main()
