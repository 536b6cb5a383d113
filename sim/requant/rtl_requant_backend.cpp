// The `npusim requant --rtl` backend. Stub: replace the body of make_rtl_requant_backend with
// a RequantBackend that drives the Verilated unit (see requant_backend.h for the contract).
#include "sim/requant/requant_backend.h"

namespace npusim::sim {

std::unique_ptr<RequantBackend> make_rtl_requant_backend() {
  throw std::runtime_error("RTL backend not built (the Verilated requantization unit is not wired into `npusim requant`)");
}

}  // namespace npusim::sim
