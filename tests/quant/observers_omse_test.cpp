// OMSE observer: grid search over clipping ranges with L2, L1 and Huber losses. The data is
// chosen so each loss can be evaluated by hand for every candidate.
//
// Data: twenty 1s and one outlier 30. Spec: UINT4 (codes 0..15), asymmetric; the range is
// [alpha, 30 alpha], widened to [0, 30 alpha], so zero point 0 and scale 2 alpha.
//   alpha 1.00: scale 2.0, 1 -> round(0.5) = 0 (half even) -> error 1 (x20); 30 exact
//   alpha 0.75: scale 1.5, 1 -> round(0.667) = 1 -> 1.5, error 0.5 (x20); 30 -> 15 * 1.5 = 22.5, error 7.5
//   alpha 0.50: scale 1.0, 1 exact; 30 -> clamp 15, error 15
// Loss sums:            alpha 1.00   alpha 0.75                 alpha 0.50
//   L2                  20           20*0.25 + 56.25 = 61.25    225
//   L1                  20           10 + 7.5 = 17.5            15
//   Huber delta 1       10           2.5 + (7.5 - 0.5) = 9.5    14.5
//   Huber delta 10      10           2.5 + 28.125 = 30.625      10 * (15 - 5) = 100
//   Huber default delta = one step at alpha 1 = 2:
//                       10           2.5 + 2 * (7.5 - 1) = 15.5 2 * (15 - 1) = 28
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "quant/observers/omse_observer.h"

namespace npusim::quant {
namespace {

std::vector<float> ones_and_outlier(float unit) {
  std::vector<float> values(20, unit);
  values.push_back(30.0f * unit);
  return values;
}

ObserverConfig uint4() {
  ObserverConfig config;
  config.spec.bits = 4;
  config.spec.is_signed = false;
  config.spec.scheme = QuantScheme::kAsymmetric;
  return config;
}

ObservedRange search(OmseOptions options, const std::vector<std::vector<float>>& batches = {ones_and_outlier(1.0f)}) {
  OmseObserver observer(uint4(), options);
  for (const auto& batch : batches) observer.observe(batch, {static_cast<std::int64_t>(batch.size())});
  return observer.ranges()[0];
}

OmseOptions three_candidates(OmseLoss loss) {  // alpha = 1, 0.75, 0.5
  OmseOptions options;
  options.loss = loss;
  options.grid_points = 3;
  options.grid_step = 0.25f;
  return options;
}

TEST(OmseObserver, EachLossPicksItsHandWorkedCandidate) {
  const ObservedRange l2 = search(three_candidates(OmseLoss::kL2));
  EXPECT_EQ(l2.min, 1.0f);
  EXPECT_EQ(l2.max, 30.0f);
  const ObservedRange l1 = search(three_candidates(OmseLoss::kL1));
  EXPECT_EQ(l1.min, 0.5f);
  EXPECT_EQ(l1.max, 15.0f);
  const ObservedRange huber_default = search(three_candidates(OmseLoss::kHuber));
  EXPECT_EQ(huber_default.max, 30.0f);
}

TEST(OmseObserver, HuberDeltaIsHonoured) {
  OmseOptions options = three_candidates(OmseLoss::kHuber);
  options.huber_delta = 1.0f;
  EXPECT_EQ(search(options).max, 22.5f);
  options.huber_delta = 10.0f;
  EXPECT_EQ(search(options).max, 30.0f);
}

TEST(OmseObserver, GridPointsAndStepAreHonoured) {
  OmseOptions options = three_candidates(OmseLoss::kL1);
  options.grid_points = 1;  // alpha 1 only
  EXPECT_EQ(search(options).max, 30.0f);
  options.grid_points = 2;
  options.grid_step = 0.25f;  // alpha 1, 0.75: L1 20 vs 17.5
  EXPECT_EQ(search(options).max, 22.5f);
  options.grid_step = 0.5f;  // alpha 1, 0.5: L1 20 vs 15
  EXPECT_EQ(search(options).max, 15.0f);
}

TEST(OmseObserver, TheSpecsBitsAreHonoured) {
  // UINT8 instead of UINT4, L1, alpha 1 / 0.75 / 0.5 (scale = 30 alpha / 255):
  //   alpha 1.00: 1 / (30/255) = 8.5 -> 8 or 9 steps, error 1/17 = 0.0588 (x20) = 1.18; 30 exact
  //   alpha 0.75: 1 -> 11 steps of 22.5/255, error 0.029 (x20) = 0.59; 30 clipped by 7.5: 8.09
  //   alpha 0.50: 1 -> 17 steps exactly; 30 clipped by 15: 15
  // so 8 bits keep the full range where 4 bits chose alpha 0.5.
  OmseOptions options = three_candidates(OmseLoss::kL1);
  ObserverConfig config = uint4();
  config.spec.bits = 8;
  OmseObserver observer(config, options);
  const std::vector<float> data = ones_and_outlier(1.0f);
  observer.observe(data, {static_cast<std::int64_t>(data.size())});
  EXPECT_EQ(observer.ranges()[0].max, 30.0f);
}

TEST(OmseObserver, BatchesAverageTheirOptima) {
  // The second batch is the first times 2: the loss scales, the optimum alpha stays 0.5
  // (L1), so the per-batch ranges are [0.5, 15] and [1, 30]; their mean is [0.75, 22.5].
  const ObservedRange mean =
      search(three_candidates(OmseLoss::kL1), {ones_and_outlier(1.0f), ones_and_outlier(2.0f)});
  EXPECT_EQ(mean.min, 0.75f);
  EXPECT_EQ(mean.max, 22.5f);
}

TEST(OmseObserver, DefaultGridFindsTheUnclippedRangeForL2) {
  // Defaults: 100 candidates, alpha 1 .. 0.01. A uniform ramp 0 .. 15 fits UINT4 exactly at
  // alpha = 1 (scale 1, zero error); every smaller alpha clips.
  std::vector<float> ramp;
  for (int i = 0; i <= 15; ++i) ramp.push_back(static_cast<float>(i));
  OmseObserver observer(uint4(), OmseOptions{});
  observer.observe(ramp, {16});
  EXPECT_EQ(observer.ranges()[0].max, 15.0f);
}

TEST(OmseObserver, RejectsBadOptions) {
  OmseOptions options;
  options.grid_points = 0;
  EXPECT_THROW(OmseObserver(uint4(), options), std::invalid_argument);
  options = {};
  options.grid_points = 101;  // alpha would reach 0
  EXPECT_THROW(OmseObserver(uint4(), options), std::invalid_argument);
  options = {};
  options.huber_delta = 1.0f;  // delta with the L2 loss would be ignored
  EXPECT_THROW(OmseObserver(uint4(), options), std::invalid_argument);
  options.loss = OmseLoss::kHuber;
  options.huber_delta = -1.0f;
  EXPECT_THROW(OmseObserver(uint4(), options), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::quant
