// QuantPlan: how every tensor of a network is stored and how every operation requantizes,
// as a versioned JSON document ("schema": "npusim.quantplan/1", described in
// docs/quantplan.md). Produced by calibration, consumed by the golden executor, the
// compiler and the SystemC model.
//
// Loading validates everything and names the offending field with a JSON-pointer-like
// path ("tensors[3].scale[2]: must be > 0 and finite"). Saving writes atomically and every
// float so that it reads back bit-identical: plan -> JSON -> plan is the identity.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quant/formats/float_formats.h"
#include "quant/plan/tensor_format.h"
#include "quant/quantizer/affine_quantizer.h"
#include "quant/requant/requant.h"

namespace npusim::quant {

inline constexpr const char* kQuantPlanSchema = "npusim.quantplan/1";

// One tensor. Which fields mean something depends on format.kind:
//   kInteger:   scheme, narrow_range, rounding, scales, zero_points, axis
//   kMiniFloat: overflow
//   kLog2:      log2_bits (fixed scale 1: see quant/quantizer/log2_quantizer.h)
//   kFloat32:   nothing else
struct TensorQuantization {
  std::string name;
  TensorFormat format;
  QuantScheme scheme = QuantScheme::kAsymmetric;
  bool narrow_range = false;
  RoundingMode rounding = RoundingMode::kHalfEven;
  std::vector<float> scales;               // one (per-tensor) or one per channel
  std::vector<std::int32_t> zero_points;   // same length as scales
  std::optional<int> axis;                 // set = per-channel along this axis
  OverflowMode overflow = OverflowMode::kNonSaturating;
  int log2_bits = 4;

  // The affine quantizer's spec and per-channel params (kInteger only).
  QuantSpec quant_spec() const;
  std::vector<QParams> qparams() const;
  bool operator==(const TensorQuantization& other) const;
};

// The requantization of one operation's accumulators. Per-tensor: one multiplier/shift;
// per-channel: one per output channel along axis (zero point, clamp, activation shared).
struct OperationRequant {
  RoundingMode rounding = RoundingMode::kHalfUp;
  std::vector<std::int32_t> multipliers;
  std::vector<int> shifts;
  std::optional<int> axis;
  std::int32_t zero_point = 0;
  std::int32_t qmin = -128;
  std::int32_t qmax = 127;
  FusedActivation activation = FusedActivation::kNone;
  std::vector<std::int32_t> negative_multipliers;  // kLeakyRelu only, same length as multipliers
  std::vector<int> negative_shifts;
  int lo_bits = 0;  // dual-output split; 0 = single output

  // RequantParams of one channel (0 for per-tensor).
  RequantParams channel_params(std::size_t channel) const;
  std::size_t channel_count() const { return multipliers.size(); }
  bool operator==(const OperationRequant& other) const;
};

// Where an operation's arithmetic happens: the integer datapath (accumulators and the
// requantization unit) or a float unit of the given format. JSON: "int", "fp32", "fp16", "bf16".
enum class ComputeDomain { kInteger, kFloat32, kFloat16, kBFloat16 };

struct OperationQuantization {
  std::string name;
  std::vector<std::string> inputs;   // tensor names (each must be in the plan)
  std::vector<std::string> outputs;
  std::optional<OperationRequant> requant;  // absent: the op does not requantize (float op)
  // What the golden executor and the NPU compiler need to run the operation (all optional in
  // the schema; docs/quantplan.md and docs/golden.md say which kind needs which):
  std::string kind;                  // integer-op kind ("conv", "add", "lut", ...); "" = not given
  std::vector<std::string> nodes;    // the graph nodes fused into this operation, in order
  ComputeDomain compute = ComputeDomain::kInteger;
  ComputeDomain accumulation = ComputeDomain::kFloat32;  // float MAC ops: the accumulator format
  std::vector<std::int32_t> input_multipliers;           // per activation input (Add: scale alignment)
  std::vector<OperationRequant> input_requants;          // per activation input (Concat)
  std::map<std::string, std::int64_t> integer_params;    // kind-specific integers (fraction_bits ...)
  bool operator==(const OperationQuantization& other) const;
};

// Which model a plan was calibrated for: the file name (informative) and a fingerprint of
// the imported graph (checked: a plan is never run on another model).
struct ModelReference {
  std::string file;
  std::string fingerprint;
  bool operator==(const ModelReference& other) const {
    return file == other.file && fingerprint == other.fingerprint;
  }
};

struct QuantPlan {
  std::optional<ModelReference> model;
  std::vector<TensorQuantization> tensors;
  std::vector<OperationQuantization> operations;
  nlohmann::json metadata = nlohmann::json::object();  // free-form, preserved as is

  const TensorQuantization* find_tensor(const std::string& name) const;
  const OperationQuantization* find_operation(const std::string& name) const;
  bool operator==(const QuantPlan& other) const;
};

// A plan that fails validation; what() starts with the field path.
class QuantPlanError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// JSON <-> plan. parse validates fully (throws QuantPlanError naming the field);
// to_json validates too (a plan that would not load again is never written).
QuantPlan quant_plan_from_json(const nlohmann::json& document);
nlohmann::json quant_plan_to_json(const QuantPlan& plan);
// Re-checks a plan built in code (same rules and messages as parsing).
void validate_quant_plan(const QuantPlan& plan);

// Files. Errors are prefixed with the path ("plan.json: tensors[3].scale[2]: ...");
// malformed JSON names the byte offset. save writes through AtomicOutputFile.
QuantPlan load_quant_plan(const std::string& path);
void save_quant_plan(const std::string& path, const QuantPlan& plan);

// Building blocks for calibration code that writes a plan.
// An integer tensor from the affine quantizer's spec and its per-tensor (one QParams, no
// axis) or per-channel (one per channel, axis set) parameters; validated like a loaded one.
TensorQuantization make_integer_tensor_quantization(const std::string& name, const QuantSpec& spec,
                                                    const std::vector<QParams>& params,
                                                    std::optional<int> axis = std::nullopt);
// A float32 / FP16 / BF16 / FP8 tensor ("fp32", "fp16", ...); throws QuantPlanError for
// another name.
TensorQuantization make_float_tensor_quantization(const std::string& name, const std::string& format_name,
                                                  OverflowMode overflow = OverflowMode::kNonSaturating);

// Names used in the document for the enums.
std::string_view fused_activation_name(FusedActivation activation);  // "none", "relu", "leaky_relu"
std::optional<FusedActivation> parse_fused_activation(std::string_view name);
std::string_view quant_scheme_name(QuantScheme scheme);               // "symmetric", "asymmetric"
std::optional<QuantScheme> parse_quant_scheme(std::string_view name);
std::string_view compute_domain_name(ComputeDomain domain);           // "int", "fp32", "fp16", "bf16"
std::optional<ComputeDomain> parse_compute_domain(std::string_view name);

}  // namespace npusim::quant
