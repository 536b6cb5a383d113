// NpuConfig -> the JSON object a configuration file holds (for programs and reports that
// embed the configuration they were made for).
#pragma once

#include <nlohmann/json.hpp>

#include "sim/config/npu_config.h"

namespace npusim::sim {

nlohmann::json npu_config_json(const NpuConfig& config);

}  // namespace npusim::sim
