#include "quant/io/read_input.h"

#include "quant/io/input_file.h"

#include <filesystem>
#include <stdexcept>

namespace npusim::io {

void require_input_file(const std::string& path, const std::string& what, bool regular_only) {
  if (regular_only) {
    check_input_file(path, what);
    return;
  }
  // A FIFO may stream (requant's --in); only a missing path or a folder is refused here.
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) throw std::runtime_error(path + ": no such " + what + " file");
  if (std::filesystem::is_directory(status)) throw std::runtime_error(path + ": is a directory, expected a " + what + " file");
}

std::string read_text_file(const std::string& path, const std::string& what, std::uintmax_t max_bytes) {
  return read_input_text(path, what, max_bytes);
}

nlohmann::json parse_json_text(const std::string& text, const std::string& source_name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // The library's byte is 1-based and points at the offending character.
    const std::size_t at = e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string why = "syntax error";
    const std::string message = e.what();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) why = "the file is empty";
    else if (at >= text.size()) why = "the text ends early (truncated?)";
    else if (message.find("UTF-8") != std::string::npos) why = "a string holds bytes that are not UTF-8";
    else if (message.find("NaN") != std::string::npos || text.compare(at, 3, "NaN") == 0 ||
             text.compare(at, 8, "Infinity") == 0) {
      why = "NaN and Infinity are not JSON numbers";
    }
    throw std::runtime_error(source_name + ": not valid JSON at line " + std::to_string(line) + ", column " +
                             std::to_string(column) + " (" + why + ")");
  }
}

}  // namespace npusim::io
