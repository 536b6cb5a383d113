// QuantizeLinear / DequantizeLinear: ties to even, saturation per zero-point type, per-axis.
#include <gtest/gtest.h>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

using testing::OnnxModelBuilder;

// x / 0.5 = [-2, 0.5, 1, 1.5, 200, -300]; ties to even: [-2, 0, 1, 2, 200, -300].
// uint8, zp 128: +128 -> [126, 128, 129, 130, 328 -> 255, -172 -> 0].
// int8, zp 0: [-2, 0, 1, 2, 127, -128]. Dequantize gives back (q - zp) * 0.5.
TEST(QuantizeTest, TiesToEvenAndSaturationPerZeroPointType) {
  const std::vector<float> x = {-1.0f, 0.25f, 0.5f, 0.75f, 100.0f, -150.0f};
  for (int type : {onnx::TensorProto::UINT8, onnx::TensorProto::INT8}) {
    OnnxModelBuilder model(13);
    model.input("x", {6}).initializer("scale", {}, {0.5f});
    auto* zero_point = model.proto().mutable_graph()->add_initializer();
    zero_point->set_name("zp");
    zero_point->set_data_type(type);
    zero_point->add_int32_data(type == onnx::TensorProto::UINT8 ? 128 : 0);
    model.node("QuantizeLinear", {"x", "scale", "zp"}, {"q"});
    model.node("DequantizeLinear", {"q", "scale", "zp"}, {"y"});
    model.output("q").output("y");
    const std::vector<Tensor> out = run(model.import(), {Tensor::from_floats({6}, x)});
    const bool unsigned_type = type == onnx::TensorProto::UINT8;
    const std::vector<std::int64_t> expected_q = unsigned_type ? std::vector<std::int64_t>{126, 128, 129, 130, 255, 0}
                                                               : std::vector<std::int64_t>{-2, 0, 1, 2, 127, -128};
    EXPECT_EQ(out[0].int_data, expected_q) << type;
    // (q - zp) * 0.5 is the same for both: [-2, 0, 1, 2, 127, -128] * 0.5
    EXPECT_EQ(out[1].data, (std::vector<float>{-1, 0, 0.5f, 1, 63.5f, -64})) << type;
  }
}

// No zero point: uint8 with zp 0, so negatives clamp to 0. Per-axis scales on axis 0 of
// [2, 2]: row 0 scale 1, row 1 scale 4: [[3, -1], [10, 7]] -> [[3, 0], [2 (2.5 ties to 2), 2 (1.75)]].
TEST(QuantizeTest, DefaultUint8AndPerAxis) {
  OnnxModelBuilder model(13);
  model.input("x", {2, 2}).initializer("scale", {2}, {1.0f, 4.0f});
  model.node("QuantizeLinear", {"x", "scale"}, {"q"}).attr("axis", 0);
  model.output("q");
  const std::vector<Tensor> out = run(model.import(), {Tensor::from_floats({2, 2}, {3, -1, 10, 7})});
  EXPECT_EQ(out[0].int_data, (std::vector<std::int64_t>{3, 0, 2, 2}));
}

}  // namespace
}  // namespace npusim::models
