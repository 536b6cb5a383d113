#include "quant/observers/observer_factory.h"

#include <stdexcept>

#include "quant/observers/ema_minmax_observer.h"
#include "quant/observers/histogram_mse_observer.h"
#include "quant/observers/kl_entropy_observer.h"
#include "quant/observers/minmax_observer.h"
#include "quant/observers/omse_observer.h"
#include "quant/observers/percentile_observer.h"

namespace npusim::quant {
namespace {

struct SettingUse {
  const char* field;
  bool present;
  const char* used_by;
  bool used_here;
};

void refuse_unused(const std::string& name, const std::vector<SettingUse>& uses) {
  for (const SettingUse& use : uses) {
    if (use.present && !use.used_here) {
      throw std::invalid_argument(std::string("option ") + use.field + " does not apply to observer '" + name +
                                  "' (it applies to: " + use.used_by + ")");
    }
  }
}

OmseLoss parse_loss(const std::string& text) {
  if (text == "l2") return OmseLoss::kL2;
  if (text == "l1") return OmseLoss::kL1;
  if (text == "huber") return OmseLoss::kHuber;
  throw std::invalid_argument("omse loss '" + text + "' is not one of l2, l1, huber");
}

}  // namespace

const std::vector<std::string>& observer_names() {
  static const std::vector<std::string> kNames = {"minmax", "ema_minmax", "percentile", "omse", "kl", "hist_mse"};
  return kNames;
}

std::unique_ptr<Observer> make_observer(const std::string& name, const ObserverConfig& config,
                                        const ObserverSettings& s) {
  const bool ema = name == "ema_minmax", percentile = name == "percentile", omse = name == "omse";
  const bool kl = name == "kl", hist_mse = name == "hist_mse";
  if (!(name == "minmax" || ema || percentile || omse || kl || hist_mse)) {
    throw std::invalid_argument("unknown observer '" + name +
                                "' (known: minmax, ema_minmax, percentile, omse, kl, hist_mse)");
  }
  refuse_unused(name, {
                          {"warmup_batches (--warmup-batches)", s.warmup_batches.has_value(), "ema_minmax, percentile", ema || percentile},
                          {"ema_constant (--ema-constant)", s.ema_constant.has_value(), "ema_minmax, percentile", ema || percentile},
                          {"low_percent (--low-percent)", s.low_percent.has_value(), "percentile", percentile},
                          {"high_percent (--high-percent)", s.high_percent.has_value(), "percentile", percentile},
                          {"loss (--loss)", s.loss.has_value(), "omse", omse},
                          {"huber_delta (--huber-delta)", s.huber_delta.has_value(), "omse", omse},
                          {"grid_points (--grid-points)", s.grid_points.has_value(), "omse", omse},
                          {"grid_step (--grid-step)", s.grid_step.has_value(), "omse", omse},
                          {"bins (--bins)", s.bins.has_value(), "kl, hist_mse", kl || hist_mse},
                          {"levels (--levels)", s.levels.has_value(), "kl", kl},
                          {"smoothing_epsilon (--smoothing-epsilon)", s.smoothing_epsilon.has_value(), "kl", kl},
                          {"search_steps (--search-steps)", s.search_steps.has_value(), "hist_mse", hist_mse},
                      });
  if (ema) {
    EmaMinMaxOptions options;
    if (s.warmup_batches) options.warmup_batches = *s.warmup_batches;
    if (s.ema_constant) options.ema_constant = *s.ema_constant;
    return std::make_unique<EmaMinMaxObserver>(config, options);
  }
  if (percentile) {
    PercentileOptions options;
    if (s.low_percent) options.low_percent = *s.low_percent;
    if (s.high_percent) options.high_percent = *s.high_percent;
    if (s.warmup_batches) options.warmup_batches = *s.warmup_batches;
    options.ema_constant = s.ema_constant;
    return std::make_unique<PercentileObserver>(config, options);
  }
  if (omse) {
    OmseOptions options;
    if (s.loss) options.loss = parse_loss(*s.loss);
    options.huber_delta = s.huber_delta;
    if (s.grid_points) options.grid_points = *s.grid_points;
    if (s.grid_step) options.grid_step = *s.grid_step;
    return std::make_unique<OmseObserver>(config, options);
  }
  if (kl) {
    KlEntropyOptions options;
    if (s.bins) options.bins = *s.bins;
    if (s.levels) options.levels = *s.levels;
    if (s.smoothing_epsilon) options.smoothing_epsilon = *s.smoothing_epsilon;
    return std::make_unique<KlEntropyObserver>(config, options);
  }
  if (hist_mse) {
    HistogramMseOptions options;
    if (s.bins) options.bins = *s.bins;
    if (s.search_steps) options.search_steps = *s.search_steps;
    return std::make_unique<HistogramMseObserver>(config, options);
  }
  return std::make_unique<MinMaxObserver>(config);
}

}  // namespace npusim::quant
