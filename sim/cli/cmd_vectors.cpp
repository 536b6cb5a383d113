// `npusim vectors`: conformance vector files with the golden's expected results, one CSV per
// rounding mode plus a README describing the format, for firmware teams to run against their
// own implementation.
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "quant/io/atomic_output_file.h"
#include "quant/io/output_set.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"
#include "sim/requant/conformance_vectors.h"
#include "sim/requant/requant_csv.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

constexpr const char* kAllModes = "half_up,half_away,half_even,floor,truncate,tflite_double,fp32";

std::string row_line(const quant::RequantCase& row) {
  std::ostringstream line;
  line << row.acc << ',' << row.params.multiplier << ',' << row.params.shift << ',' << row.params.zero_point << ','
       << row.params.qmin << ',' << row.params.qmax << ',' << row.params.lo_bits;
  return line.str();
}

std::string readme_text(const std::vector<std::string>& modes, const std::map<std::string, std::vector<sim::ConformanceGroup>>& groups,
                        std::size_t count, std::uint64_t seed) {
  std::ostringstream text;
  text << "# Requantization conformance vectors\n\n"
       << "Written by `npusim vectors --count " << count << " --seed " << seed << "` (npusim " << NPUSIM_VERSION
       << "). The semantics are defined once in docs/numerics.md of the npusim repository.\n\n"
       << "## Format\n\n"
       << "One CSV per rounding mode, `<mode>.csv`, header\n\n"
       << "    acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,hi,lo\n\n"
       << "Inputs: `acc` (signed, up to 48 bits), `multiplier` M (0 <= M < 2^31), `shift` s (0..63),\n"
       << "`zero_point`, `qmin`, `qmax`, `lo_bits` b (0..30). Expected outputs: with\n"
       << "`w = clamp(R(acc * M / 2^s) + zero_point, qmin, qmax)` (R = the file's rounding mode, computed\n"
       << "exactly), `hi = w >> b` (arithmetic, i.e. floor) and `lo = w & (2^b - 1)`. When b = 0 the split is\n"
       << "the identity: `hi = w`, `lo = 0`. Reconstruct `w = hi * 2^b + lo`.\n\n"
       << "`tflite_double.csv` holds only rows inside gemmlowp's preconditions (acc and acc << max(0, 31 - s)\n"
       << "fit int32, s <= 62). `fp32.csv` is binary32 arithmetic (float(acc) * float(M * 2^-s), rint ties to\n"
       << "even): deterministic on IEEE hardware, but deliberately not the exact rational result.\n\n"
       << "To check an implementation: feed columns 1-7 to it and compare its `w` split into (hi, lo) with\n"
       << "columns 8-9. With npusim itself:\n\n"
       << "    cut -d, -f1-7 half_up.csv | npusim requant --mode half_up --in - --out check.csv && cmp check.csv half_up.csv\n\n"
       << "## Contents (rows per group, in file order)\n\n| group | what |";
  for (const std::string& mode : modes) text << " " << mode << " |";
  text << "\n|---|---|";
  for (std::size_t i = 0; i < modes.size(); ++i) text << "---|";
  text << "\n";
  const auto& first = groups.at(modes.front());
  for (std::size_t g = 0; g < first.size(); ++g) {
    text << "| " << first[g].name << " | " << first[g].description << " |";
    for (const std::string& mode : modes) text << " " << groups.at(mode)[g].rows.size() << " |";
    text << "\n";
  }
  return text.str();
}

}  // namespace

int run_vectors(const std::vector<std::string>& args) {
  std::string out_dir, modes_text = kAllModes;
  std::size_t count = 10000;
  std::uint64_t seed = 1;
  po::options_description options("options");
  options.add_options()
      ("out", po::value(&out_dir)->required(), "output directory (created if missing) (required)")
      ("count", po::value(&count)->default_value(count), "random vectors per mode, after the targeted groups")
      ("seed", po::value(&seed)->default_value(seed), "random seed (written into the README)")
      ("modes", po::value(&modes_text)->default_value(modes_text), "comma-separated rounding modes");
  po::variables_map values;
  if (!parse_options("vectors", "--out DIR [--count N] [--seed S] [--modes LIST]", options, args, &values)) {
    return kExitOk;
  }
  const std::vector<std::string> modes = split_list(modes_text, "modes");
  for (const std::string& name : modes) {
    if (!quant::parse_rounding_mode(name)) throw UsageError("--modes: unknown rounding mode '" + name + "'");
  }
  io::create_output_directories(out_dir);

  std::map<std::string, std::vector<sim::ConformanceGroup>> groups;
  for (const std::string& name : modes) {
    const quant::RoundingMode mode = *quant::parse_rounding_mode(name);
    groups[name] = sim::conformance_vectors(mode, count, seed);
  }
  // Write every file only after all were generated; each appears atomically.
  for (const std::string& name : modes) {
    const quant::RoundingMode mode = *quant::parse_rounding_mode(name);
    io::AtomicOutputFile file((std::filesystem::path(out_dir) / (name + ".csv")).string());
    file.stream() << sim::requant_csv_output_header(true) << '\n';
    std::size_t rows = 0;
    std::string text;
    for (const auto& group : groups[name]) {
      for (const quant::RequantCase& row : group.rows) {
        text.clear();
        sim::append_requant_csv_result(row_line(row), true, quant::requantize(row.acc, row.params, mode),
                                       row.params.lo_bits, &text);
        file.stream() << text;
        ++rows;
      }
    }
    file.commit();
    std::cout << name << ".csv: " << rows << " vectors\n";
  }
  io::AtomicOutputFile readme((std::filesystem::path(out_dir) / "README.md").string());
  readme.stream() << readme_text(modes, groups, count, seed);
  readme.commit();
  std::cout << "wrote " << modes.size() << " vector files and README.md to " << out_dir << " (seed " << seed << ")\n";
  return kExitOk;
}

}  // namespace npusim::cli
