// SystemC helpers for the NPU model: a fresh simulation kernel per run, and cycle <-> sc_time.
#pragma once

#include <systemc>

#include <cstdint>

namespace npusim::sim {

// Replaces SystemC's global simulation context with a new one (and deletes the previous
// one), so one process can elaborate and run many simulations one after another: tests,
// benchmarks, sweeps. SystemC 2.3 cannot elaborate again after sc_start otherwise. Call it
// before building a simulation's modules, after the previous simulation's modules are gone.
void fresh_systemc_kernel();

// The model counts NPU clock cycles; one cycle is one nanosecond of SystemC time (the clock
// frequency only converts cycles to seconds in the report).
inline sc_core::sc_time cycles_time(std::uint64_t cycles) {
  return sc_core::sc_time(static_cast<double>(cycles), sc_core::SC_NS);
}
inline std::uint64_t now_cycles() {
  return static_cast<std::uint64_t>(sc_core::sc_time_stamp() / sc_core::sc_time(1, sc_core::SC_NS) + 0.5);
}

}  // namespace npusim::sim
