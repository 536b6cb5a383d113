// `npusim requant`: runs a requantization vector CSV through the golden C++ (or, with --rtl,
// the Verilated unit) and writes the same rows with the results appended. Streams in batches
// (constant memory); the output file appears only when every row succeeded.
#include <fstream>
#include <iostream>
#include <memory>

#include "quant/io/atomic_output_file.h"
#include "quant/io/read_input.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"
#include "sim/requant/requantization_unit.h"
#include "sim/requant/requant_csv.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_requant(const std::vector<std::string>& args) {
  std::string mode_name, in_path, out_path;
  bool use_rtl = false;
  std::size_t batch_rows = 65536;
  po::options_description options("options");
  options.add_options()
      ("mode", po::value(&mode_name)->required(),
       "rounding mode: half_up, half_away, half_even, floor, truncate, tflite_double, fp32 (required)")
      ("in", po::value(&in_path)->required(),
       "input CSV: acc,multiplier,shift,zero_point,qmin,qmax[,lo_bits] (required; '-' reads stdin)")
      ("out", po::value(&out_path)->required(),
       "output CSV: the input rows with q appended, or hi,lo when the input has a lo_bits column (required)")
      ("rtl", po::bool_switch(&use_rtl)->default_value(false), "evaluate with the Verilated RTL unit instead of the golden C++")
      ("batch-rows", po::value(&batch_rows)->default_value(batch_rows), "rows per batch (memory use is proportional)");
  po::variables_map values;
  if (!parse_options("requant", "--mode MODE [--rtl] --in vectors.csv --out results.csv", options, args, &values)) {
    return kExitOk;
  }
  const auto mode = quant::parse_rounding_mode(mode_name);
  if (!mode) throw UsageError("--mode: unknown rounding mode '" + mode_name + "'");
  if (batch_rows == 0) throw UsageError("--batch-rows: must be at least 1");

  std::unique_ptr<sim::RequantizationUnit> unit =
      use_rtl ? sim::make_rtl_requantization_unit() : sim::make_model_requantization_unit();

  std::ifstream file_in;
  std::istream* in = &std::cin;
  if (in_path != "-") {
    io::require_input_file(in_path, "input CSV", /*regular_only=*/false);  // a FIFO streams like stdin
    file_in.open(in_path, std::ios::binary);
    if (!file_in) throw std::runtime_error("cannot open input file '" + in_path + "'");
    in = &file_in;
  }
  const std::string source_name = in_path == "-" ? "<stdin>" : in_path;
  sim::RequantCsvReader reader(*in, source_name, *mode);
  io::AtomicOutputFile out(out_path);
  out.stream() << sim::requant_csv_output_header(reader.has_lo_bits()) << '\n';

  sim::RequantCsvBatch batch;
  std::vector<std::int32_t> wide;
  std::string text;
  while (reader.read_batch(batch_rows, &batch)) {
    wide.resize(batch.rows.size());
    try {
      unit->requantize(*mode, batch.rows.data(), batch.rows.size(), wide.data());
    } catch (const sim::RequantCaseError& e) {
      throw std::runtime_error(source_name + ":" + std::to_string(batch.line_numbers.at(e.case_index())) + ": row " +
                               std::to_string(batch.row_numbers.at(e.case_index())) + ": " + unit->name() +
                               " requantization unit: " + e.what());
    }
    text.clear();
    for (std::size_t i = 0; i < batch.rows.size(); ++i) {
      sim::append_requant_csv_result(batch.line(i), reader.has_lo_bits(), wide[i], batch.rows[i].params.lo_bits, &text);
    }
    out.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  out.commit();
  std::cerr << "requant: " << reader.rows_read() << " rows, mode " << mode_name << ", " << unit->name()
            << " requantization unit -> " << out_path << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
