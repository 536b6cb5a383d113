// `npusim calibrate`: post-training quantization of an ONNX model on a depth data set into a
// QuantPlan (models/ptq/calibrate.h; docs/ptq.md). Nothing is written unless the whole plan
// was built and validated, and the plan is checked by lowering it once against the model.
#include <iostream>

#include "models/data/depth_dataset.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "models/ptq/calibrate.h"
#include "models/ptq/calibration_set.h"
#include "sim/cli/calibration_options.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_calibrate(const std::vector<std::string>& args) {
  po::options_description options("calibrate options");
  std::string model_path, data_dir, out_path;
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "float ONNX model")
      ("data", po::value<std::string>(&data_dir)->required(), "depth data set (calibration images)")
      ("out", po::value<std::string>(&out_path)->required(), "QuantPlan JSON to write");
  add_calibration_options(options);
  po::variables_map values;
  if (!parse_options("calibrate", "--model M.onnx --data DIR --out plan.json [options]", options, args, &values)) {
    return kExitOk;
  }
  const CalibrationRequest request = calibration_request_from(values);
  const models::Graph graph = models::load_onnx_model(model_path);
  const quant::QuantPlan plan = calibrate_on_dataset(graph, data_dir, request, std::cerr);
  // Proof that the plan runs: lowering checks every operation against the model.
  golden::lower_plan(graph, plan, out_path);
  quant::save_quant_plan(out_path, plan);
  std::cout << "plan " << out_path << ": " << plan.operations.size() << " operations, " << plan.tensors.size()
            << " tensors, precision " << ptq::precision_name(request.options.precision) << ", observer "
            << request.options.observer << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
