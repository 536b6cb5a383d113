// Pooling against hand-worked values and ONNX spec examples.
#include <gtest/gtest.h>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;
using testing::run_single;

std::vector<float> ramp(int count) {
  std::vector<float> values(count);
  for (int i = 0; i < count; ++i) values[i] = static_cast<float>(i + 1);
  return values;
}

// ONNX spec "maxpool_2d_ceil": 4x4 ramp 1..16, kernel 3, stride 2, ceil_mode -> [[11,12],[15,16]].
TEST(PoolTest, MaxPoolCeilModeSpecExample) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 4, 4});
  model.node("MaxPool", {"x"}, {"y"}).attr("kernel_shape", std::vector<std::int64_t>{3, 3})
      .attr("strides", std::vector<std::int64_t>{2, 2}).attr("ceil_mode", 1);
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 4, 4}, ramp(16)));
  EXPECT_EQ(y.shape, (Shape{1, 1, 2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{11, 12, 15, 16}));
}

// ceil_mode drops a last window that would start in the end padding: input 5, kernel 2,
// stride 2, pads 1/1: ceil((5+2-2)/2)+1 = 4 windows start at -1, 1, 3, 5; the one at 5
// starts past input+begin pad (5 >= 5+1? no: (4-1)*2 = 6 >= 5+1) -> dropped, 3 outputs.
TEST(PoolTest, CeilModeDropsWindowStartingInPadding) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 1, 5});
  model.node("MaxPool", {"x"}, {"y"}).attr("kernel_shape", std::vector<std::int64_t>{1, 2})
      .attr("strides", std::vector<std::int64_t>{1, 2}).attr("pads", std::vector<std::int64_t>{0, 1, 0, 1})
      .attr("ceil_mode", 1);
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 1, 5}, {5, 1, 7, 3, 2}));
  // windows [-1,0] -> 5, [1,2] -> 7, [3,4] -> 3
  EXPECT_EQ(y.data, (std::vector<float>{5, 7, 3}));
}

// AveragePool with pads: count_include_pad=0 divides by real elements only, =1 by the
// whole window. 3x3 ramp, kernel 2, pads 1 on top/left only, stride 2:
// window (0,0) covers only x[0][0] = 1 -> 1 (exclude) or 1/4 (include);
// window (0,1) covers x[0][1..2] = 2+3 -> 2.5 or 5/4; window (1,0) x[1..2][0] = 4+7 -> 5.5 or 11/4;
// window (1,1) x[1..2][1..2] = 5+6+8+9 = 28 -> 7 either way.
TEST(PoolTest, AveragePoolCountIncludePad) {
  for (int include : {0, 1}) {
    OnnxModelBuilder model(11);
    model.input("x", {1, 1, 3, 3});
    model.node("AveragePool", {"x"}, {"y"}).attr("kernel_shape", std::vector<std::int64_t>{2, 2})
        .attr("strides", std::vector<std::int64_t>{2, 2}).attr("pads", std::vector<std::int64_t>{1, 1, 0, 0})
        .attr("count_include_pad", include);
    model.output("y");
    const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 3, 3}, ramp(9)));
    const std::vector<float> expected = include ? std::vector<float>{0.25f, 1.25f, 2.75f, 7}
                                                : std::vector<float>{1, 2.5f, 5.5f, 7};
    EXPECT_EQ(y.data, expected) << "count_include_pad " << include;
  }
}

// GlobalAveragePool: channel 0 = 1..4 -> 2.5, channel 1 = 5..8 -> 6.5.
TEST(PoolTest, GlobalAveragePool) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 2, 2, 2});
  model.node("GlobalAveragePool", {"x"}, {"y"});
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 2, 2, 2}, ramp(8)));
  EXPECT_EQ(y.shape, (Shape{1, 2, 1, 1}));
  EXPECT_EQ(y.data, (std::vector<float>{2.5f, 6.5f}));
}

// auto_pad SAME_UPPER MaxPool, 1x4 input, kernel 2 stride 1: the end is padded.
TEST(PoolTest, MaxPoolSameUpper) {
  OnnxModelBuilder model(11);
  model.input("x", {1, 1, 1, 4});
  model.node("MaxPool", {"x"}, {"y"}).attr("kernel_shape", std::vector<std::int64_t>{1, 2})
      .attr("auto_pad", "SAME_UPPER");
  model.output("y");
  const Tensor y = run_single(model.import(), Tensor::from_floats({1, 1, 1, 4}, {3, 1, 4, 1}));
  EXPECT_EQ(y.data, (std::vector<float>{3, 4, 4, 1}));
}

}  // namespace
}  // namespace npusim::models
