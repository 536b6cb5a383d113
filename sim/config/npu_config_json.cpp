#include "sim/config/npu_config_json.h"

namespace npusim::sim {
namespace {

nlohmann::json per_precision_json(const PerPrecision& values) {
  nlohmann::json out = nlohmann::json::object();
  for (Precision p : kAllPrecisions) out[std::string(precision_name(p))] = values[p];
  return out;
}

nlohmann::json buffer_json(const SramBufferConfig& buffer) {
  return {{"size_kib", buffer.size_kib}, {"banks", buffer.banks}, {"bank_width_bytes", buffer.bank_width_bytes}};
}

}  // namespace

nlohmann::json npu_config_json(const NpuConfig& config) {
  nlohmann::json arrays = nlohmann::json::array();
  for (const MacArrayConfig& array : config.mac_arrays) {
    arrays.push_back({{"name", array.name},
                      {"pe_rows", array.pe_rows},
                      {"pe_cols", array.pe_cols},
                      {"dataflow", std::string(dataflow_name(array.dataflow))},
                      {"macs_per_pe_per_cycle", per_precision_json(array.macs_per_pe_per_cycle)}});
  }
  nlohmann::json rates = nlohmann::json::object();
  for (VectorOp op : kAllVectorOps) {
    if (config.vector_unit.rate(op) > 0) rates[std::string(vector_op_name(op))] = config.vector_unit.rate(op);
  }
  nlohmann::json out;
  out["schema"] = kNpuConfigSchema;
  out["name"] = config.name;
  out["description"] = config.description;
  out["approximation"] = config.approximation;
  out["sources"] = config.sources;
  out["clock_mhz"] = config.clock_mhz;
  out["mac_arrays"] = arrays;
  out["sram"] = {{"weights", buffer_json(config.sram.weights)},
                 {"activations", buffer_json(config.sram.activations)},
                 {"accumulators", buffer_json(config.sram.accumulators)}};
  out["dma"] = {{"engines", config.dma.engines},
                {"bytes_per_cycle", config.dma.bytes_per_cycle},
                {"setup_cycles", config.dma.setup_cycles}};
  out["dram"] = {{"bandwidth_gbps", config.dram.bandwidth_gbps},
                 {"latency_ns", config.dram.latency_ns},
                 {"burst_bytes", config.dram.burst_bytes}};
  out["requant"] = {{"units", config.requant.units},
                    {"lanes", config.requant.lanes},
                    {"latency_cycles", config.requant.latency_cycles}};
  out["vector_unit"] = {{"latency_cycles", config.vector_unit.latency_cycles}, {"elements_per_cycle", rates}};
  out["output_writer"] = {{"bytes_per_cycle", config.output_writer.bytes_per_cycle},
                          {"dual_output", config.output_writer.dual_output}};
  out["energy"] = {{"pj_per_mac", per_precision_json(config.energy.pj_per_mac)},
                   {"sram_pj_per_byte", config.energy.sram_pj_per_byte},
                   {"dram_pj_per_byte", config.energy.dram_pj_per_byte},
                   {"requant_pj_per_element", config.energy.requant_pj_per_element},
                   {"vector_pj_per_element", config.energy.vector_pj_per_element},
                   {"sources", config.energy.sources}};
  return out;
}

std::string npu_config_to_json(const NpuConfig& config, int indent) { return npu_config_json(config).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace npusim::sim
