#include "models/data/png_io.h"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "quant/io/atomic_output_file.h"
#include "quant/io/input_file.h"
#include "quant/io/memory_budget.h"

namespace npusim::data {
namespace {

// libpng reports errors with longjmp. Every function below that calls setjmp keeps only
// trivially destructible locals (raw pointers, ints, char arrays), so the jump skips no
// destructor; buffers live in the caller. The message lands in `error_text`.
struct PngErrorSink {
  char error_text[256] = {0};
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngErrorSink*>(png_get_error_ptr(png));
  std::snprintf(sink->error_text, sizeof(sink->error_text), "%s", message);
  png_longjmp(png, 1);
}
void on_png_warning(png_structp, png_const_charp) {}

struct WriteBuffer {
  std::vector<std::uint8_t>* bytes;
};
void on_png_write(png_structp png, png_bytep data, png_size_t length) {
  auto* buffer = static_cast<WriteBuffer*>(png_get_io_ptr(png));
  buffer->bytes->insert(buffer->bytes->end(), data, data + length);
}
void on_png_flush(png_structp) {}

struct ReadCursor {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t offset;
};
void on_png_read(png_structp png, png_bytep out, png_size_t length) {
  auto* cursor = static_cast<ReadCursor*>(png_get_io_ptr(png));
  if (cursor->size - cursor->offset < length) png_error(png, "file is truncated");
  std::memcpy(out, cursor->data + cursor->offset, length);
  cursor->offset += length;
}

// Writes rows (already laid out as PNG samples, 16-bit ones big-endian) into `out`.
// Returns false with `sink` filled when libpng fails.
bool encode_rows(int width, int height, int bit_depth, int color_type, png_bytep* rows,
                 std::vector<std::uint8_t>* out, PngErrorSink* sink) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, on_png_error, on_png_warning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  WriteBuffer buffer{out};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, &buffer, on_png_write, on_png_flush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), bit_depth,
               color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 1);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

void check_size(int width, int height, std::size_t samples, std::size_t channels, const char* what) {
  if (width <= 0 || height <= 0) throw std::invalid_argument(std::string(what) + ": empty image");
  if (samples != static_cast<std::size_t>(width) * height * channels) {
    throw std::invalid_argument(std::string(what) + ": pixel buffer size does not match height x width");
  }
}

std::vector<std::uint8_t> encode_or_throw(int width, int height, int bit_depth, int color_type,
                                          std::vector<png_bytep>& rows, const char* what) {
  std::vector<std::uint8_t> out;
  out.reserve(static_cast<std::size_t>(width) * height * 2);
  PngErrorSink sink;
  if (!encode_rows(width, height, bit_depth, color_type, rows.data(), &out, &sink)) {
    throw std::runtime_error(std::string(what) + ": libpng failed: " + sink.error_text);
  }
  return out;
}

void write_bytes_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  io::AtomicOutputFile file(path, /*binary=*/true);
  file.stream().write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  file.commit();
}

struct PngHeader {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int bit_depth = 0;
  int color_type = 0;
};

const char* color_type_name(int color_type) {
  switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return "gray";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "gray+alpha";
    case PNG_COLOR_TYPE_RGB: return "RGB";
    case PNG_COLOR_TYPE_RGB_ALPHA: return "RGBA";
    case PNG_COLOR_TYPE_PALETTE: return "palette";
    default: return "unknown";
  }
}

enum class DecodeTarget { kRgb8, kGray16 };

// Two passes share one libpng session: `pixels` is sized by the caller between the header
// callback and the row read, which is why decoding reports the header through `header_out`
// and asks `resize` (a plain function pointer: no captured state) for the buffer.
using ResizeFn = png_bytep (*)(void* owner, std::size_t bytes);

// Returns 0 on success, 1 on a libpng error (sink filled), 2 when the format does not fit
// the target (header_out filled so the caller can say what was found).
int decode_png(const std::uint8_t* data, std::size_t size, DecodeTarget target, PngHeader* header_out,
               void* owner, ResizeFn resize, png_bytep* row_pointers_storage, std::size_t max_rows,
               PngErrorSink* sink) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, sink, on_png_error, on_png_warning);
  if (png == nullptr) return 1;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return 1;
  }
  ReadCursor cursor{data, size, 0};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return 1;
  }
  png_set_read_fn(png, &cursor, on_png_read);
  // Depth maps and images of absurd size are refused before any allocation.
  png_set_user_limits(png, 1u << 14, 1u << 14);
  png_read_info(png, info);
  header_out->width = png_get_image_width(png, info);
  header_out->height = png_get_image_height(png, info);
  header_out->bit_depth = png_get_bit_depth(png, info);
  header_out->color_type = png_get_color_type(png, info);
  const int color = header_out->color_type;
  const int depth = header_out->bit_depth;
  std::size_t bytes_per_pixel = 0;
  if (target == DecodeTarget::kGray16) {
    if (color != PNG_COLOR_TYPE_GRAY || depth != 16) {
      png_destroy_read_struct(&png, &info, nullptr);
      return 2;
    }
    // PNG stores 16-bit samples big-endian; ask libpng for the host (little-endian) order.
    png_set_swap(png);
    bytes_per_pixel = 2;
  } else {
    if (depth == 16) {
      png_destroy_read_struct(&png, &info, nullptr);
      return 2;
    }
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (color & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
    bytes_per_pixel = 3;
  }
  if (png_set_interlace_handling(png) < 0) return 1;
  png_read_update_info(png, info);
  const std::size_t row_bytes = png_get_rowbytes(png, info);
  if (row_bytes != header_out->width * bytes_per_pixel || header_out->height > max_rows) {
    std::snprintf(sink->error_text, sizeof(sink->error_text), "unexpected row layout after conversion");
    png_destroy_read_struct(&png, &info, nullptr);
    return 1;
  }
  // The pixels and, later, the float tensor made from them: a 1 KB PNG may declare 16384^2.
  if (row_bytes * header_out->height > io::memory_budget_bytes() / 4) {
    png_destroy_read_struct(&png, &info, nullptr);
    return 3;
  }
  png_bytep pixels = resize(owner, row_bytes * header_out->height);
  for (png_uint_32 y = 0; y < header_out->height; ++y) row_pointers_storage[y] = pixels + y * row_bytes;
  png_read_image(png, row_pointers_storage);
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return 0;
}

png_bytep resize_rgb(void* owner, std::size_t bytes) {
  auto* image = static_cast<RgbImage*>(owner);
  image->rgb.resize(bytes);
  return image->rgb.data();
}
png_bytep resize_gray16(void* owner, std::size_t bytes) {
  auto* image = static_cast<Gray16Image*>(owner);
  image->values.resize(bytes / 2);
  return reinterpret_cast<png_bytep>(image->values.data());
}

void decode_or_throw(const std::string& path, DecodeTarget target, void* owner, ResizeFn resize, PngHeader* header) {
  const std::vector<std::uint8_t> bytes = read_file_bytes(path);
  if (bytes.size() < 8 || png_sig_cmp(bytes.data(), 0, 8) != 0) {
    throw std::runtime_error("'" + path + "' is not a PNG file (bad signature)");
  }
  std::vector<png_bytep> rows(1u << 14);
  PngErrorSink sink;
  const int status = decode_png(bytes.data(), bytes.size(), target, header, owner, resize, rows.data(), rows.size(), &sink);
  if (status == 1) throw std::runtime_error("'" + path + "': cannot decode PNG: " + sink.error_text);
  if (status == 3) {
    const std::uint64_t pixels = std::uint64_t(header->width) * header->height;
    io::reserve_memory(pixels * (target == DecodeTarget::kGray16 ? 2 : 3) * 4,
                       "decoding a " + std::to_string(header->height) + "x" + std::to_string(header->width) +
                           " (HxW) PNG (pixels and their float tensor)",
                       path);
  }
  if (status == 2) {
    const std::string found = std::to_string(header->bit_depth) + "-bit " + color_type_name(header->color_type);
    if (target == DecodeTarget::kGray16) {
      throw std::runtime_error("'" + path + "': expected a 16-bit single-channel depth PNG, found " + found);
    }
    throw std::runtime_error("'" + path + "': expected an 8-bit RGB image PNG, found " + found +
                             " (a depth map given as the image?)");
  }
}

}  // namespace

std::vector<std::uint8_t> read_file_bytes(const std::string& path) {
  return io::read_input_file(path, "PNG image");
}

std::vector<std::uint8_t> encode_png_rgb8(const RgbImage& image) {
  check_size(image.width, image.height, image.rgb.size(), 3, "encode_png_rgb8");
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  auto* base = const_cast<png_bytep>(image.rgb.data());  // libpng's API is not const-correct; it only reads
  for (int y = 0; y < image.height; ++y) rows[y] = base + static_cast<std::size_t>(y) * image.width * 3;
  return encode_or_throw(image.width, image.height, 8, PNG_COLOR_TYPE_RGB, rows, "encode_png_rgb8");
}

std::vector<std::uint8_t> encode_png_gray16(const Gray16Image& image) {
  check_size(image.width, image.height, image.values.size(), 1, "encode_png_gray16");
  // PNG wants big-endian 16-bit samples: byte-swap into a scratch copy.
  std::vector<std::uint8_t> big_endian(image.values.size() * 2);
  for (std::size_t i = 0; i < image.values.size(); ++i) {
    big_endian[2 * i] = static_cast<std::uint8_t>(image.values[i] >> 8);
    big_endian[2 * i + 1] = static_cast<std::uint8_t>(image.values[i] & 0xFF);
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  for (int y = 0; y < image.height; ++y) rows[y] = big_endian.data() + static_cast<std::size_t>(y) * image.width * 2;
  return encode_or_throw(image.width, image.height, 16, PNG_COLOR_TYPE_GRAY, rows, "encode_png_gray16");
}

void write_png_rgb8(const std::string& path, const RgbImage& image) {
  write_bytes_atomically(path, encode_png_rgb8(image));
}

void write_png_gray16(const std::string& path, const Gray16Image& image) {
  write_bytes_atomically(path, encode_png_gray16(image));
}

RgbImage read_png_rgb8(const std::string& path) {
  RgbImage image;
  PngHeader header;
  decode_or_throw(path, DecodeTarget::kRgb8, &image, resize_rgb, &header);
  image.width = static_cast<int>(header.width);
  image.height = static_cast<int>(header.height);
  return image;
}

Gray16Image read_png_gray16(const std::string& path) {
  Gray16Image image;
  PngHeader header;
  decode_or_throw(path, DecodeTarget::kGray16, &image, resize_gray16, &header);
  image.width = static_cast<int>(header.width);
  image.height = static_cast<int>(header.height);
  return image;
}

}  // namespace npusim::data
