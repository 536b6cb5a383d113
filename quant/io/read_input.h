// Reading text inputs (configurations, plans, CSVs) with errors that name the file and the
// place, never the library's words. The file checks themselves are quant/io/input_file.h's
// (one wording for every loader); this adds JSON parsing with line and column.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace npusim::io {

// Throws std::runtime_error naming `path` when it is missing or a folder; with
// `regular_only`, also when it is a FIFO or device (which could be endless).
void require_input_file(const std::string& path, const std::string& what, bool regular_only = true);

// The whole of a regular file. Throws std::runtime_error naming `path` when it is missing,
// a folder, not a regular file (FIFO, device: they could be endless) or over `max_bytes`.
// `what` says what the file is for ("NPU configuration", "QuantPlan").
std::string read_text_file(const std::string& path, const std::string& what,
                           std::uintmax_t max_bytes = std::uintmax_t{256} << 20);

// Parses `text`; a syntax error becomes std::runtime_error
// "SOURCE: not valid JSON at line L, column C (why)".
nlohmann::json parse_json_text(const std::string& text, const std::string& source_name);

}  // namespace npusim::io
