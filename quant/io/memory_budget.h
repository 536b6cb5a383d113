// A process-wide memory budget: every large allocation driven by an input file (tensors of the
// Graph IR and of the golden executor, images, .npy arrays, histograms) asks it first, so a
// malformed file that declares a huge shape is refused with a message instead of being
// killed by the kernel or swapping the machine. It is a per-request cap, not an accountant:
// one request may not exceed the budget, whatever else is alive.
//
// Default: half of the physical memory, and at most a quarter of the address-space limit
// (ulimit -v) when one is set, since the process also needs room for its inputs, code and
// the other tensors of the operation. `--max-memory SIZE` (every subcommand) sets it.
#pragma once

#include <cstdint>
#include <string>

namespace npusim::io {

// The current budget in bytes.
std::uint64_t memory_budget_bytes();
// Sets the budget (0 restores the default).
void set_memory_budget_bytes(std::uint64_t bytes);
// The default described above.
std::uint64_t default_memory_budget_bytes();

// Throws std::runtime_error when `bytes` exceed the budget:
//   "<where>: <what> needs 8192 MiB, more than the memory budget of 4096 MiB (--max-memory)"
void reserve_memory(std::uint64_t bytes, const std::string& what, const std::string& where);
// The same for `count` elements of `element_bytes` each (an overflowing product is refused).
void reserve_elements(std::uint64_t count, std::uint64_t element_bytes, const std::string& what,
                      const std::string& where);

// Parses a --max-memory value: a positive number with an optional K, M, G or T suffix
// (powers of 1024, "B" and "iB" accepted: 512M, 4G, 1.5GiB, 1048576). Returns false for
// anything else (negative, zero, garbage, overflowing).
bool parse_memory_size(const std::string& text, std::uint64_t* bytes);

// "512 MiB", with one decimal below 10 ("1.5 MiB"), in KiB below 1 MiB ("64 KiB").
std::string format_mebibytes(std::uint64_t bytes);

}  // namespace npusim::io
