// `npusim rounding-study`: how often tflite_double differs from half_up and fp32 from
// half_even (and, for scale, half_even from half_up and floor from half_up) on the int8
// outputs of realistic int8 convolution layers. See sim/requant/rounding_study.h for the model.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "quant/io/atomic_output_file.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"
#include "sim/requant/rounding_study.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

std::string percent(std::size_t count, std::size_t total) {
  std::ostringstream text;
  text << std::setprecision(3) << (100.0 * static_cast<double>(count) / static_cast<double>(total)) << "%";
  return text.str();
}

}  // namespace

int run_rounding_study(const std::vector<std::string>& args) {
  int positions = 4096;
  int output_bits = 8;
  std::uint64_t seed = 1;
  std::string csv_path;
  po::options_description options("options");
  options.add_options()
      ("positions", po::value(&positions)->default_value(positions),
       "output positions per channel (each layer has 64 channels, so accumulators = 64 x positions)")
      ("seed", po::value(&seed)->default_value(seed), "random seed for weights and inputs")
      ("output-bits", po::value(&output_bits)->default_value(output_bits), "requantized output width: 8 (int8) .. 16 (int16)")
      ("csv", po::value(&csv_path)->default_value(""), "also write the table as CSV to this file");
  po::variables_map values;
  if (!parse_options("rounding-study", "[--positions N] [--seed S] [--output-bits B] [--csv FILE]", options, args, &values)) {
    return kExitOk;
  }
  if (positions < 1) throw UsageError("--positions: must be at least 1");
  if (output_bits < 2 || output_bits > 16) throw UsageError("--output-bits: must be in 2..16");
  const auto pairs = sim::default_rounding_study_pairs();
  const auto rows = sim::run_rounding_study(sim::default_rounding_study_layers(positions), pairs, seed, output_bits);

  std::ostringstream csv;
  csv << "layer,k,accumulators,max_abs_acc,min_shift,max_shift,exact_ties";
  std::cout << "rounding study (seed " << seed << ", int" << output_bits
            << " outputs): share of outputs that differ between two modes\n";
  std::cout << std::left << std::setw(14) << "layer" << std::setw(6) << "K" << std::setw(10) << "accs" << std::setw(10)
            << "shift" << std::setw(7) << "ties";
  for (const auto& pair : pairs) {
    const std::string label = std::string(quant::rounding_mode_name(pair.a)) + "/" + std::string(quant::rounding_mode_name(pair.b));
    std::cout << std::setw(26) << label;
    csv << "," << quant::rounding_mode_name(pair.a) << "_vs_" << quant::rounding_mode_name(pair.b);
  }
  std::cout << "\n";
  csv << "\n";
  std::vector<std::size_t> totals(pairs.size(), 0);
  std::size_t total_accumulators = 0;
  for (const auto& row : rows) {
    std::cout << std::setw(14) << row.layer << std::setw(6) << row.reduction_size << std::setw(10) << row.accumulators
              << std::setw(10) << (std::to_string(row.min_shift) + ".." + std::to_string(row.max_shift)) << std::setw(7)
              << row.exact_ties;
    csv << row.layer << "," << row.reduction_size << "," << row.accumulators << "," << row.max_abs_acc << ","
        << row.min_shift << "," << row.max_shift << "," << row.exact_ties;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      std::cout << std::setw(26) << (std::to_string(row.differences[i]) + " (" + percent(row.differences[i], row.accumulators) + ")");
      csv << "," << row.differences[i];
      totals[i] += row.differences[i];
    }
    total_accumulators += row.accumulators;
    std::cout << "\n";
    csv << "\n";
  }
  std::cout << std::setw(47) << "all layers";
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    std::cout << std::setw(26) << (std::to_string(totals[i]) + " (" + percent(totals[i], total_accumulators) + ")");
  }
  std::cout << "\n";
  if (!csv_path.empty()) {
    io::AtomicOutputFile file(csv_path);
    file.stream() << csv.str();
    file.commit();
  }
  return kExitOk;
}

}  // namespace npusim::cli
