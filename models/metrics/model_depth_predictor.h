// Depth predictors for `npusim eval`: an ONNX model run by the float executor, or .npy
// prediction files.
#pragma once

#include <memory>
#include <string>

#include "models/metrics/depth_eval.h"

namespace npusim::metrics {

// Loads the model once and runs it per image (preprocessing in depth_eval.h). Output
// handling: one output -> depth in metres (shape 1x1xHxW, 1xHxW or HxW); two outputs named
// depth_int and depth_frac (the dual-head network) -> floor(depth_int + 0.5) + depth_frac,
// the reconstruction scripts/train/depth_models.py defines. Anything else is an error.
DepthPredictor make_onnx_depth_predictor(const std::string& model_path);

// The same model run by the golden executor under a QuantPlan (models/golden): the image
// is quantized onto the plan's input grid, outputs are decoded (a dual output is rebuilt from
// hi and lo first), then interpreted as for the float model.
DepthPredictor make_golden_depth_predictor(const std::string& model_path, const std::string& plan_path);

// Reads PRED_DIR/<sample name>.npy (float32/float16 metres, shape HxW, 1xHxW or 1x1xHxW).
DepthPredictor make_npy_depth_predictor(const std::string& prediction_dir);

}  // namespace npusim::metrics
