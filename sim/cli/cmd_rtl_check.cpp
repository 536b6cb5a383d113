// npusim rtl-check: the Verilated requantization unit (rtl/requant.v) against the golden C++,
// bit for bit (q, hi, lo), for every exact rounding mode and every built width configuration:
// targeted ties and saturation, exhaustive small domains, then N random vectors per mode and
// configuration (the seed is printed). Mismatches go to a CSV; the last line is
// "N passed, M failed" and the exit code is 1 when anything failed. docs/rtl.md has the details.
#include <chrono>
#include <memory>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "quant/io/atomic_output_file.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"
#include "sim/rtl/rtl_check_run.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

using quant::RoundingMode;

std::vector<RoundingMode> modes_from_option(const std::string& text) {
  std::vector<RoundingMode> modes;
  for (const std::string& name : split_list(text, "modes")) {
    const auto mode = quant::parse_rounding_mode(name);
    if (!mode) throw UsageError("--modes: unknown rounding mode '" + name + "'");
    if (!quant::is_exact_mode(*mode)) throw UsageError("--modes: '" + name + "' is not implemented in the RTL (exact modes only)");
    modes.push_back(*mode);
  }
  return modes;
}

std::vector<rtl::RequantUnitShape> shapes_from_option(const std::string& text) {
  if (text == "all") return rtl::requant_unit_shapes();
  std::vector<rtl::RequantUnitShape> shapes;
  for (const std::string& name : split_list(text, "shapes")) {
    try {
      shapes.push_back(rtl::find_requant_unit_shape(name));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--shapes: ") + e.what());
    }
  }
  return shapes;
}

}  // namespace

int run_rtl_check(const std::vector<std::string>& args) {
  po::options_description options("rtl-check options");
  options.add_options()
      ("vectors", po::value<std::uint64_t>()->default_value(1000000),
       "random vectors per rounding mode and per width configuration")
      ("seed", po::value<std::uint64_t>()->default_value(1), "random seed (printed; same seed, same vectors)")
      ("modes", po::value<std::string>()->default_value("half_up,half_away,half_even,floor,truncate,tflite_double"),
       "comma-separated exact rounding modes")
      ("shapes", po::value<std::string>()->default_value("all"),
       "comma-separated unit configurations (a32o8x8, a48o16x4, a40o12x1) or all")
      ("mismatches", po::value<std::string>()->default_value("rtl_mismatches.csv"),
       "CSV of mismatching vectors (header only when none; the first 100000 rows are kept)")
      ("vcd", po::value<std::string>(), "write a VCD waveform of the first mode's targeted cases on the first configuration");
  po::variables_map values;
  if (!parse_options("rtl-check", "[options]", options, args, &values)) return kExitOk;

  sim::RtlCheckOptions check;
  check.random_vectors = values["vectors"].as<std::uint64_t>();
  check.seed = values["seed"].as<std::uint64_t>();
  check.modes = modes_from_option(values["modes"].as<std::string>());
  check.shapes = shapes_from_option(values["shapes"].as<std::string>());
  // The tracer writes the waveform under a temporary name; it appears with the CSV.
  std::unique_ptr<io::AtomicOutputFile> vcd_file;
  if (values.count("vcd")) {
    vcd_file = std::make_unique<io::AtomicOutputFile>(values["vcd"].as<std::string>());
    check.vcd_path = vcd_file->temp_path();
  }

  // Opened first, so an unwritable path fails before the run rather than after it.
  const std::string mismatch_path = values["mismatches"].as<std::string>();
  io::AtomicOutputFile mismatch_file(mismatch_path);

  const auto start = std::chrono::steady_clock::now();
  std::cout << "rtl-check: seed " << check.seed << ", " << check.random_vectors
            << " random vectors per mode and configuration, golden = quant::requantize\n";
  // Counts the random vectors, the bulk of a default run; the targeted and exhaustive phases
  // before each mode's random vectors are not counted.
  ProgressBar progress("rtl-check", "vectors", check.random_vectors * check.shapes.size() * check.modes.size(), std::cerr,
                       ProgressBar::stderr_options());
  check.on_random_vectors = [&progress](std::uint64_t vectors) { progress.advance(vectors); };
  const sim::RtlCheckResult result = sim::run_rtl_check(check, [](const sim::RtlCheckUnit& unit) {
    const rtl::RequantUnitShape& shape = unit.shape;
    std::cout << "unit " << shape.name << ": ACC_W " << shape.acc_bits << ", OUT_W " << shape.out_bits
              << ", lanes per cycle " << shape.lanes << ", latency " << unit.measured_latency_cycles
              << " cycles (measured on the RTL)\n";
    if (unit.measured_latency_cycles != rtl::RequantUnit::kLatencyCycles) {
      std::cout << "  warning: documented latency is " << rtl::RequantUnit::kLatencyCycles << " cycles\n";
    }
  });
  progress.finish();

  std::cout << std::left << std::setw(15) << "mode" << std::right << std::setw(11) << "targeted" << std::setw(12)
            << "exhaustive" << std::setw(12) << "random" << std::setw(12) << "passed" << std::setw(10) << "failed"
            << "\n";
  for (RoundingMode mode : check.modes) {
    const sim::RtlCheckModeCounts& c = result.per_mode.at(mode);
    std::cout << std::left << std::setw(15) << quant::rounding_mode_name(mode) << std::right << std::setw(11)
              << c.targeted << std::setw(12) << c.exhaustive << std::setw(12) << c.random << std::setw(12)
              << c.passed << std::setw(10) << c.failed << "\n";
  }
  sim::write_rtl_mismatch_csv(mismatch_file.stream(), result.mismatches);
  mismatch_file.commit();
  if (vcd_file) vcd_file->commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "mismatches: " << mismatch_path << " (" << result.mismatches.size() << " rows)\n";
  if (vcd_file) std::cout << "waveform: " << vcd_file->final_path() << "\n";
  std::cout << std::fixed << std::setprecision(1) << "time: " << seconds << " s; RTL + golden checking "
            << (result.rtl_seconds > 0 ? result.rtl_vectors / result.rtl_seconds / 1e6 : 0.0) << " M vectors/s\n";
  std::cout << result.passed() << " passed, " << result.failed() << " failed\n";
  return result.failed() == 0 ? kExitOk : kExitFailure;
}

}  // namespace npusim::cli
