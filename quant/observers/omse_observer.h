// OMSE observer (optimal clipping by grid search): for each batch and channel it tries the
// clipping ranges  [alpha * batch_min, alpha * batch_max],  alpha_i = 1 - i * grid_step,
// i = 0 .. grid_points - 1, fake-quantizes the batch's values with choose_qparams of each
// candidate (the configured QuantSpec, rounding mode included) and keeps the candidate with
// the smallest loss summed over the values:
//   l2:    e^2
//   l1:    |e|
//   huber: e^2 / 2 for |e| <= delta, delta * (|e| - delta / 2) beyond
// with e = x - fake_quantize(x). Ties keep the wider range (the first candidate reaching the
// minimum). The range after several batches is the mean of the per-batch optima (each batch
// searched exactly on its own values; with one batch it is that batch's optimum).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "quant/observers/observer.h"

namespace npusim::quant {

enum class OmseLoss { kL2, kL1, kHuber };
const char* omse_loss_name(OmseLoss loss);

struct OmseOptions {
  OmseLoss loss = OmseLoss::kL2;
  // Huber's delta in real units; empty: one quantization step of the batch's unclipped
  // (alpha = 1) range, so the quadratic zone is the rounding noise and clipping is linear.
  std::optional<float> huber_delta;
  int grid_points = 100;    // >= 1
  float grid_step = 0.01f;  // > 0, with (grid_points - 1) * grid_step < 1 (alpha stays > 0)
};

class OmseObserver : public Observer {
 public:
  OmseObserver(ObserverConfig config, OmseOptions options);

 protected:
  void start(std::size_t channels) override;
  void observe_channel(std::size_t channel, const ChannelBatch& batch) override;
  ObservedRange channel_range(std::size_t channel) const override;

 private:
  OmseOptions options_;
  std::vector<double> sum_min_;  // per channel, sums of the per-batch optimum bounds
  std::vector<double> sum_max_;
  std::vector<std::int64_t> batches_;
};

}  // namespace npusim::quant
