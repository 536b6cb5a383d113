#include "sim/rtl/requant_rtl_check.h"

#include <algorithm>
#include <stdexcept>

#include "sim/rtl/requant_rtl_bridge.h"

namespace npusim::sim {
namespace {

using quant::FusedActivation;
using quant::RequantParams;
using quant::RoundingMode;

std::int64_t acc_min(const rtl::RequantUnitShape& shape) { return -(std::int64_t{1} << (shape.acc_bits - 1)); }
std::int64_t acc_max(const rtl::RequantUnitShape& shape) { return (std::int64_t{1} << (shape.acc_bits - 1)) - 1; }
// The unit's edge range (OUT_W + 1 bits): both int and uint OUT_W-bit ranges fit in it.
std::int32_t edge_min(const rtl::RequantUnitShape& shape) { return -(1 << shape.out_bits); }
std::int32_t edge_max(const rtl::RequantUnitShape& shape) { return (1 << shape.out_bits) - 1; }

// The clamp/activation/split settings every targeted (acc, M, s) triple runs under.
std::vector<RequantParams> targeted_settings(const rtl::RequantUnitShape& shape) {
  const int half = 1 << (shape.out_bits - 1);
  std::vector<RequantParams> settings;
  RequantParams p;
  p.qmin = edge_min(shape);  // the unit's whole range: the rounding itself shows
  p.qmax = edge_max(shape);
  settings.push_back(p);
  p.qmin = -half;  // signed OUT_W bits, nonzero zero point
  p.qmax = half - 1;
  p.zero_point = -3;
  settings.push_back(p);
  p.qmin = 0;  // unsigned OUT_W bits, dual output
  p.qmax = 2 * half - 1;
  p.zero_point = half;
  p.lo_bits = 4;
  settings.push_back(p);
  p = RequantParams{};
  p.qmin = -5;  // narrow clamp with ReLU
  p.qmax = 6;
  p.zero_point = 2;
  p.activation = FusedActivation::kRelu;
  settings.push_back(p);
  p = RequantParams{};
  p.qmin = edge_min(shape);  // LeakyReLU, alpha = 1/8 (second multiplier, shift + 3)
  p.qmax = edge_max(shape);
  p.activation = FusedActivation::kLeakyRelu;
  p.lo_bits = static_cast<int>(shape.out_bits);
  settings.push_back(p);
  return settings;
}

}  // namespace

bool golden_accepts(const quant::RequantCase& c, RoundingMode mode) {
  try {
    quant::validate_requant_params(c.params, mode);
    quant::check_requant_accumulator(c.acc, c.params, mode);
  } catch (const std::invalid_argument&) {
    return false;
  }
  return true;
}

std::vector<quant::RequantCase> targeted_cases(const rtl::RequantUnitShape& shape, RoundingMode mode) {
  struct Triple {
    __int128 acc;
    std::int64_t multiplier;
    int shift;
  };
  std::vector<Triple> triples;
  for (int shift = 1; shift <= 63; ++shift) {
    for (int multiplier_log2 : {0, 1, 15, 30}) {  // acc * M = (2k + 1) * 2^(s - 1): an exact tie
      if (multiplier_log2 > shift - 1) continue;
      const __int128 unit = static_cast<__int128>(1) << (shift - 1 - multiplier_log2);
      for (int k = -5; k <= 5; ++k) {
        for (int nudge : {-1, 0, 1}) triples.push_back({(2 * k + 1) * unit + nudge, std::int64_t{1} << multiplier_log2, shift});
      }
    }
    for (std::int64_t odd : {3, 5, 1001, 2147483647}) {
      for (int k = -3; k <= 3; ++k) triples.push_back({static_cast<__int128>(2 * k + 1) * (static_cast<__int128>(1) << (shift - 1)), odd, shift});  // multiply: a negative value shifted left is UB
    }
  }
  const std::int64_t accs[] = {acc_min(shape), acc_min(shape) + 1, -1, 0, 1, acc_max(shape) - 1, acc_max(shape),
                               INT32_MIN, INT32_MIN + 1, INT32_MAX};
  const std::int64_t multipliers[] = {0, 1, 2, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};
  for (std::int64_t acc : accs) {
    for (std::int64_t multiplier : multipliers) {
      for (int shift : {0, 1, 2, 15, 16, 30, 31, 32, 33, 40, 47, 48, 61, 62, 63}) triples.push_back({acc, multiplier, shift});
    }
  }

  std::vector<quant::RequantCase> cases;
  for (const RequantParams& setting : targeted_settings(shape)) {
    for (const Triple& t : triples) {
      if (t.acc < acc_min(shape) || t.acc > acc_max(shape)) continue;
      for (int sign : {1, -1}) {
        if (sign < 0 && setting.activation != FusedActivation::kLeakyRelu) continue;  // -ties are in the list
        quant::RequantCase c;
        c.acc = static_cast<std::int64_t>(sign * t.acc);
        if (c.acc < acc_min(shape) || c.acc > acc_max(shape)) continue;
        c.params = setting;
        c.params.multiplier = static_cast<std::int32_t>(t.multiplier);
        c.params.shift = t.shift;
        c.params.negative_multiplier = c.params.multiplier;
        c.params.negative_shift = std::min(63, t.shift + 3);
        if (golden_accepts(c, mode)) cases.push_back(c);
      }
    }
  }
  return cases;
}

std::vector<quant::RequantCase> exhaustive_cases(const rtl::RequantUnitShape& shape, RoundingMode mode, int radius) {
  RequantParams widest;
  widest.qmin = edge_min(shape);
  widest.qmax = edge_max(shape);
  std::vector<RequantParams> settings = {widest, widest, widest, widest};
  settings[1].activation = FusedActivation::kRelu;
  settings[1].zero_point = 7;
  settings[2].activation = FusedActivation::kLeakyRelu;
  settings[3].lo_bits = 4;
  settings[3].zero_point = -9;
  std::vector<quant::RequantCase> cases;
  for (const RequantParams& setting : settings) {
    for (int shift = 0; shift <= 12; ++shift) {
      for (std::int32_t multiplier : {1, 3, 5, 7, (1 << 30) + 1, INT32_MAX}) {
        for (std::int64_t acc = -radius; acc <= radius; ++acc) {
          quant::RequantCase c;
          c.acc = acc;
          c.params = setting;
          c.params.multiplier = multiplier;
          c.params.shift = multiplier > 7 ? shift + 31 : shift;  // keep big multipliers in range
          c.params.negative_multiplier = 3;
          c.params.negative_shift = shift + 1;
          if (golden_accepts(c, mode)) cases.push_back(c);
        }
      }
    }
  }
  return cases;
}

RandomRequantCases::RandomRequantCases(const rtl::RequantUnitShape& shape, RoundingMode mode, std::uint64_t seed)
    : shape_(shape), mode_(mode), random_(seed) {}

std::int64_t RandomRequantCases::random_acc(int magnitude_bits) {
  const std::int64_t limit = std::int64_t{1} << magnitude_bits;
  return std::uniform_int_distribution<std::int64_t>(-limit, limit - 1)(random_);
}

quant::RequantCase RandomRequantCases::next() {
  const bool tflite = mode_ == RoundingMode::kTfliteDouble;
  const int acc_bits = tflite ? std::min(32, shape_.acc_bits) : shape_.acc_bits;
  auto uniform = [this](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random_);
  };
  for (;;) {
    quant::RequantCase c;
    RequantParams& p = c.params;
    const int kind = static_cast<int>(uniform(0, 99));
    // Multiplier: normalised (what QuantizeMultiplier gives), any, or small.
    if (kind < 50) p.multiplier = static_cast<std::int32_t>(uniform(1 << 30, INT32_MAX));
    else if (kind < 80) p.multiplier = static_cast<std::int32_t>(uniform(0, INT32_MAX));
    else p.multiplier = static_cast<std::int32_t>(uniform(0, 300));
    const int magnitude_bits = static_cast<int>(uniform(0, acc_bits - 1));
    c.acc = random_acc(magnitude_bits);
    if (uniform(0, 3) == 0) {
      p.shift = static_cast<int>(uniform(0, 63));  // anywhere: mostly saturation or zero
    } else {  // aim the result at about 2^target: in, at the edge of, or just beyond the clamp
      const int target_bits = static_cast<int>(uniform(0, shape_.out_bits + 2));
      const int multiplier_bits = p.multiplier == 0 ? 0 : 64 - __builtin_clzll(static_cast<std::uint64_t>(p.multiplier));
      p.shift = std::clamp(magnitude_bits + multiplier_bits - target_bits, 0, 63);
    }
    if (uniform(0, 9) == 0 && p.shift >= 1) {  // an exact tie: M = 2^j, acc = odd * 2^(s-1-j)
      const int j = static_cast<int>(uniform(0, std::min(30, p.shift - 1)));
      p.multiplier = std::int32_t{1} << j;
      const int unit_bits = p.shift - 1 - j;
      if (unit_bits < acc_bits - 2) {
        const std::int64_t odd = 2 * random_acc(std::max(0, std::min(acc_bits - 3 - unit_bits, 8))) + 1;
        c.acc = odd * (std::int64_t{1} << unit_bits) + uniform(-1, 1) * (uniform(0, 3) == 0 ? 1 : 0);
      }
    }
    // Clamp range: signed OUT_W bits, unsigned OUT_W bits, or any sub-range of the edge range.
    const std::int32_t half = 1 << (shape_.out_bits - 1);
    const int clamp_kind = static_cast<int>(uniform(0, 9));
    if (clamp_kind < 4) {
      p.qmin = -half;
      p.qmax = half - 1;
      p.zero_point = static_cast<std::int32_t>(uniform(-half, half - 1) / 4);
    } else if (clamp_kind < 7) {
      p.qmin = 0;
      p.qmax = 2 * half - 1;
      p.zero_point = static_cast<std::int32_t>(uniform(0, 2 * half - 1));
    } else {
      const std::int64_t a = uniform(edge_min(shape_), edge_max(shape_));
      const std::int64_t b = uniform(edge_min(shape_), edge_max(shape_));
      p.qmin = static_cast<std::int32_t>(std::min(a, b));
      p.qmax = static_cast<std::int32_t>(std::max(a, b));
      p.zero_point = static_cast<std::int32_t>(uniform(edge_min(shape_), edge_max(shape_)));
    }
    const int activation_kind = static_cast<int>(uniform(0, 19));
    if (activation_kind < 3) {
      p.activation = FusedActivation::kRelu;
    } else if (activation_kind < 6) {
      p.activation = FusedActivation::kLeakyRelu;
      p.negative_multiplier = static_cast<std::int32_t>(uniform(0, INT32_MAX));
      p.negative_shift = static_cast<int>(std::clamp<std::int64_t>(p.shift + uniform(-2, 8), 0, 63));
    }
    if (uniform(0, 3) == 0) p.lo_bits = static_cast<int>(uniform(1, shape_.out_bits));
    if (c.acc < acc_min(shape_) || c.acc > acc_max(shape_)) continue;
    if (golden_accepts(c, mode_)) return c;
  }
}

rtl::RequantLaneOutput golden_lane_output(const quant::RequantCase& c, RoundingMode mode) {
  const std::int32_t wide = quant::requantize(c.acc, c.params, mode);
  const quant::DualOutput split = quant::split_dual_output(wide, c.params.lo_bits);
  return {wide, split.hi, split.lo};
}

RequantCheckCounts check_requant_cases(rtl::RequantUnit& unit, RoundingMode mode,
                                       const std::vector<quant::RequantCase>& cases, const std::string& phase,
                                       std::vector<RequantMismatch>* mismatches, std::size_t max_mismatches) {
  std::vector<rtl::RequantLaneInput> lanes;
  lanes.reserve(cases.size());
  for (const quant::RequantCase& c : cases) lanes.push_back(to_rtl_lane(c.acc, c.params, mode));
  std::vector<rtl::RequantLaneOutput> actual;
  unit.run(lanes, &actual);
  RequantCheckCounts counts;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const rtl::RequantLaneOutput expected = golden_lane_output(cases[i], mode);
    if (expected.q == actual[i].q && expected.hi == actual[i].hi && expected.lo == actual[i].lo) {
      ++counts.passed;
      continue;
    }
    ++counts.failed;
    if (mismatches != nullptr && mismatches->size() < max_mismatches) {
      mismatches->push_back({unit.shape().name, phase, mode, cases[i], expected, actual[i]});
    }
  }
  return counts;
}

}  // namespace npusim::sim
