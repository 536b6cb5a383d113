// ONNX model import (Debian libonnx protobuf classes) into the Graph IR.
//
// What the importer guarantees about the Graph it returns:
// - every node is a supported default-domain operator (otherwise: an error naming the
//   operator type, the node and the supported list; nothing is skipped silently);
// - every value has a static shape and type: symbolic dimensions are fixed from
//   ImportOptions, then shapes are inferred node by node;
// - Constant nodes and everything computable from constants and shapes (the
//   Shape/Gather/Unsqueeze/Concat/Cast chains exporters emit for sizes) are folded into
//   Graph::constants, so Graph::nodes holds only the work left for run time;
// - external tensor data is read only from files inside the model's directory; absurd
//   shapes and sizes are rejected before anything is allocated.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "models/graph/graph.h"

namespace onnx {
class ModelProto;
}

namespace npusim::models {

struct ImportOptions {
  // Shape per graph input name; overrides what the file declares.
  std::map<std::string, Shape> input_shapes;
  // Value given to symbolic dimensions ("batch", "N", unknown) that no override fixes.
  std::int64_t dynamic_dim_value = 1;
};

// Opset range of the default domain that the importer accepts (tested on 11 to 17).
constexpr int kMinSupportedOpset = 7;
constexpr int kMaxSupportedOpset = 18;

// Reads and imports a .onnx file. Throws std::runtime_error naming the file (and the node
// or tensor) on any problem.
Graph load_onnx_model(const std::string& path, const ImportOptions& options = {});

// Imports an already parsed model. `model_dir` is where external data files must live;
// `source_name` names the model in error messages.
Graph import_onnx_model(const onnx::ModelProto& model, const std::string& model_dir,
                        const std::string& source_name, const ImportOptions& options = {});

// Runs shape inference and constant folding over a Graph whose nodes, constants and
// input value infos are set (the second half of import_onnx_model; tests use it directly).
void infer_and_fold(Graph& graph);

}  // namespace npusim::models
