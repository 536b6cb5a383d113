// `npusim profile`: per-layer diagnostics of a QuantPlan on a depth data set
// (models/analysis/profile.h; docs/ptq.md, "Profile").
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "models/analysis/profile.h"
#include "models/data/depth_dataset.h"
#include "models/executor/tensor_files.h"
#include "models/golden/lower_plan.h"
#include "models/onnx/onnx_import.h"
#include "models/ptq/calibration_set.h"
#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "quant/io/npy.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

// JSON has no infinity: an exact layer (SQNR +inf) is written as null.
nlohmann::json finite_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

nlohmann::json layer_json(const analysis::LayerProfile& layer) {
  const quant::MetricValues& m = layer.vs_float;
  return {{"tensor", layer.tensor},
          {"operation", layer.operation},
          {"kind", layer.kind},
          {"format", layer.format},
          {"sqnr_db", finite_or_null(m.sqnr_db)},
          {"cosine", m.cosine},
          {"max_abs_error", m.max_abs_error},
          {"saturation_rate", m.saturation_rate},
          {"clipped_energy", m.clipped_energy},
          {"code_utilization", m.code_utilization},
          {"used_codes", m.used_codes},
          {"available_codes", m.available_codes},
          {"effective_bits", m.effective_bits},
          {"fake_quant_sqnr_db", finite_or_null(layer.fake_sqnr_db)},
          {"fake_quant_max_abs_error", layer.fake_max_abs_error},
          {"code_mismatch_rate", layer.code_mismatch_rate},
          {"max_code_difference", layer.max_code_difference}};
}

const char* kCsvHeader =
    "tensor,operation,kind,format,sqnr_db,cosine,max_abs_error,saturation_rate,clipped_energy,code_utilization,"
    "used_codes,available_codes,effective_bits,fake_quant_sqnr_db,fake_quant_max_abs_error,code_mismatch_rate,"
    "max_code_difference";

std::string csv_row(const analysis::LayerProfile& layer) {
  const quant::MetricValues& m = layer.vs_float;
  char numbers[512];
  std::snprintf(numbers, sizeof numbers, "%.6g,%.9g,%.6g,%.6g,%.6g,%.6g,%zu,%zu,%.6g,%.6g,%.6g,%.6g,%lld", m.sqnr_db,
                m.cosine, m.max_abs_error, m.saturation_rate, m.clipped_energy, m.code_utilization, m.used_codes,
                m.available_codes, m.effective_bits, layer.fake_sqnr_db, layer.fake_max_abs_error,
                layer.code_mismatch_rate, static_cast<long long>(layer.max_code_difference));
  // Tensor names may hold commas: quote them.
  const auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  return quoted(layer.tensor) + "," + quoted(layer.operation) + "," + layer.kind + "," + layer.format + "," + numbers;
}

}  // namespace

int run_profile(const std::vector<std::string>& args) {
  std::string model_path, plan_path, data_dir, dump_dir, csv_path;
  int count = 16;
  po::options_description options("profile options");
  options.add_options()
      ("model", po::value<std::string>(&model_path)->required(), "float ONNX model")
      ("plan", po::value<std::string>(&plan_path)->required(), "its QuantPlan")
      ("data", po::value<std::string>(&data_dir)->required(), "depth data set (images)")
      ("count", po::value<int>(&count)->default_value(16), "images to profile (the first N by name)")
      ("dump-dir", po::value<std::string>(&dump_dir)->default_value(""),
       "first image: write quant(x) (NNNN_<tensor>.q.npy), dequant(quant(x)) (.dq.npy) and the FP32 tensor (.ref.npy) per layer")
      ("csv", po::value<std::string>(&csv_path)->default_value(""), "also write the table as CSV")
      ("json", "print JSON instead of a table");
  po::variables_map values;
  if (!parse_options("profile", "--model M.onnx --plan P.json --data DIR [--count N] [--dump-dir D] [--csv F] [--json]",
                     options, args, &values)) {
    return kExitOk;
  }
  if (count < 1 || count > 100000) throw UsageError("--count " + std::to_string(count) + " (1..100000)");
  const models::Graph graph = models::load_onnx_model(model_path);
  const quant::QuantPlan plan = quant::load_quant_plan(plan_path);
  const golden::GoldenProgram program = golden::lower_plan(graph, plan, plan_path);
  data::DepthDatasetOptions dataset_options;
  dataset_options.limit = count;
  const data::DepthDataset dataset = data::open_depth_dataset(data_dir, dataset_options);
  const models::Shape& shape = graph.value_info(graph.input_names.at(0)).shape;
  if (graph.input_names.size() != 1 || shape.size() != 4) {
    throw std::runtime_error(model_path + ": profiling on a depth data set needs one [N, 3, H, W] image input");
  }
  std::vector<std::vector<models::Tensor>> inputs;
  for (const data::DepthSample& sample : dataset.samples) {
    const data::DepthPair pair = data::load_depth_pair(sample, dataset.options.png_unit);
    inputs.push_back({ptq::depth_model_input(pair.image, static_cast<int>(shape[2]), static_cast<int>(shape[3]), sample.rgb_path)});
  }
  std::vector<std::pair<std::string, io::NpyArray>> dumps;
  nlohmann::json dump_index = nlohmann::json::array();
  analysis::ProfileDump dump;
  if (!dump_dir.empty()) {
    dump = [&](const std::string& tensor, const golden::GoldenTensor& device, const models::Tensor& dequantized,
               const models::Tensor& reference) {
      char prefix[16];
      std::snprintf(prefix, sizeof prefix, "%04zu_", dump_index.size());
      const std::string stem = prefix + models::safe_tensor_file_name(tensor);
      const auto path = [&](const char* suffix) { return (std::filesystem::path(dump_dir) / (stem + suffix)).string(); };
      dumps.emplace_back(path(".q.npy"), golden::golden_tensor_to_npy(device));
      dumps.emplace_back(path(".dq.npy"), io::make_npy_float32(dequantized.shape, dequantized.data));
      dumps.emplace_back(path(".ref.npy"), io::make_npy_float32(reference.shape, reference.data));
      dump_index.push_back({{"tensor", tensor}, {"quant", stem + ".q.npy"}, {"dequant", stem + ".dq.npy"},
                            {"reference", stem + ".ref.npy"}, {"format", device.quant.format.name()}});
    };
  }
  ProgressBar progress("profile", "images", inputs.size(), std::cerr, ProgressBar::stderr_options());
  const analysis::ProfileReport report = analysis::profile_plan(
      program, plan, inputs, dump, [&progress](std::size_t done, std::size_t) { progress.update(done); });
  progress.finish();
  // Outputs only after the whole profile succeeded.
  if (!dump_dir.empty()) {
    io::create_output_directories(dump_dir);
    for (const auto& [path, array] : dumps) io::save_npy(path, array);
    io::AtomicOutputFile index((std::filesystem::path(dump_dir) / "index.json").string());
    index.stream() << dump_index.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    index.commit();
  }
  if (!csv_path.empty()) {
    io::AtomicOutputFile csv(csv_path);
    csv.stream() << kCsvHeader << "\n";
    for (const auto& layer : report.layers) csv.stream() << csv_row(layer) << "\n";
    csv.commit();
  }
  if (values.count("json")) {
    nlohmann::json out = {{"model", model_path}, {"plan", plan_path}, {"images", report.images}, {"layers", nlohmann::json::array()}};
    for (const auto& layer : report.layers) out["layers"].push_back(layer_json(layer));
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%zu images; device (golden) vs FP32, and vs the fake-quant simulation\n", report.images);
  std::printf("%-44s %-14s %-7s %8s %9s %7s %7s %6s %9s %9s %8s\n", "tensor", "kind", "format", "sqnr_db", "cosine",
              "sat_%", "codes_%", "bits", "max_err", "fake_dB", "mism_%");
  for (const auto& layer : report.layers) {
    const quant::MetricValues& m = layer.vs_float;
    std::string name = layer.tensor.size() > 44 ? "..." + layer.tensor.substr(layer.tensor.size() - 41) : layer.tensor;
    std::printf("%-44s %-14s %-7s %8.2f %9.6f %7.3f %7.2f %6.2f %9.4g %9.2f %8.4f\n", name.c_str(), layer.kind.c_str(),
                layer.format.c_str(), m.sqnr_db, m.cosine, 100.0 * m.saturation_rate, 100.0 * m.code_utilization,
                m.effective_bits, m.max_abs_error, layer.fake_sqnr_db, 100.0 * layer.code_mismatch_rate);
  }
  return kExitOk;
}

}  // namespace npusim::cli
