// Lowering of linear Resize (fixed-point interpolation weights) and average pooling (a
// requantization per window size).
#include <cmath>
#include <set>

#include "models/executor/kernels/resize_taps.h"
#include "models/golden/lowering_context.h"
#include "quant/requant/quantize_multiplier.h"

namespace npusim::golden {
namespace {

void check_single_input(const LoweringContext& context) {
  const std::string& input = context.group.inputs.at(0);
  if (context.operation.inputs != std::vector<std::string>{input}) context.fail("inputs must be [\"" + input + "\"]");
}

}  // namespace

void lower_resize_linear(const LoweringContext& context, LoweredOp& op) {
  check_single_input(context);
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const models::kernels::ResizePlan plan =
      models::kernels::plan_resize(graph_node_context(context.graph, context.node()));
  auto fraction = context.operation.integer_params.find("fraction_bits");
  if (fraction == context.operation.integer_params.end()) {
    context.fail("integer_params.fraction_bits is missing (fixed-point bits of each interpolation weight)");
  }
  if (fraction->second < 0 || fraction->second > 24) {
    context.fail("integer_params.fraction_bits " + std::to_string(fraction->second) + " outside 0..24");
  }
  ResizeLinearParams params;
  params.fraction_bits = static_cast<int>(fraction->second);
  params.out_shape = plan.out_shape;
  params.input_zero_point = context.zero_point(context.group.inputs[0]);
  const std::int64_t one = std::int64_t(1) << params.fraction_bits;
  for (const auto& axis : plan.axes) {
    std::vector<std::vector<FixedTap>> fixed_axis;
    for (const auto& taps : axis) {
      if (taps.size() != 2) context.fail("linear resize needs two taps per output index (extrapolation is not supported)");
      // The upper tap's weight rounded half to even; the lower one takes the rest, so the
      // two always add up to exactly 2^F and a constant input stays constant.
      const std::int64_t high = static_cast<std::int64_t>(std::nearbyint(taps[1].weight * static_cast<double>(one)));
      fixed_axis.push_back({FixedTap{taps[0].index, one - high}, FixedTap{taps[1].index, high}});
    }
    params.axes.push_back(std::move(fixed_axis));
  }
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("resize requantizes per tensor");
  op.params = std::move(params);
}

void lower_avg_pool(const LoweringContext& context, LoweredOp& op) {
  check_single_input(context);
  if (op.compute != quant::ComputeDomain::kInteger) return;
  const models::Node& node = context.node();
  AvgPoolParams params;
  params.global = node.op_type == "GlobalAveragePool";
  params.input_zero_point = context.zero_point(context.group.inputs[0]);
  params.count_include_pad = node.attr_int("count_include_pad", 0) != 0;
  std::set<std::int64_t> counts;
  const models::Shape& in = context.shape(context.group.inputs[0]);
  if (params.global) {
    std::int64_t size = 1;
    for (std::size_t d = 2; d < in.size(); ++d) size *= in[d];
    counts.insert(size);
  } else {
    params.geometry = models::kernels::resolve_pool(graph_node_context(context.graph, node));
    models::kernels::walk_pool_windows(
        params.geometry, [](std::int64_t, std::int64_t) {},
        [&](std::int64_t, std::int64_t real, std::int64_t padded) {
          counts.insert(std::max<std::int64_t>(1, params.count_include_pad ? padded : real));
        });
  }
  op.requant = context.requant_stage();
  if (op.requant->axis >= 0) context.fail("average pooling requantizes per tensor");
  // The plan's multiplier is the grid ratio s_x / s_y; each window divides by its count.
  const quant::RequantParams ratio = op.requant->channels[0];
  const double real_ratio = quant::dequantize_multiplier(ratio.multiplier, ratio.shift);
  for (std::int64_t count : counts) {
    quant::RequantParams divided = ratio;
    const quant::QuantizedMultiplier m = quant::quantize_multiplier(real_ratio / static_cast<double>(count));
    divided.multiplier = m.multiplier;
    divided.shift = m.shift;
    params.per_count[count] = divided;
  }
  op.params = std::move(params);
}

}  // namespace npusim::golden
