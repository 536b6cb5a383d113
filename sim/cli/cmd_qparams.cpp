// npusim qparams: run one observer over calibration batches (.npy files) and print the
// chosen range and quantization parameters as JSON. docs/observers.md describes every
// observer and option; each --in file is one batch, observed in the order given.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quant/io/atomic_output_file.h"
#include "quant/io/npy.h"
#include "quant/io/read_input.h"
#include "quant/observers/observer_factory.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/observer_options.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

quant::QuantSpec spec_from_options(const po::variables_map& values) {
  quant::QuantSpec spec;
  spec.bits = values["bits"].as<int>();
  if (spec.bits < 2 || spec.bits > 16) throw UsageError("--bits " + std::to_string(spec.bits) + " (must be 2..16)");
  const std::string scheme = values["scheme"].as<std::string>();
  if (scheme == "sym") {
    spec.scheme = quant::QuantScheme::kSymmetric;
  } else if (scheme == "asym") {
    spec.scheme = quant::QuantScheme::kAsymmetric;
  } else {
    throw UsageError("--scheme '" + scheme + "' (must be sym or asym)");
  }
  spec.is_signed = !values.count("unsigned");
  spec.narrow_range = values.count("narrow-range") > 0;
  const std::string rounding = values["rounding"].as<std::string>();
  const auto mode = quant::parse_rounding_mode(rounding);
  if (!mode) throw UsageError("--rounding '" + rounding + "' is not a rounding mode name (half_even, half_up, ...)");
  spec.rounding = *mode;
  return spec;
}

template <typename T, typename F>
nlohmann::ordered_json per_channel_or_scalar(const std::vector<T>& items, bool per_channel, F field) {
  if (!per_channel) return field(items[0]);
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const T& item : items) array.push_back(field(item));
  return array;
}

}  // namespace

int run_qparams(const std::vector<std::string>& args) {
  po::options_description options("qparams options");
  options.add_options()
      ("observer", po::value<std::string>()->required(),
       "minmax | ema_minmax | percentile | omse | kl | hist_mse")
      ("in", po::value<std::vector<std::string>>()->required()->composing(),
       "calibration batch (.npy); repeat for several batches, observed in order")
      ("bits", po::value<int>()->default_value(8), "code width, 2..16")
      ("scheme", po::value<std::string>()->default_value("asym"), "sym (zero point fixed) | asym")
      ("unsigned", "unsigned codes (UINT8 0..255) instead of signed (INT8 -128..127)")
      ("narrow-range", "drop the lowest code (INT8 -127..127)")
      ("rounding", po::value<std::string>()->default_value("half_even"), "quantizer rounding mode (OMSE uses it)")
      ("per-channel", po::value<int>(), "per-channel along this axis (negative counts from the back; write --per-channel=-1)")
      ("out", po::value<std::string>(), "also write the JSON to this file (atomically)");
  add_observer_setting_options(options);
  po::variables_map values;
  if (!parse_options("qparams", "--observer NAME --in X.npy [--in Y.npy ...] [options]", options, args, &values)) {
    return kExitOk;
  }
  quant::ObserverConfig config;
  config.spec = spec_from_options(values);
  if (values.count("per-channel")) config.channel_axis = values["per-channel"].as<int>();

  const quant::ObserverSettings settings = observer_settings_from(values);

  std::unique_ptr<quant::Observer> observer;
  try {
    observer = quant::make_observer(values["observer"].as<std::string>(), config, settings);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }

  const auto inputs = values["in"].as<std::vector<std::string>>();
  // Checked before any is read: `--in /dev/zero` would otherwise be read without end.
  for (const std::string& path : inputs) io::require_input_file(path, "--in calibration batch");
  for (const std::string& path : inputs) {
    const io::NpyArray array = io::load_npy(path);
    const std::vector<float> batch = array.to_float();
    try {
      observer->observe(batch, array.shape);
    } catch (const std::exception& e) {
      throw std::runtime_error(path + ": " + e.what());
    }
  }

  const std::vector<quant::ObservedRange> ranges = observer->ranges();
  const std::vector<quant::QParams> params = observer->qparams();
  const bool per_channel = config.channel_axis.has_value();
  nlohmann::ordered_json report;
  report["observer"] = observer->name();
  report["bits"] = config.spec.bits;
  report["scheme"] = values["scheme"].as<std::string>();
  report["signed"] = config.spec.is_signed;
  report["narrow_range"] = config.spec.narrow_range;
  report["rounding"] = std::string(quant::rounding_mode_name(config.spec.rounding));
  report["per_channel_axis"] = per_channel ? nlohmann::ordered_json(*config.channel_axis) : nlohmann::ordered_json(nullptr);
  report["batches"] = observer->batches_observed();
  report["scale"] = per_channel_or_scalar(params, per_channel, [](const quant::QParams& p) { return p.scale; });
  report["zero_point"] = per_channel_or_scalar(params, per_channel, [](const quant::QParams& p) { return p.zero_point; });
  report["min"] = per_channel_or_scalar(ranges, per_channel, [](const quant::ObservedRange& r) { return r.min; });
  report["max"] = per_channel_or_scalar(ranges, per_channel, [](const quant::ObservedRange& r) { return r.max; });
  report["warnings"] = observer->warnings();
  for (const std::string& warning : observer->warnings()) std::cerr << "npusim qparams: warning: " << warning << "\n";

  const std::string text = report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (values.count("out")) {
    io::AtomicOutputFile out(values["out"].as<std::string>());
    out.stream() << text << "\n";
    out.commit();
  }
  std::cout << text << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
