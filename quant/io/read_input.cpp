#include "quant/io/read_input.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace npusim::io {

void require_input_file(const std::string& path, const std::string& what, bool regular_only) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) throw std::runtime_error(what + " '" + path + "' does not exist");
  if (fs::is_directory(status)) throw std::runtime_error(what + " '" + path + "' is a folder, not a file");
  if (regular_only && !fs::is_regular_file(status)) {
    throw std::runtime_error(what + " '" + path + "' is not a regular file (a FIFO or device is not read)");
  }
}

std::string read_text_file(const std::string& path, const std::string& what, std::uintmax_t max_bytes) {
  namespace fs = std::filesystem;
  require_input_file(path, what);
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  if (!error && size > max_bytes) {
    throw std::runtime_error(what + " '" + path + "' is " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(max_bytes) + " accepted");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + what + " '" + path + "' for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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
