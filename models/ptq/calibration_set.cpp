#include "models/ptq/calibration_set.h"

#include <algorithm>
#include <stdexcept>

#include "models/data/scene_random.h"
#include "models/metrics/depth_eval.h"
#include "models/metrics/depth_metrics.h"

namespace npusim::ptq {
namespace {

// Fisher-Yates with the project's portable generator (same order on every platform).
template <typename T>
void shuffle(std::vector<T>& items, data::Pcg32& random) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(random.uniform_int(0, static_cast<int>(i) - 1));
    std::swap(items[i - 1], items[j]);
  }
}

int stratum_of(const data::DepthSample& sample, data::DepthPngUnit unit) {
  const data::DepthMap depth = data::load_depth_map(sample.depth_path, unit);
  std::vector<double> valid;
  for (float d : depth.depth_m) {
    if (d > 0.0f) valid.push_back(d);
  }
  if (valid.empty()) return 3;
  const double median = metrics::median_of(valid);
  if (median < 3.0) return 0;
  if (median < 8.0) return 1;
  return 2;
}

}  // namespace

std::string_view calibration_selection_name(CalibrationSelection selection) {
  return selection == CalibrationSelection::kRandom ? "random" : "stratified";
}

std::optional<CalibrationSelection> parse_calibration_selection(std::string_view name) {
  if (name == "random") return CalibrationSelection::kRandom;
  if (name == "stratified") return CalibrationSelection::kStratified;
  return std::nullopt;
}

SelectedSamples select_calibration_samples(const data::DepthDataset& dataset, int count,
                                           CalibrationSelection selection, std::uint64_t seed) {
  if (dataset.samples.empty()) throw std::runtime_error("'" + dataset.root + "': no samples to calibrate with");
  if (count < 1) throw std::runtime_error("the calibration count must be at least 1 (got " + std::to_string(count) + ")");
  data::Pcg32 random(seed);
  SelectedSamples selected;
  if (selection == CalibrationSelection::kRandom) {
    std::vector<data::DepthSample> all = dataset.samples;
    shuffle(all, random);
    all.resize(std::min<std::size_t>(all.size(), static_cast<std::size_t>(count)));
    selected.samples = std::move(all);
    return selected;
  }
  std::vector<std::vector<data::DepthSample>> strata(4);
  for (const data::DepthSample& sample : dataset.samples) {
    strata[static_cast<std::size_t>(stratum_of(sample, dataset.options.png_unit))].push_back(sample);
  }
  for (auto& stratum : strata) shuffle(stratum, random);
  // Round-robin over near, mid, far: equal shares, a short stratum's share goes to the rest.
  selected.per_stratum.assign(4, 0);
  std::vector<std::size_t> next(3, 0);
  while (static_cast<int>(selected.samples.size()) < count) {
    bool took = false;
    for (std::size_t s = 0; s < 3 && static_cast<int>(selected.samples.size()) < count; ++s) {
      if (next[s] < strata[s].size()) {
        selected.samples.push_back(strata[s][next[s]++]);
        ++selected.per_stratum[s];
        took = true;
      }
    }
    if (!took) break;
  }
  if (selected.samples.empty()) {
    throw std::runtime_error("'" + dataset.root + "': no sample has a valid depth to stratify by");
  }
  return selected;
}

models::Tensor depth_model_input(const data::RgbImage& image, int height, int width) {
  std::vector<float> planes = metrics::rgb_to_planar_unit(image);
  planes = metrics::resize_bilinear(planes, 3, image.height, image.width, height, width);
  return models::Tensor::from_floats({1, 3, height, width}, std::move(planes));
}

}  // namespace npusim::ptq
