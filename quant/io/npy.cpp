#include "quant/io/npy.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

#include "quant/io/atomic_output_file.h"
#include "quant/io/input_file.h"
#include "quant/io/memory_budget.h"

namespace npusim::io {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
// Reject shapes whose element count cannot be a real file before allocating anything.
constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw std::runtime_error(source + ": not a supported .npy file: " + what);
}

bool parse_descr(const std::string& descr, NpyDtype* dtype) {
  static const struct { const char* names[2]; NpyDtype dtype; } kTable[] = {
      {{"<f4", "<f4"}, NpyDtype::kFloat32}, {{"<f2", "<f2"}, NpyDtype::kFloat16},
      {{"|i1", "<i1"}, NpyDtype::kInt8},    {{"|u1", "<u1"}, NpyDtype::kUint8},
      {{"<i2", "<i2"}, NpyDtype::kInt16},   {{"<i4", "<i4"}, NpyDtype::kInt32},
      {{"<i8", "<i8"}, NpyDtype::kInt64},
  };
  for (const auto& row : kTable) {
    if (descr == row.names[0] || descr == row.names[1]) {
      *dtype = row.dtype;
      return true;
    }
  }
  return false;
}

// Returns the text of a value in the header dict: 'key': VALUE, up to the next top-level comma.
std::string header_value(const std::string& header, const std::string& key, const std::string& source) {
  const std::string quoted = "'" + key + "'";
  std::size_t at = header.find(quoted);
  if (at == std::string::npos) fail(source, "header has no '" + key + "' field");
  at = header.find(':', at + quoted.size());
  if (at == std::string::npos) fail(source, "header field '" + key + "' has no value");
  ++at;
  while (at < header.size() && header[at] == ' ') ++at;
  std::size_t end = at;
  int depth = 0;
  while (end < header.size()) {
    const char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' || c == '}') && depth == 0) break;
    ++end;
  }
  return header.substr(at, end - at);
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h >> 15) & 1u, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign << 31;
    } else {  // subnormal: renormalise
      int e = -1;
      std::uint32_t m = mantissa;
      do { ++e; m <<= 1; } while ((m & 0x400u) == 0);
      bits = (sign << 31) | ((127 - 15 - e) << 23) | ((m & 0x3ffu) << 13);
    }
  } else if (exponent == 31) {
    bits = (sign << 31) | 0x7f800000u | (mantissa << 13);
  } else {
    bits = (sign << 31) | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <typename T>
T read_element(const std::uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

}  // namespace

const char* npy_descr(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::kFloat32: return "<f4";
    case NpyDtype::kFloat16: return "<f2";
    case NpyDtype::kInt8: return "|i1";
    case NpyDtype::kUint8: return "|u1";
    case NpyDtype::kInt16: return "<i2";
    case NpyDtype::kInt32: return "<i4";
    case NpyDtype::kInt64: return "<i8";
  }
  return "?";
}

std::size_t npy_element_bytes(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::kFloat32: return 4;
    case NpyDtype::kFloat16: return 2;
    case NpyDtype::kInt8: case NpyDtype::kUint8: return 1;
    case NpyDtype::kInt16: return 2;
    case NpyDtype::kInt32: return 4;
    case NpyDtype::kInt64: return 8;
  }
  return 0;
}

std::int64_t NpyArray::element_count() const {
  std::int64_t count = 1;
  for (std::int64_t d : shape) count *= d;
  return count;
}

std::vector<float> NpyArray::to_float() const {
  const std::int64_t n = element_count();
  std::vector<float> out(static_cast<std::size_t>(n));
  const std::uint8_t* p = bytes.data();
  const std::size_t step = npy_element_bytes(dtype);
  for (std::int64_t i = 0; i < n; ++i, p += step) {
    switch (dtype) {
      case NpyDtype::kFloat32: out[i] = read_element<float>(p); break;
      case NpyDtype::kFloat16: out[i] = half_to_float(read_element<std::uint16_t>(p)); break;
      case NpyDtype::kInt8: out[i] = static_cast<float>(read_element<std::int8_t>(p)); break;
      case NpyDtype::kUint8: out[i] = static_cast<float>(read_element<std::uint8_t>(p)); break;
      case NpyDtype::kInt16: out[i] = static_cast<float>(read_element<std::int16_t>(p)); break;
      case NpyDtype::kInt32: out[i] = static_cast<float>(read_element<std::int32_t>(p)); break;
      case NpyDtype::kInt64: out[i] = static_cast<float>(read_element<std::int64_t>(p)); break;
    }
  }
  return out;
}

std::vector<std::int64_t> NpyArray::to_int64() const {
  if (dtype == NpyDtype::kFloat32 || dtype == NpyDtype::kFloat16) {
    throw std::runtime_error(std::string("expected an integer .npy array, got ") + npy_descr(dtype));
  }
  const std::int64_t n = element_count();
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  const std::uint8_t* p = bytes.data();
  const std::size_t step = npy_element_bytes(dtype);
  for (std::int64_t i = 0; i < n; ++i, p += step) {
    switch (dtype) {
      case NpyDtype::kInt8: out[i] = read_element<std::int8_t>(p); break;
      case NpyDtype::kUint8: out[i] = read_element<std::uint8_t>(p); break;
      case NpyDtype::kInt16: out[i] = read_element<std::int16_t>(p); break;
      case NpyDtype::kInt32: out[i] = read_element<std::int32_t>(p); break;
      case NpyDtype::kInt64: out[i] = read_element<std::int64_t>(p); break;
      default: break;
    }
  }
  return out;
}

NpyArray parse_npy(const std::vector<std::uint8_t>& file, const std::string& source) {
  if (file.size() < 10 || std::memcmp(file.data(), kMagic, 6) != 0) fail(source, "missing \\x93NUMPY magic");
  const int major = file[6];
  std::size_t header_len, header_start;
  if (major == 1) {
    header_len = file[8] | (file[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (file.size() < 12) fail(source, "truncated header");
    header_len = file[8] | (file[9] << 8) | (file[10] << 16) | (static_cast<std::size_t>(file[11]) << 24);
    header_start = 12;
  } else {
    fail(source, "format version " + std::to_string(major) + " is unknown");
  }
  if (header_start + header_len > file.size()) fail(source, "truncated header");
  const std::string header(reinterpret_cast<const char*>(file.data() + header_start), header_len);

  NpyArray array;
  std::string descr = header_value(header, "descr", source);
  if (descr.size() < 2 || (descr.front() != '\'' && descr.front() != '"')) fail(source, "descr is not a string");
  descr = descr.substr(1, descr.size() - 2);
  if (!parse_descr(descr, &array.dtype)) {
    fail(source, "dtype '" + descr + "' (supported: <f4 <f2 |i1 |u1 <i2 <i4 <i8)");
  }
  if (header_value(header, "fortran_order", source) != "False") fail(source, "Fortran order (only C order is read)");

  const std::string shape_text = header_value(header, "shape", source);
  if (shape_text.empty() || shape_text.front() != '(' || shape_text.back() != ')') fail(source, "malformed shape");
  std::int64_t count = 1;
  std::int64_t nonzero_count = 1;
  std::size_t pos = 1;
  while (pos + 1 < shape_text.size()) {
    while (pos < shape_text.size() && (shape_text[pos] == ' ' || shape_text[pos] == ',')) ++pos;
    if (pos + 1 >= shape_text.size()) break;
    std::size_t used = 0;
    long long dim;
    try {
      dim = std::stoll(shape_text.substr(pos), &used);
    } catch (const std::exception&) {
      fail(source, "malformed shape " + shape_text);
    }
    if (dim < 0) fail(source, "negative dimension in shape " + shape_text);
    // The non-zero dimensions are multiplied separately: (0, 3, 2^30, 2^30) holds no data
    // but would overflow every later stride computation.
    if (dim > 0 && nonzero_count > kMaxElements / dim) fail(source, "absurd shape " + shape_text);
    if (dim > 0) nonzero_count *= dim;
    count *= dim;
    array.shape.push_back(dim);
    pos += used;
  }
  const std::size_t data_bytes = static_cast<std::size_t>(count) * npy_element_bytes(array.dtype);
  const std::size_t data_start = header_start + header_len;
  if (file.size() - data_start != data_bytes) {
    fail(source, "data is " + std::to_string(file.size() - data_start) + " bytes, shape " + shape_text +
                     " needs " + std::to_string(data_bytes));
  }
  reserve_memory(data_bytes, "the array", source);
  array.bytes.assign(file.begin() + static_cast<std::ptrdiff_t>(data_start), file.end());
  return array;
}

NpyArray load_npy(const std::string& path) {
  return parse_npy(read_input_file(path, ".npy"), path);
}

void save_npy(const std::string& path, const NpyArray& array) {
  if (static_cast<std::size_t>(array.element_count()) * npy_element_bytes(array.dtype) != array.bytes.size()) {
    throw std::runtime_error(path + ": array bytes do not match its shape");
  }
  std::string shape = "(";
  for (std::size_t i = 0; i < array.shape.size(); ++i) {
    shape += std::to_string(array.shape[i]);
    if (array.shape.size() == 1 || i + 1 < array.shape.size()) shape += ",";
    if (i + 1 < array.shape.size()) shape += " ";
  }
  shape += ")";
  std::string header = std::string("{'descr': '") + npy_descr(array.dtype) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so that magic + length + header + '\n' is a multiple of 64 bytes.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > std::numeric_limits<std::uint16_t>::max()) throw std::runtime_error(path + ": header too long");

  AtomicOutputFile out(path, /*binary=*/true);
  out.stream().write(kMagic, 6);
  const char version[2] = {1, 0};
  out.stream().write(version, 2);
  const char length[2] = {static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
  out.stream().write(length, 2);
  out.stream().write(header.data(), static_cast<std::streamsize>(header.size()));
  out.stream().write(reinterpret_cast<const char*>(array.bytes.data()), static_cast<std::streamsize>(array.bytes.size()));
  out.commit();
}

NpyArray make_npy_float32(const std::vector<std::int64_t>& shape, const std::vector<float>& values) {
  NpyArray array;
  array.dtype = NpyDtype::kFloat32;
  array.shape = shape;
  array.bytes.resize(values.size() * sizeof(float));
  std::memcpy(array.bytes.data(), values.data(), array.bytes.size());
  return array;
}

NpyArray make_npy_int64(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& values) {
  NpyArray array;
  array.dtype = NpyDtype::kInt64;
  array.shape = shape;
  array.bytes.resize(values.size() * sizeof(std::int64_t));
  std::memcpy(array.bytes.data(), values.data(), array.bytes.size());
  return array;
}

}  // namespace npusim::io
