#include "sim/rtl/requant_rtl_bridge.h"

#include <stdexcept>

namespace npusim::sim {

std::optional<rtl::RtlRounding> to_rtl_rounding(quant::RoundingMode mode) {
  switch (mode) {
    case quant::RoundingMode::kHalfUp: return rtl::RtlRounding::kHalfUp;
    case quant::RoundingMode::kHalfAway: return rtl::RtlRounding::kHalfAway;
    case quant::RoundingMode::kHalfEven: return rtl::RtlRounding::kHalfEven;
    case quant::RoundingMode::kFloor: return rtl::RtlRounding::kFloor;
    case quant::RoundingMode::kTruncate: return rtl::RtlRounding::kTruncate;
    case quant::RoundingMode::kTfliteDouble: return rtl::RtlRounding::kTfliteDouble;
    case quant::RoundingMode::kFp32: return std::nullopt;
  }
  return std::nullopt;
}

namespace {

rtl::RtlActivation to_rtl_activation(quant::FusedActivation activation) {
  switch (activation) {
    case quant::FusedActivation::kNone: return rtl::RtlActivation::kNone;
    case quant::FusedActivation::kRelu: return rtl::RtlActivation::kRelu;
    case quant::FusedActivation::kLeakyRelu: return rtl::RtlActivation::kLeakyRelu;
  }
  throw std::invalid_argument("unknown fused activation");
}

// Negative values stay negative so the unit's range check reports them rather than a wrap.
std::uint32_t unsigned_field(std::int64_t value) {
  return value < 0 ? UINT32_MAX : static_cast<std::uint32_t>(value);
}

}  // namespace

rtl::RequantLaneInput to_rtl_lane(std::int64_t acc, const quant::RequantParams& params, quant::RoundingMode mode) {
  const auto rounding = to_rtl_rounding(mode);
  if (!rounding) {
    throw std::invalid_argument("rounding mode " + std::string(quant::rounding_mode_name(mode)) +
                                " is not implemented by the RTL (exact modes only)");
  }
  rtl::RequantLaneInput lane;
  lane.acc = acc;
  lane.multiplier = unsigned_field(params.multiplier);
  lane.shift = unsigned_field(params.shift);
  lane.zero_point = params.zero_point;
  lane.qmin = params.qmin;
  lane.qmax = params.qmax;
  lane.lo_bits = unsigned_field(params.lo_bits);
  lane.rounding = *rounding;
  lane.activation = to_rtl_activation(params.activation);
  if (params.activation == quant::FusedActivation::kLeakyRelu) {  // unused (and unchecked) otherwise
    lane.negative_multiplier = unsigned_field(params.negative_multiplier);
    lane.negative_shift = unsigned_field(params.negative_shift);
  }
  return lane;
}

}  // namespace npusim::sim
