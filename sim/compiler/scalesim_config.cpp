#include "sim/compiler/scalesim_config.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include "quant/io/read_input.h"
#include "sim/compiler/text_trim.h"

namespace npusim::sim {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

class Ini {
 public:
  Ini(const std::string& text, const std::string& source) : source_(source) {
    std::stringstream in(text);
    std::string raw, section;
    int line = 0;
    while (std::getline(in, raw)) {
      ++line;
      const std::string row = trim_spaces(raw);
      if (row.empty() || row[0] == '#' || row[0] == ';') continue;
      if (row.front() == '[') {
        if (row.back() != ']') fail(line, "section header without ']'");
        section = lower(trim_spaces(row.substr(1, row.size() - 2)));
        continue;
      }
      const auto split = row.find_first_of(":=");
      if (split == std::string::npos) fail(line, "expected 'key: value' or 'key = value'");
      if (section.empty()) fail(line, "a key before any [section]");
      values_[section + "." + lower(trim_spaces(row.substr(0, split)))] = {trim_spaces(row.substr(split + 1)), line};
    }
  }
  [[noreturn]] void fail(int line, const std::string& problem) const {
    throw ScaleSimConfigError(source_ + ":" + std::to_string(line) + ": " + problem);
  }
  [[noreturn]] void fail_key(const std::string& section, const std::string& key, const std::string& problem) const {
    const auto it = values_.find(section + "." + lower(key));
    const std::string where = it == values_.end() ? "" : ":" + std::to_string(it->second.line);
    throw ScaleSimConfigError(source_ + where + ": [" + section + "] " + key + ": " + problem);
  }
  bool has(const std::string& section, const std::string& key) const { return values_.count(section + "." + lower(key)) > 0; }
  const std::string& text(const std::string& section, const std::string& key) const {
    const auto it = values_.find(section + "." + lower(key));
    if (it == values_.end()) fail_key(section, key, "missing");
    return it->second.value;
  }
  int integer(const std::string& section, const std::string& key, int low, int high) const {
    return parse_integer(section, key, text(section, key), low, high);
  }
  int parse_integer(const std::string& section, const std::string& key, const std::string& value, int low, int high) const {
    std::size_t used = 0;
    long long x = 0;
    try {
      x = std::stoll(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (value.empty() || used != value.size()) fail_key(section, key, "'" + value + "' is not an integer");
    if (x < low || x > high) {
      fail_key(section, key, value + " is outside " + std::to_string(low) + ".." + std::to_string(high));
    }
    return static_cast<int>(x);
  }

 private:
  struct Entry {
    std::string value;
    int line;
  };
  std::string source_;
  std::map<std::string, Entry> values_;
};

}  // namespace

ScaleSimConfig parse_scalesim_config(const std::string& text, const std::string& source_name) {
  const Ini ini(text, source_name);
  ScaleSimConfig config;
  config.run_name = ini.text("general", "run_name");
  const std::string arch = "architecture_presets";
  config.array_rows = ini.integer(arch, "ArrayHeight", 1, 16384);
  config.array_cols = ini.integer(arch, "ArrayWidth", 1, 16384);
  config.ifmap_sram_kb = ini.integer(arch, "IfmapSramSzkB", 1, 1048576);
  config.filter_sram_kb = ini.integer(arch, "FilterSramSzkB", 1, 1048576);
  config.ofmap_sram_kb = ini.integer(arch, "OfmapSramSzkB", 1, 1048576);
  const std::string dataflow = lower(ini.text(arch, "Dataflow"));
  const auto parsed = parse_dataflow(dataflow);
  if (!parsed) ini.fail_key(arch, "Dataflow", "'" + dataflow + "' is not os, ws or is");
  config.dataflow = *parsed;
  const std::string mode = ini.text("run_presets", "InterfaceBandwidth");
  if (mode == "USER") {
    config.user_bandwidth = true;
    std::stringstream list(ini.text(arch, "Bandwidth"));
    std::string item;
    while (std::getline(list, item, ',')) config.bandwidth_words.push_back(ini.parse_integer(arch, "Bandwidth", trim_spaces(item), 1, 1000000));
    if (config.bandwidth_words.empty()) ini.fail_key(arch, "Bandwidth", "no value");
  } else if (mode != "CALC") {
    ini.fail_key("run_presets", "InterfaceBandwidth", "'" + mode + "' is neither USER nor CALC");
  }
  return config;
}

ScaleSimConfig read_scalesim_config(const std::string& path) {
  std::string text;
  try {
    text = io::read_text_file(path, "SCALE-Sim config", std::uintmax_t{64} << 20);
  } catch (const std::runtime_error& e) {
    throw ScaleSimConfigError(e.what());
  }
  return parse_scalesim_config(text, path);
}

NpuConfig scalesim_npu_config(const ScaleSimConfig& s, const std::string& source_name) {
  NpuConfig c;
  c.name = s.run_name;
  c.description = "The NPU of SCALE-Sim configuration " + source_name + " (" + std::to_string(s.array_rows) + "x" +
                  std::to_string(s.array_cols) + " " + std::string(dataflow_name(s.dataflow)) + ")";
  c.approximation = "SCALE-Sim's model: a systolic array and three double-buffered SRAMs; no requantization, vector unit "
                    "or SRAM bandwidth limit; 1-byte words; cycles at a nominal 1000 MHz.";
  c.sources = {source_name};
  c.clock_mhz = 1000;
  MacArrayConfig array;
  array.name = "array";
  array.pe_rows = s.array_rows;
  array.pe_cols = s.array_cols;
  array.dataflow = s.dataflow;
  array.macs_per_pe_per_cycle[Precision::kInt8] = 1;
  c.mac_arrays = {array};
  auto buffer = [](int kib) {
    SramBufferConfig b;
    b.size_kib = kib;
    b.banks = 1;
    b.bank_width_bytes = std::min(kib * 1024, 4096);
    return b;
  };
  c.sram.activations = buffer(s.ifmap_sram_kb);
  c.sram.weights = buffer(s.filter_sram_kb);
  c.sram.accumulators = buffer(s.ofmap_sram_kb);
  c.dma = {64, 65536, 0};
  c.dram.latency_ns = 0;
  c.dram.burst_bytes = 1;
  // At 1000 MHz, N GB/s is N bytes per cycle.
  c.dram.bandwidth_gbps = s.user_bandwidth ? s.bandwidth_words.front() : 100000.0;
  c.requant = {1, 65536, 0};
  c.vector_unit.latency_cycles = 0;
  c.vector_unit.elements_per_cycle.fill(65536);
  c.output_writer = {65536, true};
  c.energy.pj_per_mac[Precision::kInt8] = 0.3;
  c.energy.sram_pj_per_byte = 2.5;
  c.energy.dram_pj_per_byte = 160;
  c.energy.requant_pj_per_element = 3.0;
  c.energy.vector_pj_per_element = 0.5;
  c.energy.sources = {"M. Horowitz, ISSCC 2014, 45 nm (as the presets; SCALE-Sim itself reports no energy)"};
  validate_npu_config(c, source_name);
  return c;
}

}  // namespace npusim::sim
