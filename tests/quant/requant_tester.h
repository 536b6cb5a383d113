// RequantizationTester: one builder that checks any requantization implementation (scalar
// golden, vectorised tensor path, Verilated RTL) against the independent reference in
// requant_reference.h, XNNPACK RequantizationTester style. The implementation is a parameter:
//
//   RequantizationTester().mode(RoundingMode::kHalfEven).zero_point(3).TestSpecialCases(impl);
//
// An implementation receives a batch of cases (accumulator + full parameters, each case may
// differ) and returns the wide result w = clamp(R(acc * M / 2^s) + zp, ...) per case. Cases
// that violate tflite_double's preconditions are never sent. Accumulators are limited to
// accumulator_bits (32 for an INT8 datapath, up to 48 for INT16) so narrow RTL can use it too.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "quant/requant/requant.h"
#include "quant/requant/requant_case.h"
#include "tests/quant/requant_reference.h"

namespace npusim::testing {

using quant::RequantCase;  // the one case type (quant/requant/requant_case.h)

using RequantImplementation =
    std::function<std::vector<std::int32_t>(quant::RoundingMode mode, const std::vector<RequantCase>& cases)>;

class RequantizationTester {
 public:
  RequantizationTester& mode(quant::RoundingMode value) { mode_ = value; return *this; }
  RequantizationTester& zero_point(std::int32_t value) { params_.zero_point = value; return *this; }
  RequantizationTester& qmin(std::int32_t value) { params_.qmin = value; return *this; }
  RequantizationTester& qmax(std::int32_t value) { params_.qmax = value; return *this; }
  RequantizationTester& activation(quant::FusedActivation value) { params_.activation = value; return *this; }
  RequantizationTester& negative_scale(std::int32_t multiplier, int shift) {
    params_.negative_multiplier = multiplier;
    params_.negative_shift = shift;
    return *this;
  }
  // Accumulators stay inside a signed accumulator_bits-bit range (2..64).
  RequantizationTester& accumulator_bits(int value) { accumulator_bits_ = value; return *this; }
  // Random cases draw qmin/qmax from a signed output_bits-bit range (2..32); special cases
  // also run with the whole range as the clamp.
  RequantizationTester& output_bits(int value) { output_bits_ = value; return *this; }
  // Largest shift the implementation supports (RTL may be narrower than 63).
  RequantizationTester& max_shift(int value) { max_shift_ = value; return *this; }

  // Ties on both signs and both sides of them, saturation into qmin/qmax, shift 0 and the
  // largest shift, M = 0 and 2^31 - 1, the extreme accumulators (INT32_MIN, the range ends).
  void TestSpecialCases(const RequantImplementation& implementation) const {
    std::vector<RequantCase> cases;
    const std::int64_t acc_min = accumulator_min(), acc_max = accumulator_max();
    auto add = [&](__int128 acc, std::int64_t multiplier, int shift) {
      if (acc < acc_min || acc > acc_max || multiplier < 0 || multiplier > INT32_MAX) return;
      if (shift < 0 || shift > max_shift_) return;
      quant::RequantParams params = params_;
      params.multiplier = static_cast<std::int32_t>(multiplier);
      params.shift = shift;
      cases.push_back({static_cast<std::int64_t>(acc), params});
      // The same case with the widest clamp the output width allows, so the rounding itself
      // shows instead of the builder's (often int8) clamp.
      params.qmin = static_cast<std::int32_t>(output_min());
      params.qmax = static_cast<std::int32_t>(output_max());
      cases.push_back({static_cast<std::int64_t>(acc), params});
    };
    for (int shift = 1; shift <= 63; ++shift) {
      // acc * M = (2k + 1) * 2^(shift - 1) is an exact tie; +-1 around it are not.
      for (int multiplier_log2 : {0, 1, 15, 30}) {
        if (multiplier_log2 > shift - 1) continue;
        const std::int64_t multiplier = std::int64_t{1} << multiplier_log2;
        const __int128 unit = static_cast<__int128>(1) << (shift - 1 - multiplier_log2);
        for (int k = -4; k <= 4; ++k) {
          const __int128 tie = (2 * k + 1) * unit;
          add(tie, multiplier, shift);
          add(tie + 1, multiplier, shift);
          add(tie - 1, multiplier, shift);
          if (negative_side_active()) add(-tie, multiplier, shift);
        }
      }
      // Ties with a multiplier that is not a power of two: 3 * odd / 2 and 5 * odd / 2 ...
      for (std::int64_t odd_multiplier : {3, 5, 1001, 2147483647}) {
        for (int k = -3; k <= 3; ++k) {
          add((2 * k + 1) * (static_cast<__int128>(1) << (shift - 1)), odd_multiplier, shift);
        }
      }
    }
    const std::int64_t extreme_accs[] = {acc_min, acc_min + 1, -1, 0, 1, acc_max - 1, acc_max,
                                         INT32_MIN, INT32_MIN + 1, INT32_MAX};
    const std::int64_t extreme_multipliers[] = {0, 1, 2, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};
    for (std::int64_t acc : extreme_accs) {
      for (std::int64_t multiplier : extreme_multipliers) {
        for (int shift : {0, 1, 2, 15, 16, 30, 31, 32, 33, 40, 47, 48, 61, 62, 63}) add(acc, multiplier, shift);
      }
    }
    Check(implementation, cases, "special cases");
  }

  // Every accumulator in [-radius, radius] against small multipliers and shifts 0..max
  // (plus the multipliers and shifts that sit at the edges of the real ranges).
  void TestExhaustiveSmallDomain(const RequantImplementation& implementation, int radius = 1024) const {
    const std::int64_t multipliers[] = {0, 1, 2, 3, 5, 7, 11, 13, 15, 1 << 30, (1 << 30) + 1, INT32_MAX};
    std::vector<RequantCase> cases;
    for (int shift = 0; shift <= std::min(max_shift_, 63); ++shift) {
      if (shift > 16 && shift != 30 && shift != 31 && shift != 32 && shift != 33 && shift != 40 &&
          shift != 62 && shift != 63) {
        continue;
      }
      for (std::int64_t multiplier : multipliers) {
        for (std::int64_t acc = -radius; acc <= radius; ++acc) {
          if (acc < accumulator_min() || acc > accumulator_max()) continue;
          quant::RequantParams params = params_;
          params.multiplier = static_cast<std::int32_t>(multiplier);
          params.shift = shift;
          cases.push_back({acc, params});
        }
      }
      Check(implementation, cases, "exhaustive, shift " + std::to_string(shift));
      cases.clear();
    }
  }

  // Random accumulators (uniform over the range and over small magnitudes), multipliers,
  // shifts, zero points and clamp ranges. The seed is printed so a failure can be replayed.
  void TestRandomCases(const RequantImplementation& implementation, std::size_t count, std::uint64_t seed) const {
    std::cout << "[ requant ] random cases: mode " << quant::rounding_mode_name(mode_) << ", seed " << seed
              << ", count " << count << "\n";
    std::mt19937_64 random(seed);
    const std::int64_t out_limit = output_max();
    std::uniform_int_distribution<std::int64_t> any_acc(accumulator_min(), accumulator_max());
    std::uniform_int_distribution<std::int64_t> small_acc(-70000, 70000);
    std::uniform_int_distribution<std::int32_t> any_multiplier(0, INT32_MAX);
    std::uniform_int_distribution<std::int32_t> normalised_multiplier(1 << 30, INT32_MAX);
    std::uniform_int_distribution<int> any_shift(0, max_shift_);
    std::uniform_int_distribution<std::int64_t> out_value(-out_limit - 1, out_limit);
    std::vector<RequantCase> cases;
    cases.reserve(std::min<std::size_t>(count, 1 << 16));
    std::size_t produced = 0;
    while (produced < count) {
      quant::RequantParams params = params_;
      params.multiplier = (random() & 1) ? any_multiplier(random) : normalised_multiplier(random);
      params.shift = any_shift(random);
      std::int64_t a = out_value(random), b = out_value(random);
      params.qmin = static_cast<std::int32_t>(std::min(a, b));
      params.qmax = static_cast<std::int32_t>(std::max(a, b));
      params.zero_point = static_cast<std::int32_t>(out_value(random) / 2);
      if (params.activation == quant::FusedActivation::kLeakyRelu) {
        params.negative_multiplier = any_multiplier(random);
        params.negative_shift = any_shift(random);
        // tflite_double rejects the parameter set itself (not just the case) above 62.
        if (mode_ == quant::RoundingMode::kTfliteDouble) params.negative_shift = std::min(params.negative_shift, 62);
      }
      std::int64_t acc = (random() & 1) ? any_acc(random) : small_acc(random);
      acc = std::clamp(acc, accumulator_min(), accumulator_max());
      if (!reference_requantize(acc, params, mode_).has_value()) continue;  // tflite precondition
      cases.push_back({acc, params});
      ++produced;
      if (cases.size() == (1u << 16) || produced == count) {
        Check(implementation, cases, "random, seed " + std::to_string(seed));
        cases.clear();
      }
    }
  }

 private:
  std::int64_t accumulator_min() const {
    return accumulator_bits_ >= 64 ? INT64_MIN : -(std::int64_t{1} << (accumulator_bits_ - 1));
  }
  std::int64_t accumulator_max() const {
    return accumulator_bits_ >= 64 ? INT64_MAX : (std::int64_t{1} << (accumulator_bits_ - 1)) - 1;
  }
  std::int64_t output_max() const {
    return output_bits_ >= 32 ? INT32_MAX : (std::int64_t{1} << (output_bits_ - 1)) - 1;
  }
  std::int64_t output_min() const { return -output_max() - 1; }
  bool negative_side_active() const { return params_.activation == quant::FusedActivation::kLeakyRelu; }

  void Check(const RequantImplementation& implementation, std::vector<RequantCase> cases,
             const std::string& what) const {
    std::vector<std::int32_t> expected;
    std::vector<RequantCase> accepted;
    for (const RequantCase& c : cases) {
      const auto value = reference_requantize(c.acc, c.params, mode_);
      if (!value) continue;
      accepted.push_back(c);
      expected.push_back(*value);
    }
    if (accepted.empty()) return;
    const std::vector<std::int32_t> actual = implementation(mode_, accepted);
    ASSERT_EQ(actual.size(), accepted.size()) << what;
    int reported = 0;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < accepted.size(); ++i) {
      if (actual[i] == expected[i]) continue;
      ++mismatches;
      if (reported++ < 10) {
        const quant::RequantParams& p = accepted[i].params;
        ADD_FAILURE() << quant::rounding_mode_name(mode_) << " " << what << ": acc " << accepted[i].acc
                      << " M " << p.multiplier << " s " << p.shift << " zp " << p.zero_point << " clamp ["
                      << p.qmin << ", " << p.qmax << "] M_neg " << p.negative_multiplier << " s_neg "
                      << p.negative_shift << ": got " << actual[i] << ", expected " << expected[i];
      }
    }
    EXPECT_EQ(mismatches, 0u) << what << ": " << mismatches << " of " << accepted.size() << " cases differ";
  }

  quant::RoundingMode mode_ = quant::RoundingMode::kHalfUp;
  quant::RequantParams params_;
  int accumulator_bits_ = 48;
  int output_bits_ = 32;
  int max_shift_ = 63;
};

// The scalar golden (quant::requantize) as a RequantImplementation.
inline std::vector<std::int32_t> golden_requant_implementation(quant::RoundingMode mode,
                                                               const std::vector<RequantCase>& cases) {
  std::vector<std::int32_t> results;
  results.reserve(cases.size());
  for (const RequantCase& c : cases) results.push_back(quant::requantize(c.acc, c.params, mode));
  return results;
}

}  // namespace npusim::testing
