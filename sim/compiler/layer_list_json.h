// A layer list as JSON (schema "npusim.layers/1"), for networks described by hand or by
// another tool: `npusim compile/simulate --layers L.json`. Field names are LayerWorkload's
// (docs/npu-model.md); errors name the file, the layer and the field.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/compiler/layer_workload.h"

namespace npusim::sim {

inline constexpr const char* kLayerListSchema = "npusim.layers/1";

std::vector<LayerWorkload> parse_layer_list(const std::string& json_text, const std::string& source_name);
std::vector<LayerWorkload> read_layer_list(const std::string& path);
nlohmann::json layer_list_json(const std::vector<LayerWorkload>& layers);

}  // namespace npusim::sim
