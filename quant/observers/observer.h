// Calibration observers: they watch batches of a tensor (observe() many times) and then say
// which real range [min, max] to quantize it with, per tensor or per channel along any axis.
// docs/observers.md describes every observer, its options, defaults and edge cases.
//
// Shared behaviour (the base class):
//   - A batch that is empty, holds NaN/Inf, or changes the rank or the channel count is
//     rejected with std::invalid_argument naming the observer, the batch and the element;
//     the observer's state is unchanged (the batch is validated before anything is updated).
//   - ranges() before any batch throws std::logic_error.
//   - qparams() turns each range into scale/zero point with choose_qparams (which widens the
//     range to include 0 and nudges the zero point); it never returns a zero or infinite
//     scale. Constant channels (min == max) are reported by warnings().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quant/observers/batch_scan.h"
#include "quant/layout/channel_layout.h"
#include "quant/quantizer/affine_quantizer.h"

namespace npusim::quant {

struct ObservedRange {
  float min = 0.0f;
  float max = 0.0f;
};

struct ObserverConfig {
  QuantSpec spec;                   // the grid the range is chosen for (search observers use it)
  std::optional<int> channel_axis;  // empty: per tensor; else per channel (negative from the back)
};

class Observer {
 public:
  Observer(std::string name, ObserverConfig config);
  virtual ~Observer() = default;
  Observer(const Observer&) = delete;
  Observer& operator=(const Observer&) = delete;

  // Adds one calibration batch (C order). See the header comment for what is rejected.
  void observe(const float* data, const std::vector<std::int64_t>& shape);
  void observe(const std::vector<float>& data, const std::vector<std::int64_t>& shape) {
    observe(data.data(), shape);
  }

  std::int64_t batches_observed() const { return batches_observed_; }
  std::size_t channel_count() const { return channels_; }
  const std::string& name() const { return name_; }
  const ObserverConfig& config() const { return config_; }

  // The chosen range per channel (one entry per tensor when not per-channel).
  std::vector<ObservedRange> ranges() const;
  // choose_qparams(range, spec) per channel.
  std::vector<QParams> qparams() const;
  // Human-readable notes on the current state: constant channels, histogram re-binning.
  std::vector<std::string> warnings() const;

 protected:
  // One channel's values of one batch, contiguous, already checked finite and non-empty.
  struct ChannelBatch {
    const float* values;
    std::size_t count;
    float min;                 // exact minimum of the values
    float max;                 // exact maximum of the values
    std::int64_t batch_index;  // 0 for the first batch
  };
  // The batch scan of one channel (exact min, max, non-finite check), called for every
  // channel before any observe_channel. The default is scan_batch; an observer that reads
  // every value anyway may fold the scan into its own pass and keep that pass's results for
  // observe_channel, but must not change its observed state here (the batch can still be
  // rejected because of another channel).
  virtual BatchScan prescan_channel(std::size_t channel, const float* values, std::size_t count);
  // Called once, before the first batch reaches observe_channel.
  virtual void start(std::size_t channels) = 0;
  virtual void observe_channel(std::size_t channel, const ChannelBatch& batch) = 0;
  virtual ObservedRange channel_range(std::size_t channel) const = 0;
  // Observer-specific notes (e.g. re-binning); appended to warnings().
  virtual std::vector<std::string> extra_warnings() const { return {}; }

  // "observer 'percentile'" for messages.
  std::string label() const { return "observer '" + name_ + "'"; }

 private:
  std::string name_;
  ObserverConfig config_;
  std::size_t channels_ = 0;
  std::size_t rank_ = 0;
  std::int64_t batches_observed_ = 0;
  std::vector<std::vector<float>> gathered_;  // per-channel copies of the current batch, reused
};

}  // namespace npusim::quant
