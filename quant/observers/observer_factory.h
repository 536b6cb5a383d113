// Builds an observer by name from a flat set of optional settings (the `npusim qparams`
// options). A setting that the chosen observer does not use is an error, never silently
// ignored; a setting left empty takes the observer's documented default.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quant/observers/observer.h"

namespace npusim::quant {

struct ObserverSettings {
  std::optional<int> warmup_batches;       // ema_minmax, percentile
  std::optional<float> ema_constant;       // ema_minmax, percentile
  std::optional<double> low_percent;       // percentile
  std::optional<double> high_percent;      // percentile
  std::optional<std::string> loss;         // omse: l2 | l1 | huber
  std::optional<float> huber_delta;        // omse (huber)
  std::optional<int> grid_points;          // omse
  std::optional<float> grid_step;          // omse
  std::optional<int> bins;                 // kl, hist_mse
  std::optional<int> levels;               // kl
  std::optional<double> smoothing_epsilon; // kl
  std::optional<int> search_steps;         // hist_mse
};

// "minmax", "ema_minmax", "percentile", "omse", "kl", "hist_mse".
const std::vector<std::string>& observer_names();

// Throws std::invalid_argument for an unknown name, a setting the observer does not use
// (naming it and the observers that do), or an out-of-range value.
std::unique_ptr<Observer> make_observer(const std::string& name, const ObserverConfig& config,
                                        const ObserverSettings& settings);

}  // namespace npusim::quant
