#include "models/golden/golden_tensor.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "quant/formats/float_formats.h"
#include "quant/quantizer/log2_quantizer.h"

namespace npusim::golden {

using quant::TensorFormatKind;

bool GoldenTensor::is_float() const { return !is_code_format(quant.format); }

std::int64_t GoldenTensor::element_count() const {
  return models::checked_element_count(shape, "tensor '" + quant.name + "'");
}

bool is_code_format(const quant::TensorFormat& format) {
  return format.kind == TensorFormatKind::kInteger || format.kind == TensorFormatKind::kLog2;
}

std::int32_t format_code_min(const quant::TensorQuantization& quant) {
  if (quant.format.kind == TensorFormatKind::kLog2) return 0;
  if (quant.format.kind != TensorFormatKind::kInteger) {
    throw std::logic_error("tensor '" + quant.name + "' (" + quant.format.name() + ") has no codes");
  }
  return quant.quant_spec().qmin();
}

std::int32_t format_code_max(const quant::TensorQuantization& quant) {
  if (quant.format.kind == TensorFormatKind::kLog2) return (1 << quant.log2_bits) - 1;
  if (quant.format.kind != TensorFormatKind::kInteger) {
    throw std::logic_error("tensor '" + quant.name + "' (" + quant.format.name() + ") has no codes");
  }
  return quant.quant_spec().qmax();
}

float round_to_float_format(float value, const quant::TensorQuantization& quant) {
  if (quant.format.kind == TensorFormatKind::kFloat32) return value;
  if (quant.format.kind != TensorFormatKind::kMiniFloat) {
    throw std::logic_error("tensor '" + quant.name + "' is not a float format");
  }
  return quant::round_to_minifloat(value, *quant.format.minifloat, quant.overflow);
}

GoldenTensor encode_tensor(const models::Tensor& tensor, const quant::TensorQuantization& quant,
                           const std::string& what) {
  if (!tensor.is_float()) throw std::runtime_error(what + ": expected a float tensor, got " + data_type_name(tensor.dtype));
  GoldenTensor out;
  out.shape = tensor.shape;
  out.quant = quant;
  for (std::size_t i = 0; i < tensor.data.size(); ++i) {
    if (!std::isfinite(tensor.data[i])) {
      throw std::runtime_error(what + ": element " + std::to_string(i) + " is " + std::to_string(tensor.data[i]) +
                               " (NaN/Inf cannot be quantized)");
    }
  }
  switch (quant.format.kind) {
    case TensorFormatKind::kInteger: {
      const quant::TensorQuantLayout layout{tensor.shape, quant.axis};
      out.codes = quant::quantize_tensor(tensor.data, layout, quant.qparams(), quant.quant_spec());
      break;
    }
    case TensorFormatKind::kLog2:
      out.codes = quant::log2_quantize_tensor(tensor.data, quant::Log2QuantSpec{quant.log2_bits});
      break;
    case TensorFormatKind::kMiniFloat:
    case TensorFormatKind::kFloat32:
      out.values.resize(tensor.data.size());
      for (std::size_t i = 0; i < tensor.data.size(); ++i) out.values[i] = round_to_float_format(tensor.data[i], quant);
      break;
  }
  return out;
}

models::Tensor decode_tensor(const GoldenTensor& tensor) {
  switch (tensor.quant.format.kind) {
    case TensorFormatKind::kInteger: {
      const quant::TensorQuantLayout layout{tensor.shape, tensor.quant.axis};
      return models::Tensor::from_floats(tensor.shape,
                                         quant::dequantize_tensor(tensor.codes, layout, tensor.quant.qparams()));
    }
    case TensorFormatKind::kLog2: {
      std::vector<float> values(tensor.codes.size());
      for (std::size_t i = 0; i < values.size(); ++i) values[i] = quant::log2_dequantize(tensor.codes[i]);
      return models::Tensor::from_floats(tensor.shape, std::move(values));
    }
    case TensorFormatKind::kMiniFloat:
    case TensorFormatKind::kFloat32:
      break;
  }
  return models::Tensor::from_floats(tensor.shape, tensor.values);
}

namespace {

template <typename T>
io::NpyArray pack_codes(const GoldenTensor& tensor, io::NpyDtype dtype) {
  io::NpyArray array;
  array.dtype = dtype;
  array.shape = tensor.shape;
  array.bytes.resize(tensor.codes.size() * sizeof(T));
  for (std::size_t i = 0; i < tensor.codes.size(); ++i) {
    const T value = static_cast<T>(tensor.codes[i]);
    std::memcpy(array.bytes.data() + i * sizeof(T), &value, sizeof(T));  // x86-64 and .npy '<': little-endian
  }
  return array;
}

}  // namespace

io::NpyArray golden_tensor_to_npy(const GoldenTensor& tensor) {
  if (is_code_format(tensor.quant.format)) {
    const std::int32_t low = format_code_min(tensor.quant);
    const std::int32_t high = format_code_max(tensor.quant);
    if (low >= -128 && high <= 127) return pack_codes<std::int8_t>(tensor, io::NpyDtype::kInt8);
    if (low >= 0 && high <= 255) return pack_codes<std::uint8_t>(tensor, io::NpyDtype::kUint8);
    if (low >= -32768 && high <= 32767) return pack_codes<std::int16_t>(tensor, io::NpyDtype::kInt16);
    return pack_codes<std::int32_t>(tensor, io::NpyDtype::kInt32);
  }
  if (tensor.quant.format.kind == TensorFormatKind::kMiniFloat && std::string(tensor.quant.format.minifloat->name) == "fp16") {
    io::NpyArray array;
    array.dtype = io::NpyDtype::kFloat16;
    array.shape = tensor.shape;
    array.bytes.resize(tensor.values.size() * 2);
    for (std::size_t i = 0; i < tensor.values.size(); ++i) {
      const std::uint16_t bits = quant::float_to_fp16_bits(tensor.values[i]);
      std::memcpy(array.bytes.data() + 2 * i, &bits, 2);
    }
    return array;
  }
  return io::make_npy_float32(tensor.shape, tensor.values);
}

}  // namespace npusim::golden
