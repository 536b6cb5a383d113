#include "sim/requant/conformance_vectors.h"

#include <algorithm>
#include <random>
#include <stdexcept>

namespace npusim::sim {
namespace {

constexpr std::int64_t kAcc48Min = -(std::int64_t{1} << 47);
constexpr std::int64_t kAcc48Max = (std::int64_t{1} << 47) - 1;

struct Clamp {
  std::int32_t zero_point, qmin, qmax;
};
constexpr Clamp kInt8{0, -128, 127};
constexpr Clamp kInt8Offset{3, -128, 127};
constexpr Clamp kUint8{128, 0, 255};
constexpr Clamp kInt16{0, -32768, 32767};
constexpr Clamp kInt32{0, INT32_MIN, INT32_MAX};

// Collects rows for one group, dropping those the mode does not accept.
class GroupBuilder {
 public:
  GroupBuilder(quant::RoundingMode mode, std::string name, std::string description) : mode_(mode) {
    group_.name = std::move(name);
    group_.description = std::move(description);
  }
  // Returns whether the row was kept.
  bool add(__int128 acc, std::int64_t multiplier, int shift, const Clamp& clamp, int lo_bits = 0) {
    if (acc < kAcc48Min || acc > kAcc48Max || multiplier < 0 || multiplier > INT32_MAX) return false;
    quant::RequantCase row;
    row.acc = static_cast<std::int64_t>(acc);
    row.params.multiplier = static_cast<std::int32_t>(multiplier);
    row.params.shift = shift;
    row.params.zero_point = clamp.zero_point;
    row.params.qmin = clamp.qmin;
    row.params.qmax = clamp.qmax;
    row.params.lo_bits = lo_bits;
    try {
      quant::validate_requant_params(row.params, mode_);
      quant::check_requant_accumulator(row.acc, row.params, mode_);
    } catch (const std::invalid_argument&) {
      return false;  // outside this mode's domain (tflite_double preconditions)
    }
    group_.rows.push_back(row);
    return true;
  }
  ConformanceGroup take() { return std::move(group_); }

 private:
  quant::RoundingMode mode_;
  ConformanceGroup group_;
};

ConformanceGroup ties(quant::RoundingMode mode) {
  GroupBuilder group(mode, "ties", "exact ties x.5 on both signs for every shift 1..63, and the values 1 either side");
  for (int shift = 1; shift <= 63; ++shift) {
    for (int multiplier_log2 : {0, 15, 30}) {
      if (multiplier_log2 > shift - 1) continue;
      const __int128 unit = static_cast<__int128>(1) << (shift - 1 - multiplier_log2);
      for (int k = -3; k <= 2; ++k) {  // x = -2.5, -1.5, -0.5, 0.5, 1.5, 2.5
        const __int128 tie = (2 * k + 1) * unit;
        for (const Clamp& clamp : {kInt16, kInt8Offset}) {
          group.add(tie, std::int64_t{1} << multiplier_log2, shift, clamp);
        }
        group.add(tie + 1, std::int64_t{1} << multiplier_log2, shift, kInt16);
        group.add(tie - 1, std::int64_t{1} << multiplier_log2, shift, kInt16);
      }
    }
  }
  // Ties with multipliers that are not powers of two: acc * M = odd * 2^(s-1).
  for (std::int64_t multiplier : {3, 1001, 2147483647}) {
    for (int shift = 1; shift <= 40; ++shift) {
      for (int k : {-2, -1, 0, 1}) group.add((2 * k + 1) * (static_cast<__int128>(1) << (shift - 1)), multiplier, shift, kInt32);
    }
  }
  return group.take();
}

ConformanceGroup saturation(quant::RoundingMode mode) {
  GroupBuilder group(mode, "saturation", "results far beyond qmin/qmax (int8, uint8, int16 clamps) and just at them");
  for (std::int64_t acc : {kAcc48Min, kAcc48Max, std::int64_t{INT32_MIN}, std::int64_t{INT32_MAX}, std::int64_t{-300},
                           std::int64_t{300}, std::int64_t{-257}, std::int64_t{255}}) {
    for (std::int64_t multiplier : {std::int64_t{INT32_MAX}, std::int64_t{1} << 30}) {
      for (int shift : {0, 8, 30, 31, 32}) {
        for (const Clamp& clamp : {kInt8, kUint8, kInt16}) group.add(acc, multiplier, shift, clamp);
      }
    }
  }
  // Results landing exactly on the bounds and one beyond (scale 1/2: acc = 2 * value).
  for (std::int64_t value : {-129, -128, 127, 128, -1, 0, 255, 256}) {
    for (const Clamp& clamp : {kInt8, kUint8}) group.add(2 * (value - clamp.zero_point), 1 << 30, 31, clamp);
  }
  return group.take();
}

ConformanceGroup shift_extremes(quant::RoundingMode mode) {
  GroupBuilder group(mode, "shift_0_and_63", "shift 0 (no rounding) and 63 (the largest), including the 48-bit extremes");
  for (std::int64_t acc : {std::int64_t{-5}, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1}, std::int64_t{5},
                           std::int64_t{INT32_MIN}, std::int64_t{INT32_MAX}, std::int64_t{1} << 46, kAcc48Min, kAcc48Max}) {
    for (std::int64_t multiplier : {std::int64_t{0}, std::int64_t{1}, std::int64_t{3}, std::int64_t{1} << 30,
                                    std::int64_t{INT32_MAX}}) {
      for (int shift : {0, 63}) group.add(acc, multiplier, shift, kInt32);
    }
  }
  return group.take();
}

ConformanceGroup multiplier_extremes(quant::RoundingMode mode) {
  GroupBuilder group(mode, "multiplier_0_and_max", "M = 0 (every result is the zero point) and M = 2^31 - 1 across shifts");
  for (std::int64_t acc : {std::int64_t{-1000001}, std::int64_t{-7}, std::int64_t{-1}, std::int64_t{1},
                           std::int64_t{7}, std::int64_t{999999}}) {
    for (int shift = 0; shift <= 63; shift += 3) {
      group.add(acc, 0, shift, kInt8Offset);
      group.add(acc, INT32_MAX, shift, kInt32);
    }
  }
  return group.take();
}

ConformanceGroup int32_min(quant::RoundingMode mode) {
  GroupBuilder group(mode, "int32_min", "acc = INT32_MIN (and INT32_MIN + 1) with every shift 0..63");
  for (std::int64_t acc : {std::int64_t{INT32_MIN}, std::int64_t{INT32_MIN} + 1}) {
    for (std::int64_t multiplier : {std::int64_t{1}, std::int64_t{1} << 30, std::int64_t{INT32_MAX}}) {
      for (int shift = 0; shift <= 63; ++shift) group.add(acc, multiplier, shift, kInt32);
    }
  }
  return group.take();
}

ConformanceGroup dual_output(quant::RoundingMode mode) {
  GroupBuilder group(mode, "dual_output", "lo_bits 1..12 splits of a 12-bit wide result (0..4095 and -2048..2047)");
  const Clamp unsigned12{0, 0, 4095};
  const Clamp signed12{0, -2048, 2047};
  for (int lo_bits : {1, 4, 8, 12}) {
    for (std::int64_t acc : {-9000, -4097, -1234, -1, 0, 1, 1234, 4095, 4096, 9000}) {
      group.add(acc, 1 << 30, 30, unsigned12, lo_bits);  // scale 1
      group.add(acc, 1 << 30, 30, signed12, lo_bits);
      group.add(acc, 1 << 30, 31, signed12, lo_bits);  // scale 1/2: ties on odd acc
    }
  }
  return group.take();
}

ConformanceGroup random_cases(quant::RoundingMode mode, std::size_t count, std::uint64_t seed) {
  GroupBuilder group(mode, "random", "seeded random cases (seed " + std::to_string(seed) +
                                         "): int32 and 48-bit accumulators, any M and shift, int8/uint8/int16/12-bit clamps");
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<std::int64_t> acc32(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<std::int64_t> acc48(kAcc48Min, kAcc48Max);
  std::normal_distribution<double> conv_acc(0.0, 5000.0);
  std::uniform_int_distribution<std::int64_t> multiplier(0, INT32_MAX);
  std::uniform_int_distribution<std::int64_t> normalised(std::int64_t{1} << 30, INT32_MAX);
  std::uniform_int_distribution<int> any_shift(0, 63);
  std::uniform_int_distribution<int> realistic_shift(31, 45);
  std::uniform_int_distribution<int> clamp_kind(0, 4);
  std::uniform_int_distribution<int> zero_point(-20, 20);
  std::size_t produced = 0;
  for (std::size_t attempt = 0; produced < count && attempt < count * 100; ++attempt) {
    std::int64_t acc;
    switch (random() % 4) {
      case 0: acc = acc32(random); break;
      case 1: acc = acc48(random); break;
      default: acc = static_cast<std::int64_t>(conv_acc(random)); break;
    }
    const bool realistic = random() % 2 == 0;
    const std::int64_t m = realistic ? normalised(random) : multiplier(random);
    const int s = realistic ? realistic_shift(random) : any_shift(random);
    Clamp clamp = kInt8;
    int lo_bits = 0;
    switch (clamp_kind(random)) {
      case 0: clamp = {zero_point(random), -128, 127}; break;
      case 1: clamp = {128 + zero_point(random), 0, 255}; break;
      case 2: clamp = {zero_point(random), -32768, 32767}; break;
      case 3: clamp = {zero_point(random), 0, 4095}; lo_bits = 1 + static_cast<int>(random() % 11); break;
      default: clamp = kInt32; break;
    }
    if (group.add(acc, m, s, clamp, lo_bits)) ++produced;
  }
  return group.take();
}

}  // namespace

std::vector<ConformanceGroup> conformance_vectors(quant::RoundingMode mode, std::size_t random_count,
                                                  std::uint64_t seed) {
  std::vector<ConformanceGroup> groups;
  groups.push_back(ties(mode));
  groups.push_back(saturation(mode));
  groups.push_back(shift_extremes(mode));
  groups.push_back(multiplier_extremes(mode));
  groups.push_back(int32_min(mode));
  groups.push_back(dual_output(mode));
  if (random_count > 0) groups.push_back(random_cases(mode, random_count, seed));
  return groups;
}

}  // namespace npusim::sim
