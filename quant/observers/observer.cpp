#include "quant/observers/observer.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "quant/observers/batch_scan.h"

namespace npusim::quant {
namespace {

std::string float_text(float value) {
  std::ostringstream text;
  text.precision(std::numeric_limits<float>::max_digits10);
  text << value;
  return text.str();
}

}  // namespace

Observer::Observer(std::string name, ObserverConfig config) : name_(std::move(name)), config_(config) {
  validate_quant_spec(config_.spec);
}

void Observer::observe(const float* data, const std::vector<std::int64_t>& shape) {
  const std::string where = label() + ", batch " + std::to_string(batches_observed_);
  const ChannelLayout layout = make_channel_layout(shape, config_.channel_axis);
  if (layout.elements() == 0) {
    throw std::invalid_argument(where + ": empty tensor (shape " + shape_to_string(shape) +
                                "): an empty batch carries no range information");
  }
  if (batches_observed_ > 0) {
    if (shape.size() != rank_) {
      throw std::invalid_argument(where + ": rank " + std::to_string(shape.size()) + " (shape " +
                                  shape_to_string(shape) + ") differs from the first batch's rank " +
                                  std::to_string(rank_));
    }
    if (layout.channels != channels_) {
      throw std::invalid_argument(where + ": " + std::to_string(layout.channels) +
                                  " channels along the axis (shape " + shape_to_string(shape) +
                                  ") but the first batch had " + std::to_string(channels_));
    }
  }

  // Channel values must be contiguous for the per-channel kernels: per tensor, or when every
  // dimension before the axis is 1, they already are; otherwise copy them out once.
  std::vector<const float*> channel_data(layout.channels);
  const std::size_t per_channel = layout.outer * layout.inner;
  if (layout.outer == 1) {
    for (std::size_t c = 0; c < layout.channels; ++c) channel_data[c] = data + c * layout.inner;
  } else {
    gather_channels_into(data, layout, gathered_);
    for (std::size_t c = 0; c < layout.channels; ++c) channel_data[c] = gathered_[c].data();
  }

  // Validate everything before any state changes (strong guarantee).
  std::vector<BatchScan> scans(layout.channels);
  for (std::size_t c = 0; c < layout.channels; ++c) {
    scans[c] = prescan_channel(c, channel_data[c], per_channel);
    if (!scans[c].all_finite) {
      throw std::invalid_argument(where + ": " + describe_non_finite(data, layout.elements()) + " in shape " +
                                  shape_to_string(shape) + "; observers accept finite values only");
    }
  }

  if (batches_observed_ == 0) {
    channels_ = layout.channels;
    rank_ = shape.size();
    start(channels_);
  }
  for (std::size_t c = 0; c < layout.channels; ++c) {
    observe_channel(c, ChannelBatch{channel_data[c], per_channel, scans[c].min, scans[c].max, batches_observed_});
  }
  ++batches_observed_;
}

BatchScan Observer::prescan_channel(std::size_t, const float* values, std::size_t count) {
  return scan_batch(values, count);
}

std::vector<ObservedRange> Observer::ranges() const {
  if (batches_observed_ == 0) throw std::logic_error(label() + ": no batch observed yet, so there is no range");
  std::vector<ObservedRange> result(channels_);
  for (std::size_t c = 0; c < channels_; ++c) result[c] = channel_range(c);
  return result;
}

std::vector<QParams> Observer::qparams() const {
  const std::vector<ObservedRange> observed = ranges();
  std::vector<QParams> result(observed.size());
  for (std::size_t c = 0; c < observed.size(); ++c) {
    try {
      result[c] = choose_qparams(observed[c].min, observed[c].max, config_.spec);
    } catch (const std::exception& e) {
      throw std::invalid_argument(label() + ", channel " + std::to_string(c) + ": " + e.what());
    }
    // choose_qparams promises this; an observer must never hand out a useless scale.
    if (!(std::isfinite(result[c].scale) && result[c].scale > 0.0f)) {
      throw std::logic_error(label() + ", channel " + std::to_string(c) + ": scale " +
                             float_text(result[c].scale) + " is not finite and positive");
    }
  }
  return result;
}

std::vector<std::string> Observer::warnings() const {
  std::vector<std::string> notes;
  if (batches_observed_ == 0) return notes;
  const std::vector<ObservedRange> observed = ranges();
  for (std::size_t c = 0; c < observed.size(); ++c) {
    if (observed[c].min != observed[c].max) continue;
    const std::string who = channels_ == 1 && !config_.channel_axis ? "the tensor" : "channel " + std::to_string(c);
    notes.push_back(label() + ": " + who + " has a zero-width range (constant " + float_text(observed[c].min) +
                    "); choose_qparams widens it to include 0" +
                    (observed[c].min == 0.0f ? " and uses scale 1.0 for the all-zero range" : ""));
  }
  for (std::string& note : extra_warnings()) notes.push_back(std::move(note));
  return notes;
}

}  // namespace npusim::quant
