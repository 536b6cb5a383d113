// npusim rtl-check: the Verilated requantization unit (rtl/requant.v) against the golden C++,
// bit for bit (q, hi, lo), for every exact rounding mode and every built width configuration:
// targeted ties and saturation, exhaustive small domains, then N random vectors per mode and
// configuration (the seed is printed). Mismatches go to a CSV; the last line is
// "N passed, M failed" and the exit code is 1 when anything failed. docs/rtl.md has the details.
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "quant/io/atomic_output_file.h"
#include "quant/requant/requant.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/subcommands.h"
#include "sim/rtl/requant_rtl_check.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

using quant::RoundingMode;

constexpr std::size_t kChunk = 1 << 16;       // random vectors generated and checked per batch
constexpr std::size_t kMaxMismatchRows = 100000;  // the CSV keeps the first ones; all are counted

struct ModeCounts {
  std::uint64_t targeted = 0, exhaustive = 0, random = 0, passed = 0, failed = 0;
};

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

void write_mismatches(io::AtomicOutputFile& file, const std::vector<sim::RequantMismatch>& mismatches) {
  std::ostream& out = file.stream();
  out << "shape,mode,phase,acc,multiplier,shift,zero_point,qmin,qmax,lo_bits,activation,negative_multiplier,"
         "negative_shift,expected_q,expected_hi,expected_lo,rtl_q,rtl_hi,rtl_lo\n";
  const char* activation_names[] = {"none", "relu", "leaky_relu"};
  for (const auto& m : mismatches) {
    const quant::RequantParams& p = m.input.params;
    out << m.shape << ',' << quant::rounding_mode_name(m.mode) << ',' << m.phase << ',' << m.input.acc << ','
        << p.multiplier << ',' << p.shift << ',' << p.zero_point << ',' << p.qmin << ',' << p.qmax << ','
        << p.lo_bits << ',' << activation_names[static_cast<int>(p.activation)] << ',' << p.negative_multiplier
        << ',' << p.negative_shift << ',' << m.expected.q << ',' << m.expected.hi << ',' << m.expected.lo << ','
        << m.actual.q << ',' << m.actual.hi << ',' << m.actual.lo << '\n';
  }
  file.commit();
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

  const std::uint64_t vector_count = values["vectors"].as<std::uint64_t>();
  const std::uint64_t seed = values["seed"].as<std::uint64_t>();
  const std::vector<RoundingMode> modes = modes_from_option(values["modes"].as<std::string>());
  std::vector<rtl::RequantUnitShape> shapes;
  const std::string shape_list = values["shapes"].as<std::string>();
  if (shape_list == "all") {
    shapes = rtl::requant_unit_shapes();
  } else {
    for (const std::string& name : split_list(shape_list, "shapes")) {
      try {
        shapes.push_back(rtl::find_requant_unit_shape(name));
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--shapes: ") + e.what());
      }
    }
  }

  // Opened first, so an unwritable path fails before the run rather than after it.
  const std::string mismatch_path = values["mismatches"].as<std::string>();
  io::AtomicOutputFile mismatch_file(mismatch_path);

  const auto start = std::chrono::steady_clock::now();
  std::cout << "rtl-check: seed " << seed << ", " << vector_count
            << " random vectors per mode and configuration, golden = quant::requantize\n";
  std::map<RoundingMode, ModeCounts> per_mode;
  std::vector<sim::RequantMismatch> mismatches;
  std::uint64_t rtl_vectors = 0;
  double rtl_seconds = 0;
  // Counts the random vectors, the bulk of a default run; the targeted and exhaustive
  // phases before each mode's random vectors are not counted.
  ProgressBar progress("rtl-check", "vectors", vector_count * shapes.size() * modes.size(), std::cerr,
                       ProgressBar::stderr_options());

  for (std::size_t shape_index = 0; shape_index < shapes.size(); ++shape_index) {
    const rtl::RequantUnitShape& shape = shapes[shape_index];
    auto unit = rtl::make_requant_unit(shape.name);
    const int latency = unit->measure_latency();
    std::cout << "unit " << shape.name << ": ACC_W " << shape.acc_bits << ", OUT_W " << shape.out_bits
              << ", lanes per cycle " << shape.lanes << ", latency " << latency << " cycles (measured on the RTL)\n";
    if (latency != rtl::RequantUnit::kLatencyCycles) {
      std::cout << "  warning: documented latency is " << rtl::RequantUnit::kLatencyCycles << " cycles\n";
    }
    if (shape_index == 0 && values.count("vcd")) unit->open_vcd(values["vcd"].as<std::string>());

    for (RoundingMode mode : modes) {
      ModeCounts& counts = per_mode[mode];
      auto tally = [&](const sim::RequantCheckCounts& c, std::uint64_t* phase_count) {
        *phase_count += c.passed + c.failed;
        counts.passed += c.passed;
        counts.failed += c.failed;
      };
      auto timed_check = [&](const std::vector<sim::RequantCheckCase>& cases, const char* phase) {
        const auto t0 = std::chrono::steady_clock::now();
        auto c = sim::check_requant_cases(*unit, mode, cases, phase, &mismatches, kMaxMismatchRows);
        rtl_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rtl_vectors += cases.size();
        return c;
      };
      tally(timed_check(sim::targeted_cases(shape, mode), "targeted"), &counts.targeted);
      if (shape_index == 0) unit->close_vcd();
      tally(timed_check(sim::exhaustive_cases(shape, mode), "exhaustive"), &counts.exhaustive);
      // Each (configuration, mode) draws its own stream from the seed, so subsets replay.
      sim::RandomRequantCases generator(shape, mode, seed * 1000003 + shape_index * 16 + static_cast<int>(mode));
      std::vector<sim::RequantCheckCase> cases;
      for (std::uint64_t done = 0; done < vector_count;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, vector_count - done));
        cases.clear();
        for (std::size_t i = 0; i < n; ++i) cases.push_back(generator.next());
        tally(timed_check(cases, "random"), &counts.random);
        done += n;
        progress.advance(n);
      }
    }
    unit->close_vcd();
  }

  progress.finish();
  std::cout << std::left << std::setw(15) << "mode" << std::right << std::setw(11) << "targeted" << std::setw(12)
            << "exhaustive" << std::setw(12) << "random" << std::setw(12) << "passed" << std::setw(10) << "failed"
            << "\n";
  std::uint64_t passed = 0, failed = 0;
  for (RoundingMode mode : modes) {
    const ModeCounts& c = per_mode[mode];
    std::cout << std::left << std::setw(15) << quant::rounding_mode_name(mode) << std::right << std::setw(11)
              << c.targeted << std::setw(12) << c.exhaustive << std::setw(12) << c.random << std::setw(12)
              << c.passed << std::setw(10) << c.failed << "\n";
    passed += c.passed;
    failed += c.failed;
  }
  write_mismatches(mismatch_file, mismatches);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "mismatches: " << mismatch_path << " (" << mismatches.size() << " rows)\n";
  if (values.count("vcd")) std::cout << "waveform: " << values["vcd"].as<std::string>() << "\n";
  std::cout << std::fixed << std::setprecision(1) << "time: " << seconds << " s; RTL + golden checking "
            << (rtl_seconds > 0 ? rtl_vectors / rtl_seconds / 1e6 : 0.0) << " M vectors/s\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace npusim::cli
