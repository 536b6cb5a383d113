// Min/max and EMA min/max observers, the shared Observer behaviour (per-channel layout,
// rejected batches, constant tensors). Expected values are worked by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "quant/observers/ema_minmax_observer.h"
#include "quant/observers/minmax_observer.h"
#include "quant/layout/channel_layout.h"

namespace npusim::quant {
namespace {

ObserverConfig per_tensor(QuantScheme scheme = QuantScheme::kAsymmetric) {
  ObserverConfig config;
  config.spec.scheme = scheme;
  return config;
}

ObserverConfig per_channel(int axis) {
  ObserverConfig config;
  config.channel_axis = axis;
  return config;
}

TEST(ChannelLayout, SplitsAroundTheAxis) {
  // shape [2, 3, 4]: axis 1 -> outer 2, channels 3, inner 4; axis -1 -> outer 6, channels 4.
  const ChannelLayout middle = make_channel_layout({2, 3, 4}, 1);
  EXPECT_EQ(middle.outer, 2u);
  EXPECT_EQ(middle.channels, 3u);
  EXPECT_EQ(middle.inner, 4u);
  const ChannelLayout last = make_channel_layout({2, 3, 4}, -1);
  EXPECT_EQ(last.outer, 6u);
  EXPECT_EQ(last.channels, 4u);
  EXPECT_EQ(last.inner, 1u);
  const ChannelLayout whole = make_channel_layout({2, 3, 4}, std::nullopt);
  EXPECT_EQ(whole.channels, 1u);
  EXPECT_EQ(whole.inner, 24u);
  EXPECT_THROW(make_channel_layout({2, 3}, 2), std::invalid_argument);
  EXPECT_THROW(make_channel_layout({2, 3}, -3), std::invalid_argument);
}

TEST(ChannelLayout, GatherCopiesEachChannelInCOrder) {
  // [[1, 2, 3], [4, 5, 6]] along axis 1: channel 0 = {1, 4}, 1 = {2, 5}, 2 = {3, 6}.
  const std::vector<float> data = {1, 2, 3, 4, 5, 6};
  const auto channels = gather_channels(data.data(), make_channel_layout({2, 3}, 1));
  ASSERT_EQ(channels.size(), 3u);
  EXPECT_EQ(channels[0], (std::vector<float>{1, 4}));
  EXPECT_EQ(channels[2], (std::vector<float>{3, 6}));
}

TEST(MinMaxObserver, RunningMinAndMaxOverBatches) {
  MinMaxObserver observer(per_tensor());
  observer.observe({1.0f, -2.0f, 3.0f}, {3});
  observer.observe({0.5f, 4.0f}, {2});  // batches may differ in size
  const auto ranges = observer.ranges();
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].min, -2.0f);
  EXPECT_EQ(ranges[0].max, 4.0f);
  EXPECT_EQ(observer.batches_observed(), 2);
  // INT8 asymmetric over [-2, 4]: scale = 6 / 255; zero point = -128 - round(-2 / scale)
  // = -128 + 85 = -43.
  const auto params = observer.qparams();
  EXPECT_FLOAT_EQ(params[0].scale, 6.0f / 255.0f);
  EXPECT_EQ(params[0].zero_point, -43);
}

TEST(MinMaxObserver, LongInputUsesTheVectorPathAndFindsEveryExtreme) {
  // 1000 values: the extremes sit at positions the 16-wide loop and the tail both cover.
  for (std::size_t position : {0u, 7u, 15u, 16u, 500u, 991u, 999u}) {
    std::vector<float> data(1000, 1.0f);
    data[position] = -7.0f;
    data[(position + 3) % 1000] = 9.0f;
    MinMaxObserver observer(per_tensor());
    observer.observe(data, {1000});
    EXPECT_EQ(observer.ranges()[0].min, -7.0f) << position;
    EXPECT_EQ(observer.ranges()[0].max, 9.0f) << position;
  }
}

TEST(MinMaxObserver, PerChannelAlongEveryAxis) {
  // [[1, -1, 5], [2, 0, -3]]
  const std::vector<float> data = {1, -1, 5, 2, 0, -3};
  MinMaxObserver along_columns(per_channel(1));
  along_columns.observe(data, {2, 3});
  const auto columns = along_columns.ranges();
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].min, 1.0f);  // {1, 2}
  EXPECT_EQ(columns[0].max, 2.0f);
  EXPECT_EQ(columns[1].min, -1.0f);  // {-1, 0}
  EXPECT_EQ(columns[1].max, 0.0f);
  EXPECT_EQ(columns[2].min, -3.0f);  // {5, -3}
  EXPECT_EQ(columns[2].max, 5.0f);

  MinMaxObserver along_rows(per_channel(0));
  along_rows.observe(data, {2, 3});
  const auto rows = along_rows.ranges();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].min, -1.0f);
  EXPECT_EQ(rows[0].max, 5.0f);
  EXPECT_EQ(rows[1].min, -3.0f);
  EXPECT_EQ(rows[1].max, 2.0f);

  MinMaxObserver negative_axis(per_channel(-1));
  negative_axis.observe(data, {2, 3});
  EXPECT_EQ(negative_axis.ranges()[2].max, 5.0f);
}

TEST(MinMaxObserver, PerChannelMiddleAxisOfRankThree) {
  // shape [2, 2, 2], values 0..7: element (o, c, i) = 4o + 2c + i.
  // channel 0 = {0, 1, 4, 5}, channel 1 = {2, 3, 6, 7}.
  const std::vector<float> data = {0, 1, 2, 3, 4, 5, 6, 7};
  MinMaxObserver observer(per_channel(1));
  observer.observe(data, {2, 2, 2});
  EXPECT_EQ(observer.ranges()[0].min, 0.0f);
  EXPECT_EQ(observer.ranges()[0].max, 5.0f);
  EXPECT_EQ(observer.ranges()[1].min, 2.0f);
  EXPECT_EQ(observer.ranges()[1].max, 7.0f);
}

TEST(Observer, RejectsNonFiniteValuesNamingTheElementAndKeepsItsState) {
  MinMaxObserver observer(per_tensor());
  observer.observe({1.0f, 2.0f}, {2});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  try {
    observer.observe({0.0f, 100.0f, nan, -100.0f}, {4});
    FAIL() << "NaN accepted";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("NaN at flat index 2"), std::string::npos) << message;
    EXPECT_NE(message.find("batch 1"), std::string::npos) << message;
  }
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> long_batch(100, 0.5f);
  long_batch[37] = -inf;
  try {
    observer.observe(long_batch, {100});
    FAIL() << "-inf accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("-inf at flat index 37"), std::string::npos) << e.what();
  }
  // The rejected batches changed nothing.
  EXPECT_EQ(observer.batches_observed(), 1);
  EXPECT_EQ(observer.ranges()[0].min, 1.0f);
  EXPECT_EQ(observer.ranges()[0].max, 2.0f);
}

TEST(Observer, NaNInTheFirstElementIsCaught) {
  MinMaxObserver observer(per_tensor());
  std::vector<float> data(40, 1.0f);
  data[0] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(observer.observe(data, {40}), std::invalid_argument);
}

TEST(Observer, RejectsEmptyBatchesAndShapeChanges) {
  MinMaxObserver observer(per_channel(1));
  EXPECT_THROW(observer.observe(std::vector<float>{}, {0, 3}), std::invalid_argument);
  EXPECT_THROW(observer.ranges(), std::logic_error);  // nothing observed yet
  observer.observe(std::vector<float>(6, 1.0f), {2, 3});
  EXPECT_THROW(observer.observe(std::vector<float>(8, 1.0f), {2, 4}), std::invalid_argument);     // 4 channels
  EXPECT_THROW(observer.observe(std::vector<float>(6, 1.0f), {1, 2, 3}), std::invalid_argument);  // rank 3
  observer.observe(std::vector<float>(9, 1.0f), {3, 3});  // more rows, same channels: fine
  EXPECT_EQ(observer.batches_observed(), 2);
}

TEST(Observer, ConstantTensorGetsAFiniteScaleAndAWarning) {
  MinMaxObserver constant(per_tensor());
  constant.observe({3.0f, 3.0f, 3.0f}, {3});
  EXPECT_EQ(constant.ranges()[0].min, 3.0f);
  EXPECT_EQ(constant.ranges()[0].max, 3.0f);
  // choose_qparams widens [3, 3] to [0, 3]: scale 3 / 255.
  EXPECT_FLOAT_EQ(constant.qparams()[0].scale, 3.0f / 255.0f);
  ASSERT_EQ(constant.warnings().size(), 1u);
  EXPECT_NE(constant.warnings()[0].find("constant"), std::string::npos);

  MinMaxObserver zeros(per_tensor(QuantScheme::kSymmetric));
  zeros.observe({0.0f, 0.0f}, {2});
  const QParams params = zeros.qparams()[0];
  EXPECT_TRUE(std::isfinite(params.scale) && params.scale > 0.0f);
  EXPECT_EQ(params.zero_point, 0);
  EXPECT_NE(zeros.warnings()[0].find("all-zero"), std::string::npos);

  MinMaxObserver varied(per_tensor());
  varied.observe({1.0f, 2.0f}, {2});
  EXPECT_TRUE(varied.warnings().empty());
}

TEST(EmaMinMaxObserver, WarmUpThenMovingAverage) {
  // warm-up 1, c = 0.5:
  //   batch 0 [0, 10]  -> (0, 10)
  //   batch 1 [-4, 6]  -> lo = 0 + 0.5 (-4 - 0) = -2,  hi = 10 + 0.5 (6 - 10) = 8
  //   batch 2 [2, 20]  -> lo = -2 + 0.5 (2 + 2) = 0,   hi = 8 + 0.5 (20 - 8) = 14
  EmaMinMaxObserver observer(per_tensor(), {1, 0.5f});
  observer.observe({0.0f, 10.0f}, {2});
  observer.observe({-4.0f, 6.0f}, {2});
  EXPECT_EQ(observer.ranges()[0].min, -2.0f);
  EXPECT_EQ(observer.ranges()[0].max, 8.0f);
  observer.observe({2.0f, 20.0f}, {2});
  EXPECT_EQ(observer.ranges()[0].min, 0.0f);
  EXPECT_EQ(observer.ranges()[0].max, 14.0f);
}

TEST(EmaMinMaxObserver, EveryOptionChangesTheResult) {
  const std::vector<std::vector<float>> batches = {{0.0f, 10.0f}, {-4.0f, 6.0f}, {2.0f, 20.0f}};
  auto run = [&](EmaMinMaxOptions options) {
    EmaMinMaxObserver observer(per_tensor(), options);
    for (const auto& batch : batches) observer.observe(batch, {2});
    return observer.ranges()[0];
  };
  // warm-up 2, c = 0.5: batch 1 by min/max -> (-4, 10); batch 2 EMA:
  //   lo = -4 + 0.5 (2 + 4) = -1, hi = 10 + 0.5 (20 - 10) = 15
  const ObservedRange warm2 = run({2, 0.5f});
  EXPECT_EQ(warm2.min, -1.0f);
  EXPECT_EQ(warm2.max, 15.0f);
  // warm-up 1, c = 0.25: batch 1 lo = -1, hi = 9; batch 2 lo = -1 + 0.25 * 3 = -0.25,
  //   hi = 9 + 0.25 * 11 = 11.75
  const ObservedRange slow = run({1, 0.25f});
  EXPECT_EQ(slow.min, -0.25f);
  EXPECT_EQ(slow.max, 11.75f);
  // warm-up 3 = every batch by min/max -> (-4, 20)
  const ObservedRange warm3 = run({3, 0.5f});
  EXPECT_EQ(warm3.min, -4.0f);
  EXPECT_EQ(warm3.max, 20.0f);
}

TEST(EmaMinMaxObserver, PerChannelAveragesEachChannel) {
  // shape [2, 2] along axis 1: batch 0 channels {0, 4} / {2, 6}; batch 1 {10, 10} / {-2, -2}.
  // c = 0.5: channel 0 (0, 4) -> (5, 7); channel 1 (2, 6) -> (0, 2).
  EmaMinMaxObserver observer(per_channel(1), {1, 0.5f});
  observer.observe({0, 2, 4, 6}, {2, 2});
  observer.observe({10, -2, 10, -2}, {2, 2});
  EXPECT_EQ(observer.ranges()[0].min, 5.0f);
  EXPECT_EQ(observer.ranges()[0].max, 7.0f);
  EXPECT_EQ(observer.ranges()[1].min, 0.0f);
  EXPECT_EQ(observer.ranges()[1].max, 2.0f);
}

TEST(EmaMinMaxObserver, RejectsOutOfRangeOptions) {
  EXPECT_THROW(EmaMinMaxObserver(per_tensor(), {0, 0.5f}), std::invalid_argument);
  EXPECT_THROW(EmaMinMaxObserver(per_tensor(), {1, 0.0f}), std::invalid_argument);
  EXPECT_THROW(EmaMinMaxObserver(per_tensor(), {1, 1.5f}), std::invalid_argument);
  EXPECT_THROW(EmaMinMaxObserver(per_tensor(), {1, std::numeric_limits<float>::quiet_NaN()}), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::quant
