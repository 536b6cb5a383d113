// npusim_sweep_fixture: `npusim sweep` with the closed-form test evaluator of
// tests/studies/fixture_evaluator.h in place of the simulator. Same options, same library
// code (sim/studies/sweep_command.h), same shard, merge and Slurm paths; it exists so the
// Slurm test can run before the simulator does. Once `npusim sweep` has its evaluator, the
// Slurm test switches to it (docs/sweep.md) and this program can go.
//
// usage: npusim_sweep_fixture sweep [npusim sweep options]
// NPUSIM_FIXTURE_DELAY_MS=N makes each evaluation take N ms more, so a test can kill a
// sweep in the middle (tests/sweep/sweep_interrupt.sh).
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <string>
#include <vector>

#include "sim/studies/run_command.h"
#include "sim/studies/sweep_command.h"
#include "tests/studies/fixture_evaluator.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  using namespace npusim::studies;
  if (argc < 2 || std::string(argv[1]) != "sweep") {
    std::cerr << "usage: npusim_sweep_fixture sweep [options of npusim sweep]\n";
    return 2;
  }
  try {
    po::options_description options = sweep_options_description();
    po::variables_map values;
    po::store(po::command_line_parser(std::vector<std::string>(argv + 2, argv + argc)).options(options).run(), values);
    po::notify(values);
    const SweepRequest request = sweep_request_from(values);
    SweepIo io{std::cout, std::cerr, nullptr, {self_executable_path(), "sweep"}};
    const char* delay_text = std::getenv("NPUSIM_FIXTURE_DELAY_MS");
    const int delay_ms = delay_text != nullptr ? std::atoi(delay_text) : 0;
    auto backend = [delay_ms](const SweepContext& context) {
      SweepBackend b = npusim::testing::fixture_backend(context);
      if (delay_ms > 0) {
        b.evaluate = [delay_ms](const SweepPoint& point) {
          std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
          return npusim::testing::fixture_evaluate(point);
        };
      }
      return b;
    };
    return execute_sweep(request, backend, io);
  } catch (const po::error& e) {
    std::cerr << "npusim_sweep_fixture sweep: error: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "npusim_sweep_fixture sweep: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "npusim_sweep_fixture sweep: error: " << e.what() << "\n";
    return 1;
  }
}
