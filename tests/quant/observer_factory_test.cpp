// Building observers by name: defaults, every setting reaching its observer, and settings
// that the chosen observer would ignore being refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "quant/observers/observer_factory.h"

namespace npusim::quant {
namespace {

TEST(ObserverFactory, BuildsEveryNamedObserver) {
  for (const std::string& name : observer_names()) {
    const auto observer = make_observer(name, ObserverConfig{}, ObserverSettings{});
    EXPECT_EQ(observer->name(), name);
    observer->observe({-1.0f, 0.5f, 2.0f}, {3});
    EXPECT_EQ(observer->ranges().size(), 1u);
  }
  EXPECT_THROW(make_observer("median", ObserverConfig{}, ObserverSettings{}), std::invalid_argument);
}

TEST(ObserverFactory, RefusesSettingsTheObserverDoesNotUse) {
  ObserverSettings settings;
  settings.grid_step = 0.1f;
  try {
    make_observer("kl", ObserverConfig{}, settings);
    FAIL() << "grid_step accepted by kl";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("grid_step"), std::string::npos) << e.what();
  }
  settings = {};
  settings.bins = 512;
  EXPECT_THROW(make_observer("minmax", ObserverConfig{}, settings), std::invalid_argument);
  EXPECT_NO_THROW(make_observer("hist_mse", ObserverConfig{}, settings));
  settings = {};
  settings.loss = "l3";
  EXPECT_THROW(make_observer("omse", ObserverConfig{}, settings), std::invalid_argument);
}

TEST(ObserverFactory, SettingsReachTheObserver) {
  // EMA c = 0.5 on batches [0, 10], [-4, 6] -> (-2, 8) (hand-worked in observers_minmax_test).
  ObserverSettings settings;
  settings.ema_constant = 0.5f;
  const auto ema = make_observer("ema_minmax", ObserverConfig{}, settings);
  ema->observe({0.0f, 10.0f}, {2});
  ema->observe({-4.0f, 6.0f}, {2});
  EXPECT_EQ(ema->ranges()[0].min, -2.0f);
  EXPECT_EQ(ema->ranges()[0].max, 8.0f);
  // Percentile 25 / 75 of 0 .. 4 -> 1, 3.
  settings = {};
  settings.low_percent = 25.0;
  settings.high_percent = 75.0;
  const auto percentile = make_observer("percentile", ObserverConfig{}, settings);
  percentile->observe({4.0f, 0.0f, 3.0f, 1.0f, 2.0f}, {5});
  EXPECT_EQ(percentile->ranges()[0].min, 1.0f);
  EXPECT_EQ(percentile->ranges()[0].max, 3.0f);
}

}  // namespace
}  // namespace npusim::quant
