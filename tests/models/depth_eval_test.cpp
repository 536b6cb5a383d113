// Evaluation plumbing (models/metrics/depth_eval.h): preprocessing, bilinear resize and the
// loop over a dataset with .npy predictions.
#include "models/metrics/depth_eval.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "models/metrics/model_depth_predictor.h"
#include "tests/models/onnx_model_builder.h"
#include "quant/io/npy.h"

namespace npusim::metrics {
namespace {

namespace fs = std::filesystem;

// Pixels (255, 0, 51) and (0, 102, 255): R plane [1, 0], G plane [0, 0.4], B plane [0.2, 1].
TEST(DepthEval, RgbToPlanarUnit) {
  data::RgbImage image;
  image.height = 1;
  image.width = 2;
  image.rgb = {255, 0, 51, 0, 102, 255};
  const std::vector<float> planes = rgb_to_planar_unit(image);
  const std::vector<float> expected = {1.0f, 0.0f, 0.0f, 0.4f, 0.2f, 1.0f};
  ASSERT_EQ(planes.size(), expected.size());
  for (std::size_t i = 0; i < planes.size(); ++i) EXPECT_FLOAT_EQ(planes[i], expected[i]) << i;
}

// [0, 1] (1x2) to 1x4 with half-pixel centres: source x = (o + 0.5) * 2 / 4 - 0.5 =
// -0.25, 0.25, 0.75, 1.25 -> clamped to 0, 0.25, 0.75, 1 -> values 0, 0.25, 0.75, 1
// (what torch.nn.functional.interpolate(mode="bilinear", align_corners=False) gives).
TEST(DepthEval, BilinearHalfPixel) {
  EXPECT_EQ(resize_bilinear({0.0f, 1.0f}, 1, 1, 2, 1, 4), (std::vector<float>{0.0f, 0.25f, 0.75f, 1.0f}));
  // 2x2 -> 1x1: the centre (0.5, 0.5) averages all four.
  EXPECT_EQ(resize_bilinear({1.0f, 2.0f, 3.0f, 4.0f}, 1, 2, 2, 1, 1), (std::vector<float>{2.5f}));
  const std::vector<float> same = {1, 2, 3};
  EXPECT_EQ(resize_bilinear(same, 1, 1, 3, 1, 3), same);
}

TEST(DepthEval, NpyPredictionsOverADataset) {
  const fs::path dir = fs::temp_directory_path() / ("npusim_eval_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data/rgb");
  fs::create_directories(dir / "data/depth");
  fs::create_directories(dir / "pred");
  data::RgbImage image;
  image.height = image.width = 2;
  image.rgb.assign(12, 10);
  data::Gray16Image depth;
  depth.height = depth.width = 2;
  depth.values = {256, 512, 1024, 0};  // 1, 2, 4 m and invalid (the 2x2 metrics example)
  for (const char* name : {"a", "b"}) {
    data::write_png_rgb8((dir / "data/rgb" / (std::string(name) + ".png")).string(), image);
    data::write_png_gray16((dir / "data/depth" / (std::string(name) + ".png")).string(), depth);
  }
  // a: the worked example (abs_rel 0.25); b: exact, given at half resolution (1x1 -> 2x2
  // would not be exact, so b is full size).
  io::save_npy((dir / "pred/a.npy").string(), io::make_npy_float32({1, 1, 2, 2}, {1.25f, 1.0f, 4.0f, 3.0f}));
  io::save_npy((dir / "pred/b.npy").string(), io::make_npy_float32({2, 2}, {1.0f, 2.0f, 4.0f, 9.0f}));
  const data::DepthDataset dataset = data::open_depth_dataset((dir / "data").string(), {});
  const EvalReport report = evaluate_depth_dataset(dataset, make_npy_depth_predictor((dir / "pred").string()), {});
  ASSERT_EQ(report.images.size(), 2u);
  EXPECT_NEAR(report.images[0].errors->errors.abs_rel, 0.25, 1e-12);
  EXPECT_NEAR(report.average.mean().abs_rel, 0.125, 1e-12);

  fs::remove(dir / "pred/b.npy");
  try {
    evaluate_depth_dataset(dataset, make_npy_depth_predictor((dir / "pred").string()), {});
    FAIL() << "a missing prediction was not reported";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("b.npy"), std::string::npos) << e.what();
  }
}

// The ONNX path end to end with a dual-head model built here: two 1x1 convolutions read
// the preprocessed image (value / 255, NCHW, R G B order). depth_int = 2.6 * R, depth_frac
// = 1.0 * G. For a pixel (255, 51, 0): R = 1, G = 0.2, so depth_int = 2.6 and
// depth = floor(2.6 + 0.5) + 0.2 = 3.2 m. The model takes 4x4 inputs and the image is 2x2:
// the image is resized (a constant image stays constant), the output comes back 4x4.
TEST(DepthEval, OnnxDualHeadPredictor) {
  models::testing::OnnxModelBuilder builder(13);
  builder.input("image", {1, 3, 4, 4})
      .initializer("w_int", {1, 3, 1, 1}, {2.6f, 0.0f, 0.0f})
      .initializer("w_frac", {1, 3, 1, 1}, {0.0f, 1.0f, 0.0f})
      .node("Conv", {"image", "w_int"}, {"depth_int"}, "int_head")
      .node("Conv", {"image", "w_frac"}, {"depth_frac"}, "frac_head")
      .output("depth_int")
      .output("depth_frac");
  const fs::path dir = fs::temp_directory_path() / ("npusim_eval_onnx_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "dual.onnx").string();
  {
    std::ofstream out(path, std::ios::binary);
    ASSERT_TRUE(builder.proto().SerializeToOstream(&out));
  }
  const DepthPredictor predictor = make_onnx_depth_predictor(path);
  data::RgbImage image;
  image.height = image.width = 2;
  for (int i = 0; i < 4; ++i) image.rgb.insert(image.rgb.end(), {255, 51, 0});
  const data::DepthMap depth = predictor(data::DepthSample{"x", "", ""}, image);
  EXPECT_EQ(depth.height, 4);
  EXPECT_EQ(depth.width, 4);
  for (float d : depth.depth_m) EXPECT_NEAR(d, 3.2f, 1e-5f);
}

// Hand-worked: abs_rel values {0.4, 0.1, 0.3, 0.2} (one image without valid pixels is
// ignored). Sorted 0.1 0.2 0.3 0.4; median rank 1.5 -> 0.25; p90 rank 2.7 -> 0.3 + 0.7 * 0.1
// = 0.37 (numpy.percentile's 'linear' rule gives the same); max 0.4.
TEST(DepthEval, PerImageAbsRelSpread) {
  EvalReport report;
  for (double abs_rel : {0.4, 0.1, 0.3, 0.2}) {
    ImageDepthErrors errors;
    errors.errors.abs_rel = abs_rel;
    report.images.push_back({"image", errors});
  }
  report.images.push_back({"empty", std::nullopt});
  const AbsRelSpread spread = per_image_abs_rel_spread(report);
  EXPECT_NEAR(spread.median, 0.25, 1e-12);
  EXPECT_NEAR(spread.p90, 0.37, 1e-12);
  EXPECT_DOUBLE_EQ(spread.max, 0.4);
  EXPECT_THROW(per_image_abs_rel_spread(EvalReport{}), std::runtime_error);
}

}  // namespace
}  // namespace npusim::metrics
