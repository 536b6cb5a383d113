#include "models/metrics/depth_eval.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace npusim::metrics {

std::vector<float> rgb_to_planar_unit(const data::RgbImage& image) {
  const std::size_t plane = static_cast<std::size_t>(image.height) * image.width;
  std::vector<float> planes(plane * 3);
  for (std::size_t pixel = 0; pixel < plane; ++pixel) {
    for (std::size_t channel = 0; channel < 3; ++channel) {
      planes[channel * plane + pixel] = static_cast<float>(image.rgb[pixel * 3 + channel]) / 255.0f;
    }
  }
  return planes;
}

std::vector<float> resize_bilinear(const std::vector<float>& planes, int channels, int in_height, int in_width,
                                   int out_height, int out_width) {
  if (in_height == out_height && in_width == out_width) return planes;
  if (planes.size() != static_cast<std::size_t>(channels) * in_height * in_width) {
    throw std::invalid_argument("resize_bilinear: buffer size does not match channels x height x width");
  }
  // Source coordinate of an output sample centre: (o + 0.5) * in / out - 0.5, clamped to
  // the first/last sample (so edges replicate rather than fade).
  const auto source = [](int out_index, int in_size, int out_size, int* i0, int* i1, float* fraction) {
    float s = (static_cast<float>(out_index) + 0.5f) * static_cast<float>(in_size) / static_cast<float>(out_size) - 0.5f;
    s = std::clamp(s, 0.0f, static_cast<float>(in_size - 1));
    *i0 = static_cast<int>(std::floor(s));
    *i1 = std::min(*i0 + 1, in_size - 1);
    *fraction = s - static_cast<float>(*i0);
  };
  std::vector<float> out(static_cast<std::size_t>(channels) * out_height * out_width);
  for (int c = 0; c < channels; ++c) {
    const float* in_plane = planes.data() + static_cast<std::size_t>(c) * in_height * in_width;
    float* out_plane = out.data() + static_cast<std::size_t>(c) * out_height * out_width;
    for (int y = 0; y < out_height; ++y) {
      int y0, y1;
      float fy;
      source(y, in_height, out_height, &y0, &y1, &fy);
      for (int x = 0; x < out_width; ++x) {
        int x0, x1;
        float fx;
        source(x, in_width, out_width, &x0, &x1, &fx);
        const float top = in_plane[y0 * in_width + x0] + fx * (in_plane[y0 * in_width + x1] - in_plane[y0 * in_width + x0]);
        const float bottom = in_plane[y1 * in_width + x0] + fx * (in_plane[y1 * in_width + x1] - in_plane[y1 * in_width + x0]);
        out_plane[y * out_width + x] = top + fy * (bottom - top);
      }
    }
  }
  return out;
}

EvalReport evaluate_depth_dataset(const data::DepthDataset& dataset, const DepthPredictor& predictor,
                                  const DepthMetricsOptions& options) {
  EvalReport report;
  for (const data::DepthSample& sample : dataset.samples) {
    const data::DepthPair pair = data::load_depth_pair(sample, dataset.options.png_unit);
    const data::DepthMap prediction = predictor(sample, pair.image);
    if (prediction.height < 1 || prediction.width < 1 ||
        prediction.depth_m.size() != static_cast<std::size_t>(prediction.height) * prediction.width) {
      throw std::runtime_error("sample '" + sample.name + "': the predictor returned a malformed depth map");
    }
    const std::vector<float> resized = resize_bilinear(prediction.depth_m, 1, prediction.height, prediction.width,
                                                       pair.depth.height, pair.depth.width);
    EvalImageResult result;
    result.name = sample.name;
    try {
      result.errors = compute_image_depth_errors(resized, pair.depth.depth_m, options);
    } catch (const std::exception& e) {
      throw std::runtime_error("sample '" + sample.name + "': " + e.what());
    }
    report.average.add(result.errors);
    report.images.push_back(result);
  }
  return report;
}

AbsRelSpread per_image_abs_rel_spread(const EvalReport& report) {
  std::vector<double> values;
  for (const EvalImageResult& image : report.images) {
    if (image.errors) values.push_back(image.errors->errors.abs_rel);
  }
  if (values.empty()) throw std::runtime_error("no image has a valid ground-truth pixel");
  std::sort(values.begin(), values.end());
  const auto percentile = [&values](double p) {
    const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
    const std::size_t low = static_cast<std::size_t>(rank);
    const std::size_t high = std::min(low + 1, values.size() - 1);
    return values[low] + (rank - static_cast<double>(low)) * (values[high] - values[low]);
  };
  return {percentile(50.0), percentile(90.0), values.back()};
}

}  // namespace npusim::metrics
