// Choosing and loading calibration samples from a depth data set. The original team asked
// for a set stratified by depth (near 0.5-3 m, mid 3-8 m, far 8-15 m: SEEDS.md section 1),
// beside the usual random draw.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/data/depth_dataset.h"
#include "models/graph/tensor.h"
#include "models/ptq/calibrate.h"

namespace npusim::ptq {

enum class CalibrationSelection { kRandom, kStratified };
std::string_view calibration_selection_name(CalibrationSelection selection);  // "random", "stratified"
std::optional<CalibrationSelection> parse_calibration_selection(std::string_view name);

struct SelectedSamples {
  std::vector<data::DepthSample> samples;
  std::vector<int> per_stratum;  // stratified: near, mid, far, beyond 15 m / no valid pixel
};

// `count` samples (all of them when the set is smaller), reproducible for a seed.
// Random: a seeded shuffle. Stratified: each sample's median valid depth puts it in near
// [0.5, 3), mid [3, 8) or far [8, inf) m; equal shares are drawn from each (seeded), and a
// stratum with too few samples leaves its share to the others. Throws for an empty set or
// count < 1.
SelectedSamples select_calibration_samples(const data::DepthDataset& dataset, int count,
                                           CalibrationSelection selection, std::uint64_t seed);

// The calibration samples of a folder for `graph`: a depth data set (images, selected as
// above and brought to the model's input size), or a folder of .npy files (no manifest.json,
// no rgb/), one sample each for a one-input model, the first `count` by name. `log` receives
// one line about what was chosen.
std::vector<CalibrationSample> load_calibration_samples(const models::Graph& graph, const std::string& data_dir, int count,
                                                       CalibrationSelection selection, std::uint64_t seed, std::ostream& log);

// The depth models' input for one image ([1, 3, H, W] float in [0, 1], resized bilinearly
// when the image size differs: metrics/depth_eval.h).
// An image more than 8 times smaller than the model's input along an axis (a 1x1 PNG) is
// refused naming `source` and the expected size: upscaled that far it is no picture at all.
models::Tensor depth_model_input(const data::RgbImage& image, int height, int width,
                                 const std::string& source = "image");

}  // namespace npusim::ptq
