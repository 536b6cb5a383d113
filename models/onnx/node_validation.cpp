#include "models/onnx/node_validation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>

namespace npusim::models {
namespace {

[[noreturn]] void reject(const Node& node, const std::string& what) {
  throw std::runtime_error(node.describe() + ": " + what);
}

// ---- input counts and element types --------------------------------------------------------
//
// One letter per input position, as in the operator's type constraints:
//   T  the operator's type parameter: every T input has the same type, one of `t_types`
//   F  float   I  integer (indices, shapes, axes, zero points)   B  bool
//   N  any numeric type (not bool), independent of the others     *  anything
// A trailing '+' repeats the last letter (variadic operators).
struct Signature {
  const char* ops;       // space separated
  int min_inputs;
  int max_inputs;        // -1: unbounded
  const char* letters;
  const char* t_types;   // "f", "fi", "fib", "b"
  int max_outputs = 1;
};

const std::vector<Signature>& signatures() {
  static const std::vector<Signature> table = {
      {"Conv ConvTranspose", 2, 3, "TTT", "f"},
      {"Relu LeakyRelu Sigmoid Tanh Erf Sqrt Exp Log Reciprocal Softplus Elu HardSigmoid HardSwish Floor Ceil "
       "Softmax LogSoftmax GlobalAveragePool GlobalMaxPool AveragePool",
       1, 1, "T", "f"},
      {"MaxPool", 1, 1, "T", "f", 2},
      {"Identity Flatten Transpose", 1, 1, "T", "fib"},
      {"Shape Size", 1, 1, "*", "fib"},
      {"Cast", 1, 1, "*", "fib"},
      {"Dropout", 1, 3, "TFB", "f", 2},
      {"Neg Abs", 1, 1, "T", "fi"},
      {"Not", 1, 1, "T", "b"},
      {"Clip", 1, 3, "TTT", "fi"},
      {"Add Sub Mul Div Mod", 2, 2, "TT", "fi"},
      {"Pow", 2, 2, "NN", "fi"},
      {"PRelu", 2, 2, "TT", "f"},
      {"Equal", 2, 2, "TT", "fib"},
      {"Less Greater LessOrEqual GreaterOrEqual", 2, 2, "TT", "fi"},
      {"And Or", 2, 2, "TT", "b"},
      {"Sum Mean", 1, -1, "T+", "f"},
      {"Max Min", 1, -1, "T+", "fi"},
      {"Where", 3, 3, "BTT", "fib"},
      {"MatMul", 2, 2, "TT", "f"},
      {"Gemm", 2, 3, "TTT", "f"},
      {"BatchNormalization", 5, 5, "TTTTT", "f", 1},
      {"InstanceNormalization", 3, 3, "TTT", "f"},
      {"LayerNormalization", 2, 3, "TTT", "f"},
      {"Pad", 1, 4, "TITI", "fib"},
      {"QuantizeLinear", 2, 3, "FFI", "f"},
      {"DequantizeLinear", 2, 3, "IFI", "f"},
      {"ReduceMean ReduceSum ReduceMax ReduceMin ReduceProd ReduceSumSquare", 1, 2, "TI", "fi"},
      {"Resize", 1, 4, "TFFI", "f"},
      {"Upsample", 1, 2, "TF", "f"},
      {"ConstantOfShape", 1, 1, "I", "fib"},
      {"Range", 3, 3, "TTT", "fi"},
      {"Reshape Expand Tile Gather", 2, 2, "TI", "fib"},
      {"Squeeze Unsqueeze", 1, 2, "TI", "fib"},
      {"Concat", 1, -1, "T+", "fib"},
      {"Split", 1, 2, "TI", "fib", -1},
      {"Slice", 1, 5, "TIIII", "fib"},
  };
  return table;
}

const Signature* find_signature(const std::string& op_type) {
  for (const Signature& signature : signatures()) {
    const char* cursor = signature.ops;
    const std::size_t length = op_type.size();
    while (*cursor != '\0') {
      const char* end = std::strchr(cursor, ' ');
      const std::size_t word = end ? static_cast<std::size_t>(end - cursor) : std::strlen(cursor);
      if (word == length && op_type.compare(0, length, cursor, word) == 0) return &signature;
      if (!end) break;
      cursor = end + 1;
    }
  }
  return nullptr;
}

char type_letter(DataType dtype) {
  switch (dtype) {
    case DataType::kFloat32: return 'f';
    case DataType::kInt64: return 'i';
    case DataType::kBool: return 'b';
  }
  return '?';
}

const char* type_class_name(char letter) {
  switch (letter) {
    case 'f': return "float";
    case 'i': return "integer";
    case 'b': return "bool";
  }
  return "?";
}

std::string allowed_names(const char* types) {
  std::string text;
  for (const char* t = types; *t; ++t) text += std::string(text.empty() ? "" : " or ") + type_class_name(*t);
  return text;
}

std::string input_label(const OpContext& c, std::size_t index) {
  return "input " + std::to_string(index) + " ('" + c.node.inputs[index] + "')";
}

void check_signature(const OpContext& c) {
  const Node& node = c.node;
  const Signature* signature = find_signature(node.op_type);
  if (signature == nullptr) return;  // Constant and ops without type constraints
  const auto inputs = static_cast<int>(node.inputs.size());
  if (inputs < signature->min_inputs || (signature->max_inputs >= 0 && inputs > signature->max_inputs)) {
    const std::string range = signature->max_inputs < 0 ? "at least " + std::to_string(signature->min_inputs)
                              : signature->min_inputs == signature->max_inputs
                                  ? std::to_string(signature->min_inputs)
                                  : std::to_string(signature->min_inputs) + " to " +
                                        std::to_string(signature->max_inputs);
    reject(node, "has " + std::to_string(inputs) + " inputs, the operator takes " + range);
  }
  for (int i = 0; i < signature->min_inputs; ++i) {
    if (!c.has_input(static_cast<std::size_t>(i))) reject(node, "required input " + std::to_string(i) + " is empty");
  }
  std::size_t present_outputs = 0;
  for (const std::string& output : node.outputs) present_outputs += !output.empty();
  if (present_outputs == 0) reject(node, "has no outputs");
  if (signature->max_outputs >= 0 && static_cast<int>(node.outputs.size()) > signature->max_outputs) {
    reject(node, "has " + std::to_string(node.outputs.size()) + " outputs, the operator produces at most " +
                     std::to_string(signature->max_outputs));
  }
  const std::string letters = signature->letters;
  const bool variadic = !letters.empty() && letters.back() == '+';
  const std::string fixed = variadic ? letters.substr(0, letters.size() - 1) : letters;
  char t_seen = 0;
  std::size_t t_first = 0;
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    if (!c.has_input(i)) continue;
    const char letter = i < fixed.size() ? fixed[i] : (variadic ? fixed.back() : '*');
    const char actual = type_letter(c.dtype(i));
    const std::string label = input_label(c, i);
    switch (letter) {
      case 'F':
      case 'I':
      case 'B':
        if (actual != std::tolower(letter)) {
          reject(node, label + " must be " + type_class_name(static_cast<char>(std::tolower(letter))) + ", is " +
                           data_type_name(c.dtype(i)));
        }
        break;
      case 'N':
        if (actual == 'b') reject(node, label + " must be numeric, is bool");
        break;
      case 'T':
        if (std::strchr(signature->t_types, actual) == nullptr) {
          reject(node, label + " must be " + allowed_names(signature->t_types) + ", is " + data_type_name(c.dtype(i)));
        }
        if (t_seen == 0) {
          t_seen = actual;
          t_first = i;
        } else if (actual != t_seen) {
          reject(node, label + " is " + data_type_name(c.dtype(i)) + " but " + input_label(c, t_first) + " is " +
                           data_type_name(c.dtype(t_first)) + ": the operator needs one type for both");
        }
        break;
      default:
        break;
    }
  }
}

// ---- attributes ------------------------------------------------------------------------------

const char* kind_name(Attribute::Kind kind) {
  switch (kind) {
    case Attribute::Kind::kFloat: return "a float";
    case Attribute::Kind::kInt: return "an int";
    case Attribute::Kind::kString: return "a string";
    case Attribute::Kind::kTensor: return "a tensor";
    case Attribute::Kind::kFloats: return "a list of floats";
    case Attribute::Kind::kInts: return "a list of ints";
    case Attribute::Kind::kStrings: return "a list of strings";
  }
  return "?";
}

// The kind every attribute of that name has in the operators npusim supports.
const std::vector<std::pair<const char*, Attribute::Kind>>& attribute_kinds() {
  using K = Attribute::Kind;
  static const std::vector<std::pair<const char*, K>> kinds = {
      {"kernel_shape", K::kInts}, {"strides", K::kInts}, {"dilations", K::kInts}, {"pads", K::kInts},
      {"output_padding", K::kInts}, {"output_shape", K::kInts}, {"perm", K::kInts}, {"split", K::kInts},
      {"group", K::kInt}, {"ceil_mode", K::kInt}, {"count_include_pad", K::kInt}, {"axis", K::kInt},
      {"keepdims", K::kInt}, {"to", K::kInt}, {"fmod", K::kInt}, {"transA", K::kInt}, {"transB", K::kInt},
      {"storage_order", K::kInt}, {"alpha", K::kFloat}, {"beta", K::kFloat}, {"epsilon", K::kFloat},
      {"momentum", K::kFloat}, {"auto_pad", K::kString}, {"mode", K::kString},
      {"scales", K::kFloats}, {"coordinate_transformation_mode", K::kString}, {"nearest_mode", K::kString},
      {"cubic_coeff_a", K::kFloat}, {"exclude_outside", K::kInt}, {"extrapolation_value", K::kFloat},
      {"noop_with_empty_axes", K::kInt}, {"start", K::kInt}, {"end", K::kInt}, {"stash_type", K::kInt},
  };
  return kinds;
}

void check_attribute_kinds(const Node& node) {
  for (const auto& [name, attribute] : node.attributes) {
    if (name.rfind("npusim_", 0) == 0) continue;  // set by the importer
    for (const auto& [known, kind] : attribute_kinds()) {
      if (name != known) continue;
      // Opsets before 13 list Squeeze/Unsqueeze/Reduce axes and Split sizes as attributes; a
      // few attributes (Clip min/max, Pad value) are floats; both are read by their kernels.
      if (attribute.kind != kind) {
        reject(node, "attribute '" + name + "' must be " + kind_name(kind) + ", is " + kind_name(attribute.kind));
      }
    }
  }
}

std::string list_text(const std::vector<std::int64_t>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + std::to_string(values[i]);
  return text + "]";
}

// Values of a size-like ints attribute must be >= `minimum` and <= kMaxGeometryValue.
void check_geometry_ints(const Node& node, const char* name, std::int64_t minimum) {
  if (!node.has_attribute(name)) return;
  const std::vector<std::int64_t> values = node.attr_ints(name, {});
  for (std::int64_t value : values) {
    if (value < minimum) {
      reject(node, "attribute '" + std::string(name) + "' " + list_text(values) + " must be " +
                       (minimum > 0 ? "positive" : "non-negative"));
    }
    if (value > kMaxGeometryValue) {
      reject(node, "attribute '" + std::string(name) + "' " + list_text(values) +
                       " exceeds 2^31, larger than any supported tensor dimension");
    }
  }
}

void check_auto_pad(const Node& node) {
  if (!node.has_attribute("auto_pad")) return;
  const std::string value = node.attr_string("auto_pad", "NOTSET");
  if (value != "NOTSET" && value != "SAME_UPPER" && value != "SAME_LOWER" && value != "VALID") {
    reject(node, "attribute 'auto_pad' is '" + value + "', expected NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  }
}

// Spatial attributes must have one value per spatial axis (pads: two).
void check_spatial_length(const Node& node, const char* name, std::size_t expected) {
  if (!node.has_attribute(name)) return;
  const std::size_t got = node.attr_ints(name, {}).size();
  if (got != expected) {
    reject(node, "attribute '" + std::string(name) + "' has " + std::to_string(got) + " values, expected " +
                     std::to_string(expected));
  }
}

void check_conv_and_pool(const OpContext& c) {
  const Node& node = c.node;
  const bool pool = node.op_type == "MaxPool" || node.op_type == "AveragePool";
  const bool conv = node.op_type == "Conv" || node.op_type == "ConvTranspose";
  if (!pool && !conv) return;
  check_geometry_ints(node, "kernel_shape", 1);
  check_geometry_ints(node, "strides", 1);
  check_geometry_ints(node, "dilations", 1);
  check_geometry_ints(node, "pads", 0);
  check_geometry_ints(node, "output_padding", 0);
  check_geometry_ints(node, "output_shape", 1);
  check_auto_pad(node);
  if (pool && !node.has_attribute("kernel_shape")) reject(node, "attribute 'kernel_shape' is required");
  const Shape& input = c.shape(0);
  if (input.size() < 3) reject(node, "input " + shape_to_string(input) + " needs batch, channel and spatial axes");
  const std::size_t spatial = input.size() - 2;
  check_spatial_length(node, "kernel_shape", spatial);
  check_spatial_length(node, "strides", spatial);
  check_spatial_length(node, "dilations", spatial);
  check_spatial_length(node, "pads", 2 * spatial);
  check_spatial_length(node, "output_padding", spatial);
  if (node.has_attribute("output_shape")) {
    const std::size_t got = node.attr_ints("output_shape", {}).size();
    if (got != spatial && got != spatial + 2) {
      reject(node, "attribute 'output_shape' has " + std::to_string(got) + " values, expected " +
                       std::to_string(spatial) + " (or " + std::to_string(spatial + 2) + ")");
    }
  }
  if (conv) {
    const std::int64_t group = node.attr_int("group", 1);
    if (group < 1) reject(node, "attribute 'group' is " + std::to_string(group) + ", must be positive");
    const Shape& weights = c.shape(1);
    if (weights.size() != input.size()) {
      reject(node, "weight shape " + shape_to_string(weights) + " does not match input shape " +
                       shape_to_string(input));
    }
    for (std::size_t d = 2; d < weights.size(); ++d) {
      if (weights[d] < 1) reject(node, "weight shape " + shape_to_string(weights) + " has an empty kernel axis");
    }
    if (node.has_attribute("kernel_shape")) {
      const std::vector<std::int64_t> kernel = node.attr_ints("kernel_shape", {});
      if (!std::equal(kernel.begin(), kernel.end(), weights.begin() + 2)) {
        reject(node, "attribute 'kernel_shape' " + list_text(kernel) + " does not match the weight shape " +
                         shape_to_string(weights));
      }
    }
    if (node.op_type == "ConvTranspose" && node.has_attribute("output_padding")) {
      // ONNX: output_padding must be smaller than the stride or the dilation along each axis.
      const auto padding = node.attr_ints("output_padding", {});
      const auto strides = node.attr_ints("strides", std::vector<std::int64_t>(spatial, 1));
      const auto dilations = node.attr_ints("dilations", std::vector<std::int64_t>(spatial, 1));
      for (std::size_t d = 0; d < padding.size(); ++d) {
        if (padding[d] >= std::max(strides[d], dilations[d])) {
          reject(node, "attribute 'output_padding' " + list_text(padding) +
                           " must be smaller than the stride or dilation " + list_text(strides));
        }
      }
    }
    if (c.has_input(2)) {
      const std::int64_t out_channels =
          node.op_type == "Conv" ? weights[0] : (weights.size() > 1 ? weights[1] * group : 0);
      const Shape& bias = c.shape(2);
      if (bias.size() != 1 || bias[0] != out_channels) {
        reject(node, "bias " + input_label(c, 2) + " has shape " + shape_to_string(bias) + ", expected [" +
                         std::to_string(out_channels) + "] (one per output channel)");
      }
    }
  }
}

// ---- per-channel parameters and ranks ------------------------------------------------------

void check_channel_vector(const OpContext& c, std::size_t index, std::int64_t channels, const char* role) {
  const Shape& shape = c.shape(index);
  if (shape.size() != 1 || shape[0] != channels) {
    reject(c.node, std::string(role) + " " + input_label(c, index) + " has shape " + shape_to_string(shape) +
                       ", expected [" + std::to_string(channels) + "] (one per channel)");
  }
}

void check_normalization(const OpContext& c) {
  const Node& node = c.node;
  if (node.op_type == "BatchNormalization" || node.op_type == "InstanceNormalization") {
    const Shape& input = c.shape(0);
    const std::size_t min_rank = node.op_type == "BatchNormalization" ? 2 : 3;
    if (input.size() < min_rank) {
      reject(node, "input " + shape_to_string(input) + " has rank " + std::to_string(input.size()) +
                       ", the operator needs at least " + std::to_string(min_rank) + " (N, C, ...)");
    }
    static const char* const batch_roles[] = {"scale", "bias", "mean", "variance"};
    static const char* const instance_roles[] = {"scale", "bias"};
    const bool batch = node.op_type == "BatchNormalization";
    for (std::size_t i = 1; i < node.inputs.size(); ++i) {
      check_channel_vector(c, i, input[1], batch ? batch_roles[i - 1] : instance_roles[i - 1]);
    }
    const float epsilon = node.attr_float("epsilon", 1e-5f);
    if (!std::isfinite(epsilon) || epsilon < 0.0f) {
      reject(node, "attribute 'epsilon' is " + std::to_string(epsilon) + ", must be finite and non-negative");
    }
  }
  if (node.op_type == "LayerNormalization") {
    const Shape& input = c.shape(0);
    const auto rank = static_cast<std::int64_t>(input.size());
    const std::int64_t axis = node.attr_int("axis", -1);
    if (axis < -rank || axis >= rank) {
      reject(node, "attribute 'axis' " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    }
    const Shape normalized(input.begin() + (axis < 0 ? axis + rank : axis), input.end());
    for (std::size_t i = 1; i < node.inputs.size(); ++i) {
      if (!c.has_input(i)) continue;
      const Shape& shape = c.shape(i);  // must broadcast onto the normalized axes
      bool fits = shape.size() <= normalized.size();
      for (std::size_t d = 0; fits && d < shape.size(); ++d) {
        const std::int64_t target = normalized[normalized.size() - shape.size() + d];
        fits = shape[d] == target || shape[d] == 1;
      }
      if (!fits) {
        reject(node, input_label(c, i) + " shape " + shape_to_string(shape) + " does not fit the normalized axes " +
                         shape_to_string(normalized));
      }
    }
  }
  if (node.op_type == "PRelu") {
    const Shape& input = c.shape(0);
    const Shape& slope = c.shape(1);
    bool fits = slope.size() <= input.size();  // unidirectional broadcast onto the input
    for (std::size_t d = 0; fits && d < slope.size(); ++d) {
      const std::int64_t target = input[input.size() - slope.size() + d];
      fits = slope[d] == target || slope[d] == 1;
    }
    if (!fits) {
      reject(node, "slope " + input_label(c, 1) + " shape " + shape_to_string(slope) +
                       " does not broadcast onto the input " + shape_to_string(input));
    }
  }
  if (node.op_type == "Softmax" || node.op_type == "LogSoftmax") {
    if (c.shape(0).empty()) reject(node, "input is a scalar; the operator needs at least one axis");
  }
}

// QuantizeLinear / DequantizeLinear: scale float and a scalar or one value per channel along
// `axis`; zero point the same shape as the scale and an integer type.
void check_quantize(const OpContext& c) {
  const Node& node = c.node;
  if (node.op_type != "QuantizeLinear" && node.op_type != "DequantizeLinear") return;
  const Shape& input = c.shape(0);
  const Shape& scale = c.shape(1);
  const std::int64_t count = checked_element_count(scale, node.describe());
  if (count == 0) reject(node, "scale " + input_label(c, 1) + " is empty");
  if (scale.size() > 1) {
    reject(node, "scale " + input_label(c, 1) + " has shape " + shape_to_string(scale) +
                     ", expected a scalar or one value per channel (1-D)");
  }
  if (!scale.empty() && scale[0] != 1) {
    const auto rank = static_cast<std::int64_t>(input.size());
    const std::int64_t axis = node.attr_int("axis", 1);
    if (axis < -rank || axis >= rank) {
      reject(node, "attribute 'axis' " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    }
    const std::int64_t channels = input[static_cast<std::size_t>(axis < 0 ? axis + rank : axis)];
    if (scale[0] != channels) {
      reject(node, "scale " + input_label(c, 1) + " has " + std::to_string(scale[0]) + " values for " +
                       std::to_string(channels) + " channels along axis " + std::to_string(axis));
    }
  }
  if (c.has_input(2)) {
    const Shape& zero = c.shape(2);
    if (checked_element_count(zero, node.describe()) != count || zero.size() > 1) {
      reject(node, "zero point " + input_label(c, 2) + " has shape " + shape_to_string(zero) +
                       ", expected the scale's shape " + shape_to_string(scale));
    }
  }
}

// Cast: `to` is required and must name an element type npusim holds.
void check_cast(const OpContext& c) {
  const Node& node = c.node;
  if (node.op_type != "Cast") return;
  if (!node.has_attribute("to")) reject(node, "attribute 'to' is required");
  static const std::set<std::int64_t> supported = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 16};
  const std::int64_t to = node.attr_int("to", 1);
  if (!supported.count(to)) {
    reject(node, "attribute 'to' is " + std::to_string(to) +
                     ", not a supported element type (float, double, float16, bfloat16, int8..int64, uint8..uint64, "
                     "bool)");
  }
}

void check_misc(const OpContext& c) {
  const Node& node = c.node;
  if (node.op_type == "Mod") {
    const std::int64_t fmod = node.attr_int("fmod", 0);
    if (fmod != 0 && fmod != 1) reject(node, "attribute 'fmod' is " + std::to_string(fmod) + ", must be 0 or 1");
    if (fmod == 0 && c.dtype(0) == DataType::kFloat32) reject(node, "float Mod needs attribute 'fmod' = 1");
  }
  if (node.op_type == "Split" && node.outputs.empty()) reject(node, "has no outputs");
  if (node.op_type == "Range") {
    for (std::size_t i = 0; i < 3; ++i) {
      const Shape& shape = c.shape(i);
      if (checked_element_count(shape, node.describe()) != 1 || shape.size() > 1) {
        reject(node, input_label(c, i) + " has shape " + shape_to_string(shape) + ", expected a scalar");
      }
    }
  }
  if (node.op_type == "Clip" && node.opset >= 11) {
    for (std::size_t i = 1; i < 3; ++i) {
      if (!c.has_input(i)) continue;
      const Shape& shape = c.shape(i);
      if (checked_element_count(shape, node.describe()) != 1) {
        reject(node, input_label(c, i) + " has shape " + shape_to_string(shape) + ", expected a scalar bound");
      }
    }
  }
  if (node.op_type == "Gather" && c.has_input(1) && c.input_values.size() > 1 && c.input_values[1] != nullptr) {
    // Constant indices are checked now, so `info` refuses them too, not only `run`.
    const Shape& data = c.shape(0);
    const auto rank = static_cast<std::int64_t>(data.size());
    const std::int64_t axis = node.attr_int("axis", 0);
    if (axis < -rank || axis >= rank) {
      reject(node, "attribute 'axis' " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
    }
    const std::int64_t dim = data[static_cast<std::size_t>(axis < 0 ? axis + rank : axis)];
    for (std::int64_t index : c.input_values[1]->int_data) {
      if (index < -dim || index >= dim) {
        reject(node, "index " + std::to_string(index) + " in " + input_label(c, 1) + " is out of range [" +
                         std::to_string(-dim) + ", " + std::to_string(dim - 1) + "] for axis " + std::to_string(axis));
      }
    }
  }
  if (node.op_type == "Gemm") {
    for (std::size_t i = 0; i < 2; ++i) {
      if (c.shape(i).size() != 2) {
        reject(node, input_label(c, i) + " has shape " + shape_to_string(c.shape(i)) + ", expected a matrix");
      }
    }
  }
}

// A zero-size input is legal ONNX but for the operators that reduce over their input (pooling,
// normalisations, reductions without keepdims handling) it has no defined result; npusim's
// depth networks never produce one, so it is refused here rather than computed as NaN.
void check_zero_size(const OpContext& c) {
  static const std::set<std::string> needs_elements = {
      "GlobalAveragePool", "GlobalMaxPool", "MaxPool", "AveragePool", "Conv", "ConvTranspose", "Resize",
      "Upsample", "Pad", "BatchNormalization", "InstanceNormalization", "LayerNormalization", "ReduceMean",
      "ReduceMax", "ReduceMin"};
  if (!needs_elements.count(c.node.op_type)) return;
  // Constant padding of an empty tensor is well defined (reflect and edge have nothing to copy).
  if (c.node.op_type == "Pad" && c.node.attr_string("mode", "constant") == "constant") return;
  const Shape& input = c.shape(0);
  for (std::int64_t dim : input) {
    if (dim == 0) {
      reject(c.node, input_label(c, 0) + " has shape " + shape_to_string(input) +
                         " with no elements; the operator needs a non-empty input");
    }
  }
}

}  // namespace

void validate_node(const OpContext& context) {
  check_signature(context);
  check_attribute_kinds(context.node);
  check_conv_and_pool(context);
  check_normalization(context);
  check_quantize(context);
  check_cast(context);
  check_misc(context);
  check_zero_size(context);
}

}  // namespace npusim::models
