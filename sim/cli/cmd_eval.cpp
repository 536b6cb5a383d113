// `npusim eval`: depth metrics of an ONNX model (float executor) or of .npy predictions on
// a depth dataset (models/metrics/depth_eval.h has the preprocessing and the rules).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "models/data/depth_dataset.h"
#include "models/metrics/depth_eval.h"
#include "models/metrics/model_depth_predictor.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

nlohmann::json errors_json(const metrics::DepthErrors& e) {
  return {{"abs_rel", e.abs_rel}, {"sq_rel", e.sq_rel}, {"rmse", e.rmse},     {"rmse_log", e.rmse_log},
          {"log10", e.log10},     {"a1", e.delta1},     {"a2", e.delta2},     {"a3", e.delta3}};
}

}  // namespace

int run_eval(const std::vector<std::string>& args) {
  std::string model_path, plan_path, data_dir, pred_dir, unit_text;
  int limit = 0;
  double min_depth = 1e-3, max_depth = 80.0;
  po::options_description options("options");
  options.add_options()
      ("model", po::value<std::string>(&model_path), "ONNX depth model (input 1x3xHxW RGB in [0,1], output depth in m)")
      ("plan", po::value<std::string>(&plan_path), "with --model: run it with the golden executor under this QuantPlan")
      ("pred-dir", po::value<std::string>(&pred_dir), "instead of --model: directory of NAME.npy predictions in metres")
      ("data", po::value<std::string>(&data_dir)->required(), "depth dataset directory (rgb/ + depth/, or a manifest)")
      ("depth-unit", po::value<std::string>(&unit_text)->default_value("kitti"),
       "16-bit depth PNG unit: kitti (value/256 m) or mm (value/1000 m, NYU)")
      ("limit", po::value<int>(&limit)->default_value(0), "evaluate only the first N samples (0 = all)")
      ("min-depth", po::value<double>(&min_depth)->default_value(1e-3, "0.001"), "valid GT must exceed this [m]; predictions are clamped to it")
      ("max-depth", po::value<double>(&max_depth)->default_value(80.0, "80"), "valid GT must stay below this [m]; predictions are clamped to it")
      ("median-scaling", "scale each prediction by median(gt)/median(pred) (scale-ambiguous models)")
      ("json", "print JSON (with per-image metrics) instead of a table");
  po::variables_map values;
  if (!parse_options("eval", "--model M.onnx [--plan P.json] | --pred-dir P  --data DIR [--json] [--limit N]", options, args, &values)) {
    return kExitOk;
  }
  if (values.count("model") == values.count("pred-dir")) throw UsageError("give exactly one of --model and --pred-dir");
  if (limit < 0) throw UsageError("--limit must be >= 0");
  if (!(min_depth > 0) || !(max_depth > min_depth)) throw UsageError("--min-depth and --max-depth need 0 < min < max");
  metrics::DepthMetricsOptions metric_options;
  metric_options.min_depth_m = min_depth;
  metric_options.max_depth_m = max_depth;
  metric_options.median_scaling = values.count("median-scaling") > 0;
  data::DepthDatasetOptions dataset_options;
  try {
    dataset_options.png_unit = data::parse_depth_png_unit(unit_text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  dataset_options.limit = limit;
  dataset_options.require_rgb = true;
  const data::DepthDataset dataset = data::open_depth_dataset(data_dir, dataset_options);
  if (values.count("plan") && !values.count("model")) throw UsageError("--plan needs --model");
  const metrics::DepthPredictor predictor =
      values.count("plan")    ? metrics::make_golden_depth_predictor(model_path, plan_path)
      : values.count("model") ? metrics::make_onnx_depth_predictor(model_path)
                              : metrics::make_npy_depth_predictor(pred_dir);
  const metrics::EvalReport report = metrics::evaluate_depth_dataset(dataset, predictor, metric_options);
  const metrics::DepthErrors mean = report.average.mean();
  const metrics::AbsRelSpread spread = metrics::per_image_abs_rel_spread(report);

  if (values.count("json")) {
    nlohmann::json out = {{"model", values.count("model") ? model_path : std::string()},
                          {"plan", plan_path},
                          {"pred_dir", pred_dir},
                          {"data", data_dir},
                          {"images_used", report.average.images_used()},
                          {"images_skipped", report.average.images_skipped()},
                          {"min_depth_m", min_depth},
                          {"max_depth_m", max_depth},
                          {"median_scaling", metric_options.median_scaling},
                          {"averaging", "mean of per-image metrics"},
                          {"mean", errors_json(mean)},
                          {"per_image_abs_rel", {{"median", spread.median}, {"p90", spread.p90}, {"max", spread.max}}},
                          {"per_image", nlohmann::json::array()}};
    for (const auto& image : report.images) {
      nlohmann::json row = {{"name", image.name}};
      if (image.errors) {
        row["valid_pixels"] = image.errors->valid_pixels;
        row["median_scale"] = image.errors->median_scale;
        row["metrics"] = errors_json(image.errors->errors);
      } else {
        row["valid_pixels"] = 0;
      }
      out["per_image"].push_back(row);
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%d images (%d skipped: no valid ground truth), caps %g..%g m%s, mean of per-image metrics\n",
              report.average.images_used(), report.average.images_skipped(), min_depth, max_depth,
              metric_options.median_scaling ? ", median scaling" : "");
  std::printf("%10s %10s %10s %10s %10s %10s %10s %10s\n", "abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "a1",
              "a2", "a3");
  std::printf("%10.4f %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f %10.4f\n", mean.abs_rel, mean.sq_rel, mean.rmse,
              mean.rmse_log, mean.log10, mean.delta1, mean.delta2, mean.delta3);
  std::printf("per-image abs_rel: median %.4f  p90 %.4f  max %.4f\n", spread.median, spread.p90, spread.max);
  return kExitOk;
}

}  // namespace npusim::cli
