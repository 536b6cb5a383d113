// npusim metrics: compare a reference tensor with a test tensor (e.g. float output vs the
// dequantized NPU output) and print every diagnostic of docs/metrics.md as JSON.
// Infinite values (SQNR of identical tensors) are written as the strings "inf" / "-inf",
// because JSON has no infinity.
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quant/io/atomic_output_file.h"
#include "quant/io/npy.h"
#include "quant/io/read_input.h"
#include "quant/metrics/metrics_report.h"
#include "quant/layout/channel_layout.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

nlohmann::ordered_json json_number(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

std::vector<double> parse_number_list(const std::string& text, const std::string& option) {
  std::vector<double> numbers;
  for (const std::string& item : split_list(text, option)) {
    std::size_t used = 0;
    double value = 0.0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size()) throw UsageError("--" + option + ": '" + item + "' is not a number");
    numbers.push_back(value);
  }
  return numbers;
}

void put_values(nlohmann::ordered_json& out, const quant::MetricValues& m) {
  out["sqnr_db"] = json_number(m.sqnr_db);
  out["cosine"] = json_number(m.cosine);
  out["kl"] = json_number(m.kl);
  out["saturation_rate"] = json_number(m.saturation_rate);
  out["clipped_energy"] = json_number(m.clipped_energy);
  out["code_utilization"] = json_number(m.code_utilization);
  out["used_codes"] = m.used_codes;
  out["available_codes"] = m.available_codes;
  out["effective_bits"] = json_number(m.effective_bits);
  out["topk_hit"] = json_number(m.topk_hit);
  out["max_abs_error"] = json_number(m.max_abs_error);
  out["mse"] = json_number(m.mse);
}

// An integer test tensor holds the NPU's codes: they are dequantized with the given grid,
// (q - zero_point) * scale, per channel when the grid has one entry per channel. A code
// outside [qmin, qmax] of the spec is an error naming its flat index.
std::vector<float> dequantize_codes(const io::NpyArray& test, const std::string& path,
                                    const quant::MetricsOptions& settings) {
  if (settings.grid.empty()) {
    throw UsageError(path + " holds integer codes (" + io::npy_descr(test.dtype) +
                     "): give --scale (and --zero-point) to dequantize them");
  }
  const std::vector<std::int64_t> codes = test.to_int64();
  quant::ChannelLayout layout = quant::make_channel_layout(test.shape, std::nullopt);
  if (settings.grid.size() > 1) {
    if (!settings.channel_axis) throw UsageError("a list of scales needs --per-channel");
    layout = quant::make_channel_layout(test.shape, settings.channel_axis);
  }
  const std::int64_t qmin = settings.spec.qmin(), qmax = settings.spec.qmax();
  std::vector<float> values(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] < qmin || codes[i] > qmax) {
      throw std::runtime_error(path + ": code " + std::to_string(codes[i]) + " at flat index " + std::to_string(i) +
                               " is outside the grid's codes " + std::to_string(qmin) + ".." + std::to_string(qmax));
    }
    const std::size_t channel = settings.grid.size() > 1 ? (i / layout.inner) % layout.channels : 0;
    values[i] = quant::dequantize_value(static_cast<std::int32_t>(codes[i]), settings.grid[channel]);
  }
  return values;
}

}  // namespace

int run_metrics(const std::vector<std::string>& args) {
  po::options_description options("metrics options");
  options.add_options()
      ("ref", po::value<std::string>()->required(), "reference tensor (.npy), e.g. the float output")
      ("test", po::value<std::string>()->required(),
       "tensor under test (.npy), same shape: float values, or integer codes dequantized with --scale/--zero-point")
      ("scale", po::value<std::string>(),
       "grid scale for saturation / clipped energy / code use / effective bits (comma list: one per channel) "
       "[default: choose_qparams of the reference's min/max]")
      ("zero-point", po::value<std::string>(), "grid zero point(s), with --scale [default 0]")
      ("bits", po::value<int>()->default_value(8), "grid code width, 2..16")
      ("unsigned", "unsigned grid codes (0..2^bits-1) instead of signed")
      ("narrow-range", "drop the lowest code")
      ("scheme", po::value<std::string>()->default_value("asym"),
       "sym | asym: the derived grid's scheme; with --scale, sym requires the symmetric zero point")
      ("rounding", po::value<std::string>()->default_value("half_even"), "rounding used to compute codes")
      ("per-channel", po::value<int>(), "also report per channel along this axis (write --per-channel=-1)")
      ("topk", po::value<int>()->default_value(1), "k of the top-k index hit rate (1 = argmax agreement)")
      ("topk-axis", po::value<int>()->default_value(-1), "axis whose slices are ranked (per tensor)")
      ("kl-bins", po::value<int>()->default_value(256), "histogram bins of the KL divergence")
      ("kl-alpha", po::value<double>()->default_value(0.5), "additive count smoothing of the KL histograms")
      ("out", po::value<std::string>(), "also write the JSON to this file (atomically)");
  po::variables_map values;
  if (!parse_options("metrics", "--ref A.npy --test B.npy [options]", options, args, &values)) return kExitOk;

  quant::MetricsOptions settings;
  settings.spec.bits = values["bits"].as<int>();
  if (settings.spec.bits < 2 || settings.spec.bits > 16) {
    throw UsageError("--bits " + std::to_string(settings.spec.bits) + " (must be 2..16)");
  }
  settings.spec.is_signed = !values.count("unsigned");
  settings.spec.narrow_range = values.count("narrow-range") > 0;
  const std::string scheme = values["scheme"].as<std::string>();
  if (scheme != "sym" && scheme != "asym") throw UsageError("--scheme '" + scheme + "' (must be sym or asym)");
  settings.spec.scheme = scheme == "sym" ? quant::QuantScheme::kSymmetric : quant::QuantScheme::kAsymmetric;
  const auto rounding = quant::parse_rounding_mode(values["rounding"].as<std::string>());
  if (!rounding) throw UsageError("--rounding '" + values["rounding"].as<std::string>() + "' is not a rounding mode name");
  settings.spec.rounding = *rounding;
  if (values.count("per-channel")) settings.channel_axis = values["per-channel"].as<int>();
  settings.topk = values["topk"].as<int>();
  settings.topk_axis = values["topk-axis"].as<int>();
  settings.kl.bins = values["kl-bins"].as<int>();
  settings.kl.alpha = values["kl-alpha"].as<double>();

  if (values.count("zero-point") && !values.count("scale")) throw UsageError("--zero-point needs --scale");
  if (values.count("scale")) {
    const std::vector<double> scales = parse_number_list(values["scale"].as<std::string>(), "scale");
    std::vector<double> zero_points(scales.size(), 0.0);
    if (values.count("zero-point")) zero_points = parse_number_list(values["zero-point"].as<std::string>(), "zero-point");
    if (zero_points.size() != scales.size()) {
      throw UsageError("--scale has " + std::to_string(scales.size()) + " entries but --zero-point " +
                       std::to_string(zero_points.size()));
    }
    for (std::size_t c = 0; c < scales.size(); ++c) {
      quant::QParams grid;
      grid.scale = static_cast<float>(scales[c]);
      if (zero_points[c] != std::floor(zero_points[c])) {
        throw UsageError("--zero-point entry " + std::to_string(c) + " is not an integer");
      }
      grid.zero_point = static_cast<std::int32_t>(zero_points[c]);
      try {
        quant::validate_qparams(grid, settings.spec);
      } catch (const std::invalid_argument& e) {
        throw UsageError("--scale/--zero-point entry " + std::to_string(c) + ": " + e.what());
      }
      settings.grid.push_back(grid);
    }
  }

  const std::string ref_path = values["ref"].as<std::string>();
  const std::string test_path = values["test"].as<std::string>();
  io::require_input_file(ref_path, "--ref tensor");
  io::require_input_file(test_path, "--test tensor");
  const io::NpyArray ref = io::load_npy(ref_path);
  const io::NpyArray test = io::load_npy(test_path);
  if (ref.shape != test.shape) {
    throw std::runtime_error("shape mismatch: " + ref_path + " has shape " + quant::shape_to_string(ref.shape) + ", " +
                             test_path + " has shape " + quant::shape_to_string(test.shape));
  }
  const bool test_is_codes = test.dtype != io::NpyDtype::kFloat32 && test.dtype != io::NpyDtype::kFloat16;
  const std::vector<float> test_values = test_is_codes ? dequantize_codes(test, test_path, settings) : test.to_float();
  quant::MetricsReport report;
  try {
    report = quant::compute_metrics(ref.to_float(), test_values, ref.shape, settings);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string(e.what()) + " (ref " + ref_path + ", test " + test_path + ")");
  }

  nlohmann::ordered_json out;
  out["ref"] = ref_path;
  out["test"] = test_path;
  out["shape"] = ref.shape;
  out["grid"] = {{"source", report.grid_from_reference ? "minmax_of_ref" : "given"},
                 {"bits", settings.spec.bits},
                 {"signed", settings.spec.is_signed},
                 {"narrow_range", settings.spec.narrow_range}};
  if (!report.grid_from_reference) {
    nlohmann::ordered_json scales = nlohmann::ordered_json::array(), zero_points = nlohmann::ordered_json::array();
    for (const auto& g : settings.grid) {
      scales.push_back(g.scale);
      zero_points.push_back(g.zero_point);
    }
    out["grid"]["scale"] = settings.grid.size() == 1 ? scales[0] : scales;
    out["grid"]["zero_point"] = settings.grid.size() == 1 ? zero_points[0] : zero_points;
  }
  out["test_is_codes"] = test_is_codes;
  out["topk"] = settings.topk;
  out["topk_axis"] = settings.topk_axis;
  put_values(out, report.tensor);
  if (settings.channel_axis) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& channel : report.channels) {
      nlohmann::ordered_json row;
      put_values(row, channel);
      rows.push_back(row);
    }
    out["per_channel"] = {{"axis", *settings.channel_axis}, {"channels", rows}};
  }
  const std::string text = out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (values.count("out")) {
    io::AtomicOutputFile file(values["out"].as<std::string>());
    file.stream() << text << "\n";
    file.commit();
  }
  std::cout << text << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
