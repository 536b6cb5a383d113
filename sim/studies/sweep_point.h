// One configuration of a design-space sweep (batch x MAC array x DRAM bandwidth x
// precision), its canonical key, and the parsers for the command line's lists.
// The key names a result file, so it is stable: the same point always has the same key,
// whatever the order or spelling on the command line ("25.60" and "25.6" are one point).
#pragma once

#include <string>
#include <vector>

namespace npusim::studies {

struct ArrayShape {
  int rows = 0;
  int columns = 0;
  bool operator==(const ArrayShape& other) const { return rows == other.rows && columns == other.columns; }
};

struct SweepPoint {
  int batch = 1;
  ArrayShape array;
  double dram_gbps = 0;   // DRAM bandwidth, 10^9 bytes per second
  std::string precision;  // a precision path name the evaluator knows (int8, int16, fp16, mixed, ...)
  bool operator==(const SweepPoint& other) const {
    return batch == other.batch && array == other.array && dram_gbps == other.dram_gbps &&
           precision == other.precision;
  }
};

// "32x16" (rows x columns). Throws std::invalid_argument naming the text.
ArrayShape parse_array_shape(const std::string& text);
std::string format_array_shape(const ArrayShape& shape);

// The shortest decimal text that reads back as the same double (std::to_chars; fixed
// notation for magnitudes 1e-6..1e21, so no "1e+05"), so a
// value written to a key, a JSON file or a CSV round-trips exactly.
std::string format_shortest(double value);

// Comma-separated lists as given to --batch, --array, --dram-gbps, --precision. Each throws
// std::invalid_argument naming `option` and the bad item: empty items, duplicates (a point
// would be run twice), out-of-range values (batch 1..4096, array sides 1..4096,
// bandwidth > 0 and <= 100000 GB/s), precision names outside [a-z0-9_-].
std::vector<int> parse_batch_list(const std::string& text, const std::string& option);
std::vector<ArrayShape> parse_array_list(const std::string& text, const std::string& option);
std::vector<double> parse_bandwidth_list(const std::string& text, const std::string& option);
std::vector<std::string> parse_precision_list(const std::string& text, const std::string& option);

// "int8_a32x32_d25.6_b4": precision, array, bandwidth, batch; only [a-z0-9x._-], usable
// as a file name on every file system a cluster shares.
std::string canonical_key(const SweepPoint& point);

}  // namespace npusim::studies
