// The SystemC wrapper around the Verilated (--sc) unit: beats through sc_fifos, random
// producer gaps and a slow consumer (backpressure through a one-deep results fifo), every
// exact mode mixed lane by lane, results compared with the golden. SystemC elaborates once
// per process, so this file holds the binary's only SystemC test.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <systemc>
#include <vector>

#include "rtl/requant_sc.h"
#include "sim/rtl/requant_rtl_bridge.h"
#include "sim/rtl/requant_rtl_check.h"

namespace npusim::rtl {
namespace {

using quant::RoundingMode;

struct Element {
  quant::RequantCase input;
  RoundingMode mode;
};

class Bench : public sc_core::sc_module {
 public:
  sc_core::sc_clock clock{"clock", 1, sc_core::SC_NS};
  sc_core::sc_signal<bool> reset;
  sc_core::sc_fifo<RequantScBeat> beats{"beats", 2};
  sc_core::sc_fifo<RequantScResult> results{"results", 1};
  RequantUnitSc unit{"unit"};

  std::vector<Element> elements;
  std::size_t checked = 0, failed = 0, beats_sent = 0;
  sc_core::sc_time first_result_time = sc_core::SC_ZERO_TIME;

  SC_HAS_PROCESS(Bench);
  explicit Bench(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    unit.clk(clock);
    unit.reset(reset);
    unit.beats_in(beats);
    unit.results_out(results);
    SC_THREAD(produce);
    SC_THREAD(consume);
  }

 private:
  void produce() {
    std::mt19937 random(1);
    reset.write(true);
    wait(3, sc_core::SC_NS);
    reset.write(false);
    for (std::size_t i = 0; i < elements.size();) {
      if (random() % 3 == 0) wait((random() % 3 + 1) * sc_core::sc_time(1, sc_core::SC_NS));  // a gap
      RequantScBeat beat;
      // Beats of 1..4 lanes, each lane its own mode and parameters.
      const std::size_t lanes = std::min<std::size_t>(1 + random() % RequantUnitSc::kLanes, elements.size() - i);
      for (std::size_t k = 0; k < lanes; ++k) {
        const Element& e = elements[i + k];
        beat.lanes.push_back(sim::to_rtl_lane(e.input.acc, e.input.params, e.mode));
      }
      beats.write(beat);
      ++beats_sent;
      i += lanes;
    }
  }

  void consume() {
    std::mt19937 random(2);
    std::size_t next = 0;
    for (;;) {
      if (random() % 2 == 0) wait((random() % 4 + 1) * sc_core::sc_time(1, sc_core::SC_NS));  // a slow consumer
      const RequantScResult result = results.read();
      if (first_result_time == sc_core::SC_ZERO_TIME) first_result_time = sc_core::sc_time_stamp();
      for (const RequantLaneOutput& actual : result.lanes) {
        const Element& e = elements.at(next++);
        const RequantLaneOutput expected = sim::golden_lane_output(e.input, e.mode);
        ++checked;
        if (actual.q != expected.q || actual.hi != expected.hi || actual.lo != expected.lo) {
          if (failed++ < 5) {
            ADD_FAILURE() << quant::rounding_mode_name(e.mode) << " acc " << e.input.acc << ": expected "
                          << expected.q << "/" << expected.hi << "/" << expected.lo << ", got " << actual.q << "/"
                          << actual.hi << "/" << actual.lo;
          }
        }
      }
      if (next >= elements.size()) sc_core::sc_stop();
    }
  }
};

TEST(RequantUnitSc, MatchesTheGoldenUnderGapsAndBackpressure) {
  Bench bench("bench");
  const std::vector<RoundingMode> modes = {RoundingMode::kHalfUp, RoundingMode::kHalfAway,
                                           RoundingMode::kHalfEven, RoundingMode::kFloor,
                                           RoundingMode::kTruncate, RoundingMode::kTfliteDouble};
  std::vector<sim::RandomRequantCases> generators;
  for (RoundingMode mode : modes) generators.emplace_back(RequantUnitSc::shape(), mode, 31);
  for (std::size_t i = 0; i < 12000; ++i) {
    const std::size_t m = i % modes.size();
    bench.elements.push_back({generators[m].next(), modes[m]});
  }
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  const std::string vcd_path = ::testing::TempDir() + "requant_sc_test.vcd";
  bench.unit.open_vcd(vcd_path);
  sc_core::sc_start(1, sc_core::SC_MS);
  bench.unit.close_vcd();
  std::ifstream vcd(vcd_path);
  std::stringstream vcd_text;
  vcd_text << vcd.rdbuf();
  EXPECT_NE(vcd_text.str().find("o_valid"), std::string::npos);
  std::remove(vcd_path.c_str());
  EXPECT_EQ(bench.checked, bench.elements.size());
  EXPECT_EQ(bench.failed, 0u);
  EXPECT_EQ(bench.unit.beats_accepted(), bench.beats_sent);
  // Reset ends at 3 ns; the first beat is presented at the next falling edge (3.5 ns), accepted
  // at 4 ns, and its results leave four rising edges after that: no earlier than 7.5 ns.
  EXPECT_GE(bench.first_result_time, sc_core::sc_time(7.5, sc_core::SC_NS));
}

}  // namespace
}  // namespace npusim::rtl
