// NumPy .npy tensors (format versions 1.0, 2.0 and 3.0), little-endian, C order.
// Supported element types: float32, float16, int8, uint8, int16, int32, int64. Anything
// else (big-endian, Fortran order, object arrays, other dtypes) is rejected with an error
// naming the file and what was found.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npusim::io {

enum class NpyDtype { kFloat32, kFloat16, kInt8, kUint8, kInt16, kInt32, kInt64 };

// The numpy descr string ("<f4", "|i1", ...) and the element size in bytes.
const char* npy_descr(NpyDtype dtype);
std::size_t npy_element_bytes(NpyDtype dtype);

struct NpyArray {
  NpyDtype dtype = NpyDtype::kFloat32;
  std::vector<std::int64_t> shape;
  std::vector<std::uint8_t> bytes;  // raw little-endian element data, C order

  std::int64_t element_count() const;
  // Every element converted to float (float16 decoded exactly, integers as values).
  std::vector<float> to_float() const;
  // Every element converted to int64; throws for float dtypes.
  std::vector<std::int64_t> to_int64() const;
};

// Reads a whole .npy file. Throws std::runtime_error naming the path on any problem.
NpyArray load_npy(const std::string& path);
// Parses .npy bytes; `source` names the origin in error messages.
NpyArray parse_npy(const std::vector<std::uint8_t>& file_bytes, const std::string& source);

// Writes a .npy (version 1.0) atomically: the file appears only when complete.
void save_npy(const std::string& path, const NpyArray& array);
NpyArray make_npy_float32(const std::vector<std::int64_t>& shape, const std::vector<float>& values);
NpyArray make_npy_int64(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& values);

}  // namespace npusim::io
