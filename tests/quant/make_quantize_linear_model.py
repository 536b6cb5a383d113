"""Writes a small ONNX model: codes = QuantizeLinear(x, scale, zero_point) and
x_back = DequantizeLinear(codes, scale, zero_point) (per tensor), for the ONNX Runtime
cross-check in tests/quant/quantize_linear_ort_test.cpp. 8-bit codes use opset 13 and are
the output y; 16-bit codes need opset 21 and are cast to int32 for the output y (the .npy
writer of run_ort.js has no int16).

Usage: make_quantize_linear_model.py OUT.onnx SCALE_BITS_HEX ZERO_POINT uint8|int8|uint16|int16
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
    code_type = {"uint8": TensorProto.UINT8, "int8": TensorProto.INT8,
                 "uint16": TensorProto.UINT16, "int16": TensorProto.INT16}[dtype]
    wide = dtype.endswith("16")
    initializers = [
        helper.make_tensor("scale", TensorProto.FLOAT, [], [scale]),
        helper.make_tensor("zero_point", code_type, [], [zero_point]),
    ]
    codes = "codes" if wide else "y"
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "scale", "zero_point"], [codes]),
        helper.make_node("DequantizeLinear", [codes, "scale", "zero_point"], ["x_back"]),
    ]
    if wide:
        nodes.append(helper.make_node("Cast", [codes], ["y"], to=TensorProto.INT32))
    graph = helper.make_graph(
        nodes, "quantize_linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n"])],
        [helper.make_tensor_value_info("y", TensorProto.INT32 if wide else code_type, ["n"]),
         helper.make_tensor_value_info("x_back", TensorProto.FLOAT, ["n"])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21 if wide else 13)])
    model.ir_version = 10 if wide else 8
    if not wide:  # onnx 1.12's checker predates opset 21
        onnx.checker.check_model(model)
    onnx.save(model, out_path)


if __name__ == "__main__":
    main()
