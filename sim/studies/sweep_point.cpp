#include "sim/studies/sweep_point.h"

#include <charconv>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace npusim::studies {
namespace {

std::vector<std::string> split_items(const std::string& text, const std::string& option) {
  std::vector<std::string> items;
  std::string item;
  std::stringstream stream(text);
  while (std::getline(stream, item, ',')) {
    if (item.empty()) throw std::invalid_argument(option + ": empty item in list '" + text + "'");
    items.push_back(item);
  }
  if (items.empty() || text.back() == ',') throw std::invalid_argument(option + ": empty item in list '" + text + "'");
  return items;
}

// Parses the whole of `text` as an integer in [lo, hi]; false otherwise.
bool parse_int_in(const std::string& text, int lo, int hi, int* value) {
  const char* end = text.data() + text.size();
  auto [ptr, error] = std::from_chars(text.data(), end, *value);
  return error == std::errc() && ptr == end && *value >= lo && *value <= hi;
}

template <typename T>
void reject_duplicates(const std::vector<T>& values, const std::vector<std::string>& items, const std::string& option) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (values[i] == values[j]) {
        throw std::invalid_argument(option + ": '" + items[i] + "' repeats '" + items[j] + "' (each point runs once)");
      }
    }
  }
}

constexpr int kMaxBatch = 4096;
constexpr int kMaxArraySide = 4096;
constexpr double kMaxBandwidthGbps = 100000;  // 100 TB/s: far beyond any HBM stack of today

}  // namespace

ArrayShape parse_array_shape(const std::string& text) {
  const auto x = text.find('x');
  ArrayShape shape;
  if (x == std::string::npos || !parse_int_in(text.substr(0, x), 1, kMaxArraySide, &shape.rows) ||
      !parse_int_in(text.substr(x + 1), 1, kMaxArraySide, &shape.columns)) {
    throw std::invalid_argument("'" + text + "' is not an array shape ROWSxCOLUMNS with sides 1.." +
                                std::to_string(kMaxArraySide));
  }
  return shape;
}

std::string format_array_shape(const ArrayShape& shape) {
  return std::to_string(shape.rows) + "x" + std::to_string(shape.columns);
}

std::string format_shortest(double value) {
  // Plain decimals in the range people read (no "1e+05" in a key or a CSV cell); the
  // general form outside it, where fixed notation would run to hundreds of digits.
  char buffer[128];
  const double magnitude = std::fabs(value);
  const bool fixed = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21);
  const auto result = fixed ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
                            : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::vector<int> parse_batch_list(const std::string& text, const std::string& option) {
  const auto items = split_items(text, option);
  std::vector<int> values;
  for (const auto& item : items) {
    int batch = 0;
    if (!parse_int_in(item, 1, kMaxBatch, &batch)) {
      throw std::invalid_argument(option + ": '" + item + "' is not a batch size 1.." + std::to_string(kMaxBatch));
    }
    values.push_back(batch);
  }
  reject_duplicates(values, items, option);
  return values;
}

std::vector<ArrayShape> parse_array_list(const std::string& text, const std::string& option) {
  const auto items = split_items(text, option);
  std::vector<ArrayShape> values;
  for (const auto& item : items) {
    try {
      values.push_back(parse_array_shape(item));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(option + ": " + e.what());
    }
  }
  reject_duplicates(values, items, option);
  return values;
}

std::vector<double> parse_bandwidth_list(const std::string& text, const std::string& option) {
  const auto items = split_items(text, option);
  std::vector<double> values;
  for (const auto& item : items) {
    double gbps = 0;
    const char* end = item.data() + item.size();
    auto [ptr, error] = std::from_chars(item.data(), end, gbps);
    if (error != std::errc() || ptr != end || !std::isfinite(gbps) || gbps <= 0 || gbps > kMaxBandwidthGbps) {
      throw std::invalid_argument(option + ": '" + item + "' is not a bandwidth in GB/s (> 0, <= " +
                                  format_shortest(kMaxBandwidthGbps) + ")");
    }
    values.push_back(gbps);
  }
  reject_duplicates(values, items, option);
  return values;
}

std::vector<std::string> parse_precision_list(const std::string& text, const std::string& option) {
  const auto items = split_items(text, option);
  for (const auto& item : items) {
    for (char c : item) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!allowed) {
        throw std::invalid_argument(option + ": '" + item + "' is not a precision name (lower-case letters, digits, _ and -)");
      }
    }
  }
  reject_duplicates(items, items, option);
  return items;
}

std::string canonical_key(const SweepPoint& point) {
  return point.precision + "_a" + format_array_shape(point.array) + "_d" + format_shortest(point.dram_gbps) + "_b" +
         std::to_string(point.batch);
}

}  // namespace npusim::studies
