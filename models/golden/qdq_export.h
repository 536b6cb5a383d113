// A QuantPlan as a QDQ ONNX model (QuantizeLinear/DequantizeLinear around every stored
// tensor, quantized weights and int32 biases behind DequantizeLinear), the form ONNX
// Runtime and TensorRT run as integer networks. What a QDQ model cannot say exactly is
// documented in docs/ptq.md ("QDQ export"): ONNX Runtime requantizes in float, evaluates
// tables and resize weights in float, and knows no 12-bit containers.
#pragma once

#include <onnx/onnx_pb.h>

#include "models/golden/program.h"

namespace npusim::golden {

// The program's (BatchNorm-folded) graph with the plan's grids. Integer grids of 2..8 bits
// use INT8/UINT8 in the default domain (opset >= 13 needed for per-axis weights), 9..16 bits
// INT16/UINT16 in the com.microsoft domain (ONNX Runtime's contrib QuantizeLinear); float
// formats become Cast pairs. Throws naming the tensor for what it cannot express.
onnx::ModelProto export_qdq_model(const GoldenProgram& program, const quant::QuantPlan& plan);

}  // namespace npusim::golden
