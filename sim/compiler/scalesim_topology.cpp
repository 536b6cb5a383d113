#include "sim/compiler/scalesim_topology.h"

#include <fstream>
#include <sstream>

#include "quant/io/read_input.h"
#include "sim/compiler/text_trim.h"

namespace npusim::sim {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(trim_spaces(field));
  if (!line.empty() && line.back() == ',') fields.push_back("");
  while (!fields.empty() && fields.back().empty()) fields.pop_back();  // the trailing comma(s)
  return fields;
}

class RowReader {
 public:
  RowReader(const std::string& source, int line, const std::vector<std::string>& fields, const char* const* names)
      : source_(source), line_(line), fields_(fields), names_(names) {}
  [[noreturn]] void fail(const std::string& problem) const {
    throw ScaleSimTopologyError(source_ + ":" + std::to_string(line_) + ": " + problem);
  }
  int positive(std::size_t index) const {
    const std::string& text = fields_[index];
    std::size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || text.empty()) fail(std::string(names_[index]) + ": '" + text + "' is not an integer");
    if (value < 1 || value > 100000000) fail(std::string(names_[index]) + ": " + text + " must be in 1..100000000");
    return static_cast<int>(value);
  }

 private:
  const std::string& source_;
  int line_;
  const std::vector<std::string>& fields_;
  const char* const* names_;
};

// Whether a layer reads the previous one's output: same channels, and a spatial size that is
// the previous output or that plus a 'same' padding halo (a topology lists the padded input
// while SCALE-Sim's output size has no padding: 56 -> 54 -> read as 56 by the next 3x3).
bool chains(const ConvGeometry& previous, const ConvGeometry& next) {
  auto within = [](int produced, int read, int kernel) { return read >= produced && read <= produced + kernel - 1; };
  return previous.output_channels == next.input_channels && within(previous.output_h, next.input_h, next.kernel_h) &&
         within(previous.output_w, next.input_w, next.kernel_w);
}

}  // namespace

std::vector<ScaleSimLayer> parse_scalesim_topology(const std::string& text, const std::string& source_name,
                                                   ScaleSimTopologyFormat format) {
  static const char* const kConvNames[] = {"layer name", "ifmap height", "ifmap width", "filter height", "filter width",
                                           "channels",   "num filter",   "stride",      "stride width"};
  static const char* const kGemmNames[] = {"layer name", "M", "N", "K"};
  std::vector<ScaleSimLayer> layers;
  std::stringstream in(text);
  std::string raw;
  int line = 0;
  bool header = true;
  while (std::getline(in, raw)) {
    ++line;
    const std::string row = trim_spaces(raw);
    if (row.empty()) continue;
    if (header) {  // SCALE-Sim skips the first non-empty line whatever it holds
      header = false;
      continue;
    }
    const std::vector<std::string> fields = split_fields(row);
    ScaleSimLayer layer;
    layer.line = line;
    if (format == ScaleSimTopologyFormat::kConv) {
      RowReader reader(source_name, line, fields, kConvNames);
      if (fields.size() != 8 && fields.size() != 9) {
        reader.fail("expected 8 or 9 fields (name, ifmap height, ifmap width, filter height, filter width, channels, "
                    "num filter, stride[, stride width]), got " + std::to_string(fields.size()));
      }
      layer.name = fields[0];
      layer.ifmap_h = reader.positive(1);
      layer.ifmap_w = reader.positive(2);
      layer.filter_h = reader.positive(3);
      layer.filter_w = reader.positive(4);
      layer.channels = reader.positive(5);
      layer.num_filter = reader.positive(6);
      layer.stride_h = reader.positive(7);
      layer.stride_w = fields.size() == 9 ? reader.positive(8) : layer.stride_h;
      if (layer.filter_h > layer.ifmap_h) reader.fail("filter height is larger than ifmap height");
      if (layer.filter_w > layer.ifmap_w) reader.fail("filter width is larger than ifmap width");
    } else {
      RowReader reader(source_name, line, fields, kGemmNames);
      if (fields.size() != 4) reader.fail("expected 4 fields (name, M, N, K), got " + std::to_string(fields.size()));
      layer.name = fields[0];
      // SCALE-Sim's mapping: ifmap M x K, filter 1 x K, one channel, N filters, stride 1.
      layer.ifmap_h = reader.positive(1);
      layer.num_filter = reader.positive(2);
      layer.ifmap_w = reader.positive(3);
      layer.filter_h = 1;
      layer.filter_w = layer.ifmap_w;
      layer.channels = 1;
    }
    if (layer.name.empty()) throw ScaleSimTopologyError(source_name + ":" + std::to_string(line) + ": layer name is empty");
    layers.push_back(layer);
  }
  if (layers.empty()) throw ScaleSimTopologyError(source_name + ": no layers after the header line");
  return layers;
}

std::vector<ScaleSimLayer> read_scalesim_topology(const std::string& path, ScaleSimTopologyFormat format) {
  std::string text;
  try {
    text = io::read_text_file(path, "topology file", std::uintmax_t{64} << 20);
  } catch (const std::runtime_error& e) {
    throw ScaleSimTopologyError(e.what());
  }
  return parse_scalesim_topology(text, path, format);
}

std::vector<LayerWorkload> scalesim_workloads(const std::vector<ScaleSimLayer>& rows,
                                              const ScaleSimWorkloadOptions& options) {
  // Counted first: a fuzzed 10^8-channel depthwise row would otherwise build 10^8 layers.
  std::uint64_t total = 0;
  for (const ScaleSimLayer& row : rows) {
    const bool expands = options.expand_depthwise && row.name.find("DP") != std::string::npos;
    total += expands ? static_cast<std::uint64_t>(row.channels) : 1;
    if (total > kMaxScaleSimWorkloadLayers) {
      throw ScaleSimTopologyError("line " + std::to_string(row.line) + ": layer '" + row.name +
                                  "' takes the topology past " + std::to_string(kMaxScaleSimWorkloadLayers) +
                                  " layers (a depthwise 'DP' layer counts one per channel: " +
                                  std::to_string(row.channels) + ")");
    }
  }
  std::vector<LayerWorkload> layers;
  for (const ScaleSimLayer& row : rows) {
    const bool depthwise = row.name.find("DP") != std::string::npos;
    const int copies = depthwise && options.expand_depthwise ? row.channels : 1;
    for (int copy = 0; copy < copies; ++copy) {
      LayerWorkload layer;
      layer.kind = LayerKind::kConv;
      layer.name = copies > 1 ? row.name + "Channel_" + std::to_string(copy) : row.name;
      ConvGeometry g;
      g.input_h = row.ifmap_h;
      g.input_w = row.ifmap_w;
      g.input_channels = copies > 1 ? 1 : row.channels;
      g.kernel_h = row.filter_h;
      g.kernel_w = row.filter_w;
      g.stride_h = row.stride_h;
      g.stride_w = row.stride_w;
      g.output_h = (row.ifmap_h - row.filter_h + row.stride_h + row.stride_h - 1) / row.stride_h;
      g.output_w = (row.ifmap_w - row.filter_w + row.stride_w + row.stride_w - 1) / row.stride_w;
      g.output_channels = row.num_filter;
      if (depthwise && copies == 1) {
        g.groups = row.channels;
        g.output_channels = row.channels;  // one filter per channel
      }
      layer.conv = g;
      layer.gemm_m = static_cast<std::uint64_t>(g.output_h) * g.output_w;
      layer.gemm_count = static_cast<std::uint64_t>(g.groups);
      layer.gemm_n = static_cast<std::uint64_t>(g.output_channels) / layer.gemm_count;
      layer.gemm_k = static_cast<std::uint64_t>(g.kernel_h) * g.kernel_w * (g.input_channels / g.groups);
      const std::uint64_t input_bytes = static_cast<std::uint64_t>(g.input_h) * g.input_w * g.input_channels;
      layer.weight_bytes = layer.gemm_k * layer.gemm_n * layer.gemm_count;
      layer.output_bytes = layer.gemm_m * g.output_channels;
      layer.requant_elements = options.requantize_outputs ? layer.output_bytes : 0;
      std::string producer;
      if (options.chain_layers && !layers.empty() && layers.back().conv && chains(*layers.back().conv, g)) {
        producer = layers.back().name;
      }
      layer.inputs.push_back({producer, input_bytes});
      layers.push_back(layer);
    }
  }
  if (!layers.empty()) layers.back().network_output = true;
  return layers;
}

}  // namespace npusim::sim
