#include "sim/functional/golden_core.h"

#include <stdexcept>

#include "models/golden/conv_kernels.h"
#include "models/golden/node_execution.h"
#include "models/golden/requant_stage.h"
#include "models/golden/requant_work.h"
#include "quant/formats/float_formats.h"

namespace npusim::sim {

// One layer's values for one batch item while its tiles run.
struct GoldenFunctionalCore::LayerState {
  std::vector<std::int64_t> acc;    // MAC integer accumulators, output layout
  std::vector<std::int32_t> acc32;  // the same on the INT8 datapath (conv layout), folded into acc at the end
  std::vector<float> facc;          // MAC float accumulators
  std::map<std::int64_t, std::vector<std::int32_t>> col;      // per GEMM (group): im2col
  std::map<std::int64_t, std::vector<float>> fcol;
  std::optional<golden::RequantWork> work;  // vector layers that requantize: every output's case
  std::vector<golden::GoldenTensor> direct;  // layers that do not requantize: their outputs
  std::vector<std::int32_t> wide;   // results of the requantization unit (before a dual split)
  std::vector<bool> requantized;    // which outputs went through the unit
  std::uint64_t requant_cursor = 0; // vector layers: next output element to requantize
  bool computed = false;
};

namespace {

// One output channel's partial sums over a run of positions for one fold: acc[m] += w[k] * x[k][m].
// The INT8 datapath's sums fit int32 (|acc| < 2^31 is checked when the layer starts), which lets
// the loop run on wide vector lanes; the target clones pick them at run time.
__attribute__((target_clones("avx512f", "avx2", "default")))
void accumulate_channel(std::int32_t* acc, const std::int32_t* w, const std::int32_t* x, std::int64_t positions_stride,
                        std::int64_t k_count, std::int64_t m_count) {
  for (std::int64_t k = 0; k < k_count; ++k) {
    const std::int32_t weight = w[k];
    const std::int32_t* row = x + k * positions_stride;
    for (std::int64_t m = 0; m < m_count; ++m) acc[m] += weight * row[m];
  }
}

const golden::LoweredOp& op_of(const golden::GoldenProgram& program, std::size_t layer) {
  if (layer >= program.ops.size()) throw std::logic_error("functional core: layer " + std::to_string(layer) + " has no operation");
  return program.ops[layer];
}

std::vector<const golden::GoldenTensor*> operands_of(const golden::LoweredOp& op,
                                                     const std::map<int, golden::GoldenTensor>& memory) {
  std::vector<const golden::GoldenTensor*> operands;
  for (int slot : op.inputs) {
    auto found = memory.find(slot);
    if (found == memory.end()) throw std::logic_error("functional core: operation '" + op.name + "' reads a tensor not yet stored");
    operands.push_back(&found->second);
  }
  return operands;
}

const quant::MiniFloatFormat* narrow_accumulator(quant::ComputeDomain accumulation) {
  if (accumulation == quant::ComputeDomain::kFloat16) return &quant::kFp16;
  if (accumulation == quant::ComputeDomain::kBFloat16) return &quant::kBf16;
  return nullptr;
}

// Output index of (gemm, position m, channel n) in the op's output layout.
std::int64_t output_index(const golden::ConvParams& p, std::uint64_t gemm, std::uint64_t m, std::uint64_t n) {
  const auto& g = p.geometry;
  const std::int64_t channel = static_cast<std::int64_t>(gemm) * (g.out_channels / g.groups) + static_cast<std::int64_t>(n);
  if (p.rows_as_batch) return static_cast<std::int64_t>(m) * g.out_channels + channel;
  return channel * g.out_height * g.out_width + static_cast<std::int64_t>(m);
}

}  // namespace

GoldenFunctionalCore::GoldenFunctionalCore(const golden::GoldenProgram& program,
                                           std::vector<std::vector<golden::GoldenTensor>> items, FunctionalFaults faults)
    : program_(program), faults_(faults), memory_(items.size()), reference_(items.size()) {
  const golden::GoldenExecutor golden(program);
  for (std::size_t b = 0; b < items.size(); ++b) {
    if (items[b].size() != program.input_slots.size()) {
      throw std::invalid_argument("functional core: item " + std::to_string(b) + " has " + std::to_string(items[b].size()) +
                                  " inputs, the program takes " + std::to_string(program.input_slots.size()));
    }
    golden.run(items[b], [&](const golden::TensorSlot& slot, const golden::GoldenTensor& tensor) {
      reference_[b][program.slot(slot.name)] = tensor;
    });
    for (std::size_t i = 0; i < items[b].size(); ++i) memory_[b][program.input_slots[i]] = std::move(items[b][i]);
  }
}

GoldenFunctionalCore::~GoldenFunctionalCore() = default;

GoldenFunctionalCore::LayerState& GoldenFunctionalCore::state(std::size_t layer, std::uint32_t item) {
  auto& slot = states_[{layer, item}];
  if (!slot) slot = std::make_unique<LayerState>();
  return *slot;
}

void GoldenFunctionalCore::begin_layer(std::size_t layer) { op_of(program_, layer); }

void GoldenFunctionalCore::mac_tile(const TileWork& work) {
  const golden::LoweredOp& op = op_of(program_, work.layer);
  const std::uint64_t tile = mac_tiles_++;
  LayerState& s = state(work.layer, work.item);
  const bool integer = op.compute == quant::ComputeDomain::kInteger;
  const std::map<int, golden::GoldenTensor>& memory = memory_.at(work.item);
  const MacTile& t = work.mac;
  if (op.kind == golden::OpKind::kMatMul && !integer) {
    compute_whole(work.layer, work.item);  // a float MatMul of two tensors: the golden's float kernels
    return;
  }
  if (op.kind == golden::OpKind::kMatMul) {
    // Two run-time operands: [gemm][rows][inner] x [gemm][inner][cols] (broadcast by the golden
    // kernel otherwise; here each GEMM reads its own slices).
    const auto operands = operands_of(op, memory);
    const auto& p = std::get<golden::MatMulParams>(op.params);
    const auto& a = *operands[0];
    const auto& b = *operands[1];
    const std::int64_t rows = a.shape.size() >= 2 ? a.shape[a.shape.size() - 2] : 1, inner = a.shape.back(), cols = b.shape.back();
    if (s.acc.empty()) {
      s.acc.assign(static_cast<std::size_t>(models::checked_element_count(program_.tensors[op.outputs[0]].shape, "matmul")), 0);
    }
    const std::int64_t a_base = static_cast<std::int64_t>(t.gemm) * rows * inner;
    const std::int64_t b_base = (b.codes.size() == static_cast<std::size_t>(inner * cols) ? 0 : static_cast<std::int64_t>(t.gemm) * inner * cols);
    if (faults_.drop_mac_tile && *faults_.drop_mac_tile == tile) return;
    for (std::uint64_t m = t.m.begin; m < t.m.end; ++m) {
      for (std::uint64_t n = t.n.begin; n < t.n.end; ++n) {
        std::int64_t sum = 0;
        for (std::uint64_t k = t.k.begin; k < t.k.end; ++k) {
          sum += (static_cast<std::int64_t>(a.codes[a_base + m * inner + k]) - p.a_zero_point) *
                 (static_cast<std::int64_t>(b.codes[b_base + k * cols + n]) - p.b_zero_point);
        }
        s.acc[static_cast<std::size_t>((static_cast<std::int64_t>(t.gemm) * rows + m) * cols + n)] += sum;
      }
    }
    return;
  }
  const auto& p = std::get<golden::ConvParams>(op.params);
  const auto& g = p.geometry;
  const std::int64_t positions = p.rows_as_batch ? g.batch : g.out_height * g.out_width;
  const std::int64_t k_total = (g.in_channels / g.groups) * g.kernel_height * g.kernel_width;
  const std::int64_t out_per_group = g.out_channels / g.groups;
  const golden::GoldenTensor& input = *operands_of(op, memory)[0];
  const auto gemm = static_cast<std::int64_t>(t.gemm);
  // x[k][p]: the im2col of this group (a Gemm's rows are its positions, its K its channels).
  const auto x_of = [&](auto& cols, auto make) -> const auto& {
    auto& col = cols[gemm];
    if (col.empty()) make(col);
    return col;
  };
  if (integer) {
    // The INT8 datapath (8-bit operands; an accumulator that cannot leave int32) accumulates
    // in int32 on a channel-major layout; anything wider in int64.
    // |acc| <= |bias| + K * max|x - z| * max|w|, with |bias| <= 10^9 checked below.
    const bool narrow = !p.rows_as_batch && p.input_bound <= 255 && p.weight_bound <= 128 &&
                        static_cast<double>(k_total) * p.input_bound * p.weight_bound + 1e9 < 2147483647.0;
    if (narrow && s.acc32.empty()) {
      for (std::int64_t bias : p.bias) {
        if (bias > 1000000000 || bias < -1000000000) throw std::runtime_error("functional core: bias beyond the int32 datapath");
      }
      s.acc32.assign(static_cast<std::size_t>(golden::conv_output_count(p)), 0);
    }
    if (!narrow && s.acc.empty()) s.acc.assign(static_cast<std::size_t>(golden::conv_output_count(p)), 0);
    const std::vector<std::int32_t>& col = x_of(s.col, [&](std::vector<std::int32_t>& c) {
      if (p.rows_as_batch) {  // [rows][K] -> [K][rows]
        c.resize(static_cast<std::size_t>(k_total * positions));
        for (std::int64_t r = 0; r < positions; ++r) {
          for (std::int64_t k = 0; k < k_total; ++k) c[k * positions + r] = input.codes[r * k_total + k] - p.input_zero_point;
        }
      } else {
        golden::conv_im2col(p, input.codes, 0, gemm, c);
      }
    });
    const bool dropped = faults_.drop_mac_tile && *faults_.drop_mac_tile == tile;
    for (std::uint64_t n = t.n.begin; n < t.n.end; ++n) {
      const std::int64_t channel = gemm * out_per_group + static_cast<std::int64_t>(n);
      const std::int32_t* w = p.weights.data() + channel * k_total;
      if (narrow) {
        std::int32_t* a = s.acc32.data() + output_index(p, t.gemm, t.m.begin, n);
        const std::int64_t m_count = static_cast<std::int64_t>(t.m.end - t.m.begin);
        if (t.first_k) std::fill(a, a + m_count, static_cast<std::int32_t>(p.bias[static_cast<std::size_t>(channel)]));
        if (!dropped) {
          accumulate_channel(a, w + t.k.begin, col.data() + t.k.begin * positions + t.m.begin, positions,
                             static_cast<std::int64_t>(t.k.end - t.k.begin), m_count);
        }
        continue;
      }
      for (std::uint64_t m = t.m.begin; m < t.m.end; ++m) {
        std::int64_t& a = s.acc[static_cast<std::size_t>(output_index(p, t.gemm, m, n))];
        if (t.first_k) a = p.bias[static_cast<std::size_t>(channel)];
        if (dropped) continue;
        for (std::uint64_t k = t.k.begin; k < t.k.end; ++k) a += static_cast<std::int64_t>(w[k]) * col[k * positions + m];
      }
    }
    return;
  }
  // Float: each output element continues its accumulation in increasing k, one rounding per add.
  if (s.facc.empty()) s.facc.assign(static_cast<std::size_t>(golden::conv_output_count(p)), 0.0f);
  const quant::TensorQuantization format =
      quant::make_float_tensor_quantization("compute", std::string(quant::compute_domain_name(op.compute)));
  const std::vector<float>& col = x_of(s.fcol, [&](std::vector<float>& c) {
    models::Tensor decoded = golden::decode_tensor(input);
    for (float& v : decoded.data) v = golden::round_to_float_format(v, format);
    if (p.rows_as_batch) {
      c.resize(static_cast<std::size_t>(k_total * positions));
      for (std::int64_t r = 0; r < positions; ++r) {
        for (std::int64_t k = 0; k < k_total; ++k) c[k * positions + r] = decoded.data[r * k_total + k];
      }
    } else {
      golden::conv_im2col_float(p, decoded.data, 0, gemm, c);
    }
  });
  const quant::MiniFloatFormat* narrow = narrow_accumulator(op.accumulation);
  for (std::uint64_t n = t.n.begin; n < t.n.end; ++n) {
    const std::int64_t channel = gemm * out_per_group + static_cast<std::int64_t>(n);
    const float* w = p.float_weights.data() + channel * k_total;
    for (std::uint64_t m = t.m.begin; m < t.m.end; ++m) {
      float& a = s.facc[static_cast<std::size_t>(output_index(p, t.gemm, m, n))];
      if (t.first_k) a = narrow ? quant::round_to_minifloat(p.float_bias[channel], *narrow) : p.float_bias[channel];
      if (faults_.drop_mac_tile && *faults_.drop_mac_tile == tile) continue;
      for (std::uint64_t k = t.k.begin; k < t.k.end; ++k) {
        a = a + col[k * positions + m] * w[k];
        if (narrow) a = quant::round_to_minifloat(a, *narrow);
      }
    }
  }
}

void GoldenFunctionalCore::compute_whole(std::size_t layer, std::uint32_t item) {
  LayerState& s = state(layer, item);
  if (s.computed) return;
  s.computed = true;
  const golden::LoweredOp& op = op_of(program_, layer);
  const auto operands = operands_of(op, memory_.at(item));
  s.work = golden::requant_work(program_, op, operands);
  if (s.work) {
    s.wide.assign(s.work->cases.size(), 0);
    s.requantized.assign(s.work->cases.size(), false);
  } else {
    s.direct = golden::run_operation(program_, op, operands);
  }
}

void GoldenFunctionalCore::vector_tile(const TileWork& work) { compute_whole(work.layer, work.item); }
void GoldenFunctionalCore::move_tile(const TileWork& work) { compute_whole(work.layer, work.item); }

void GoldenFunctionalCore::requant_tile(const TileWork& work, RequantizationUnit& unit) {
  const golden::LoweredOp& op = op_of(program_, work.layer);
  LayerState& s = state(work.layer, work.item);
  std::vector<quant::RequantCase> cases;
  std::vector<std::size_t> where;
  quant::RoundingMode mode = quant::RoundingMode::kHalfUp;
  if (work.unit == ExecUnit::kMacArray && (op.kind == golden::OpKind::kConv || op.kind == golden::OpKind::kGemm ||
                                           op.kind == golden::OpKind::kMatMul)) {
    if (!op.requant) return;  // a float MAC layer: no requantization
    mode = op.requant->mode;
    const models::Shape& shape = program_.tensors[op.outputs[0]].shape;
    const golden::ChannelWalk walk = golden::channel_walk(shape, op.requant->axis);
    const MacTile& t = work.mac;
    for (std::uint64_t n = t.n.begin; n < t.n.end; ++n) {
      for (std::uint64_t m = t.m.begin; m < t.m.end; ++m) {
        std::int64_t index = 0;
        if (op.kind == golden::OpKind::kMatMul) {
          const std::int64_t cols = shape.back(), rows = shape.size() >= 2 ? shape[shape.size() - 2] : 1;
          index = (static_cast<std::int64_t>(t.gemm) * rows + static_cast<std::int64_t>(m)) * cols + static_cast<std::int64_t>(n);
        } else {
          index = output_index(std::get<golden::ConvParams>(op.params), t.gemm, m, n);
        }
        const quant::RequantParams& params = op.requant->channels[static_cast<std::size_t>(walk.channel(index))];
        const std::int64_t acc = s.acc32.empty() ? s.acc[static_cast<std::size_t>(index)] : s.acc32[static_cast<std::size_t>(index)];
        cases.push_back({acc, params});
        where.push_back(static_cast<std::size_t>(index));
      }
    }
    if (s.wide.empty()) {
      const std::size_t count = std::max(s.acc.size(), s.acc32.size());
      s.wide.assign(count, 0);
      s.requantized.assign(count, false);
    }
  } else {
    compute_whole(work.layer, work.item);
    if (!s.work) return;
    mode = s.work->mode;
    // Element tiles requantize consecutive shares of the layer's outputs, in order.
    const std::uint64_t end = std::min<std::uint64_t>(s.requant_cursor + work.requant_elements, s.work->cases.size());
    for (std::uint64_t i = s.requant_cursor; i < end; ++i) {
      cases.push_back(s.work->cases[static_cast<std::size_t>(i)]);
      where.push_back(static_cast<std::size_t>(i));
    }
    s.requant_cursor = end;
  }
  if (cases.empty()) return;
  std::vector<std::int32_t> wide(cases.size());
  unit.requantize(faults_.requant_mode ? *faults_.requant_mode : mode, cases.data(), cases.size(), wide.data());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    s.wide[where[i]] = wide[i];
    s.requantized[where[i]] = true;
  }
}

void GoldenFunctionalCore::write_output(const TileWork&) {}  // blocks land in s.wide; end_layer stores them

void GoldenFunctionalCore::end_layer(std::size_t layer) {
  const golden::LoweredOp& op = op_of(program_, layer);
  for (std::uint32_t item = 0; item < memory_.size(); ++item) {
    LayerState& s = state(layer, item);
    std::vector<golden::GoldenTensor> outputs;
    if (!s.direct.empty()) {
      outputs = std::move(s.direct);
    } else if (!s.facc.empty()) {
      models::Tensor accumulated;
      accumulated.shape = program_.graph.value_info(program_.graph.nodes[op.nodes[0]].outputs[0]).shape;
      accumulated.data = std::move(s.facc);
      outputs = golden::finish_float_accumulation(program_, op, std::move(accumulated));
    } else {
      for (bool done : s.requantized) {
        if (!done) throw std::logic_error("functional core: layer '" + op.name + "' ended with outputs never requantized");
      }
      if (s.requantized.empty()) throw std::logic_error("functional core: layer '" + op.name + "' produced nothing");
      for (int slot : op.outputs) {
        golden::GoldenTensor tensor;
        tensor.shape = program_.tensors[slot].shape;
        tensor.quant = program_.tensors[slot].quant;
        outputs.push_back(std::move(tensor));
      }
      const int lo_bits = op.requant ? op.requant->channels[0].lo_bits : 0;
      if (lo_bits > 0) {  // the dual-output writer
        outputs[0].codes.resize(s.wide.size());
        outputs[1].codes.resize(s.wide.size());
        for (std::size_t i = 0; i < s.wide.size(); ++i) {
          const quant::DualOutput split = quant::split_dual_output(s.wide[i], lo_bits);
          outputs[0].codes[i] = split.hi;
          outputs[1].codes[i] = split.lo;
        }
      } else {
        outputs[0].codes = std::move(s.wide);
      }
    }
    for (std::size_t o = 0; o < op.outputs.size(); ++o) {
      const int slot = op.outputs[o];
      const golden::GoldenTensor& golden = reference_[item].at(slot);
      const golden::GoldenTensor& got = outputs.at(o);
      if (first_difference_.empty()) {
        const std::size_t count = std::max(got.codes.size(), got.values.size());
        for (std::size_t i = 0; i < count && first_difference_.empty(); ++i) {
          const bool codes = !got.codes.empty() || !golden.codes.empty();
          const bool same = codes ? i < golden.codes.size() && i < got.codes.size() && got.codes[i] == golden.codes[i]
                                  : i < golden.values.size() && got.values[i] == golden.values[i];
          if (!same) {
            first_difference_ = "layer '" + op.name + "' (item " + std::to_string(item) + "), tensor '" +
                                program_.tensors[slot].name + "', element " + std::to_string(i) + ": simulated " +
                                (codes ? std::to_string(got.codes[i]) : std::to_string(got.values[i])) + ", golden " +
                                (codes ? std::to_string(golden.codes[i]) : std::to_string(golden.values[i]));
          }
        }
        if (first_difference_.empty() && (got.codes.size() != golden.codes.size() || got.values.size() != golden.values.size())) {
          first_difference_ = "layer '" + op.name + "': tensor '" + program_.tensors[slot].name + "' has another size";
        }
      }
      memory_[item][slot] = outputs[o];
    }
    states_.erase({layer, item});
  }
  ++layers_done_;
}

std::optional<bool> GoldenFunctionalCore::matches_golden() const {
  if (layers_done_ != program_.ops.size()) return false;  // the run stopped early
  return first_difference_.empty();
}

std::string GoldenFunctionalCore::first_difference() const {
  if (layers_done_ != program_.ops.size() && first_difference_.empty()) {
    return "only " + std::to_string(layers_done_) + " of " + std::to_string(program_.ops.size()) + " layers ran";
  }
  return first_difference_;
}

std::vector<std::vector<golden::GoldenOutput>> GoldenFunctionalCore::outputs() const {
  std::vector<std::vector<golden::GoldenOutput>> result;
  for (const auto& memory : memory_) {
    std::vector<golden::GoldenOutput> item;
    for (const golden::ProgramOutput& output : program_.outputs) {
      golden::GoldenOutput out;
      out.graph_name = output.graph_name;
      out.value = memory.at(output.slot);
      if (output.lo_slot >= 0) out.lo = memory.at(output.lo_slot);
      out.lo_bits = output.lo_bits;
      item.push_back(std::move(out));
    }
    result.push_back(std::move(item));
  }
  return result;
}

}  // namespace npusim::sim
