// How the golden executor stores a tensor of a QuantPlan (docs/golden.md, "Storage"):
//  - integer formats (int2..int16, uint2..uint16) and log2: one int32 code per element,
//    always inside the format's code range (checked where codes are produced);
//  - float formats (fp32, fp16, bf16, fp8): one float32 per element holding a value that the
//    format represents exactly (rounded to the format where it is produced).
// One container type for every width keeps the kernels simple; files and the NPU model use
// the format's real width (to_npy writes int8/uint8/int16 codes and fp16 bit patterns).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/graph/tensor.h"
#include "quant/io/npy.h"
#include "quant/plan/quant_plan.h"

namespace npusim::golden {

struct GoldenTensor {
  models::Shape shape;
  quant::TensorQuantization quant;  // format, scale, zero point (as in the plan)
  std::vector<std::int32_t> codes;  // integer and log2 formats
  std::vector<float> values;        // float formats

  bool is_float() const;
  std::int64_t element_count() const;
};

// True for the plan formats whose tensors hold codes.
bool is_code_format(const quant::TensorFormat& format);
// The codes of an integer format: [qmin, qmax] of its QuantSpec (narrow range included);
// log2: [0, 2^bits - 1].
std::int32_t format_code_min(const quant::TensorQuantization& quant);
std::int32_t format_code_max(const quant::TensorQuantization& quant);

// Rounds a float32 to what `quant` (a float format) stores: fp32 unchanged, small floats by
// round-to-nearest-even with the tensor's overflow mode.
float round_to_float_format(float value, const quant::TensorQuantization& quant);

// A float tensor into the plan's format: integer formats with the tensor's own rounding
// (quant::quantize_tensor: per-tensor or per-channel), log2 with the log2 quantizer, float
// formats rounded. Throws naming `what` for NaN/Inf.
GoldenTensor encode_tensor(const models::Tensor& tensor, const quant::TensorQuantization& quant,
                           const std::string& what);
// The real values a tensor stands for: (code - zero_point) * scale, 2^-code for log2, the
// values themselves for float formats.
models::Tensor decode_tensor(const GoldenTensor& tensor);

// Codes as int8/uint8/int16/int32 .npy (the narrowest dtype holding the format's codes);
// fp16 as float16, other float formats as float32.
io::NpyArray golden_tensor_to_npy(const GoldenTensor& tensor);

}  // namespace npusim::golden
