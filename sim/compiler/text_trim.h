// Whitespace trimming for the line-oriented SCALE-Sim readers (topology CSV, .cfg).
#pragma once

#include <string>

namespace npusim::sim {

inline std::string trim_spaces(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

}  // namespace npusim::sim
