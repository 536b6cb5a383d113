#include "sim/cli/size_option.h"

#include <cctype>

#include "sim/cli/cli_common.h"

namespace npusim::cli {

ImageSize parse_image_size(const std::string& text, const std::string& option_name) {
  const std::string problem = "--" + option_name + " '" + text + "': expected HEIGHTxWIDTH, each 8..4096 (e.g. 128x160)";
  const std::size_t separator = text.find('x');
  if (separator == std::string::npos || separator == 0 || separator + 1 >= text.size()) throw UsageError(problem);
  const auto parse_side = [&](const std::string& digits) {
    if (digits.size() > 5) throw UsageError(problem);
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) throw UsageError(problem);
    }
    const int value = std::stoi(digits);
    if (value < 8 || value > 4096) throw UsageError(problem);
    return value;
  };
  return {parse_side(text.substr(0, separator)), parse_side(text.substr(separator + 1))};
}

}  // namespace npusim::cli
