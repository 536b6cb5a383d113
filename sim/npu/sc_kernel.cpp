#include "sim/npu/sc_kernel.h"

namespace npusim::sim {
namespace {

// The context this module made last. The one SystemC made at start-up is never deleted:
// libsystemc's own static objects (events) are registered with it and unregister at exit.
sc_core::sc_simcontext* owned_context = nullptr;

}  // namespace

void fresh_systemc_kernel() {
  sc_core::sc_get_curr_simcontext();  // make sure SystemC's start-up context exists first
  sc_core::sc_simcontext* previous = owned_context;
  owned_context = new sc_core::sc_simcontext();
  sc_core::sc_curr_simcontext = owned_context;
  sc_core::sc_default_global_context = owned_context;
  delete previous;  // its modules and processes are gone (the caller's precondition)
}

}  // namespace npusim::sim
