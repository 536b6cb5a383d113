// The bridge between the golden requantization types (quant::RequantParams, RoundingMode)
// and the Verilated unit's lane fields (rtl::RequantLaneInput). rtl/ stands alone, so the
// mapping lives here in sim/, where both are visible.
#pragma once

#include <cstdint>
#include <optional>

#include "quant/requant/requant.h"
#include "rtl/requant_unit.h"

namespace npusim::sim {

// The RTL's i_mode for a golden mode; std::nullopt for kFp32 (not in the RTL, inexact by design).
std::optional<rtl::RtlRounding> to_rtl_rounding(quant::RoundingMode mode);

// One element as the unit's lane ports take it. Throws std::invalid_argument for kFp32. Does
// not check ranges: rtl::check_lane_input (called by RequantUnit::run) does, per unit shape.
rtl::RequantLaneInput to_rtl_lane(std::int64_t acc, const quant::RequantParams& params, quant::RoundingMode mode);

}  // namespace npusim::sim
