// Cross-check of the observers against PyTorch (Debian python3-torch) and numpy, peers we did
// not write: tests/quant/torch_observers.py writes three calibration batches and what
// torch.ao.quantization's observers (and numpy.percentile) make of them. Skips when torch is
// not importable.
//
// Where the semantics match, values must agree:
//   MinMaxObserver, PerChannelMinMaxObserver                 -> minmax (range exact; UINT8
//       asymmetric scale to 1e-6 relative, zero point exact)
//   MovingAverage(PerChannel)MinMaxObserver(c)              -> ema_minmax, warm-up 1, constant c
//   numpy.percentile (linear)                                -> exact_percentiles / percentile
// Where they do not, only a property is checked:
//   HistogramObserver (greedy search that stops when the error grows, on an upsampled
//   histogram) vs hist_mse (exhaustive grid search): our range's actual MSE on the data must
//   not be worse than torch's by more than 5 %.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "quant/io/npy.h"
#include "quant/observers/ema_minmax_observer.h"
#include "quant/observers/exact_percentile.h"
#include "quant/observers/histogram_mse_observer.h"
#include "quant/observers/minmax_observer.h"
#include "quant/observers/percentile_observer.h"

namespace npusim::quant {
namespace {

class ObserversTorch : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string python = "/usr/bin/python3";
  // scripts/setup.sh installs every peer: one missing in CI is a failure, never a skip.
    ASSERT_TRUE(std::filesystem::exists(python)) << python << " not found";
    out_dir_ = std::filesystem::temp_directory_path() / ("npusim_torch_observers_" + std::to_string(::getpid()));
    std::filesystem::create_directories(out_dir_);
    const std::string command = python + " " + NPUSIM_SOURCE_DIR + "/tests/quant/torch_observers.py " +
                                out_dir_.string() + " " + std::to_string(kSeed);
    const int status = std::system(command.c_str());
    ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << "torch is not importable by " << python;
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
    for (int b = 0; b < 3; ++b) {
      const io::NpyArray array = io::load_npy((out_dir_ / ("batch" + std::to_string(b) + ".npy")).string());
      shape_ = array.shape;
      batches_.push_back(array.to_float());
    }
    std::ifstream json_file(out_dir_ / "torch.json");
    torch_ = nlohmann::json::parse(json_file);
  }
  void TearDown() override {
    if (!out_dir_.empty()) std::filesystem::remove_all(out_dir_);
  }

  void observe_all(Observer& observer) {
    for (const auto& batch : batches_) observer.observe(batch, shape_);
  }

  static ObserverConfig uint8(std::optional<int> axis = std::nullopt) {
    ObserverConfig config;
    config.spec.is_signed = false;
    config.spec.scheme = QuantScheme::kAsymmetric;
    config.channel_axis = axis;
    return config;
  }

  // Ranges: torch's min/max in float32, so equal up to the last EMA rounding (1e-6 relative).
  void expect_matches(const Observer& observer, const nlohmann::json& expected, bool compare_qparams) {
    const auto ranges = observer.ranges();
    const auto params = observer.qparams();
    ASSERT_EQ(ranges.size(), expected["min"].size());
    for (std::size_t c = 0; c < ranges.size(); ++c) {
      const double min = expected["min"][c], max = expected["max"][c];
      EXPECT_NEAR(ranges[c].min, min, 1e-6 * std::fabs(min) + 1e-12) << "channel " << c << " seed " << kSeed;
      EXPECT_NEAR(ranges[c].max, max, 1e-6 * std::fabs(max) + 1e-12) << "channel " << c << " seed " << kSeed;
      if (!compare_qparams) continue;
      const double scale = expected["scale"][c];
      EXPECT_NEAR(params[c].scale, scale, 1e-6 * scale) << "channel " << c;
      EXPECT_EQ(params[c].zero_point, expected["zero_point"][c].get<int>()) << "channel " << c;
    }
  }

  static constexpr int kSeed = 20261124;
  std::filesystem::path out_dir_;
  std::vector<std::vector<float>> batches_;
  std::vector<std::int64_t> shape_;
  nlohmann::json torch_;
};

TEST_F(ObserversTorch, MinMaxPerTensorAndPerChannel) {
  MinMaxObserver per_tensor(uint8());
  observe_all(per_tensor);
  expect_matches(per_tensor, torch_["minmax"], true);
  MinMaxObserver per_channel(uint8(1));
  observe_all(per_channel);
  expect_matches(per_channel, torch_["per_channel_minmax"], true);
}

TEST_F(ObserversTorch, MovingAverageMatchesWarmUpOne) {
  for (const char* constant : {"0.01", "0.3"}) {
    EmaMinMaxObserver observer(uint8(), {1, std::stof(constant)});
    observe_all(observer);
    // The scale is not compared: torch derives it from its float32 range the same way, so
    // a last-bit difference in the EMA could move the zero point by one at a tie.
    expect_matches(observer, torch_[std::string("ema_minmax_") + constant], false);
  }
  EmaMinMaxObserver per_channel(uint8(1), {1, 0.3f});
  observe_all(per_channel);
  expect_matches(per_channel, torch_["per_channel_ema_0.3"], false);
}

TEST_F(ObserversTorch, PercentilesMatchNumpy) {
  for (const auto& [key, low, high] : {std::tuple{"0.1/99.9", 0.1, 99.9}, std::tuple{"2.5/97.5", 2.5, 97.5}}) {
    double combined_low = 1e30, combined_high = -1e30;
    for (std::size_t b = 0; b < batches_.size(); ++b) {
      const auto [ours_low, ours_high] = exact_percentiles(batches_[b].data(), batches_[b].size(), low, high);
      const double numpy_low = torch_["percentile"][key][b][0], numpy_high = torch_["percentile"][key][b][1];
      // numpy interpolates in float64 from float32 values; we round the result to float32.
      EXPECT_NEAR(ours_low, numpy_low, 1e-6 * std::fabs(numpy_low) + 1e-7) << key << " batch " << b;
      EXPECT_NEAR(ours_high, numpy_high, 1e-6 * std::fabs(numpy_high) + 1e-7) << key << " batch " << b;
      combined_low = std::min(combined_low, numpy_low);
      combined_high = std::max(combined_high, numpy_high);
    }
    PercentileOptions options;
    options.low_percent = low;
    options.high_percent = high;
    PercentileObserver observer(ObserverConfig{}, options);  // no EMA: min of lows, max of highs
    observe_all(observer);
    EXPECT_NEAR(observer.ranges()[0].min, combined_low, 1e-6 * std::fabs(combined_low) + 1e-7) << key;
    EXPECT_NEAR(observer.ranges()[0].max, combined_high, 1e-6 * std::fabs(combined_high) + 1e-7) << key;
  }
}

TEST_F(ObserversTorch, HistogramMseIsNoWorseThanTorchHistogramObserver) {
  HistogramMseObserver observer(uint8(), HistogramMseOptions{});
  observe_all(observer);
  const QParams params = observer.qparams()[0];
  double sum = 0.0;
  std::size_t count = 0;
  for (const auto& batch : batches_) {
    for (float x : batch) {
      const double e = static_cast<double>(x) - fake_quantize(x, params, uint8().spec);
      sum += e * e;
      ++count;
    }
  }
  const double ours = sum / static_cast<double>(count);
  const double theirs = torch_["histogram"]["mse"];
  RecordProperty("ours_mse", std::to_string(ours));
  RecordProperty("torch_mse", std::to_string(theirs));
  EXPECT_LE(ours, 1.05 * theirs) << "ours [" << observer.ranges()[0].min << ", " << observer.ranges()[0].max
                                 << "] vs torch [" << torch_["histogram"]["min"][0] << ", "
                                 << torch_["histogram"]["max"][0] << "]";
  // And both clip the 45.0 outlier rather than keep min/max.
  EXPECT_LT(observer.ranges()[0].max, 45.0f);
}

}  // namespace
}  // namespace npusim::quant
