// NPU configuration JSON (sim/config: schema, field types, value rules). A configuration
// that loads must write back as JSON that loads again to the same JSON: the program files
// and reports embed it, and `npusim simulate --npu` reads those copies.
#include <exception>
#include <string>

#include "sim/config/npu_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string written;
  try {
    written = sim::npu_config_to_json(sim::parse_npu_config(text, "fuzz.json"));
  } catch (const std::exception&) {
    return 0;
  }
  std::string again;
  try {
    again = sim::npu_config_to_json(sim::parse_npu_config(written, "written.json"));
  } catch (const std::exception& e) {
    fuzz::check(false, e.what());
  }
  fuzz::check(again == written, "a written configuration reads back differently");
  return 0;
}
