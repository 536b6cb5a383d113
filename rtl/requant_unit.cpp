#include "rtl/requant_unit.h"

#include <stdexcept>

#include "Vrequant_a32o8x8.h"
#include "Vrequant_a40o12x1.h"
#include "Vrequant_a48o16x4.h"
#include "rtl/verilated_requant_unit.h"

namespace npusim::rtl {

// Keep in step with the verilate() calls in rtl/CMakeLists.txt.
const std::vector<RequantUnitShape>& requant_unit_shapes() {
  static const std::vector<RequantUnitShape> kShapes = {
      {"a32o8x8", 32, 8, 8},    // INT8 path: int32 accumulators, 8-bit outputs, 8 lanes
      {"a48o16x4", 48, 16, 4},  // INT16 path: 48-bit accumulators, 16-bit outputs, 4 lanes
      {"a40o12x1", 40, 12, 1},  // odd widths, one lane: catches width and lane-slicing slips
  };
  return kShapes;
}

const RequantUnitShape& find_requant_unit_shape(const std::string& name) {
  std::string known;
  for (const auto& shape : requant_unit_shapes()) {
    if (shape.name == name) return shape;
    known += (known.empty() ? "" : ", ") + shape.name;
  }
  throw std::invalid_argument("unknown requant unit shape '" + name + "' (built: " + known + ")");
}

namespace {

void check_range(const char* field, std::int64_t value, std::int64_t low, std::int64_t high,
                 const RequantUnitShape& shape) {
  if (value < low || value > high) {
    throw std::invalid_argument(std::string(field) + " = " + std::to_string(value) + " outside " +
                                std::to_string(low) + ".." + std::to_string(high) + " of unit " + shape.name);
  }
}

}  // namespace

void check_lane_input(const RequantUnitShape& shape, const RequantLaneInput& input) {
  const std::int64_t acc_limit = std::int64_t{1} << (shape.acc_bits - 1);
  const std::int64_t q_limit = std::int64_t{1} << shape.out_bits;
  const std::int64_t multiplier_max = (std::int64_t{1} << 31) - 1;
  check_range("acc", input.acc, -acc_limit, acc_limit - 1, shape);
  check_range("multiplier", input.multiplier, 0, multiplier_max, shape);
  check_range("shift", input.shift, 0, 63, shape);
  check_range("zero_point", input.zero_point, -q_limit, q_limit - 1, shape);
  check_range("qmin", input.qmin, -q_limit, q_limit - 1, shape);
  check_range("qmax", input.qmax, -q_limit, q_limit - 1, shape);
  check_range("lo_bits", input.lo_bits, 0, shape.out_bits, shape);
  check_range("rounding", static_cast<int>(input.rounding), 0, static_cast<int>(RtlRounding::kTfliteDouble), shape);
  check_range("activation", static_cast<int>(input.activation), 0, static_cast<int>(RtlActivation::kLeakyRelu),
              shape);
  check_range("negative_multiplier", input.negative_multiplier, 0, multiplier_max, shape);
  check_range("negative_shift", input.negative_shift, 0, 63, shape);
}

std::unique_ptr<RequantUnit> make_requant_unit(const std::string& shape_name) {
  const RequantUnitShape& shape = find_requant_unit_shape(shape_name);
  if (shape.name == "a32o8x8") return std::make_unique<VerilatedRequantUnit<Vrequant_a32o8x8>>(shape);
  if (shape.name == "a48o16x4") return std::make_unique<VerilatedRequantUnit<Vrequant_a48o16x4>>(shape);
  return std::make_unique<VerilatedRequantUnit<Vrequant_a40o12x1>>(shape);
}

}  // namespace npusim::rtl
