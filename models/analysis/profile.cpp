#include "models/analysis/profile.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>

#include "models/executor/float_executor.h"
#include "models/golden/fake_quant.h"
#include "models/golden/golden_executor.h"
#include "quant/metrics/streaming_layer_metrics.h"

namespace npusim::analysis {
namespace {

using golden::GoldenTensor;

struct LayerState {
  LayerProfile profile;
  quant::TensorQuantization grid;
  std::optional<quant::StreamingLayerMetrics> vs_float;
  std::optional<quant::StreamingLayerMetrics> vs_fake;
  std::size_t mismatches = 0, elements = 0;
};

std::optional<std::pair<quant::QParams, quant::QuantSpec>> code_grid(const quant::TensorQuantization& grid) {
  if (grid.format.kind != quant::TensorFormatKind::kInteger || grid.axis) return std::nullopt;
  return std::make_pair(grid.qparams()[0], grid.quant_spec());
}

}  // namespace

ProfileReport profile_plan(const golden::GoldenProgram& program, const quant::QuantPlan& plan,
                           const std::vector<std::vector<models::Tensor>>& inputs, const ProfileDump& dump,
                           const ProfileProgress& progress) {
  if (inputs.empty()) throw std::runtime_error("profile needs at least one image");
  const golden::GoldenExecutor device(program);
  const golden::FakeQuantExecutor simulation(program, plan);
  models::FloatExecutor reference(program.graph);
  // One layer per graph value the device stores, in execution order: inputs, then outputs
  // (a dual output's hi and lo become one layer on the wide grid).
  std::vector<LayerState> layers;
  std::map<std::string, std::size_t> layer_of;  // graph value -> layer
  std::map<int, std::string> value_of_slot;
  const auto add_layer = [&](const std::string& value, const std::string& op, const std::string& kind) {
    LayerState state;
    state.grid = simulation.grids().at(value);
    state.profile.tensor = value;
    state.profile.operation = op;
    state.profile.kind = kind;
    state.profile.format = state.grid.format.name();
    state.vs_float.emplace(code_grid(state.grid));
    state.vs_fake.emplace(std::nullopt);
    layer_of[value] = layers.size();
    layers.push_back(std::move(state));
  };
  for (int slot : program.input_slots) {
    value_of_slot[slot] = program.tensors[slot].name;
    add_layer(program.tensors[slot].name, "", "input");
  }
  for (const golden::LoweredOp& op : program.ops) {
    const bool dual = op.requant && op.requant->channels[0].lo_bits > 0;
    for (std::size_t o = 0; o < op.output_values.size(); ++o) {
      if (!dual) value_of_slot[op.outputs[o]] = op.output_values[o];
      add_layer(op.output_values[o], op.name, std::string(golden::op_kind_name(op.kind)));
    }
  }
  for (std::size_t image = 0; image < inputs.size(); ++image) {
    std::map<std::string, models::Tensor> float_values, fake_values;
    reference.run(inputs[image], [&](const std::string& name, const models::Tensor& tensor) {
      if (layer_of.count(name)) float_values[name] = tensor;
    });
    simulation.run(inputs[image], [&](const std::string& name, const models::Tensor& tensor) {
      if (layer_of.count(name)) fake_values[name] = tensor;
    });
    const auto compare = [&](const std::string& value, const GoldenTensor& codes, const models::Tensor& decoded) {
      LayerState& layer = layers[layer_of.at(value)];
      const models::Tensor& ref = float_values.at(value);
      const models::Tensor& fake = fake_values.at(value);
      layer.vs_float->add(ref.data.data(), decoded.data.data(), ref.data.size());
      layer.vs_fake->add(fake.data.data(), decoded.data.data(), fake.data.size());
      if (golden::is_code_format(layer.grid.format) && !codes.codes.empty()) {
        const GoldenTensor fake_codes = golden::encode_tensor(fake, layer.grid, "fake-quant '" + value + "'");
        for (std::size_t i = 0; i < codes.codes.size(); ++i) {
          const std::int64_t difference = std::llabs(static_cast<std::int64_t>(codes.codes[i]) - fake_codes.codes[i]);
          layer.mismatches += difference != 0;
          layer.profile.max_code_difference = std::max(layer.profile.max_code_difference, difference);
        }
        layer.elements += codes.codes.size();
      }
      if (image == 0 && dump) dump(value, codes, decoded, ref);
    };
    const std::vector<golden::GoldenOutput> outputs =
        device.run_float(inputs[image], [&](const golden::TensorSlot& slot, const GoldenTensor& tensor) {
          const int index = program.slot(slot.name);
          auto value = value_of_slot.find(index);
          if (value != value_of_slot.end()) compare(value->second, tensor, golden::decode_tensor(tensor));
        });
    for (const golden::GoldenOutput& output : outputs) {
      if (!output.lo) continue;
      GoldenTensor wide = output.value;  // rebuilt as the host does: w = hi * 2^b + lo
      wide.quant = simulation.grids().at(output.graph_name);
      for (std::size_t i = 0; i < wide.codes.size(); ++i) wide.codes[i] = output.value.codes[i] * (1 << output.lo_bits) + output.lo->codes[i];
      compare(output.graph_name, wide, output.decode());
    }
    if (progress) progress(image + 1, inputs.size());
  }
  ProfileReport report;
  report.images = inputs.size();
  for (LayerState& layer : layers) {
    layer.profile.vs_float = layer.vs_float->values();
    const quant::MetricValues fake = layer.vs_fake->values();
    layer.profile.fake_sqnr_db = fake.sqnr_db;
    layer.profile.fake_max_abs_error = fake.max_abs_error;
    layer.profile.code_mismatch_rate =
        layer.elements ? static_cast<double>(layer.mismatches) / static_cast<double>(layer.elements) : 0.0;
    report.layers.push_back(layer.profile);
  }
  return report;
}

}  // namespace npusim::analysis
