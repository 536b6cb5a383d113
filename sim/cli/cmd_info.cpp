// `npusim info`: model facts (models/info/model_info.h) as text or JSON.
#include <iostream>

#include "models/info/model_info.h"
#include "models/onnx/onnx_import.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_info(const std::vector<std::string>& args) {
  std::string model_path;
  bool as_json = false;
  std::int64_t batch = 1;
  po::options_description options("options");
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "ONNX model file")
      ("batch", po::value<std::int64_t>(&batch)->default_value(1), "value for dynamic (symbolic) input dimensions")
      ("json", po::bool_switch(&as_json), "print JSON (schema npusim.model_info/1) instead of text");
  po::variables_map values;
  if (!parse_options("info", "--model M.onnx [--json] [--batch N]", options, args, &values)) return kExitOk;
  if (batch < 1 || batch > 4096) throw UsageError("--batch must lie in 1..4096");
  models::ImportOptions import_options;
  import_options.dynamic_dim_value = batch;
  const models::Graph graph = models::load_onnx_model(model_path, import_options);
  const models::ModelFacts facts = models::compute_model_facts(graph);
  if (as_json) std::cout << models::model_facts_to_json(facts).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << models::model_facts_to_text(facts);
  return kExitOk;
}

}  // namespace npusim::cli
