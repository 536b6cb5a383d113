// Post-training calibration: runs the float model over calibration inputs, watches every
// tensor the NPU stores with an observer, and writes a QuantPlan that the golden executor
// (models/golden) and the NPU model run. docs/ptq.md describes every option and each
// operation kind's derivation of integer parameters.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "models/graph/graph.h"
#include "quant/observers/observer_factory.h"
#include "quant/plan/quant_plan.h"

namespace npusim::ptq {

enum class Precision {
  kInt8,   // W8A8: int8 weights, int8 activations
  kInt16,  // W16A16
  kFp16,   // every operation in FP16 (accumulation per CalibrationOptions::float_accumulation)
  kBf16,
  kMixed,  // int8, with the operations in int16_ops at W16A16 and those in float_ops in FP16
};
std::string_view precision_name(Precision precision);  // "int8", "int16", "fp16", "bf16", "mixed"
std::optional<Precision> parse_precision(std::string_view name);

struct CalibrationOptions {
  std::string observer = "minmax";          // activation observer (quant/observers/observer_factory.h)
  quant::ObserverSettings observer_settings;
  bool weights_per_channel = true;          // per output channel, symmetric, narrow range
  std::string weight_observer = "minmax";   // "percentile" with settings clips each channel
  quant::ObserverSettings weight_observer_settings;
  bool activations_symmetric = false;       // default asymmetric (ReLU outputs use all codes)
  Precision precision = Precision::kInt8;
  std::set<std::string> int16_ops;          // kMixed: operation names promoted to W16A16
  std::set<std::string> float_ops;          // kMixed: operation names computed in FP16
  int output_bits = 8;                      // 16: the output layer (last MAC to the output) in 16 bits
  int dual_output_lo_bits = 0;              // > 0: the output leaves as hi/lo tensors (numerics.md 6)
  int dual_output_hi_bits = 4;              // bits of the hi part (whole units when they suffice)
  quant::RoundingMode rounding = quant::RoundingMode::kHalfUp;  // every requantization
  quant::ComputeDomain float_accumulation = quant::ComputeDomain::kFloat32;
  bool image_input_uint8 = true;            // a [N, 3, H, W] input in [0, 1] takes UINT8 codes / 255
  bool softmax_log2 = false;                // softmax outputs on the log2 grid (4 bits)
};

// Inputs of one calibration sample, in graph input order.
using CalibrationSample = std::vector<models::Tensor>;
using CalibrationProgress = std::function<void(std::size_t done, std::size_t total)>;

// Throws std::runtime_error naming the option, the tensor or the operation on any problem
// (no samples, NaN in a tensor, a zero-range tensor it cannot grid, an unsupported operation).
quant::QuantPlan calibrate(const models::Graph& graph, const std::vector<CalibrationSample>& samples,
                           const CalibrationOptions& options, const CalibrationProgress& progress = {});

}  // namespace npusim::ptq
