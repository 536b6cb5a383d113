// "HxW" image sizes on the command line (`--size 128x160`).
#pragma once

#include <string>

namespace npusim::cli {

struct ImageSize {
  int height_px = 0;
  int width_px = 0;
};

// Accepts exactly DIGITSxDIGITS with each side in 8..4096; anything else is a UsageError
// naming the option (`option_name` without dashes).
ImageSize parse_image_size(const std::string& text, const std::string& option_name);

}  // namespace npusim::cli
