// JSON -> QuantPlan. Checks types, names and unknown fields here (with the field path);
// value rules live in quant_plan_validate.cpp and run at the end.
#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>

#include "quant/plan/quant_plan.h"

namespace npusim::quant {
namespace {

using nlohmann::json;

// A JSON value and the path that names it in error messages ("tensors[3].scale[2]").
struct Field {
  const json& value;
  std::string path;

  [[noreturn]] void fail(const std::string& what) const { throw QuantPlanError(path + ": " + what); }

  bool has(const char* key) const { return value.contains(key); }
  Field member(const char* key) const {
    if (!value.contains(key)) Field{value, join(key)}.fail("missing");
    return Field{value.at(key), join(key)};
  }
  Field element(std::size_t index) const { return Field{value.at(index), path + "[" + std::to_string(index) + "]"}; }
  std::string join(const char* key) const { return path.empty() ? std::string(key) : path + "." + key; }

  void require_object(std::initializer_list<const char*> allowed_keys) const {
    if (!value.is_object()) fail("must be an object");
    for (const auto& item : value.items()) {
      bool known = false;
      for (const char* key : allowed_keys) known = known || item.key() == key;
      if (!known) Field{item.value(), join(item.key().c_str())}.fail("unknown field");
    }
  }
  std::string as_string() const {
    if (!value.is_string()) fail("must be a string");
    return value.get<std::string>();
  }
  bool as_bool() const {
    if (!value.is_boolean()) fail("must be true or false");
    return value.get<bool>();
  }
  // An integer in [low, high]; 1.0 or "1" are rejected (a typo, not an integer).
  std::int64_t as_integer(std::int64_t low, std::int64_t high) const {
    if (value.is_number_unsigned()) {
      const std::uint64_t unsigned_value = value.get<std::uint64_t>();
      if (unsigned_value > static_cast<std::uint64_t>(high)) {
        fail(std::to_string(unsigned_value) + " is above " + std::to_string(high));
      }
      return static_cast<std::int64_t>(unsigned_value);
    }
    if (!value.is_number_integer()) fail("must be an integer");
    const std::int64_t signed_value = value.get<std::int64_t>();
    if (signed_value < low || signed_value > high) {
      fail(std::to_string(signed_value) + " is outside [" + std::to_string(low) + ", " + std::to_string(high) + "]");
    }
    return signed_value;
  }
  std::int32_t as_int32() const {
    return static_cast<std::int32_t>(as_integer(std::numeric_limits<std::int32_t>::min(),
                                                std::numeric_limits<std::int32_t>::max()));
  }
  // A number stored as binary32. Values that overflow binary32 or underflow to 0 from a
  // non-zero number are rejected (they would not be the number written).
  float as_float32() const {
    if (!value.is_number()) fail("must be a number");
    const double number = value.get<double>();
    // 2^128 - 2^103 = FLT_MAX + half its ulp: from there on binary32 rounding gives inf.
    // Just below it (e.g. 3.4028235e38, FLT_MAX's shortest decimal) rounds to FLT_MAX.
    const double kFloat32Overflow = std::ldexp(1.0, 128) - std::ldexp(1.0, 103);
    if (!std::isfinite(number) || std::fabs(number) >= kFloat32Overflow) {
      fail("must be > 0 and finite (" + value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + " does not fit float32)");
    }
    const float narrowed = static_cast<float>(number);
    if (narrowed == 0.0f && number != 0.0) fail(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + " underflows float32 to 0");
    return narrowed;
  }
};

// scale / zero_point / multiplier / shift: a scalar per tensor, an array per channel.
template <typename T, typename Read>
std::vector<T> read_scalar_or_array(const Field& field, bool per_channel, Read read) {
  std::vector<T> values;
  if (per_channel) {
    if (!field.value.is_array()) field.fail("must be an array (one value per channel along axis)");
    if (field.value.empty()) field.fail("must not be empty");
    for (std::size_t index = 0; index < field.value.size(); ++index) values.push_back(read(field.element(index)));
  } else {
    if (field.value.is_array()) field.fail("must be a single number without axis (add axis for per-channel)");
    values.push_back(read(field));
  }
  return values;
}

RoundingMode read_rounding(const Field& field) {
  const std::string name = field.as_string();
  const auto mode = parse_rounding_mode(name);
  if (!mode) {
    field.fail("unknown rounding mode '" + name +
               "' (half_up, half_away, half_even, floor, truncate, tflite_double, fp32)");
  }
  return *mode;
}

TensorQuantization read_tensor(const Field& field) {
  field.require_object({"name", "format", "scheme", "narrow_range", "rounding", "scale", "zero_point", "axis",
                        "overflow", "bits"});
  TensorQuantization tensor;
  tensor.name = field.member("name").as_string();
  const Field format_field = field.member("format");
  const std::string format_name = format_field.as_string();
  const auto format = parse_tensor_format(format_name);
  if (!format) {
    format_field.fail("unknown format '" + format_name +
                      "' (fp32, fp16, bf16, fp8_e4m3, fp8_e5m2, int2..int16, uint2..uint16, log2)");
  }
  tensor.format = *format;
  const auto reject_unless = [&](const char* key, bool allowed) {
    if (field.has(key) && !allowed) field.member(key).fail("not used by format " + format_name);
  };
  const bool integer = format->kind == TensorFormatKind::kInteger;
  for (const char* key : {"scheme", "narrow_range", "rounding", "scale", "zero_point", "axis"}) {
    reject_unless(key, integer);
  }
  reject_unless("overflow", format->kind == TensorFormatKind::kMiniFloat);
  reject_unless("bits", format->kind == TensorFormatKind::kLog2);

  if (integer) {
    if (field.has("scheme")) {
      const Field scheme_field = field.member("scheme");
      const auto scheme = parse_quant_scheme(scheme_field.as_string());
      if (!scheme) scheme_field.fail("must be \"symmetric\" or \"asymmetric\"");
      tensor.scheme = *scheme;
    }
    if (field.has("narrow_range")) tensor.narrow_range = field.member("narrow_range").as_bool();
    if (field.has("rounding")) tensor.rounding = read_rounding(field.member("rounding"));
    if (field.has("axis")) tensor.axis = static_cast<int>(field.member("axis").as_integer(0, 64));
    const bool per_channel = tensor.axis.has_value();
    tensor.scales = read_scalar_or_array<float>(field.member("scale"), per_channel,
                                                [](const Field& item) { return item.as_float32(); });
    if (field.has("zero_point")) {
      tensor.zero_points = read_scalar_or_array<std::int32_t>(field.member("zero_point"), per_channel,
                                                              [](const Field& item) { return item.as_int32(); });
    } else if (tensor.scheme == QuantScheme::kSymmetric) {
      tensor.zero_points.assign(tensor.scales.size(), symmetric_zero_point(tensor.quant_spec()));
    } else {
      field.member("zero_point");  // fails: "missing" (an asymmetric tensor must say it)
    }
  }
  if (format->kind == TensorFormatKind::kMiniFloat && field.has("overflow")) {
    const Field overflow_field = field.member("overflow");
    const std::string name = overflow_field.as_string();
    if (name == overflow_mode_name(OverflowMode::kSaturate)) {
      tensor.overflow = OverflowMode::kSaturate;
    } else if (name != overflow_mode_name(OverflowMode::kNonSaturating)) {
      overflow_field.fail("must be \"saturate\" or \"non_saturating\"");
    }
  }
  if (format->kind == TensorFormatKind::kLog2) {
    tensor.log2_bits = static_cast<int>(field.member("bits").as_integer(1, 7));
  }
  return tensor;
}

std::vector<std::string> read_names(const Field& field) {
  if (!field.value.is_array()) field.fail("must be an array of tensor names");
  std::vector<std::string> names;
  for (std::size_t index = 0; index < field.value.size(); ++index) names.push_back(field.element(index).as_string());
  return names;
}

OperationRequant read_requant(const Field& field) {
  field.require_object({"rounding", "multiplier", "shift", "axis", "zero_point", "qmin", "qmax", "activation",
                        "negative_multiplier", "negative_shift", "lo_bits"});
  OperationRequant requant;
  requant.rounding = read_rounding(field.member("rounding"));
  if (field.has("axis")) requant.axis = static_cast<int>(field.member("axis").as_integer(0, 64));
  const bool per_channel = requant.axis.has_value();
  const auto read_int32 = [](const Field& item) { return item.as_int32(); };
  const auto read_int = [](const Field& item) { return static_cast<int>(item.as_integer(-1000, 1000)); };
  requant.multipliers = read_scalar_or_array<std::int32_t>(field.member("multiplier"), per_channel, read_int32);
  requant.shifts = read_scalar_or_array<int>(field.member("shift"), per_channel, read_int);
  requant.zero_point = field.member("zero_point").as_int32();
  requant.qmin = field.member("qmin").as_int32();
  requant.qmax = field.member("qmax").as_int32();
  if (field.has("activation")) {
    const Field activation_field = field.member("activation");
    const auto activation = parse_fused_activation(activation_field.as_string());
    if (!activation) activation_field.fail("must be \"none\", \"relu\" or \"leaky_relu\"");
    requant.activation = *activation;
  }
  if (requant.activation == FusedActivation::kLeakyRelu) {
    requant.negative_multipliers =
        read_scalar_or_array<std::int32_t>(field.member("negative_multiplier"), per_channel, read_int32);
    requant.negative_shifts = read_scalar_or_array<int>(field.member("negative_shift"), per_channel, read_int);
  } else {
    for (const char* key : {"negative_multiplier", "negative_shift"}) {
      if (field.has(key)) field.member(key).fail("only used with activation leaky_relu");
    }
  }
  if (field.has("lo_bits")) requant.lo_bits = static_cast<int>(field.member("lo_bits").as_integer(0, 30));
  return requant;
}

ComputeDomain read_compute_domain(const Field& field, bool allow_integer) {
  const std::string name = field.as_string();
  const auto domain = parse_compute_domain(name);
  if (!domain || (!allow_integer && *domain == ComputeDomain::kInteger)) {
    field.fail(std::string("unknown value '") + name + "' (" + (allow_integer ? "int, " : "") + "fp32, fp16, bf16)");
  }
  return *domain;
}

OperationQuantization read_operation(const Field& field) {
  field.require_object({"name", "kind", "nodes", "inputs", "outputs", "compute", "accumulation", "requant",
                        "input_multipliers", "input_requants", "integer_params"});
  OperationQuantization operation;
  operation.name = field.member("name").as_string();
  if (field.has("kind")) operation.kind = field.member("kind").as_string();
  if (field.has("nodes")) operation.nodes = read_names(field.member("nodes"));
  if (field.has("inputs")) operation.inputs = read_names(field.member("inputs"));
  if (field.has("outputs")) operation.outputs = read_names(field.member("outputs"));
  if (field.has("compute")) operation.compute = read_compute_domain(field.member("compute"), true);
  if (field.has("accumulation")) operation.accumulation = read_compute_domain(field.member("accumulation"), false);
  if (field.has("requant")) operation.requant = read_requant(field.member("requant"));
  if (field.has("input_multipliers")) {
    const Field multipliers = field.member("input_multipliers");
    if (!multipliers.value.is_array()) multipliers.fail("must be an array (one integer per activation input)");
    for (std::size_t index = 0; index < multipliers.value.size(); ++index) {
      operation.input_multipliers.push_back(multipliers.element(index).as_int32());
    }
  }
  if (field.has("input_requants")) {
    const Field requants = field.member("input_requants");
    if (!requants.value.is_array()) requants.fail("must be an array (one requant object per activation input)");
    for (std::size_t index = 0; index < requants.value.size(); ++index) {
      operation.input_requants.push_back(read_requant(requants.element(index)));
    }
  }
  if (field.has("integer_params")) {
    const Field params = field.member("integer_params");
    if (!params.value.is_object()) params.fail("must be an object of named integers");
    for (const auto& item : params.value.items()) {
      const Field value{item.value(), params.join(item.key().c_str())};
      operation.integer_params[item.key()] =
          value.as_integer(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    }
  }
  return operation;
}

ModelReference read_model_reference(const Field& field) {
  field.require_object({"file", "fingerprint"});
  ModelReference model;
  if (field.has("file")) model.file = field.member("file").as_string();
  model.fingerprint = field.member("fingerprint").as_string();
  return model;
}

}  // namespace

QuantPlan quant_plan_from_json(const json& document) {
  const Field root{document, ""};
  if (!document.is_object()) throw QuantPlanError("(document): must be a JSON object");
  root.require_object({"schema", "model", "metadata", "tensors", "operations"});
  const Field schema = root.member("schema");
  if (schema.as_string() != kQuantPlanSchema) {
    schema.fail("expected \"" + std::string(kQuantPlanSchema) + "\", got \"" + schema.as_string() + "\"");
  }
  QuantPlan plan;
  if (root.has("model")) plan.model = read_model_reference(root.member("model"));
  if (root.has("metadata")) {
    const Field metadata = root.member("metadata");
    if (!metadata.value.is_object()) metadata.fail("must be an object");
    plan.metadata = metadata.value;
  }
  const Field tensors = root.member("tensors");
  if (!tensors.value.is_array()) tensors.fail("must be an array");
  for (std::size_t index = 0; index < tensors.value.size(); ++index) {
    plan.tensors.push_back(read_tensor(tensors.element(index)));
  }
  if (root.has("operations")) {
    const Field operations = root.member("operations");
    if (!operations.value.is_array()) operations.fail("must be an array");
    for (std::size_t index = 0; index < operations.value.size(); ++index) {
      plan.operations.push_back(read_operation(operations.element(index)));
    }
  }
  validate_quant_plan(plan);
  return plan;
}

}  // namespace npusim::quant
