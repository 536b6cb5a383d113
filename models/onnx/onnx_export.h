// Graph IR -> ONNX ModelProto: the inverse of import for what a Graph holds (run-time
// nodes with their attributes, the constants they read as initializers, inputs and outputs
// with their shapes). Used to write models npusim derives (the QDQ export of a plan).
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "models/graph/graph.h"

namespace npusim::models {

onnx::ModelProto export_onnx_model(const Graph& graph);

// A tensor as a TensorProto: float32 data as FLOAT, int64 data as `int_element_type`
// (INT64 by default; INT8/UINT8/INT16/UINT16/INT32 are written as such, values checked).
onnx::TensorProto tensor_to_proto(const std::string& name, const Tensor& tensor,
                                  int int_element_type = onnx::TensorProto::INT64);

// Writes the model atomically (a failed write leaves no file).
void save_onnx_model(const std::string& path, const onnx::ModelProto& model);

}  // namespace npusim::models
