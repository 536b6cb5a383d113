// Random scene layouts: one Scene per seed. The family mix and the size ranges inside each
// family were tuned so that the pooled depth distribution of many images is close to the
// original team's test set (median 1.6 m, p95 12.9 m, tail to ~230 m; docs/data.md has
// the measured percentiles and the command).
#pragma once

#include <cstdint>

#include "models/data/scene.h"

namespace npusim::data {

// Probabilities of the layout families (they need not sum to 1; they are normalised).
struct SceneMix {
  float close_up = 0.52f;    // a desk or shelf seen from 0.1-3 m
  float room = 0.30f;        // a furnished room, 3-11 m deep
  float street = 0.10f;      // a street between buildings, sky, sometimes far mountains
  float open_field = 0.08f;  // trees and sheds on open ground, distant buildings, mountains
};

// The same (seed, mix) always gives the same scene.
Scene build_scene(std::uint64_t seed, const SceneMix& mix = SceneMix{});

}  // namespace npusim::data
