// The NPU program as readable JSON (schema "npusim.program/1"): per layer its unit, tiling,
// where each tensor lives, SRAM use and DMA plan, with the first tiles spelled out.
// `npusim compile --out program.json` writes it.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/compiler/npu_program.h"

namespace npusim::sim {

inline constexpr const char* kProgramSchema = "npusim.program/1";

nlohmann::json program_json(const NpuProgram& program);

}  // namespace npusim::sim
