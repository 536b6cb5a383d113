#include "sim/cli/observer_options.h"

#include <optional>
#include <string>

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

template <typename T>
std::optional<T> optional_value(const po::variables_map& values, const std::string& name) {
  if (!values.count(name)) return std::nullopt;
  return values[name].as<T>();
}

}  // namespace

void add_observer_setting_options(po::options_description& options, const std::string& prefix) {
  const auto name = [&](const char* option) { return prefix + option; };
  options.add_options()
      (name("warmup-batches").c_str(), po::value<int>(), "ema_minmax, percentile (with --ema-constant): plain min/max batches [default 1]")
      (name("ema-constant").c_str(), po::value<float>(), "ema_minmax [default 0.01], percentile [default: no EMA]: EMA constant in (0, 1]")
      (name("low-percent").c_str(), po::value<double>(), "percentile: lower percentile in percent [default 0.1]")
      (name("high-percent").c_str(), po::value<double>(), "percentile: upper percentile in percent [default 99.9]")
      (name("loss").c_str(), po::value<std::string>(), "omse: l2 | l1 | huber [default l2]")
      (name("huber-delta").c_str(), po::value<float>(), "omse huber: delta in real units [default: one step of the unclipped range]")
      (name("grid-points").c_str(), po::value<int>(), "omse: clipping candidates alpha = 1 - i * step [default 100]")
      (name("grid-step").c_str(), po::value<float>(), "omse: alpha step [default 0.01]")
      (name("bins").c_str(), po::value<int>(), "kl, hist_mse: histogram bins [default 2048]")
      (name("levels").c_str(), po::value<int>(), "kl: quantized bins; candidates start there [default 128]")
      (name("smoothing-epsilon").c_str(), po::value<double>(), "kl: count smoothing [default 1e-4]")
      (name("search-steps").c_str(), po::value<int>(), "hist_mse: candidate grid steps [default 128]");
}

quant::ObserverSettings observer_settings_from(const po::variables_map& values, const std::string& prefix) {
  quant::ObserverSettings settings;
  settings.warmup_batches = optional_value<int>(values, prefix + "warmup-batches");
  settings.ema_constant = optional_value<float>(values, prefix + "ema-constant");
  settings.low_percent = optional_value<double>(values, prefix + "low-percent");
  settings.high_percent = optional_value<double>(values, prefix + "high-percent");
  settings.loss = optional_value<std::string>(values, prefix + "loss");
  settings.huber_delta = optional_value<float>(values, prefix + "huber-delta");
  settings.grid_points = optional_value<int>(values, prefix + "grid-points");
  settings.grid_step = optional_value<float>(values, prefix + "grid-step");
  settings.bins = optional_value<int>(values, prefix + "bins");
  settings.levels = optional_value<int>(values, prefix + "levels");
  settings.smoothing_epsilon = optional_value<double>(values, prefix + "smoothing-epsilon");
  settings.search_steps = optional_value<int>(values, prefix + "search-steps");
  return settings;
}

}  // namespace npusim::cli
