// ONNX TensorProto -> Tensor, including external data files.
#pragma once

#include <string>

#include "models/graph/tensor.h"

namespace onnx {
class TensorProto;
}

namespace npusim::models {

// Converts one TensorProto. Float types (float, double, float16, bfloat16) become float32;
// integer and bool types become int64 values. External data is read only from a relative
// path inside `model_dir` (absolute paths, '..' components and symlinks leading outside
// are rejected). `where` names the model and tensor in error messages. Sizes are checked
// against the declared shape before any allocation.
Tensor tensor_from_proto(const onnx::TensorProto& proto, const std::string& model_dir, const std::string& where);

}  // namespace npusim::models
