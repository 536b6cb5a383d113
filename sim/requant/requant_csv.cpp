#include "sim/requant/requant_csv.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace npusim::sim {
namespace {

constexpr const char* kFieldNames[] = {"acc", "multiplier", "shift", "zero_point", "qmin", "qmax", "lo_bits"};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

}  // namespace

RequantCsvReader::RequantCsvReader(std::istream& in, std::string source_name, quant::RoundingMode mode)
    : in_(in), source_name_(std::move(source_name)), mode_(mode) {
  if (!std::getline(in_, line_)) fail(1, "empty file: expected the header '" + std::string(kRequantCsvHeader) + "'");
  line_number_ = 1;
  // Spreadsheet exports: a UTF-8 byte-order mark and spaces after the commas are tolerated.
  std::string header_text = line_;
  if (header_text.rfind("\xEF\xBB\xBF", 0) == 0) header_text.erase(0, 3);
  header_text.erase(std::remove_if(header_text.begin(), header_text.end(),
                                   [](char c) { return c == ' ' || c == '\t' || c == '\r'; }),
                    header_text.end());
  const std::string_view header = header_text;
  if (header == kRequantCsvHeader) {
    has_lo_bits_ = false;
  } else if (header == kRequantCsvHeaderWithLoBits) {
    has_lo_bits_ = true;
  } else {
    fail(1, "header must be '" + std::string(kRequantCsvHeader) + "' or '" + std::string(kRequantCsvHeaderWithLoBits) +
                "', got '" + std::string(header) + "'");
  }
}

void RequantCsvReader::fail(std::size_t line_number, const std::string& message) const {
  throw std::invalid_argument(source_name_ + ":" + std::to_string(line_number) + ": " + message);
}

quant::RequantCase RequantCsvReader::parse_row(std::string_view line) const {
  const std::size_t expected_fields = has_lo_bits_ ? 7 : 6;
  std::int64_t values[7] = {};
  std::size_t field = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view text = trim(line.substr(start, comma == std::string_view::npos ? line.size() - start : comma - start));
    if (field < expected_fields) {
      const char* first = text.data();
      const char* last = text.data() + text.size();
      const auto [end, error] = std::from_chars(first, last, values[field]);
      if (text.empty()) {
        throw std::invalid_argument(std::string("field ") + kFieldNames[field] + " is empty");
      }
      if (error == std::errc::result_out_of_range) {
        throw std::invalid_argument(std::string("field ") + kFieldNames[field] + ": '" + std::string(text) +
                                    "' does not fit a 64-bit integer");
      }
      if (error != std::errc() || end != last) {
        throw std::invalid_argument(std::string("field ") + kFieldNames[field] + ": '" + std::string(text) +
                                    "' is not a decimal integer");
      }
    }
    ++field;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (field != expected_fields) {
    throw std::invalid_argument("expected " + std::to_string(expected_fields) + " fields, got " + std::to_string(field));
  }
  for (std::size_t i = 1; i < expected_fields; ++i) {
    if (values[i] < INT32_MIN || values[i] > INT32_MAX) {
      throw std::invalid_argument(std::string("field ") + kFieldNames[i] + ": " + std::to_string(values[i]) +
                                  " does not fit int32");
    }
  }
  quant::RequantCase row;
  row.acc = values[0];
  row.params.multiplier = static_cast<std::int32_t>(values[1]);
  row.params.shift = static_cast<int>(values[2]);
  row.params.zero_point = static_cast<std::int32_t>(values[3]);
  row.params.qmin = static_cast<std::int32_t>(values[4]);
  row.params.qmax = static_cast<std::int32_t>(values[5]);
  row.params.lo_bits = has_lo_bits_ ? static_cast<int>(values[6]) : 0;
  quant::validate_requant_params(row.params, mode_);
  quant::check_requant_accumulator(row.acc, row.params, mode_);
  return row;
}

bool RequantCsvReader::read_batch(std::size_t max_rows, RequantCsvBatch* batch) {
  batch->rows.clear();
  batch->line_numbers.clear();
  batch->row_numbers.clear();
  batch->text.clear();
  batch->line_ends.clear();
  while (batch->rows.size() < max_rows && std::getline(in_, line_)) {
    ++line_number_;
    if (is_blank(line_)) continue;
    std::string_view line(line_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    try {
      batch->rows.push_back(parse_row(line));
    } catch (const std::invalid_argument& e) {
      fail(line_number_, std::string("row ") + std::to_string(rows_read_ + 1) + ": " + e.what());
    }
    ++rows_read_;
    batch->line_numbers.push_back(line_number_);
    batch->row_numbers.push_back(rows_read_);
    batch->text.append(line);
    batch->line_ends.push_back(batch->text.size());
  }
  if (in_.bad()) fail(line_number_, "read error");
  return !batch->rows.empty();
}

std::string requant_csv_output_header(bool has_lo_bits) {
  return std::string(has_lo_bits ? kRequantCsvHeaderWithLoBits : kRequantCsvHeader) + (has_lo_bits ? ",hi,lo" : ",q");
}

void append_requant_csv_result(std::string_view input_line, bool has_lo_bits, std::int32_t wide, int lo_bits,
                               std::string* out) {
  char buffer[32];
  out->append(input_line);
  out->push_back(',');
  if (!has_lo_bits) {
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, wide).ptr;
    out->append(buffer, end);
  } else {
    const quant::DualOutput split = quant::split_dual_output(wide, lo_bits);
    auto end = std::to_chars(buffer, buffer + sizeof buffer, split.hi).ptr;
    out->append(buffer, end);
    out->push_back(',');
    end = std::to_chars(buffer, buffer + sizeof buffer, split.lo).ptr;
    out->append(buffer, end);
  }
  out->push_back('\n');
}

}  // namespace npusim::sim
