// SCALE-Sim topology CSVs (sim/compiler/scalesim_topology: conv and gemm formats) and the
// layer workloads made from them. The first byte picks the format and workload options.
#include <exception>
#include <string>

#include "sim/compiler/scalesim_topology.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto format = (selector & 1) != 0 ? sim::ScaleSimTopologyFormat::kGemm : sim::ScaleSimTopologyFormat::kConv;
  try {
    const auto layers = sim::parse_scalesim_topology(text, "fuzz.csv", format);
    sim::ScaleSimWorkloadOptions options;
    options.expand_depthwise = (selector & 2) != 0;
    options.chain_layers = (selector & 4) != 0;
    options.requantize_outputs = (selector & 8) != 0;
    (void)sim::scalesim_workloads(layers, options);
  } catch (const std::exception&) {
  }
  return 0;
}
