// SCALE-Sim configuration files (sim/compiler/scalesim_config: sections, keys, values) and
// the NPU configuration made from them, which must pass the NPU config's own validation
// and serialise.
#include <exception>
#include <string>

#include "sim/compiler/scalesim_config.h"
#include "sim/config/npu_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const sim::ScaleSimConfig config = sim::parse_scalesim_config(text, "fuzz.cfg");
    const sim::NpuConfig npu = sim::scalesim_npu_config(config, "fuzz.cfg");
    (void)sim::npu_config_to_json(npu);
  } catch (const std::exception&) {
  }
  return 0;
}
