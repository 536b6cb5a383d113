// Rounding a real (double) value to an integral value, one function per rounding mode of
// the shared RoundingMode enum. This is the quantizer's R in q = R(x / scale) + zero_point;
// requantization (integer accumulators) has its own exact integer rounding in quant/requant/.
//
// Every function is exact for every finite double (no x + 0.5 shortcut, which misrounds
// 0.49999999999999994 and odd integers above 2^52) and independent of the FPU rounding mode.
#pragma once

#include "quant/requant/requant.h"

namespace npusim::quant {

// floor(x + 1/2): ties toward +inf (TFLite/CMSIS-NN single rounding, firmware floor(x+0.5)).
double round_half_up(double value);
// Ties away from zero (C round()).
double round_half_away(double value);
// Ties to the even integer (IEEE roundTiesToEven, numpy.round, ONNX QuantizeLinear).
double round_half_even(double value);
// Toward -inf.
double round_floor(double value);
// Toward zero.
double round_truncate(double value);

// The rounding a quantizer applies for `mode`. The two requantization-only modes have no
// real-valued meaning of their own, so they map onto the float rounding their frameworks
// use when they quantize a float tensor (docs/quantizers.md, "Rounding modes"):
//   kTfliteDouble -> half_away  (TFLite's float Quantize kernel rounds with std::round)
//   kFp32         -> half_even  (FBGEMM / ONNX Runtime use rint / nearbyint)
// kFp32 additionally changes how the quotient x / scale is formed (in binary32); that part
// lives in the affine quantizer.
double round_to_integral(double value, RoundingMode mode);

}  // namespace npusim::quant
