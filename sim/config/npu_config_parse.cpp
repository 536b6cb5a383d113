// JSON -> NpuConfig. Presence, types and unknown fields are checked here; every value rule
// (ranges, rules between fields) is in validate_npu_config, which configurations built in
// code go through too.
#include <cmath>
#include <fstream>
#include <sstream>

#include "quant/io/read_input.h"
#include "sim/config/json_fields.h"
#include "sim/config/npu_config.h"

namespace npusim::sim {
namespace {

using nlohmann::json;

std::vector<std::string> read_strings(JsonObjectReader& reader, const std::string& key, bool non_empty) {
  const json& list = reader.array(key);
  if (non_empty && list.empty()) reader.fail(key, "must list at least one entry");
  std::vector<std::string> strings;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string() || list[i].get<std::string>().empty()) {
      throw JsonFieldError(reader.path_of(key) + "[" + std::to_string(i) + "]", "must be a non-empty string");
    }
    strings.push_back(list[i].get<std::string>());
  }
  return strings;
}

// {"int8": x, "int16": x, "fp16": x, "bf16": x}: every precision must be named.
PerPrecision read_per_precision(const json& value, const std::string& path) {
  JsonObjectReader reader(value, path);
  PerPrecision result;
  for (Precision p : kAllPrecisions) result[p] = reader.number(std::string(precision_name(p)));
  reader.finish();
  return result;
}

MacArrayConfig read_mac_array(const json& value, const std::string& path) {
  JsonObjectReader reader(value, path);
  MacArrayConfig array;
  array.name = reader.string("name");
  array.pe_rows = reader.int32("pe_rows");
  array.pe_cols = reader.int32("pe_cols");
  const std::string dataflow = reader.string("dataflow");
  const auto parsed = parse_dataflow(dataflow);
  if (!parsed) reader.fail("dataflow", "must be \"ws\", \"os\" or \"is\", got \"" + dataflow + "\"");
  array.dataflow = *parsed;
  array.macs_per_pe_per_cycle =
      read_per_precision(reader.object("macs_per_pe_per_cycle"), reader.path_of("macs_per_pe_per_cycle"));
  reader.finish();
  return array;
}

SramBufferConfig read_sram_buffer(const json& value, const std::string& path) {
  JsonObjectReader reader(value, path);
  SramBufferConfig buffer;
  buffer.size_kib = reader.number("size_kib");
  buffer.banks = reader.int32("banks");
  buffer.bank_width_bytes = reader.int32("bank_width_bytes");
  reader.finish();
  return buffer;
}

NpuConfig read_config(const json& document) {
  JsonObjectReader top(document, "");
  NpuConfig config;
  const std::string schema = top.string("schema");
  if (schema != kNpuConfigSchema) top.fail("schema", "must be \"" + std::string(kNpuConfigSchema) + "\", got \"" + schema + "\"");
  config.name = top.string("name");
  config.description = top.string("description");
  config.approximation = top.string("approximation");
  config.sources = read_strings(top, "sources", true);
  config.clock_mhz = top.number("clock_mhz");

  const json& arrays = top.array("mac_arrays");
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    config.mac_arrays.push_back(read_mac_array(arrays[i], "mac_arrays[" + std::to_string(i) + "]"));
  }

  {
    JsonObjectReader sram(top.object("sram"), "sram");
    config.sram.weights = read_sram_buffer(sram.object("weights"), "sram.weights");
    config.sram.activations = read_sram_buffer(sram.object("activations"), "sram.activations");
    config.sram.accumulators = read_sram_buffer(sram.object("accumulators"), "sram.accumulators");
    sram.finish();
  }
  {
    JsonObjectReader dma(top.object("dma"), "dma");
    config.dma.engines = dma.int32("engines");
    config.dma.bytes_per_cycle = dma.int32("bytes_per_cycle");
    config.dma.setup_cycles = dma.int32("setup_cycles");
    dma.finish();
  }
  {
    JsonObjectReader dram(top.object("dram"), "dram");
    config.dram.bandwidth_gbps = dram.number("bandwidth_gbps");
    config.dram.latency_ns = dram.number("latency_ns");
    config.dram.burst_bytes = dram.int32("burst_bytes");
    dram.finish();
  }
  {
    // lanes and latency may be left out: they default to the RTL unit's (docs/npu-config.md).
    JsonObjectReader requant(top.object("requant"), "requant");
    config.requant.units = requant.int32("units");
    config.requant.lanes = requant.int32_or("lanes", config.requant.lanes);
    config.requant.latency_cycles =
        requant.int32_or("latency_cycles", config.requant.latency_cycles);
    requant.finish();
  }
  {
    JsonObjectReader vector(top.object("vector_unit"), "vector_unit");
    config.vector_unit.latency_cycles = vector.int32("latency_cycles");
    JsonObjectReader rates(vector.object("elements_per_cycle"), "vector_unit.elements_per_cycle");
    for (VectorOp op : kAllVectorOps) {
      const std::string key(vector_op_name(op));
      if (rates.has(key)) config.vector_unit.elements_per_cycle[static_cast<int>(op)] = rates.number(key);
    }
    rates.finish();
    vector.finish();
  }
  {
    JsonObjectReader writer(top.object("output_writer"), "output_writer");
    config.output_writer.bytes_per_cycle = writer.int32("bytes_per_cycle");
    config.output_writer.dual_output = writer.boolean("dual_output");
    writer.finish();
  }
  {
    JsonObjectReader energy(top.object("energy"), "energy");
    config.energy.pj_per_mac = read_per_precision(energy.object("pj_per_mac"), "energy.pj_per_mac");
    config.energy.sram_pj_per_byte = energy.number("sram_pj_per_byte");
    config.energy.dram_pj_per_byte = energy.number("dram_pj_per_byte");
    config.energy.requant_pj_per_element = energy.number("requant_pj_per_element");
    config.energy.vector_pj_per_element = energy.number("vector_pj_per_element");
    config.energy.sources = read_strings(energy, "sources", true);
    energy.finish();
  }
  top.finish();
  return config;
}

}  // namespace

std::uint64_t NpuConfig::dram_latency_cycles() const {
  return static_cast<std::uint64_t>(std::ceil(dram.latency_ns * clock_mhz / 1000.0 - 1e-9));
}

NpuConfig parse_npu_config(const std::string& json_text, const std::string& source_name) {
  json document;
  try {
    document = io::parse_json_text(json_text, source_name);
  } catch (const std::runtime_error& e) {
    throw NpuConfigError(e.what());
  }
  NpuConfig config;
  try {
    config = read_config(document);
  } catch (const JsonFieldError& e) {
    throw NpuConfigError(source_name + ": " + e.what());
  }
  validate_npu_config(config, source_name);
  return config;
}

NpuConfig load_npu_config(const std::string& path) {
  std::string text;
  try {
    text = io::read_text_file(path, "NPU configuration", std::uintmax_t{16} << 20);
  } catch (const std::runtime_error& e) {
    throw NpuConfigError(e.what());
  }
  return parse_npu_config(text, path);
}

}  // namespace npusim::sim
