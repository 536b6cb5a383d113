#include "models/onnx/tensor_proto.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "quant/io/input_file.h"
#include "quant/io/memory_budget.h"

namespace npusim::models {
namespace {

namespace fs = std::filesystem;

// IEEE binary16 -> binary32, exact for every input (subnormals, inf, NaN included).
// The exponent is rebiased (15 -> 127); subnormal halves are normalised by hand.
float half_bits_to_float(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
  std::uint32_t exponent = (bits >> 10) & 0x1fu;
  std::uint32_t mantissa = bits & 0x3ffu;
  std::uint32_t out;
  if (exponent == 0x1f) {
    out = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent == 0) {
    if (mantissa == 0) {
      out = sign;
    } else {
      int shift = 0;
      while ((mantissa & 0x400u) == 0) { mantissa <<= 1; ++shift; }
      mantissa &= 0x3ffu;
      out = sign | static_cast<std::uint32_t>(127 - 15 - shift + 1) << 23 | (mantissa << 13);
    }
  } else {
    out = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &out, sizeof value);
  return value;
}

// bfloat16 is the top half of a binary32: widening is exact.
float bfloat16_bits_to_float(std::uint16_t bits) {
  const std::uint32_t out = static_cast<std::uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &out, sizeof value);
  return value;
}

std::size_t element_bytes(int data_type, const std::string& where) {
  using P = onnx::TensorProto;
  switch (data_type) {
    case P::FLOAT: case P::INT32: case P::UINT32: return 4;
    case P::DOUBLE: case P::INT64: case P::UINT64: return 8;
    case P::FLOAT16: case P::BFLOAT16: case P::INT16: case P::UINT16: return 2;
    case P::INT8: case P::UINT8: case P::BOOL: return 1;
    default:
      throw std::runtime_error(where + ": unsupported tensor data type " + std::to_string(data_type));
  }
}

bool is_float_type(int data_type) {
  using P = onnx::TensorProto;
  return data_type == P::FLOAT || data_type == P::DOUBLE || data_type == P::FLOAT16 || data_type == P::BFLOAT16;
}

// Reads `length` bytes at `offset` from a file that must lie inside `model_dir`.
std::string read_external_bytes(const onnx::TensorProto& proto, const std::string& model_dir,
                                const std::string& where, std::size_t expected_bytes) {
  std::string location;
  std::int64_t offset = 0;
  std::int64_t length = -1;
  for (const auto& entry : proto.external_data()) {
    try {
      if (entry.key() == "location") location = entry.value();
      else if (entry.key() == "offset") offset = std::stoll(entry.value());
      else if (entry.key() == "length") length = std::stoll(entry.value());
    } catch (const std::exception&) {
      throw std::runtime_error(where + ": external data field '" + entry.key() + "' is not a number: '" +
                               entry.value() + "'");
    }
  }
  if (location.empty()) throw std::runtime_error(where + ": external data without a location");
  const fs::path relative(location);
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    throw std::runtime_error(where + ": external data location '" + location +
                             "' is an absolute path; only files inside the model's directory are read");
  }
  for (const auto& part : relative) {
    if (part == "..") {
      throw std::runtime_error(where + ": external data location '" + location +
                               "' leaves the model's directory ('..'); refused");
    }
  }
  const fs::path directory = fs::weakly_canonical(fs::absolute(model_dir.empty() ? "." : model_dir));
  const fs::path file = fs::weakly_canonical(directory / relative);
  const std::string directory_text = directory.string() + "/";
  if (file.string().compare(0, directory_text.size(), directory_text) != 0) {
    throw std::runtime_error(where + ": external data location '" + location +
                             "' resolves outside the model's directory (a symlink?); refused");
  }
  std::uint64_t file_size = 0;
  try {  // a folder, FIFO or device named as external data is refused by name
    file_size = io::check_input_file(file.string(), "external data");
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(where + ": cannot read external data: " + error.what());
  }
  io::reserve_memory(expected_bytes, "external data", where);
  if (offset < 0) throw std::runtime_error(where + ": negative external data offset");
  if (length >= 0 && static_cast<std::uint64_t>(length) != expected_bytes) {
    throw std::runtime_error(where + ": external data length " + std::to_string(length) +
                             " does not match the shape (" + std::to_string(expected_bytes) + " bytes)");
  }
  if (static_cast<std::uint64_t>(offset) + expected_bytes > file_size) {
    throw std::runtime_error(where + ": external data file '" + file.string() + "' is too short (" +
                             std::to_string(file_size) + " bytes, need " +
                             std::to_string(offset + expected_bytes) + ")");
  }
  std::ifstream stream(file, std::ios::binary);
  std::string bytes(expected_bytes, '\0');
  stream.seekg(offset);
  stream.read(bytes.data(), static_cast<std::streamsize>(expected_bytes));
  if (!stream) throw std::runtime_error(where + ": failed reading external data file '" + file.string() + "'");
  return bytes;
}

// Decodes little-endian raw bytes of `data_type` into the tensor payload.
void decode_raw(const std::string& raw, int data_type, Tensor& tensor) {
  using P = onnx::TensorProto;
  const std::size_t count = static_cast<std::size_t>(tensor.element_count());
  const char* bytes = raw.data();
  auto load = [bytes](std::size_t index, auto sample) {
    decltype(sample) value;
    std::memcpy(&value, bytes + index * sizeof value, sizeof value);
    return value;
  };
  for (std::size_t i = 0; i < count; ++i) {
    switch (data_type) {
      case P::FLOAT: tensor.data[i] = load(i, float{}); break;
      case P::DOUBLE: tensor.data[i] = static_cast<float>(load(i, double{})); break;
      case P::FLOAT16: tensor.data[i] = half_bits_to_float(load(i, std::uint16_t{})); break;
      case P::BFLOAT16: tensor.data[i] = bfloat16_bits_to_float(load(i, std::uint16_t{})); break;
      case P::INT8: tensor.int_data[i] = load(i, std::int8_t{}); break;
      case P::UINT8: tensor.int_data[i] = load(i, std::uint8_t{}); break;
      case P::BOOL: tensor.int_data[i] = load(i, std::uint8_t{}) != 0; break;
      case P::INT16: tensor.int_data[i] = load(i, std::int16_t{}); break;
      case P::UINT16: tensor.int_data[i] = load(i, std::uint16_t{}); break;
      case P::INT32: tensor.int_data[i] = load(i, std::int32_t{}); break;
      case P::UINT32: tensor.int_data[i] = load(i, std::uint32_t{}); break;
      case P::INT64: tensor.int_data[i] = load(i, std::int64_t{}); break;
      case P::UINT64: tensor.int_data[i] = static_cast<std::int64_t>(load(i, std::uint64_t{})); break;
      default: break;
    }
  }
}

template <typename Field>
void check_field_size(const Field& field, std::size_t count, const std::string& where) {
  if (static_cast<std::size_t>(field.size()) != count) {
    throw std::runtime_error(where + ": holds " + std::to_string(field.size()) + " values, shape needs " +
                             std::to_string(count));
  }
}

}  // namespace

Tensor tensor_from_proto(const onnx::TensorProto& proto, const std::string& model_dir, const std::string& where) {
  using P = onnx::TensorProto;
  const int data_type = proto.data_type();
  const std::size_t bytes_per_element = element_bytes(data_type, where);
  Shape shape(proto.dims().begin(), proto.dims().end());
  // Rejects negative and absurd dimensions before the payload is allocated.
  const std::int64_t count = checked_element_count(shape, where);
  const std::size_t expected_bytes = static_cast<std::size_t>(count) * bytes_per_element;

  std::string external_bytes;
  const std::string* raw = nullptr;
  if (proto.data_location() == P::EXTERNAL) {
    external_bytes = read_external_bytes(proto, model_dir, where, expected_bytes);
    raw = &external_bytes;
  } else if (proto.has_raw_data()) {
    if (proto.raw_data().size() != expected_bytes) {
      throw std::runtime_error(where + ": raw data holds " + std::to_string(proto.raw_data().size()) +
                               " bytes, shape " + shape_to_string(shape) + " needs " + std::to_string(expected_bytes));
    }
    raw = &proto.raw_data();
  }

  const std::size_t n = static_cast<std::size_t>(count);
  if (raw == nullptr) {
    // The values must be there before the payload is allocated: a header that declares
    // 2^31 elements and carries none is refused without allocating 8 GiB first.
    const int stored = data_type == P::FLOAT ? proto.float_data_size()
                       : data_type == P::DOUBLE ? proto.double_data_size()
                       : data_type == P::INT64 ? proto.int64_data_size()
                       : (data_type == P::UINT32 || data_type == P::UINT64) ? proto.uint64_data_size()
                                                                             : proto.int32_data_size();
    if (static_cast<std::size_t>(stored) != n) {
      throw std::runtime_error(where + ": holds " + std::to_string(stored) + " values, shape needs " +
                               std::to_string(n) + " (" + shape_to_string(shape) + ")");
    }
  }
  Tensor tensor = Tensor::allocate(shape, is_float_type(data_type) ? DataType::kFloat32
                                          : data_type == P::BOOL   ? DataType::kBool
                                                                   : DataType::kInt64,
                                   where);
  if (raw != nullptr) {
    decode_raw(*raw, data_type, tensor);
    return tensor;
  }
  switch (data_type) {
    case P::FLOAT:
      check_field_size(proto.float_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) tensor.data[i] = proto.float_data(static_cast<int>(i));
      break;
    case P::DOUBLE:
      check_field_size(proto.double_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) tensor.data[i] = static_cast<float>(proto.double_data(static_cast<int>(i)));
      break;
    case P::FLOAT16: case P::BFLOAT16:
      check_field_size(proto.int32_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) {
        const auto bits = static_cast<std::uint16_t>(proto.int32_data(static_cast<int>(i)));
        tensor.data[i] = data_type == P::FLOAT16 ? half_bits_to_float(bits) : bfloat16_bits_to_float(bits);
      }
      break;
    case P::INT64:
      check_field_size(proto.int64_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) tensor.int_data[i] = proto.int64_data(static_cast<int>(i));
      break;
    case P::UINT32: case P::UINT64:
      check_field_size(proto.uint64_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) tensor.int_data[i] = static_cast<std::int64_t>(proto.uint64_data(static_cast<int>(i)));
      break;
    default:  // int8/16/32, uint8/16, bool travel in int32_data
      check_field_size(proto.int32_data(), n, where);
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t value = proto.int32_data(static_cast<int>(i));
        tensor.int_data[i] = data_type == P::BOOL ? (value != 0) : value;
      }
      break;
  }
  return tensor;
}

}  // namespace npusim::models
