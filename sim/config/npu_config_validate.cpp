// The value rules of an NPU configuration: the range each field may take (beyond it a value is
// absurd: a 0 MHz clock, a 100 TB/s DRAM, a negative latency) and the rules between fields.
// Every error names the source and the field path, as a file would spell it.
#include <cmath>
#include <set>
#include <sstream>

#include "sim/config/npu_config.h"

namespace npusim::sim {
namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

class Rules {
 public:
  explicit Rules(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw NpuConfigError(source_ + ": " + path + ": " + problem);
  }
  // low < x (low_open) or low <= x, and x <= high.
  void range(const std::string& path, double x, double low, double high, bool low_open = false) const {
    if (!std::isfinite(x)) fail(path, "must be finite");
    if (low_open ? !(x > low) : !(x >= low)) {
      fail(path, std::string("must be ") + (low_open ? "> " : ">= ") + number_text(low) + ", got " + number_text(x));
    }
    if (x > high) fail(path, "must be <= " + number_text(high) + " (an absurd value), got " + number_text(x));
  }
  void not_empty(const std::string& path, const std::string& text) const {
    if (text.empty()) fail(path, "must not be empty");
  }

 private:
  const std::string& source_;
};

void check_buffer(const Rules& rules, const std::string& path, const SramBufferConfig& buffer) {
  rules.range(path + ".size_kib", buffer.size_kib, 0.0, 1048576.0, true);  // up to 1 GiB on chip
  rules.range(path + ".banks", buffer.banks, 1, 4096);
  rules.range(path + ".bank_width_bytes", buffer.bank_width_bytes, 1, 4096);
  if (buffer.bytes_per_cycle() > buffer.size_bytes()) {
    rules.fail(path + ".banks", "banks x bank_width_bytes (" + std::to_string(buffer.bytes_per_cycle()) +
                                    " bytes) exceed the buffer's size");
  }
}

}  // namespace

void validate_npu_config(const NpuConfig& config, const std::string& source_name) {
  const Rules rules(source_name);
  rules.not_empty("name", config.name);
  rules.not_empty("approximation", config.approximation);
  if (config.sources.empty()) rules.fail("sources", "must list at least one entry");
  rules.range("clock_mhz", config.clock_mhz, 0.0, 10000.0, true);

  if (config.mac_arrays.empty()) rules.fail("mac_arrays", "must list at least one MAC array");
  if (config.mac_arrays.size() > 64) rules.fail("mac_arrays", "more than 64 MAC arrays is absurd");
  std::set<std::string> names;
  PerPrecision supported;  // > 0 where some array runs the precision
  for (std::size_t i = 0; i < config.mac_arrays.size(); ++i) {
    const MacArrayConfig& array = config.mac_arrays[i];
    const std::string path = "mac_arrays[" + std::to_string(i) + "]";
    rules.not_empty(path + ".name", array.name);
    if (!names.insert(array.name).second) rules.fail(path + ".name", "'" + array.name + "' is used twice");
    rules.range(path + ".pe_rows", array.pe_rows, 1, 16384);
    rules.range(path + ".pe_cols", array.pe_cols, 1, 16384);
    double any_rate = 0;
    for (Precision p : kAllPrecisions) {
      const double rate = array.macs_per_pe_per_cycle[p];
      rules.range(path + ".macs_per_pe_per_cycle." + std::string(precision_name(p)), rate, 0.0, 64.0);
      any_rate += rate;
      supported[p] += rate;
    }
    if (any_rate == 0) rules.fail(path + ".macs_per_pe_per_cycle", "is 0 for every precision: the array can run nothing");
  }

  check_buffer(rules, "sram.weights", config.sram.weights);
  check_buffer(rules, "sram.activations", config.sram.activations);
  check_buffer(rules, "sram.accumulators", config.sram.accumulators);

  rules.range("dma.engines", config.dma.engines, 1, 64);
  rules.range("dma.bytes_per_cycle", config.dma.bytes_per_cycle, 1, 65536);
  rules.range("dma.setup_cycles", config.dma.setup_cycles, 0, 100000);

  rules.range("dram.bandwidth_gbps", config.dram.bandwidth_gbps, 0.0, 100000.0, true);
  rules.range("dram.latency_ns", config.dram.latency_ns, 0.0, 1e6);
  rules.range("dram.burst_bytes", config.dram.burst_bytes, 1, 65536);
  if ((config.dram.burst_bytes & (config.dram.burst_bytes - 1)) != 0) {
    rules.fail("dram.burst_bytes", "must be a power of two, got " + std::to_string(config.dram.burst_bytes));
  }

  rules.range("requant.units", config.requant.units, 1, 1024);
  rules.range("requant.lanes", config.requant.lanes, 1, 65536);
  rules.range("requant.latency_cycles", config.requant.latency_cycles, 0, 1024);

  rules.range("vector_unit.latency_cycles", config.vector_unit.latency_cycles, 0, 100000);
  for (VectorOp op : kAllVectorOps) {
    rules.range("vector_unit.elements_per_cycle." + std::string(vector_op_name(op)), config.vector_unit.rate(op), 0.0,
                65536.0);
  }
  rules.range("output_writer.bytes_per_cycle", config.output_writer.bytes_per_cycle, 1, 65536);

  for (Precision p : kAllPrecisions) {
    const std::string path = "energy.pj_per_mac." + std::string(precision_name(p));
    rules.range(path, config.energy.pj_per_mac[p], 0.0, 1e4);
    // A precision some array runs must cost something, or its energy would read as free.
    if (supported[p] > 0 && config.energy.pj_per_mac[p] == 0) {
      rules.fail(path, "must be > 0: a MAC array runs " + std::string(precision_name(p)));
    }
  }
  rules.range("energy.sram_pj_per_byte", config.energy.sram_pj_per_byte, 0.0, 1e5);
  rules.range("energy.dram_pj_per_byte", config.energy.dram_pj_per_byte, 0.0, 1e5);
  rules.range("energy.requant_pj_per_element", config.energy.requant_pj_per_element, 0.0, 1e5);
  rules.range("energy.vector_pj_per_element", config.energy.vector_pj_per_element, 0.0, 1e5);
  if (config.energy.sources.empty()) rules.fail("energy.sources", "must list at least one entry");
}

}  // namespace npusim::sim
