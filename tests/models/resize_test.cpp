// Resize / Upsample: ONNX spec examples and hand-worked coordinate transforms.
#include <gtest/gtest.h>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

struct ResizeCase {
  std::string mode = "nearest";
  std::string coordinate_mode = "half_pixel";
  std::string nearest_mode = "round_prefer_floor";
  std::vector<float> scales;
  std::vector<std::int64_t> sizes;
  std::vector<float> roi;
  int opset = 13;
};

Tensor resize(const ResizeCase& c, const Shape& shape, const std::vector<float>& x) {
  OnnxModelBuilder model(c.opset);
  model.input("x", shape);
  std::vector<std::string> inputs = {"x", "", "", ""};
  if (!c.roi.empty()) {
    model.initializer("roi", {static_cast<std::int64_t>(c.roi.size())}, c.roi);
    inputs[1] = "roi";
  }
  if (!c.scales.empty()) {
    model.initializer("scales", {static_cast<std::int64_t>(c.scales.size())}, c.scales);
    inputs[2] = "scales";
  } else {
    model.int_initializer("sizes", {static_cast<std::int64_t>(c.sizes.size())}, c.sizes);
    inputs[3] = "sizes";
  }
  while (inputs.back().empty()) inputs.pop_back();
  model.node("Resize", inputs, {"y"}).attr("mode", c.mode).attr("coordinate_transformation_mode", c.coordinate_mode)
      .attr("nearest_mode", c.nearest_mode);
  model.output("y");
  return run_single(model.import(), Tensor::from_floats(shape, x));
}

void expect_near(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-5) << "at " << i;
}

// Spec "resize_upsample_scales_nearest": [[1,2],[3,4]] x [1,1,2,3].
TEST(ResizeTest, SpecUpsampleScalesNearest) {
  ResizeCase c;
  c.scales = {1, 1, 2, 3};
  const Tensor y = resize(c, {1, 1, 2, 2}, {1, 2, 3, 4});
  EXPECT_EQ(y.shape, (Shape{1, 1, 4, 6}));
  EXPECT_EQ(y.data, (std::vector<float>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4}));
}

// Spec "resize_upsample_scales_linear" (half_pixel): [[1,2],[3,4]] x 2.
TEST(ResizeTest, SpecUpsampleScalesLinearHalfPixel) {
  ResizeCase c;
  c.mode = "linear";
  c.scales = {1, 1, 2, 2};
  const Tensor y = resize(c, {1, 1, 2, 2}, {1, 2, 3, 4});
  expect_near(y.data, {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4});
}

// Spec "resize_upsample_scales_linear_align_corners": corners map onto corners, steps of 1/3.
TEST(ResizeTest, SpecUpsampleLinearAlignCorners) {
  ResizeCase c;
  c.mode = "linear";
  c.coordinate_mode = "align_corners";
  c.scales = {1, 1, 2, 2};
  const Tensor y = resize(c, {1, 1, 2, 2}, {1, 2, 3, 4});
  const float t = 1.0f / 3.0f;
  // X(r, c) = 1 + 2r + c is linear, so each sample is exact: rows r = 0, 1/3, 2/3, 1.
  expect_near(y.data, {1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t,
                       1 + 4 * t, 2 + 2 * t, 3, 3 + t, 3, 3 + t, 3 + 2 * t, 4});
}

// Spec "resize_downsample_scales_linear": [[1,2,3,4],[5,6,7,8]] x 0.6 -> [[2.6666665, 4.3333331]]
// (half_pixel: row coordinate (0.5)/0.6-0.5 = 0.3333, columns 0.3333 and 2.0 -> 1+4/3, 3+4/3).
TEST(ResizeTest, SpecDownsampleScalesLinear) {
  ResizeCase c;
  c.mode = "linear";
  c.scales = {1, 1, 0.6f, 0.6f};
  const Tensor y = resize(c, {1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(y.shape, (Shape{1, 1, 1, 2}));
  expect_near(y.data, {2.6666665f, 4.3333331f});
}

// Spec "resize_downsample_scales_nearest": same input x 0.6 -> [[1, 3]].
TEST(ResizeTest, SpecDownsampleScalesNearest) {
  ResizeCase c;
  c.scales = {1, 1, 0.6f, 0.6f};
  const Tensor y = resize(c, {1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(y.data, (std::vector<float>{1, 3}));
}

// Spec "resize_tf_crop_and_resize": 4x4 ramp 1..16, roi rows 0.4..0.6, cols 0.6..0.8, sizes 3x3.
// Rows sample 1.2, 1.5, 1.8 and columns 1.8, 2.1, 2.4; the ramp is linear (1 + 4r + c),
// so e.g. (1.2, 1.8) -> 1 + 4.8 + 1.8 = 7.6.
TEST(ResizeTest, SpecTfCropAndResize) {
  ResizeCase c;
  c.mode = "linear";
  c.coordinate_mode = "tf_crop_and_resize";
  c.sizes = {1, 1, 3, 3};
  c.roi = {0, 0, 0.4f, 0.6f, 1, 1, 0.6f, 0.8f};
  std::vector<float> x(16);
  for (int i = 0; i < 16; ++i) x[i] = static_cast<float>(i + 1);
  const Tensor y = resize(c, {1, 1, 4, 4}, x);
  expect_near(y.data, {7.6f, 7.9f, 8.2f, 8.8f, 9.1f, 9.4f, 10.0f, 10.3f, 10.6f});
}

// Nearest modes on a 1-D upsample by 2 with asymmetric coordinates x_in = x / 2:
// outputs map to 0, 0.5, 1, 1.5, 2, 2.5: floor -> 0,0,1,1,2,2; ceil -> 0,1,1,2,2,3(clamped 2);
// round_prefer_floor -> 0,0,1,1,2,2; round_prefer_ceil -> 0,1,1,2,2,2 (3 clamped).
TEST(ResizeTest, EveryNearestMode) {
  const std::vector<float> x = {10, 20, 30};
  const std::vector<std::pair<std::string, std::vector<float>>> cases = {
      {"floor", {10, 10, 20, 20, 30, 30}},
      {"ceil", {10, 20, 20, 30, 30, 30}},
      {"round_prefer_floor", {10, 10, 20, 20, 30, 30}},
      {"round_prefer_ceil", {10, 20, 20, 30, 30, 30}},
  };
  for (const auto& [mode, expected] : cases) {
    ResizeCase c;
    c.coordinate_mode = "asymmetric";
    c.nearest_mode = mode;
    c.scales = {1, 1, 1, 2};
    EXPECT_EQ(resize(c, {1, 1, 1, 3}, x).data, expected) << mode;
  }
}

// pytorch_half_pixel differs from half_pixel only when the output length is 1: it samples 0.
// 4 -> 1 with scale 0.25: half_pixel x_in = 0.5/0.25 - 0.5 = 1.5 -> mean of x1, x2 = 25;
// pytorch_half_pixel -> x0 = 10.
TEST(ResizeTest, PytorchHalfPixelSingleOutput) {
  const std::vector<float> x = {10, 20, 30, 40};
  ResizeCase c;
  c.mode = "linear";
  c.sizes = {1, 1, 1, 1};
  EXPECT_EQ(resize(c, {1, 1, 1, 4}, x).data, (std::vector<float>{25}));
  c.coordinate_mode = "pytorch_half_pixel";
  EXPECT_EQ(resize(c, {1, 1, 1, 4}, x).data, (std::vector<float>{10}));
}

// Upsample (deprecated, opset 9): scales as an input, asymmetric nearest.
TEST(ResizeTest, UpsampleOpset9) {
  OnnxModelBuilder model(9);
  model.input("x", {1, 1, 1, 2}).initializer("scales", {4}, {1, 1, 1, 2});
  model.node("Upsample", {"x", "scales"}, {"y"}).attr("mode", "nearest");
  model.output("y");
  EXPECT_EQ(run_single(model.import(), Tensor::from_floats({1, 1, 1, 2}, {1, 2})).data,
            (std::vector<float>{1, 1, 2, 2}));
}

}  // namespace
}  // namespace npusim::models
