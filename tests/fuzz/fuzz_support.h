// Shared helpers for the loader fuzz harnesses (tests/fuzz/*_fuzzer.cpp).
//
// Each harness defines LLVMFuzzerTestOneInput and is linked either with libFuzzer
// (-DNPUSIM_FUZZ=ON, clang) or with replay_main.cpp, which runs it over the committed
// corpus as a CTest test. A harness returns normally when the loader accepts the input or
// rejects it with an exception derived from std::exception (the documented error path);
// anything else (a crash, a sanitizer report, another exception type, a broken invariant
// checked with npusim_fuzz_check) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace npusim::fuzz {

// A folder private to this process (under $TMPDIR or /tmp), created on first use and
// removed at exit. Loaders that only take paths read their input from a file in it.
const std::string& scratch_dir();

// Writes `size` bytes to scratch_dir()/name (replacing it) and returns the full path.
std::string write_scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size);

// Aborts (a finding) with the message when `condition` is false: for invariants a loader
// promises about what it accepted, which no exception would report.
void check(bool condition, const char* message);

}  // namespace npusim::fuzz

// The libFuzzer entry point every harness defines.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
