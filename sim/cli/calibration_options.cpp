#include "sim/cli/calibration_options.h"

#include <iostream>

#include "sim/cli/progress_bar.h"

#include <ostream>

#include "sim/cli/cli_common.h"
#include "sim/cli/observer_options.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

std::set<std::string> name_set(const po::variables_map& values, const char* option) {
  std::set<std::string> names;
  if (!values.count(option)) return names;
  for (const std::string& name : split_list(values[option].as<std::string>(), option)) names.insert(name);
  return names;
}

}  // namespace

void add_calibration_options(po::options_description& options) {
  options.add_options()
      ("observer", po::value<std::string>()->default_value("minmax"),
       "activation observer: minmax | ema_minmax | percentile | omse | kl | hist_mse")
      ("weights", po::value<std::string>()->default_value("per-channel"), "weight grids: per-channel | per-tensor")
      ("weight-observer", po::value<std::string>()->default_value("minmax"),
       "weight observer (symmetric, narrow range): minmax | percentile (clipping, see --weight-high-percent) | ...")
      ("activations", po::value<std::string>()->default_value("asym"), "activation grids: asym | sym")
      ("precision", po::value<std::string>()->default_value("int8"), "int8 (W8A8) | int16 (W16A16) | fp16 | bf16 | mixed")
      ("int16-ops", po::value<std::string>(), "mixed: comma-separated operation names at W16A16")
      ("float-ops", po::value<std::string>(), "mixed: comma-separated operation names computed in FP16")
      ("output-bits", po::value<int>()->default_value(8), "8 | 16: the output layer (last MAC operation to the output) in 16 bits")
      ("dual-output", po::value<int>()->default_value(0),
       "LO_BITS > 0: the output leaves as hi and lo tensors, w = hi * 2^LO_BITS + lo (0 = one output)")
      ("dual-hi-bits", po::value<int>()->default_value(4), "bits of the hi part of a dual output")
      ("rounding", po::value<std::string>()->default_value("half_up"),
       "requantization rounding: half_up | half_away | half_even | floor | truncate | tflite_double | fp32")
      ("accumulation", po::value<std::string>()->default_value("fp32"), "float operations' accumulator: fp32 | fp16 | bf16")
      ("softmax-log2", "softmax outputs on the 4-bit log2 grid instead of an affine one")
      ("no-lut-ranges", "keep observed ranges on lookup-table inputs (default: clip them to where the table's output still changes)")
      ("calib-count", po::value<int>()->default_value(64), "calibration images")
      ("calib-select", po::value<std::string>()->default_value("random"),
       "random | stratified (by median depth: near 0.5-3 m, mid 3-8 m, far 8+ m)")
      ("calib-seed", po::value<std::uint64_t>()->default_value(1), "seed of the selection");
  add_observer_setting_options(options);
  add_observer_setting_options(options, "weight-");
}

CalibrationRequest calibration_request_from(const po::variables_map& values) {
  CalibrationRequest request;
  ptq::CalibrationOptions& o = request.options;
  o.observer = values["observer"].as<std::string>();
  o.observer_settings = observer_settings_from(values);
  o.weight_observer = values["weight-observer"].as<std::string>();
  o.weight_observer_settings = observer_settings_from(values, "weight-");
  const std::string weights = values["weights"].as<std::string>();
  if (weights != "per-channel" && weights != "per-tensor") throw UsageError("--weights '" + weights + "' (per-channel or per-tensor)");
  o.weights_per_channel = weights == "per-channel";
  const std::string activations = values["activations"].as<std::string>();
  if (activations != "asym" && activations != "sym") throw UsageError("--activations '" + activations + "' (asym or sym)");
  o.activations_symmetric = activations == "sym";
  const auto precision = ptq::parse_precision(values["precision"].as<std::string>());
  if (!precision) throw UsageError("--precision '" + values["precision"].as<std::string>() + "' (int8, int16, fp16, bf16, mixed)");
  o.precision = *precision;
  o.int16_ops = name_set(values, "int16-ops");
  o.float_ops = name_set(values, "float-ops");
  o.output_bits = values["output-bits"].as<int>();
  if (o.output_bits != 8 && o.output_bits != 16) throw UsageError("--output-bits " + std::to_string(o.output_bits) + " (8 or 16)");
  o.dual_output_lo_bits = values["dual-output"].as<int>();
  o.dual_output_hi_bits = values["dual-hi-bits"].as<int>();
  if (o.dual_output_lo_bits < 0 || o.dual_output_lo_bits > 15) {
    throw UsageError("--dual-output " + std::to_string(o.dual_output_lo_bits) + " (LO_BITS 0..15)");
  }
  if (o.dual_output_hi_bits < 1 || o.dual_output_lo_bits + o.dual_output_hi_bits > 16) {
    throw UsageError("--dual-output " + std::to_string(o.dual_output_lo_bits) + " with --dual-hi-bits " +
                     std::to_string(o.dual_output_hi_bits) + ": LO_BITS + hi bits must be at most 16");
  }
  const auto rounding = quant::parse_rounding_mode(values["rounding"].as<std::string>());
  if (!rounding) throw UsageError("--rounding '" + values["rounding"].as<std::string>() + "' is not a rounding mode");
  o.rounding = *rounding;
  const auto accumulation = quant::parse_compute_domain(values["accumulation"].as<std::string>());
  if (!accumulation || *accumulation == quant::ComputeDomain::kInteger) {
    throw UsageError("--accumulation '" + values["accumulation"].as<std::string>() + "' (fp32, fp16 or bf16)");
  }
  o.float_accumulation = *accumulation;
  o.softmax_log2 = values.count("softmax-log2") > 0;
  o.lut_aware_ranges = values.count("no-lut-ranges") == 0;
  request.count = values["calib-count"].as<int>();
  if (request.count < 1 || request.count > 100000) throw UsageError("--calib-count " + std::to_string(request.count) + " (1..100000)");
  const auto selection = ptq::parse_calibration_selection(values["calib-select"].as<std::string>());
  if (!selection) throw UsageError("--calib-select '" + values["calib-select"].as<std::string>() + "' (random or stratified)");
  request.selection = *selection;
  request.seed = values["calib-seed"].as<std::uint64_t>();
  return request;
}

quant::QuantPlan calibrate_on_dataset(const models::Graph& graph, const std::string& data_dir,
                                      const CalibrationRequest& request, std::ostream& log, bool show_progress) {
  const std::vector<ptq::CalibrationSample> samples =
      ptq::load_calibration_samples(graph, data_dir, request.count, request.selection, request.seed, log);
  ProgressBar::Options bar_options = ProgressBar::stderr_options();
  bar_options.enabled = bar_options.enabled && show_progress;
  ProgressBar progress("calibration", "images", samples.size(), std::cerr, bar_options);
  return ptq::calibrate(graph, samples, request.options,
                        [&progress](std::size_t done, std::size_t) { progress.update(done); });
}

}  // namespace npusim::cli
