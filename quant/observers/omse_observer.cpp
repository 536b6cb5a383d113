#include "quant/observers/omse_observer.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace npusim::quant {
namespace {

double loss_of_error(double error, OmseLoss loss, double huber_delta) {
  const double magnitude = std::fabs(error);
  switch (loss) {
    case OmseLoss::kL2: return error * error;
    case OmseLoss::kL1: return magnitude;
    case OmseLoss::kHuber:
      return magnitude <= huber_delta ? 0.5 * error * error : huber_delta * (magnitude - 0.5 * huber_delta);
  }
  return 0.0;
}

}  // namespace

const char* omse_loss_name(OmseLoss loss) {
  switch (loss) {
    case OmseLoss::kL2: return "l2";
    case OmseLoss::kL1: return "l1";
    case OmseLoss::kHuber: return "huber";
  }
  return "?";
}

OmseObserver::OmseObserver(ObserverConfig config, OmseOptions options) : Observer("omse", config), options_(options) {
  if (options_.grid_points < 1) {
    throw std::invalid_argument(label() + ": grid_points = " + std::to_string(options_.grid_points) + " (must be >= 1)");
  }
  // A margin of 1e-6 keeps float steps such as 100 * 0.01f (0.99999998) from passing as a
  // near-zero alpha.
  const double smallest_alpha = 1.0 - (options_.grid_points - 1) * static_cast<double>(options_.grid_step);
  if (!(std::isfinite(options_.grid_step) && options_.grid_step > 0.0f) || smallest_alpha <= 1e-6) {
    throw std::invalid_argument(label() + ": grid_step = " + std::to_string(options_.grid_step) + " with grid_points = " +
                                std::to_string(options_.grid_points) +
                                " (need grid_step > 0 and (grid_points - 1) * grid_step < 1)");
  }
  if (options_.huber_delta) {
    if (options_.loss != OmseLoss::kHuber) {
      throw std::invalid_argument(label() + ": huber_delta is set but the loss is " + omse_loss_name(options_.loss));
    }
    if (!(std::isfinite(*options_.huber_delta) && *options_.huber_delta > 0.0f)) {
      throw std::invalid_argument(label() + ": huber_delta = " + std::to_string(*options_.huber_delta) +
                                  " (must be finite and > 0)");
    }
  }
}

void OmseObserver::start(std::size_t channels) {
  sum_min_.assign(channels, 0.0);
  sum_max_.assign(channels, 0.0);
  batches_.assign(channels, 0);
}

void OmseObserver::observe_channel(std::size_t channel, const ChannelBatch& batch) {
  const QuantSpec& spec = config().spec;
  const std::vector<float> values(batch.values, batch.values + batch.count);
  const TensorQuantLayout layout{{static_cast<std::int64_t>(batch.count)}, std::nullopt};
  double huber_delta = 0.0;
  if (options_.loss == OmseLoss::kHuber) {
    huber_delta = options_.huber_delta ? *options_.huber_delta
                                       : choose_qparams(batch.min, batch.max, spec).scale;  // one step, alpha = 1
  }
  double best_loss = std::numeric_limits<double>::infinity();
  float best_min = batch.min;
  float best_max = batch.max;
  for (int i = 0; i < options_.grid_points; ++i) {
    const float alpha = static_cast<float>(1.0 - i * static_cast<double>(options_.grid_step));
    const float candidate_min = alpha * batch.min;
    const float candidate_max = alpha * batch.max;
    const QParams params = choose_qparams(candidate_min, candidate_max, spec);
    const std::vector<float> rounded = fake_quantize_tensor(values, layout, {params}, spec);
    double loss = 0.0;
    for (std::size_t k = 0; k < values.size(); ++k) {
      loss += loss_of_error(static_cast<double>(values[k]) - rounded[k], options_.loss, huber_delta);
    }
    if (loss < best_loss) {  // strict: a tie keeps the wider (earlier) candidate
      best_loss = loss;
      best_min = candidate_min;
      best_max = candidate_max;
    }
  }
  sum_min_[channel] += best_min;
  sum_max_[channel] += best_max;
  ++batches_[channel];
}

ObservedRange OmseObserver::channel_range(std::size_t channel) const {
  const double n = static_cast<double>(batches_[channel]);
  return {static_cast<float>(sum_min_[channel] / n), static_cast<float>(sum_max_[channel] / n)};
}

}  // namespace npusim::quant
