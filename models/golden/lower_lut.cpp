// Lowering of a fused element-wise region (kind lut) to a table over every input code.
#include <cmath>

#include "models/golden/element_region.h"
#include "models/golden/lowering_context.h"

namespace npusim::golden {

void lower_lut(const LoweringContext& context, LoweredOp& op) {
  const std::string& input = context.group.inputs.at(0);
  if (context.operation.inputs != std::vector<std::string>{input}) context.fail("inputs must be [\"" + input + "\"]");
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const quant::TensorQuantization& grid = context.tensor(input);
  context.zero_point(input);  // an integer per-tensor grid
  auto fraction = context.operation.integer_params.find("fraction_bits");
  if (fraction == context.operation.integer_params.end()) {
    context.fail("integer_params.fraction_bits is missing (the table's fixed-point fraction)");
  }
  if (fraction->second < 0 || fraction->second > 62) {
    context.fail("integer_params.fraction_bits " + std::to_string(fraction->second) + " outside 0..62");
  }
  LutParams params;
  params.fraction_bits = static_cast<int>(fraction->second);
  params.input_min = format_code_min(grid);
  const std::int32_t input_max = format_code_max(grid);
  std::vector<float> x;
  for (std::int32_t code = params.input_min; code <= input_max; ++code) {
    x.push_back(static_cast<float>(static_cast<double>(code - grid.zero_points[0]) * grid.scales[0]));
  }
  const std::vector<float> y = evaluate_element_region(context.graph, context.group, x);
  const double unit = std::ldexp(1.0, params.fraction_bits);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double value = std::nearbyint(static_cast<double>(y[i]) * unit);  // ties to even
    if (!std::isfinite(y[i]) || !(std::fabs(value) < 9.2e18)) {
      context.fail("the table entry for input code " + std::to_string(params.input_min + static_cast<std::int32_t>(i)) +
                   " (x = " + std::to_string(x[i]) + ") is " + std::to_string(y[i]) + ", not representable");
    }
    params.table.push_back(static_cast<std::int64_t>(value));
  }
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("a lut operation requantizes per tensor");
  op.params = std::move(params);
}

}  // namespace npusim::golden
