#include "sim/compiler/program_json.h"

#include <algorithm>

#include "sim/compiler/layer_steps.h"
#include "sim/config/npu_config_json.h"

namespace npusim::sim {
namespace {

nlohmann::json range_json(const Range& r) { return nlohmann::json::array({r.begin, r.end}); }

const char* axis_names(Dataflow dataflow, int axis) {
  static const char* const kNames[3][3] = {{"K", "N", "M"}, {"M", "N", "K"}, {"K", "M", "N"}};  // ws, os, is
  return kNames[static_cast<int>(dataflow)][axis];
}

nlohmann::json step_json(const Step& step) {
  nlohmann::json loads = nlohmann::json::array();
  for (const Transfer& t : step.loads) {
    loads.push_back({{"kind", std::string(dma_kind_name(t.kind))}, {"bytes", t.bytes}, {"spill", t.spill}});
  }
  nlohmann::json out;
  if (step.unit == ExecUnit::kMacArray) {
    out = {{"array", step.array},      {"gemm", step.mac.gemm},         {"m", range_json(step.mac.m)},
           {"n", range_json(step.mac.n)}, {"k", range_json(step.mac.k)}, {"first_k", step.mac.first_k},
           {"last_k", step.mac.last_k}, {"macs", step.macs}};
  } else {
    out = {{"elements", range_json(step.elements)}};
  }
  out["compute_cycles"] = step.compute_cycles;
  out["loads"] = loads;
  out["requant_elements"] = step.requant_elements;
  out["write_bytes"] = step.write_bytes;
  out["store_bytes"] = step.store_bytes;
  return out;
}

nlohmann::json layer_json(const NpuProgram& program, std::size_t index) {
  const LayerPlan& plan = program.layers[index];
  const LayerWorkload& layer = plan.layer;
  nlohmann::json out;
  out["name"] = layer.name;
  out["kind"] = std::string(layer_kind_name(layer.kind));
  out["unit"] = std::string(exec_unit_name(plan.unit));
  out["precision"] = std::string(precision_name(layer.precision));
  if (plan.tiling) {
    const MacTiling& t = *plan.tiling;
    nlohmann::json arrays = nlohmann::json::array();
    for (int a : plan.arrays) arrays.push_back(program.config.mac_arrays[static_cast<std::size_t>(a)].name);
    out["arrays"] = arrays;
    out["macs_per_pe_per_cycle"] = plan.macs_per_pe_per_cycle;
    out["gemm"] = {{"m", layer.gemm_m}, {"n", layer.gemm_n}, {"k", layer.gemm_k}, {"count", layer.gemm_count}};
    out["tiling"] = {{"dataflow", std::string(dataflow_name(t.dataflow))},
                     {"pe_rows", t.pe_rows},
                     {"pe_cols", t.pe_cols},
                     {"rows_axis", axis_names(t.dataflow, 0)},
                     {"cols_axis", axis_names(t.dataflow, 1)},
                     {"time_axis", axis_names(t.dataflow, 2)},
                     {"row_folds", t.row_folds},
                     {"col_folds", t.col_folds},
                     {"time_chunk", t.time_chunk},
                     {"time_chunks", t.time_chunks},
                     {"tiles_per_item", t.tiles_per_item()},
                     {"order", "gemm, col fold, time chunk, row fold (innermost)"}};
    out["weights_resident"] = plan.weights_resident;
    out["weights_prefetched"] = plan.weights_prefetched;
    out["weight_bytes"] = layer.weight_bytes;
  } else {
    out["element_count"] = plan.element_count;
    out["elements_per_tile"] = plan.elements_per_tile;
    out["tiles_per_item"] = plan.tiles_per_item;
    if (layer.vector_op) out["vector_op"] = std::string(vector_op_name(*layer.vector_op));
  }
  nlohmann::json inputs = nlohmann::json::array();
  for (const LayerInputPlan& input : plan.inputs) {
    inputs.push_back({{"producer", input.producer.empty() ? nlohmann::json(nullptr) : nlohmann::json(input.producer)},
                      {"bytes", input.bytes},
                      {"source", std::string(input_source_name(input.source))},
                      {"spilled", input.spilled}});
  }
  out["inputs"] = inputs;
  out["output"] = {{"bytes", layer.output_bytes},        {"on_chip", plan.output_on_chip},
                   {"spilled", plan.output_spilled},     {"network_output", layer.network_output},
                   {"dual_output", layer.dual_output},   {"lo_bits", layer.lo_bits},
                   {"requant_elements", layer.requant_elements}};
  out["sram_bytes"] = {{"weights", plan.sram_weights_bytes},
                       {"activations", plan.sram_activations_bytes},
                       {"accumulators", plan.sram_accumulators_bytes}};
  nlohmann::json dma = nlohmann::json::array();
  for (const DmaStream& s : plan.dma) {
    dma.push_back({{"kind", std::string(dma_kind_name(s.kind))},
                   {"tensor", s.tensor},
                   {"transfers", s.transfers},
                   {"bytes", s.bytes},
                   {"spill", s.spill},
                   {"when", s.when}});
  }
  out["dma"] = dma;
  out["dram_read_bytes"] = plan.dram_read_bytes;
  out["dram_write_bytes"] = plan.dram_write_bytes;
  // The first steps of item 0, so a reader sees what a tile is without the whole list.
  const LayerSteps steps(program, index, 0);
  nlohmann::json first = nlohmann::json::array();
  for (std::uint64_t i = 0; i < std::min<std::uint64_t>(3, steps.count()); ++i) first.push_back(step_json(steps.at(i)));
  out["first_steps"] = first;
  return out;
}

}  // namespace

nlohmann::json program_json(const NpuProgram& program) {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < program.layers.size(); ++i) layers.push_back(layer_json(program, i));
  std::uint64_t reads = 0, writes = 0;
  for (const LayerPlan& plan : program.layers) {
    reads += plan.dram_read_bytes;
    writes += plan.dram_write_bytes;
  }
  return {{"schema", kProgramSchema},
          {"batch", program.options.batch},
          {"scalesim_compatible", program.options.scalesim_compatible},
          {"ideal_memory", program.options.ideal_memory},
          {"dram_read_bytes", reads},
          {"dram_write_bytes", writes},
          {"npu", npu_config_json(program.config)},
          {"layers", layers}};
}

}  // namespace npusim::sim
