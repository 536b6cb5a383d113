// `npusim export-qdq`: a QuantPlan as a QDQ ONNX model for ONNX Runtime and other
// runtimes (models/golden/qdq_export.h; docs/ptq.md, "QDQ export").
#include <iostream>

#include "models/golden/lower_plan.h"
#include "models/golden/qdq_export.h"
#include "models/onnx/onnx_export.h"
#include "models/onnx/onnx_import.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_export_qdq(const std::vector<std::string>& args) {
  std::string model_path, plan_path, out_path;
  po::options_description options("export-qdq options");
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "float ONNX model")
      ("plan", po::value<std::string>(&plan_path)->required(), "its QuantPlan")
      ("out", po::value<std::string>(&out_path)->required(), "QDQ ONNX model to write");
  po::variables_map values;
  if (!parse_options("export-qdq", "--model M.onnx --plan P.json --out Q.onnx", options, args, &values)) return kExitOk;
  const quant::QuantPlan plan = quant::load_quant_plan(plan_path);
  const golden::GoldenProgram program = golden::lower_plan(models::load_onnx_model(model_path), plan, plan_path);
  const onnx::ModelProto model = golden::export_qdq_model(program, plan);
  models::save_onnx_model(out_path, model);
  std::cout << "QDQ model " << out_path << ": " << model.graph().node_size() << " nodes, "
            << model.graph().initializer_size() << " initializers\n";
  return kExitOk;
}

}  // namespace npusim::cli
