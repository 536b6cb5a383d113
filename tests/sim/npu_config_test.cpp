// The NPU configuration: every preset loads; a missing, unknown, negative or absurd field is
// an error naming the file and the field; requant lanes/latency default to the RTL unit's.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/npu_config.h"
#include "sim/config/npu_config_json.h"

namespace npusim::sim {
namespace {

using nlohmann::json;

std::string preset_path(const std::string& name) { return std::string(NPUSIM_SOURCE_DIR) + "/sim/configs/" + name + ".json"; }

json preset_json(const std::string& name) {
  std::ifstream in(preset_path(name));
  return json::parse(in);
}

// The error message of parsing `document` (after `edit`), or "" when it parsed.
std::string error_of(const std::function<void(json&)>& edit) {
  json document = preset_json("edge_tpu_like");
  edit(document);
  try {
    parse_npu_config(document.dump(), "edited.json");
  } catch (const NpuConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(NpuConfig, EveryPresetLoads) {
  for (const char* name : {"edge_tpu_like", "nvdla_small_like", "nvdla_full_like", "hailo8_like"}) {
    const NpuConfig config = load_npu_config(preset_path(name));
    EXPECT_EQ(config.name, name);
    EXPECT_FALSE(config.approximation.empty()) << name;
    EXPECT_FALSE(config.sources.empty()) << name;
    EXPECT_FALSE(config.energy.sources.empty()) << name;
    EXPECT_GT(config.mac_arrays.size(), 0u) << name;
  }
}

TEST(NpuConfig, DerivedFiguresByHand) {
  const NpuConfig config = load_npu_config(preset_path("edge_tpu_like"));
  EXPECT_EQ(config.mac_arrays[0].pe_rows, 64);
  EXPECT_EQ(config.mac_arrays[0].dataflow, Dataflow::kWeightStationary);
  EXPECT_DOUBLE_EQ(config.mac_arrays[0].macs_per_pe_per_cycle[Precision::kInt16], 0.0);
  // 0.5 GB/s at 480 MHz: 5e8 / 4.8e8 bytes per cycle; 1000 ns = 480 cycles.
  EXPECT_NEAR(config.dram_bytes_per_cycle(), 5e8 / 4.8e8, 1e-12);
  EXPECT_EQ(config.dram_latency_cycles(), 480u);
  EXPECT_EQ(config.sram.weights.size_bytes(), 8192u * 1024u);
  EXPECT_EQ(config.sram.weights.bytes_per_cycle(), 16u * 16u);
  const NpuConfig nvdla = load_npu_config(preset_path("nvdla_full_like"));
  EXPECT_DOUBLE_EQ(nvdla.mac_arrays[0].macs_per_pe_per_cycle[Precision::kFp16], 0.5);
}

TEST(NpuConfig, RoundTripsThroughJson) {
  const NpuConfig config = load_npu_config(preset_path("hailo8_like"));
  const NpuConfig again = parse_npu_config(npu_config_to_json(config), "roundtrip.json");
  EXPECT_EQ(npu_config_json(again), npu_config_json(config));
  EXPECT_EQ(again.mac_arrays.size(), 4u);
  EXPECT_TRUE(again.output_writer.dual_output);
}

TEST(NpuConfig, MissingFieldIsNamed) {
  const std::string message = error_of([](json& d) { d["dram"].erase("bandwidth_gbps"); });
  EXPECT_NE(message.find("edited.json"), std::string::npos) << message;
  EXPECT_NE(message.find("dram.bandwidth_gbps: missing"), std::string::npos) << message;
  EXPECT_NE(error_of([](json& d) { d["mac_arrays"][0]["macs_per_pe_per_cycle"].erase("fp16"); })
                .find("mac_arrays[0].macs_per_pe_per_cycle.fp16: missing"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d.erase("clock_mhz"); }).find("clock_mhz: missing"), std::string::npos);
}

TEST(NpuConfig, NegativeAndAbsurdValuesAreNamed) {
  EXPECT_NE(error_of([](json& d) { d["dram"]["latency_ns"] = -5; }).find("dram.latency_ns: must be >= 0, got -5"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["clock_mhz"] = 0; }).find("clock_mhz: must be > 0"), std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["clock_mhz"] = 2e6; }).find("clock_mhz: must be <= 10000 (an absurd value)"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["mac_arrays"][0]["pe_rows"] = 0; }).find("mac_arrays[0].pe_rows: must be >= 1"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["mac_arrays"][0]["pe_cols"] = 5000000000LL; }).find("mac_arrays[0].pe_cols"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["sram"]["weights"]["size_kib"] = -1; }).find("sram.weights.size_kib: must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["dram"]["burst_bytes"] = 48; }).find("dram.burst_bytes: must be a power of two"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["vector_unit"]["elements_per_cycle"]["add"] = -1; })
                .find("vector_unit.elements_per_cycle.add: must be >= 0"),
            std::string::npos);
}

TEST(NpuConfig, TypesUnknownFieldsAndRulesBetweenFields) {
  EXPECT_NE(error_of([](json& d) { d["dram"]["bandwith_gbps"] = 1; }).find("dram.bandwith_gbps: unknown field"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["dma"]["engines"] = 1.5; }).find("dma.engines: must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["mac_arrays"][0]["dataflow"] = "rs"; }).find("mac_arrays[0].dataflow"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["vector_unit"]["elements_per_cycle"]["gelu"] = 4; })
                .find("vector_unit.elements_per_cycle.gelu: unknown field"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["schema"] = "npusim.npu/0"; }).find("schema"), std::string::npos);
  // An array that runs int16 while int16 MACs cost nothing would read as free energy.
  EXPECT_NE(error_of([](json& d) {
              d["mac_arrays"][0]["macs_per_pe_per_cycle"]["int16"] = 0.5;
              d["energy"]["pj_per_mac"]["int16"] = 0;
            }).find("energy.pj_per_mac.int16: must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) {
              for (const char* p : {"int8", "int16", "fp16", "bf16"}) d["mac_arrays"][0]["macs_per_pe_per_cycle"][p] = 0;
            }).find("can run nothing"),
            std::string::npos);
  EXPECT_NE(error_of([](json& d) { d["mac_arrays"].push_back(d["mac_arrays"][0]); }).find("is used twice"),
            std::string::npos);
  EXPECT_EQ(error_of([](json&) {}), "");
}

TEST(NpuConfig, RequantLanesAndLatencyDefaultToTheRtlUnit) {
  json document = preset_json("edge_tpu_like");
  document["requant"].erase("lanes");
  document["requant"].erase("latency_cycles");
  const NpuConfig config = parse_npu_config(document.dump(), "defaults.json");
  EXPECT_EQ(config.requant.lanes, 8);           // rtl/requant_unit.h: a32o8x8 has 8 lanes
  EXPECT_EQ(config.requant.latency_cycles, 4);  // RequantUnit::kLatencyCycles
}

TEST(NpuConfig, FileErrorsNameThePath) {
  try {
    load_npu_config("/nonexistent/npu.json");
    FAIL();
  } catch (const NpuConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/npu.json"), std::string::npos);
  }
  const std::string path = ::testing::TempDir() + "/bad_npu.json";
  {
    std::ofstream out(path);
    out << "{ \"schema\": ";
  }
  try {
    load_npu_config(path);
    FAIL();
  } catch (const NpuConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": not valid JSON"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace npusim::sim
