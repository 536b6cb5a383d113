// Import error paths: unsupported operators, malformed files, external data outside the
// model directory, absurd shapes. Every message must name the thing and where.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/executor/float_executor.h"
#include "tests/models/onnx_model_builder.h"

namespace npusim::models {
namespace {

namespace fs = std::filesystem;
using testing::OnnxModelBuilder;

std::string import_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("npusim_models_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ImportErrorsTest, UnsupportedOperatorNamesTypeNodeAndSupportedList) {
  OnnxModelBuilder model(13);
  model.input("x", {4});
  model.node("Relu", {"x"}, {"r"}).node("NonMaxSuppression", {"r"}, {"y"}, "nms_0");
  model.output("y");
  const std::string message = import_error([&] { model.import(); });
  EXPECT_NE(message.find("NonMaxSuppression"), std::string::npos) << message;
  EXPECT_NE(message.find("nms_0"), std::string::npos) << message;
  EXPECT_NE(message.find("supported: "), std::string::npos) << message;
  EXPECT_NE(message.find("Conv"), std::string::npos) << message;
  EXPECT_NE(message.find("test.onnx"), std::string::npos) << message;
}

TEST(ImportErrorsTest, CustomDomainOperatorIsUnsupported) {
  OnnxModelBuilder model(13);
  model.input("x", {4});
  model.node("Relu", {"x"}, {"y"}, "ms_relu");
  model.proto().mutable_graph()->mutable_node(0)->set_domain("com.microsoft");
  model.output("y");
  const std::string message = import_error([&] { model.import(); });
  EXPECT_NE(message.find("com.microsoft.Relu"), std::string::npos) << message;
}

TEST(ImportErrorsTest, MalformedFileNamesTheFile) {
  const fs::path dir = fresh_dir("malformed");
  const fs::path path = dir / "broken.onnx";
  std::ofstream(path) << "this is not a protobuf \x01\x02\x03";
  const std::string message = import_error([&] { load_onnx_model(path.string()); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a valid ONNX model"), std::string::npos) << message;
  const std::string missing = import_error([&] { load_onnx_model((dir / "missing.onnx").string()); });
  EXPECT_NE(missing.find("missing.onnx"), std::string::npos) << missing;
  fs::remove_all(dir);
}

// Writes a model whose initializer "w" lives in an external file at `location`.
std::string external_data_error(const fs::path& dir, const std::string& location) {
  OnnxModelBuilder model(13);
  model.input("x", {2});
  auto* tensor = model.proto().mutable_graph()->add_initializer();
  tensor->set_name("w");
  tensor->set_data_type(onnx::TensorProto::FLOAT);
  tensor->add_dims(2);
  tensor->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* entry = tensor->add_external_data();
  entry->set_key("location");
  entry->set_value(location);
  model.node("Add", {"x", "w"}, {"y"});
  model.output("y");
  const fs::path path = dir / "model.onnx";
  std::ofstream(path, std::ios::binary) << model.proto().SerializeAsString();
  return import_error([&] { load_onnx_model(path.string()); });
}

TEST(ImportErrorsTest, ExternalDataIsReadOnlyInsideTheModelDirectory) {
  const fs::path dir = fresh_dir("external");
  const float weights[2] = {1.5f, -2.0f};
  std::ofstream(dir / "weights.bin", std::ios::binary).write(reinterpret_cast<const char*>(weights), sizeof weights);
  std::ofstream(dir.parent_path() / "outside.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(weights), sizeof weights);

  EXPECT_EQ(external_data_error(dir, "weights.bin"), "");  // inside: accepted
  const Graph graph = load_onnx_model((dir / "model.onnx").string());
  EXPECT_EQ(graph.constants.at("w").data, (std::vector<float>{1.5f, -2.0f}));

  const std::string dotdot = external_data_error(dir, "../outside.bin");
  EXPECT_NE(dotdot.find("'..'"), std::string::npos) << dotdot;
  EXPECT_NE(dotdot.find("initializer 'w'"), std::string::npos) << dotdot;
  const std::string absolute = external_data_error(dir, (dir.parent_path() / "outside.bin").string());
  EXPECT_NE(absolute.find("absolute path"), std::string::npos) << absolute;
  fs::create_directory_symlink(dir.parent_path(), dir / "link");
  const std::string symlink = external_data_error(dir, "link/outside.bin");
  EXPECT_NE(symlink.find("outside the model's directory"), std::string::npos) << symlink;
  const std::string short_file = external_data_error(dir, "model.onnx.missing");
  EXPECT_NE(short_file.find("cannot read external data"), std::string::npos) << short_file;
  fs::remove(dir.parent_path() / "outside.bin");
  fs::remove_all(dir);
}

TEST(ImportErrorsTest, AbsurdShapesAreRejectedBeforeAllocating) {
  // An initializer claiming 2^20 x 2^20 x 2^10 floats (4 PiB) with no data.
  OnnxModelBuilder model(13);
  model.input("x", {1});
  auto* tensor = model.proto().mutable_graph()->add_initializer();
  tensor->set_name("huge");
  tensor->set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t dim : {1 << 20, 1 << 20, 1 << 10}) tensor->add_dims(dim);
  model.node("Add", {"x", "huge"}, {"y"});
  model.output("y");
  const std::string message = import_error([&] { model.import(); });
  EXPECT_NE(message.find("huge"), std::string::npos) << message;
  EXPECT_NE(message.find("2^31"), std::string::npos) << message;

  // A Reshape whose folded target multiplies to an absurd size, and an absurd input override.
  OnnxModelBuilder input_model(13);
  input_model.input("x", {1});
  input_model.node("Relu", {"x"}, {"y"});
  input_model.output("y");
  ImportOptions options;
  options.input_shapes["x"] = {1 << 30, 1 << 30};
  const std::string input_message = import_error([&] { input_model.import(options); });
  EXPECT_NE(input_message.find("input 'x'"), std::string::npos) << input_message;

  OnnxModelBuilder negative(13);
  negative.input("x", {1});
  auto* bad = negative.proto().mutable_graph()->add_initializer();
  bad->set_name("neg");
  bad->set_data_type(onnx::TensorProto::FLOAT);
  bad->add_dims(-3);
  negative.node("Add", {"x", "neg"}, {"y"});
  negative.output("y");
  const std::string negative_message = import_error([&] { negative.import(); });
  EXPECT_NE(negative_message.find("negative dimension"), std::string::npos) << negative_message;
}

TEST(ImportErrorsTest, DataSizeMismatchAndUnknownInput) {
  OnnxModelBuilder model(13);
  model.input("x", {3}).initializer("w", {3}, {1, 2});  // 2 values for 3 elements
  model.node("Add", {"x", "w"}, {"y"});
  model.output("y");
  EXPECT_NE(import_error([&] { model.import(); }).find("shape needs 3"), std::string::npos);

  OnnxModelBuilder dangling(13);
  dangling.input("x", {3});
  dangling.node("Add", {"x", "nowhere"}, {"y"}, "add_1");
  dangling.output("y");
  const std::string message = import_error([&] { dangling.import(); });
  EXPECT_NE(message.find("nowhere"), std::string::npos) << message;
  EXPECT_NE(message.find("add_1"), std::string::npos) << message;
}

TEST(ImportErrorsTest, RunRejectsWrongInputShape) {
  OnnxModelBuilder model(13);
  model.input("x", {1, 3});
  model.node("Relu", {"x"}, {"y"});
  model.output("y");
  const Graph graph = model.import();
  const std::string message = import_error([&] { run(graph, {Tensor::zeros({1, 4})}); });
  EXPECT_NE(message.find("input 'x'"), std::string::npos) << message;
  EXPECT_NE(message.find("[1, 4]"), std::string::npos) << message;
}

}  // namespace
}  // namespace npusim::models
