// The sweep's real evaluator: each configuration (batch, MAC array, DRAM bandwidth,
// precision) of a quantized network timed on the SystemC NPU model. The network is
// calibrated once per precision path (int8, int16, fp16, bf16, int8_out16, int8_dual, mixed)
// on fresh synthetic scenes, exactly as `npusim compare` calibrates it; the NPU is a
// configuration file or preset whose arrays take the point's shape and whose DRAM the point's
// bandwidth. docs/sweep.md, "The simulator as evaluator".
#pragma once

#include "sim/studies/sweep_evaluator.h"

namespace npusim::studies {

// context.model: an ONNX file; context.npu_config: a configuration file (the command line
// resolves presets and defaults). One evaluation at a time (max_threads 1): SystemC runs one
// kernel per process.
SweepBackend make_simulator_backend(const SweepContext& context);

}  // namespace npusim::studies
