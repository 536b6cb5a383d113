// QuantPlan -> JSON, files, enum names and the small struct helpers.
#include "quant/plan/quant_plan.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "quant/io/atomic_output_file.h"
#include "quant/io/input_file.h"

namespace npusim::quant {
namespace {

using nlohmann::json;

// The shortest decimal that reads back as this exact float through JSON's double:
// strtod(text) rounded to binary32 == value. At most 9 significant digits (max_digits10)
// are needed; the check makes the round trip lossless by construction, not by argument.
double json_number_for_float(float value) {
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    const double candidate = std::strtod(text, nullptr);
    if (static_cast<float>(candidate) == value) return candidate;
  }
  return static_cast<double>(value);  // the exact value: always reads back identically
}

template <typename T>
json scalar_or_array(const std::vector<T>& values, bool per_channel) {
  if (!per_channel) return json(values.at(0));
  return json(values);
}

json scales_json(const std::vector<float>& scales, bool per_channel) {
  std::vector<double> numbers;
  for (float scale : scales) numbers.push_back(json_number_for_float(scale));
  return scalar_or_array(numbers, per_channel);
}

json tensor_json(const TensorQuantization& tensor) {
  json out = {{"name", tensor.name}, {"format", tensor.format.name()}};
  switch (tensor.format.kind) {
    case TensorFormatKind::kInteger: {
      const bool per_channel = tensor.axis.has_value();
      out["scheme"] = quant_scheme_name(tensor.scheme);
      out["narrow_range"] = tensor.narrow_range;
      out["rounding"] = rounding_mode_name(tensor.rounding);
      out["scale"] = scales_json(tensor.scales, per_channel);
      out["zero_point"] = scalar_or_array(tensor.zero_points, per_channel);
      if (per_channel) out["axis"] = *tensor.axis;
      break;
    }
    case TensorFormatKind::kMiniFloat:
      out["overflow"] = overflow_mode_name(tensor.overflow);
      break;
    case TensorFormatKind::kLog2:
      out["bits"] = tensor.log2_bits;
      break;
    case TensorFormatKind::kFloat32:
      break;
  }
  return out;
}

json requant_json(const OperationRequant& requant) {
  const bool per_channel = requant.axis.has_value();
  json out = {{"rounding", rounding_mode_name(requant.rounding)},
              {"multiplier", scalar_or_array(requant.multipliers, per_channel)},
              {"shift", scalar_or_array(requant.shifts, per_channel)},
              {"zero_point", requant.zero_point},
              {"qmin", requant.qmin},
              {"qmax", requant.qmax},
              {"activation", fused_activation_name(requant.activation)},
              {"lo_bits", requant.lo_bits}};
  if (per_channel) out["axis"] = *requant.axis;
  if (requant.activation == FusedActivation::kLeakyRelu) {
    out["negative_multiplier"] = scalar_or_array(requant.negative_multipliers, per_channel);
    out["negative_shift"] = scalar_or_array(requant.negative_shifts, per_channel);
  }
  return out;
}

}  // namespace

QuantSpec TensorQuantization::quant_spec() const {
  QuantSpec spec;
  spec.bits = format.bits;
  spec.is_signed = format.is_signed;
  spec.scheme = scheme;
  spec.narrow_range = narrow_range;
  spec.rounding = rounding;
  return spec;
}

std::vector<QParams> TensorQuantization::qparams() const {
  std::vector<QParams> params;
  for (std::size_t channel = 0; channel < scales.size() && channel < zero_points.size(); ++channel) {
    params.push_back(QParams{scales[channel], zero_points[channel]});
  }
  return params;
}

bool TensorQuantization::operator==(const TensorQuantization& other) const {
  // Scales compare as bit patterns' values (a plan never holds NaN: validation rejects it).
  return name == other.name && format == other.format && scheme == other.scheme &&
         narrow_range == other.narrow_range && rounding == other.rounding && scales == other.scales &&
         zero_points == other.zero_points && axis == other.axis && overflow == other.overflow &&
         log2_bits == other.log2_bits;
}

RequantParams OperationRequant::channel_params(std::size_t channel) const {
  RequantParams params;
  params.multiplier = multipliers.at(channel);
  params.shift = shifts.at(channel);
  params.zero_point = zero_point;
  params.qmin = qmin;
  params.qmax = qmax;
  params.lo_bits = lo_bits;
  params.activation = activation;
  if (activation == FusedActivation::kLeakyRelu) {
    params.negative_multiplier = negative_multipliers.at(channel);
    params.negative_shift = negative_shifts.at(channel);
  }
  return params;
}

bool OperationRequant::operator==(const OperationRequant& other) const {
  return rounding == other.rounding && multipliers == other.multipliers && shifts == other.shifts &&
         axis == other.axis && zero_point == other.zero_point && qmin == other.qmin && qmax == other.qmax &&
         activation == other.activation && negative_multipliers == other.negative_multipliers &&
         negative_shifts == other.negative_shifts && lo_bits == other.lo_bits;
}

bool OperationQuantization::operator==(const OperationQuantization& other) const {
  return name == other.name && inputs == other.inputs && outputs == other.outputs && requant == other.requant &&
         kind == other.kind && nodes == other.nodes && compute == other.compute &&
         accumulation == other.accumulation && input_multipliers == other.input_multipliers &&
         input_requants == other.input_requants && integer_params == other.integer_params;
}

const TensorQuantization* QuantPlan::find_tensor(const std::string& name) const {
  for (const TensorQuantization& tensor : tensors) {
    if (tensor.name == name) return &tensor;
  }
  return nullptr;
}

const OperationQuantization* QuantPlan::find_operation(const std::string& name) const {
  for (const OperationQuantization& operation : operations) {
    if (operation.name == name) return &operation;
  }
  return nullptr;
}

bool QuantPlan::operator==(const QuantPlan& other) const {
  return model == other.model && tensors == other.tensors && operations == other.operations &&
         metadata == other.metadata;
}

json quant_plan_to_json(const QuantPlan& plan) {
  validate_quant_plan(plan);
  json document = {{"schema", kQuantPlanSchema}, {"tensors", json::array()}, {"operations", json::array()}};
  if (plan.model) {
    document["model"] = {{"file", plan.model->file}, {"fingerprint", plan.model->fingerprint}};
  }
  if (!plan.metadata.empty()) document["metadata"] = plan.metadata;
  for (const TensorQuantization& tensor : plan.tensors) document["tensors"].push_back(tensor_json(tensor));
  for (const OperationQuantization& operation : plan.operations) {
    json entry = {{"name", operation.name}};
    if (!operation.kind.empty()) entry["kind"] = operation.kind;
    if (!operation.nodes.empty()) entry["nodes"] = operation.nodes;
    entry["inputs"] = operation.inputs;
    entry["outputs"] = operation.outputs;
    entry["compute"] = compute_domain_name(operation.compute);
    if (operation.compute != ComputeDomain::kInteger) {
      entry["accumulation"] = compute_domain_name(operation.accumulation);
    }
    if (operation.requant) entry["requant"] = requant_json(*operation.requant);
    if (!operation.input_multipliers.empty()) entry["input_multipliers"] = operation.input_multipliers;
    if (!operation.input_requants.empty()) {
      entry["input_requants"] = json::array();
      for (const OperationRequant& requant : operation.input_requants) {
        entry["input_requants"].push_back(requant_json(requant));
      }
    }
    if (!operation.integer_params.empty()) entry["integer_params"] = operation.integer_params;
    document["operations"].push_back(std::move(entry));
  }
  return document;
}

// A plan of the largest network npusim handles is a few MB; anything far beyond is not a plan.
constexpr std::uint64_t kMaxPlanBytes = std::uint64_t(256) << 20;

QuantPlan load_quant_plan(const std::string& path) {
  std::string contents;
  try {
    contents = io::read_input_text(path, "QuantPlan", kMaxPlanBytes);
  } catch (const std::runtime_error& error) {
    throw QuantPlanError(error.what());
  }
  json document;
  try {
    document = json::parse(contents);
  } catch (const json::parse_error& error) {
    // The library's own text ("[json.exception.parse_error.101] ...") is not repeated.
    throw QuantPlanError(path + ": malformed JSON at byte " + std::to_string(error.byte));
  }
  try {
    return quant_plan_from_json(document);
  } catch (const QuantPlanError& error) {
    throw QuantPlanError(path + ": " + error.what());
  }
}

void save_quant_plan(const std::string& path, const QuantPlan& plan) {
  const json document = quant_plan_to_json(plan);  // validates before any file is touched
  io::AtomicOutputFile output(path);
  output.stream() << document.dump(2) << '\n';
  output.commit();
}

TensorQuantization make_integer_tensor_quantization(const std::string& name, const QuantSpec& spec,
                                                    const std::vector<QParams>& params, std::optional<int> axis) {
  validate_quant_spec(spec);
  TensorQuantization tensor;
  tensor.name = name;
  tensor.format = *parse_tensor_format((spec.is_signed ? "int" : "uint") + std::to_string(spec.bits));
  tensor.scheme = spec.scheme;
  tensor.narrow_range = spec.narrow_range;
  tensor.rounding = spec.rounding;
  tensor.axis = axis;
  for (const QParams& channel : params) {
    tensor.scales.push_back(channel.scale);
    tensor.zero_points.push_back(channel.zero_point);
  }
  QuantPlan check;
  check.tensors.push_back(tensor);
  validate_quant_plan(check);  // same rules and messages as a loaded plan ("tensors[0].scale: ...")
  return tensor;
}

TensorQuantization make_float_tensor_quantization(const std::string& name, const std::string& format_name,
                                                  OverflowMode overflow) {
  const auto format = parse_tensor_format(format_name);
  if (!format || (format->kind != TensorFormatKind::kFloat32 && format->kind != TensorFormatKind::kMiniFloat)) {
    throw QuantPlanError("format '" + format_name + "' is not a float format (fp32, fp16, bf16, fp8_e4m3, fp8_e5m2)");
  }
  TensorQuantization tensor;
  tensor.name = name;
  tensor.format = *format;
  tensor.overflow = overflow;
  return tensor;
}

std::string_view fused_activation_name(FusedActivation activation) {
  switch (activation) {
    case FusedActivation::kNone: return "none";
    case FusedActivation::kRelu: return "relu";
    case FusedActivation::kLeakyRelu: return "leaky_relu";
  }
  return "none";
}

std::optional<FusedActivation> parse_fused_activation(std::string_view name) {
  for (FusedActivation activation : {FusedActivation::kNone, FusedActivation::kRelu, FusedActivation::kLeakyRelu}) {
    if (name == fused_activation_name(activation)) return activation;
  }
  return std::nullopt;
}

std::string_view quant_scheme_name(QuantScheme scheme) {
  return scheme == QuantScheme::kSymmetric ? "symmetric" : "asymmetric";
}

std::string_view compute_domain_name(ComputeDomain domain) {
  switch (domain) {
    case ComputeDomain::kInteger: return "int";
    case ComputeDomain::kFloat32: return "fp32";
    case ComputeDomain::kFloat16: return "fp16";
    case ComputeDomain::kBFloat16: return "bf16";
  }
  return "int";
}

std::optional<ComputeDomain> parse_compute_domain(std::string_view name) {
  for (ComputeDomain domain :
       {ComputeDomain::kInteger, ComputeDomain::kFloat32, ComputeDomain::kFloat16, ComputeDomain::kBFloat16}) {
    if (name == compute_domain_name(domain)) return domain;
  }
  return std::nullopt;
}

std::optional<QuantScheme> parse_quant_scheme(std::string_view name) {
  if (name == "symmetric") return QuantScheme::kSymmetric;
  if (name == "asymmetric") return QuantScheme::kAsymmetric;
  return std::nullopt;
}

}  // namespace npusim::quant
