// Streaming I/O for requantization vector CSVs (the ARCHITECTURE.md contract):
//   in:  acc,multiplier,shift,zero_point,qmin,qmax[,lo_bits]
//   out: the same lines, with ",q" appended when the file has no lo_bits column, or ",hi,lo"
//        for every row when it has one (a row with lo_bits = 0 gets hi = q, lo = 0: the split
//        by 2^0 is the identity, so the file stays rectangular and still reconstructs
//        w = hi * 2^lo_bits + lo).
// Fields are decimal integers (optional '-', spaces around them ignored); blank lines are
// skipped; the header may carry a UTF-8 byte-order mark and spaces after its commas. Every error names the source and the line: "vectors.csv:17: ...".
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "quant/requant/requant.h"
#include "quant/requant/requant_case.h"

namespace npusim::sim {

inline constexpr std::string_view kRequantCsvHeader = "acc,multiplier,shift,zero_point,qmin,qmax";
inline constexpr std::string_view kRequantCsvHeaderWithLoBits = "acc,multiplier,shift,zero_point,qmin,qmax,lo_bits";

// One batch of parsed rows plus what is needed to echo them and to name them in errors.
struct RequantCsvBatch {
  std::vector<quant::RequantCase> rows;
  std::vector<std::size_t> line_numbers;  // 1-based file line of each row
  std::vector<std::size_t> row_numbers;   // 1-based data row (the header is not a row)
  std::string text;                       // the rows' lines, without line ends, back to back
  std::vector<std::size_t> line_ends;     // rows[i]'s line is text[line_ends[i-1], line_ends[i])
  std::string_view line(std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : line_ends[i - 1];
    return std::string_view(text).substr(begin, line_ends[i] - begin);
  }
};

class RequantCsvReader {
 public:
  // Reads and checks the header line; throws std::invalid_argument naming source and line 1.
  RequantCsvReader(std::istream& in, std::string source_name, quant::RoundingMode mode);
  bool has_lo_bits() const { return has_lo_bits_; }
  // Reads up to max_rows rows, checking each one (fields, ranges, the mode's preconditions).
  // Returns false when the input was already exhausted. Throws std::invalid_argument with
  // "source:line: ..." for the first bad row.
  bool read_batch(std::size_t max_rows, RequantCsvBatch* batch);
  std::size_t rows_read() const { return rows_read_; }

 private:
  quant::RequantCase parse_row(std::string_view line) const;
  [[noreturn]] void fail(std::size_t line_number, const std::string& message) const;

  std::istream& in_;
  std::string source_name_;
  quant::RoundingMode mode_;
  bool has_lo_bits_ = false;
  std::size_t line_number_ = 0;
  std::size_t rows_read_ = 0;
  std::string line_;
};

// The output header for an input with or without the lo_bits column.
std::string requant_csv_output_header(bool has_lo_bits);

// Appends one output line (the input line, then ",q" or ",hi,lo", then '\n') to *out.
void append_requant_csv_result(std::string_view input_line, bool has_lo_bits, std::int32_t wide, int lo_bits,
                               std::string* out);

}  // namespace npusim::sim
