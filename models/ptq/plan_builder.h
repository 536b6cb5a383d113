// Internal to calibration: what calibrate() decided for each operation and tensor, and the
// per-kind derivation of integer parameters from the grids (derive_operation.cpp).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/golden/op_groups.h"
#include "models/ptq/calibrate.h"

namespace npusim::ptq {

struct GroupDecision {
  const golden::OpGroup* group = nullptr;
  quant::ComputeDomain compute = quant::ComputeDomain::kInteger;
  int activation_bits = 8;  // integer output grids
  int weight_bits = 8;
  int lo_bits = 0;          // dual output split of this group's output
};

// Everything derive_operation needs: the graph, the options and the grids chosen so far.
struct PlanBuilder {
  const models::Graph& graph;
  const CalibrationOptions& options;
  std::map<std::string, quant::TensorQuantization> grids;  // by tensor (graph value) name

  const quant::TensorQuantization& grid(const std::string& value) const;
  float scale(const std::string& value) const;  // per-tensor integer grid
  std::int32_t zero_point(const std::string& value) const;
  [[noreturn]] void fail(const golden::OpGroup& group, const std::string& what) const;
};

// The plan operation of one group: kind, nodes, inputs/outputs, compute domain and, for
// integer compute, every integer parameter (requant, input multipliers/requants, tables'
// fraction bits). Weight grids are added to builder.grids (and listed in `new_tensors`).
quant::OperationQuantization derive_operation(PlanBuilder& builder, const GroupDecision& decision,
                                              std::vector<std::string>& new_tensors);

// The quantized multiplier of a real scale, as a requantization of this plan (mode, clamp of
// `output` or [qmin, qmax] when given); errors name the group.
quant::OperationRequant make_requant(const PlanBuilder& builder, const golden::OpGroup& group, double real_scale,
                                     const quant::TensorQuantization& output);

}  // namespace npusim::ptq
