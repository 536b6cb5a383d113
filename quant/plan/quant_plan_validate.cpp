// The rules every QuantPlan obeys, with the field path in every message. Used after
// parsing, before writing, and by callers that build a plan in code.
#include <cmath>
#include <map>
#include <sstream>
#include <string>

#include "quant/plan/quant_plan.h"

namespace npusim::quant {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw QuantPlanError(path + ": " + what); }

std::string indexed(const std::string& path, const char* field, std::size_t index, bool per_channel) {
  return path + "." + field + (per_channel ? "[" + std::to_string(index) + "]" : std::string());
}

std::string float_text(float value) {
  std::ostringstream text;
  text.precision(9);
  text << value;
  return text.str();
}

void validate_integer_tensor(const TensorQuantization& tensor, const std::string& path) {
  const bool per_channel = tensor.axis.has_value();
  if (tensor.scales.empty()) fail(path + ".scale", "missing (an " + tensor.format.name() + " tensor needs a scale)");
  if (!per_channel && tensor.scales.size() != 1) {
    fail(path + ".scale", std::to_string(tensor.scales.size()) + " values without an axis (set axis for per-channel)");
  }
  if (per_channel && *tensor.axis < 0) fail(path + ".axis", "must be >= 0 (got " + std::to_string(*tensor.axis) + ")");
  if (tensor.zero_points.size() != tensor.scales.size()) {
    fail(path + ".zero_point", std::to_string(tensor.zero_points.size()) + " values for " +
                                   std::to_string(tensor.scales.size()) + " scales");
  }
  const QuantSpec spec = tensor.quant_spec();
  const std::int32_t qmin = spec.qmin();
  const std::int32_t qmax = spec.qmax();
  for (std::size_t channel = 0; channel < tensor.scales.size(); ++channel) {
    const float scale = tensor.scales[channel];
    if (!(std::isfinite(scale) && scale > 0.0f)) {
      fail(indexed(path, "scale", channel, per_channel), "must be > 0 and finite (got " + float_text(scale) + ")");
    }
    const std::int32_t zero_point = tensor.zero_points[channel];
    if (zero_point < qmin || zero_point > qmax) {
      fail(indexed(path, "zero_point", channel, per_channel),
           std::to_string(zero_point) + " is outside [" + std::to_string(qmin) + ", " + std::to_string(qmax) +
               "] for " + tensor.format.name() + (tensor.narrow_range ? " (narrow range)" : ""));
    }
    if (tensor.scheme == QuantScheme::kSymmetric && zero_point != symmetric_zero_point(spec)) {
      fail(indexed(path, "zero_point", channel, per_channel),
           "must be " + std::to_string(symmetric_zero_point(spec)) + " for a symmetric " + tensor.format.name() +
               " tensor (got " + std::to_string(zero_point) + ")");
    }
  }
}

void reject_affine_fields(const TensorQuantization& tensor, const std::string& path) {
  const std::string why = "not used by format " + tensor.format.name();
  if (!tensor.scales.empty()) fail(path + ".scale", why);
  if (!tensor.zero_points.empty()) fail(path + ".zero_point", why);
  if (tensor.axis) fail(path + ".axis", why);
}

void validate_tensor(const TensorQuantization& tensor, const std::string& path) {
  if (tensor.name.empty()) fail(path + ".name", "must not be empty");
  switch (tensor.format.kind) {
    case TensorFormatKind::kInteger:
      validate_integer_tensor(tensor, path);
      break;
    case TensorFormatKind::kLog2:
      reject_affine_fields(tensor, path);
      if (tensor.log2_bits < 1 || tensor.log2_bits > 7) {
        fail(path + ".bits", "must be 1..7 for log2 (got " + std::to_string(tensor.log2_bits) + ")");
      }
      break;
    case TensorFormatKind::kMiniFloat:
      if (tensor.format.minifloat == nullptr) fail(path + ".format", "small float format without a description");
      reject_affine_fields(tensor, path);
      break;
    case TensorFormatKind::kFloat32:
      reject_affine_fields(tensor, path);
      break;
  }
}

void validate_multiplier_shift(std::int32_t multiplier, int shift, const std::string& multiplier_path,
                               const std::string& shift_path) {
  if (multiplier < 0) fail(multiplier_path, "must be in [0, 2^31) (got " + std::to_string(multiplier) + ")");
  if (shift < 0 || shift > 63) fail(shift_path, "must be in 0..63 (got " + std::to_string(shift) + ")");
}

void validate_requant(const OperationRequant& requant, const std::string& path) {
  const bool per_channel = requant.axis.has_value();
  const std::size_t channels = requant.multipliers.size();
  if (channels == 0) fail(path + ".multiplier", "missing");
  if (!per_channel && channels != 1) {
    fail(path + ".multiplier", std::to_string(channels) + " values without an axis (set axis for per-channel)");
  }
  if (per_channel && *requant.axis < 0) fail(path + ".axis", "must be >= 0 (got " + std::to_string(*requant.axis) + ")");
  if (requant.shifts.size() != channels) {
    fail(path + ".shift", std::to_string(requant.shifts.size()) + " values for " + std::to_string(channels) +
                              " multipliers");
  }
  for (std::size_t channel = 0; channel < channels; ++channel) {
    validate_multiplier_shift(requant.multipliers[channel], requant.shifts[channel],
                              indexed(path, "multiplier", channel, per_channel),
                              indexed(path, "shift", channel, per_channel));
  }
  if (requant.qmin > requant.qmax) {
    fail(path + ".qmin", std::to_string(requant.qmin) + " > qmax " + std::to_string(requant.qmax));
  }
  if (requant.lo_bits < 0 || requant.lo_bits > 30) {
    fail(path + ".lo_bits", "must be in 0..30 (got " + std::to_string(requant.lo_bits) + ")");
  }
  if (requant.activation == FusedActivation::kLeakyRelu) {
    if (requant.negative_multipliers.size() != channels) {
      fail(path + ".negative_multiplier", std::to_string(requant.negative_multipliers.size()) + " values for " +
                                              std::to_string(channels) + " multipliers (leaky_relu needs one each)");
    }
    if (requant.negative_shifts.size() != channels) {
      fail(path + ".negative_shift", std::to_string(requant.negative_shifts.size()) + " values for " +
                                         std::to_string(channels) + " multipliers (leaky_relu needs one each)");
    }
    for (std::size_t channel = 0; channel < channels; ++channel) {
      validate_multiplier_shift(requant.negative_multipliers[channel], requant.negative_shifts[channel],
                                indexed(path, "negative_multiplier", channel, per_channel),
                                indexed(path, "negative_shift", channel, per_channel));
    }
  } else if (!requant.negative_multipliers.empty() || !requant.negative_shifts.empty()) {
    fail(path + (requant.negative_multipliers.empty() ? ".negative_shift" : ".negative_multiplier"),
         "only used with activation leaky_relu");
  }
  // Whatever else the requantization contract demands for this rounding mode (e.g.
  // tflite_double's shift <= 62), in its own words.
  for (std::size_t channel = 0; channel < channels; ++channel) {
    try {
      validate_requant_params(requant.channel_params(channel), requant.rounding);
    } catch (const std::invalid_argument& error) {
      fail(per_channel ? path + " (channel " + std::to_string(channel) + ")" : path, error.what());
    }
  }
}

void validate_tensor_references(const std::vector<std::string>& names, const QuantPlan& plan,
                                const std::string& path, const char* field) {
  for (std::size_t index = 0; index < names.size(); ++index) {
    if (plan.find_tensor(names[index]) == nullptr) {
      fail(path + "." + field + "[" + std::to_string(index) + "]", "unknown tensor '" + names[index] + "'");
    }
  }
}

}  // namespace

void validate_quant_plan(const QuantPlan& plan) {
  if (!plan.metadata.is_object()) fail("metadata", "must be an object");
  std::map<std::string, std::size_t> tensor_index;
  for (std::size_t index = 0; index < plan.tensors.size(); ++index) {
    const std::string path = "tensors[" + std::to_string(index) + "]";
    validate_tensor(plan.tensors[index], path);
    const auto [where, inserted] = tensor_index.emplace(plan.tensors[index].name, index);
    if (!inserted) {
      fail(path + ".name", "duplicate tensor name '" + plan.tensors[index].name + "' (first at tensors[" +
                               std::to_string(where->second) + "])");
    }
  }
  std::map<std::string, std::size_t> operation_index;
  for (std::size_t index = 0; index < plan.operations.size(); ++index) {
    const OperationQuantization& operation = plan.operations[index];
    const std::string path = "operations[" + std::to_string(index) + "]";
    if (operation.name.empty()) fail(path + ".name", "must not be empty");
    const auto [where, inserted] = operation_index.emplace(operation.name, index);
    if (!inserted) {
      fail(path + ".name", "duplicate operation name '" + operation.name + "' (first at operations[" +
                               std::to_string(where->second) + "])");
    }
    validate_tensor_references(operation.inputs, plan, path, "inputs");
    validate_tensor_references(operation.outputs, plan, path, "outputs");
    if (operation.requant) validate_requant(*operation.requant, path + ".requant");
    for (std::size_t input = 0; input < operation.input_requants.size(); ++input) {
      validate_requant(operation.input_requants[input], path + ".input_requants[" + std::to_string(input) + "]");
      if (operation.input_requants[input].lo_bits != 0) {
        fail(path + ".input_requants[" + std::to_string(input) + "].lo_bits", "only an output stage splits (must be 0)");
      }
    }
    if (operation.requant && operation.requant->lo_bits > 0 && operation.outputs.size() != 2) {
      fail(path + ".outputs", "a dual-output operation (lo_bits " + std::to_string(operation.requant->lo_bits) +
                                  ") names two tensors, hi then lo (got " + std::to_string(operation.outputs.size()) +
                                  ")");
    }
    if (operation.compute == ComputeDomain::kInteger && operation.accumulation != ComputeDomain::kFloat32) {
      fail(path + ".accumulation", "only used by float operations (compute fp32, fp16 or bf16)");
    }
    if (operation.compute != ComputeDomain::kInteger &&
        (operation.requant || !operation.input_requants.empty() || !operation.input_multipliers.empty())) {
      fail(path + ".compute", std::string(compute_domain_name(operation.compute)) +
                                  " operations do not requantize (no requant, input_requants, input_multipliers)");
    }
  }
  if (plan.model && plan.model->fingerprint.empty()) fail("model.fingerprint", "must not be empty");
}

}  // namespace npusim::quant
