// SystemC wrapper around the Verilated (--sc) requantization unit, for the NPU model in sim/
// to put RTL in the loop. Transaction side: beats of up to LANES elements come in through an
// sc_fifo, results leave through another, in order. Signal side: the Verilated model, clocked
// by `clk`; the wrapper drives its ports on the falling edge and reads them there (the RTL
// updates on the rising edge), and applies backpressure (i_ready low) while the results fifo
// is full. Built shape: ACC_W 48, OUT_W 16, LANES 4 (rtl/CMakeLists.txt, Vrequant_sc).
#pragma once

#include <systemc>

#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "rtl/requant_unit.h"

class Vrequant_sc;
class VerilatedVcdSc;

namespace npusim::rtl {

struct RequantScBeat {
  std::vector<RequantLaneInput> lanes;  // 1..LANES elements
};
struct RequantScResult {
  std::vector<RequantLaneOutput> lanes;  // as many as the beat had
};
// sc_fifo needs these for its print/dump methods.
std::ostream& operator<<(std::ostream& out, const RequantScBeat& beat);
std::ostream& operator<<(std::ostream& out, const RequantScResult& result);

class RequantUnitSc : public sc_core::sc_module {
 public:
  static constexpr int kAccBits = 48;
  static constexpr int kOutBits = 16;
  static constexpr int kLanes = 4;

  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> reset;  // synchronous, active high
  sc_core::sc_fifo_in<RequantScBeat> beats_in;
  sc_core::sc_fifo_out<RequantScResult> results_out;

  explicit RequantUnitSc(const sc_core::sc_module_name& name);
  ~RequantUnitSc() override;
  SC_HAS_PROCESS(RequantUnitSc);

  static const RequantUnitShape& shape();
  std::uint64_t beats_accepted() const { return beats_accepted_; }

  // Writes the Verilated model's signals to a VCD file until close_vcd() or destruction.
  // Call after elaboration (e.g. after sc_start(SC_ZERO_TIME)), as Verilator requires.
  void open_vcd(const std::string& path);
  void close_vcd();

 private:
  void drive();  // one step per falling clock edge
  void present(const RequantScBeat& beat);
  RequantScResult collect(std::size_t used) const;

  std::unique_ptr<Vrequant_sc> rtl_;
  std::unique_ptr<VerilatedVcdSc> vcd_;
  sc_core::sc_signal<bool> valid_, ready_, o_ready_, o_valid_;
  sc_core::sc_signal<std::uint32_t> mode_, activation_, shift_, negative_shift_, lo_bits_;
  sc_core::sc_signal<sc_dt::sc_bv<kLanes * kAccBits>> acc_;
  sc_core::sc_signal<sc_dt::sc_bv<kLanes * 31>> multiplier_, negative_multiplier_;
  sc_core::sc_signal<sc_dt::sc_bv<kLanes*(kOutBits + 1)>> zero_point_, qmin_, qmax_;
  sc_core::sc_signal<sc_dt::sc_bv<kLanes*(kOutBits + 1)>> q_, hi_, lo_;

  bool pending_ = false;  // a beat is on the input ports, waiting for acceptance
  bool presented_ready_ = false;  // i_ready as driven for the coming rising edge
  RequantScBeat pending_beat_;
  std::deque<std::size_t> in_flight_;  // lanes used by each accepted beat, oldest first
  std::uint64_t beats_accepted_ = 0;
};

}  // namespace npusim::rtl
