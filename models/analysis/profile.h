// `npusim profile`: where a quantized network loses accuracy, layer by layer. For every tensor
// the plan stores, over a set of images: the device's values (golden executor, decoded)
// against the FP32 model (SQNR, cosine, max error, saturation, code use, effective bits),
// and against the fake-quant simulation (how far "the simulation" is from "the device").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/golden/golden_tensor.h"
#include "models/golden/program.h"
#include "quant/metrics/metrics_report.h"

namespace npusim::analysis {

struct LayerProfile {
  std::string tensor;     // the plan tensor (for a dual output: the graph value, rebuilt from hi and lo)
  std::string operation;  // the plan operation producing it ("" for a model input)
  std::string kind;       // its kind ("conv", "lut", ...; "input")
  std::string format;     // the grid's format ("int8", "fp16", ...)
  quant::MetricValues vs_float;  // device vs FP32; code metrics on the FP32 tensor and this grid
  double fake_sqnr_db = 0.0;     // device vs fake-quant simulation
  double fake_max_abs_error = 0.0;
  double code_mismatch_rate = 0.0;        // share of elements whose code differs (integer grids)
  std::int64_t max_code_difference = 0;
};

struct ProfileReport {
  std::vector<LayerProfile> layers;  // in execution order
  std::size_t images = 0;
};

// Called for the first image only, once per tensor: the device's codes (or float-format
// values), their real values, and the FP32 reference.
using ProfileDump = std::function<void(const std::string& tensor, const golden::GoldenTensor& device,
                                       const models::Tensor& dequantized, const models::Tensor& reference)>;
using ProfileProgress = std::function<void(std::size_t done, std::size_t total)>;

// `inputs`: one entry per image, the model's float inputs. `plan`: the plan the program was
// lowered from (its weight grids drive the fake-quant simulation).
ProfileReport profile_plan(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                           const std::vector<std::vector<models::Tensor>>& inputs, const ProfileDump& dump = {},
                           const ProfileProgress& progress = {});

}  // namespace npusim::analysis
