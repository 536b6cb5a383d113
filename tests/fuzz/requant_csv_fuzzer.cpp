// Requantization vector CSVs (sim/requant/requant_csv, the `npusim requant` input): header,
// rows, range and rounding-mode checks, then each accepted batch through the C++ model
// unit and the output writer, as the command does. The first byte picks the rounding mode
// (the reader's preconditions depend on it); the rest is the file.
#include <exception>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "quant/requant/requant.h"
#include "sim/requant/requant_csv.h"
#include "sim/requant/requantization_unit.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

constexpr npusim::quant::RoundingMode kModes[] = {
    npusim::quant::RoundingMode::kHalfUp,   npusim::quant::RoundingMode::kHalfAway,
    npusim::quant::RoundingMode::kHalfEven, npusim::quant::RoundingMode::kFloor,
    npusim::quant::RoundingMode::kTruncate, npusim::quant::RoundingMode::kTfliteDouble,
    npusim::quant::RoundingMode::kFp32,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace npusim;
  if (size == 0) return 0;
  const quant::RoundingMode mode = kModes[data[0] % (sizeof(kModes) / sizeof(kModes[0]))];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  static const std::unique_ptr<sim::RequantizationUnit> unit = sim::make_model_requantization_unit();
  try {
    sim::RequantCsvReader reader(in, "fuzz.csv", mode);
    std::string out = sim::requant_csv_output_header(reader.has_lo_bits());
    sim::RequantCsvBatch batch;
    std::vector<std::int32_t> wide;
    // Small batches: a short input still spans several, as a long file would.
    while (reader.read_batch(4, &batch)) {
      fuzz::check(batch.rows.size() == batch.line_ends.size() && batch.rows.size() == batch.line_numbers.size(),
                  "batch vectors disagree");
      wide.resize(batch.rows.size());
      // Rows the reader accepted meet the mode's preconditions: the unit must not throw.
      unit->requantize(mode, batch.rows.data(), batch.rows.size(), wide.data());
      for (std::size_t i = 0; i < batch.rows.size(); ++i) {
        sim::append_requant_csv_result(batch.line(i), reader.has_lo_bits(), wide[i], batch.rows[i].params.lo_bits,
                                       &out);
      }
    }
  } catch (const sim::RequantCaseError& e) {
    fuzz::check(false, e.what());
  } catch (const std::exception&) {
  }
  return 0;
}
