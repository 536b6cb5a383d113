#include "rtl/requant_sc.h"

#include <ostream>
#include <stdexcept>

#include <verilated_vcd_sc.h>

#include "Vrequant_sc.h"
#include "rtl/port_bits.h"

namespace npusim::rtl {
namespace {

template <int N>
sc_dt::sc_bv<N> to_bv(const BusWords& bus) {
  sc_dt::sc_bv<N> bits;
  for (int i = 0; i < (N + 31) / 32; ++i) bits.set_word(i, bus.word(i));
  return bits;
}

template <int N>
BusWords from_bv(const sc_dt::sc_bv<N>& bits) {
  BusWords bus;
  bus.clear();
  for (int i = 0; i < (N + 31) / 32; ++i) bus.set_word(i, bits.get_word(i));
  return bus;
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const RequantScBeat& beat) {
  return out << "requant beat of " << beat.lanes.size() << " lanes";
}
std::ostream& operator<<(std::ostream& out, const RequantScResult& result) {
  return out << "requant result of " << result.lanes.size() << " lanes";
}

const RequantUnitShape& RequantUnitSc::shape() {
  static const RequantUnitShape kShape{"sc_a48o16x4", kAccBits, kOutBits, kLanes};
  return kShape;
}

// Tracing must be enabled before the Verilated model is built, so that open_vcd() can work.
static Vrequant_sc* make_traceable_model() {
  Verilated::traceEverOn(true);
  return new Vrequant_sc("rtl");
}

RequantUnitSc::RequantUnitSc(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name), rtl_(make_traceable_model()) {
  rtl_->i_clk(clk);
  rtl_->i_reset(reset);
  rtl_->i_valid(valid_);
  rtl_->o_ready(o_ready_);
  rtl_->i_ready(ready_);
  rtl_->o_valid(o_valid_);
  rtl_->i_acc(acc_);
  rtl_->i_multiplier(multiplier_);
  rtl_->i_shift(shift_);
  rtl_->i_zero_point(zero_point_);
  rtl_->i_qmin(qmin_);
  rtl_->i_qmax(qmax_);
  rtl_->i_mode(mode_);
  rtl_->i_activation(activation_);
  rtl_->i_neg_multiplier(negative_multiplier_);
  rtl_->i_neg_shift(negative_shift_);
  rtl_->i_lo_bits(lo_bits_);
  rtl_->o_q(q_);
  rtl_->o_hi(hi_);
  rtl_->o_lo(lo_);
  SC_METHOD(drive);
  sensitive << clk.neg();
  dont_initialize();
}

RequantUnitSc::~RequantUnitSc() { close_vcd(); }

void RequantUnitSc::open_vcd(const std::string& path) {
  close_vcd();
  vcd_ = std::make_unique<VerilatedVcdSc>();
  rtl_->trace(vcd_.get(), 99);
  vcd_->open(path.c_str());
  if (!vcd_->isOpen()) {
    vcd_.reset();
    throw std::runtime_error("cannot open VCD file '" + path + "'");
  }
}

void RequantUnitSc::close_vcd() {
  if (vcd_) vcd_->close();
  vcd_.reset();
}

void RequantUnitSc::drive() {
  if (reset.read()) {
    pending_ = false;
    presented_ready_ = false;
    in_flight_.clear();
    valid_.write(false);
    ready_.write(true);
    return;
  }
  // The rising edge just past took the beat on the ports if it was valid and ready.
  if (pending_ && presented_ready_) {
    in_flight_.push_back(pending_beat_.lanes.size());
    pending_ = false;
    ++beats_accepted_;
  }
  // Results on the outputs leave at the coming rising edge only if there is room for them.
  const bool ready = results_out->num_free() > 0;
  if (ready && o_valid_.read()) {
    if (in_flight_.empty()) throw std::logic_error("RequantUnitSc: o_valid without a beat in flight");
    results_out->nb_write(collect(in_flight_.front()));
    in_flight_.pop_front();
  }
  if (!pending_ && beats_in->num_available() > 0) {
    RequantScBeat beat;
    beats_in->nb_read(beat);
    present(beat);
  }
  valid_.write(pending_);
  ready_.write(ready);
  presented_ready_ = ready;
}

void RequantUnitSc::present(const RequantScBeat& beat) {
  if (beat.lanes.empty() || beat.lanes.size() > static_cast<std::size_t>(kLanes)) {
    throw std::invalid_argument("RequantUnitSc: a beat carries 1.." + std::to_string(kLanes) + " lanes");
  }
  BusWords acc, multiplier, zero_point, qmin, qmax, negative_multiplier, mode, activation, shift, negative_shift,
      lo_bits;
  for (BusWords* bus : {&acc, &multiplier, &zero_point, &qmin, &qmax, &negative_multiplier, &mode, &activation,
                        &shift, &negative_shift, &lo_bits}) {
    bus->clear();
  }
  constexpr int q_w = kOutBits + 1;
  for (std::size_t lane = 0; lane < beat.lanes.size(); ++lane) {
    const RequantLaneInput& in = beat.lanes[lane];
    check_lane_input(shape(), in);
    const int k = static_cast<int>(lane);
    acc.put(k * kAccBits, kAccBits, static_cast<std::uint64_t>(in.acc));
    multiplier.put(k * 31, 31, in.multiplier);
    shift.put(k * 6, 6, in.shift);
    zero_point.put(k * q_w, q_w, static_cast<std::uint32_t>(in.zero_point));
    qmin.put(k * q_w, q_w, static_cast<std::uint32_t>(in.qmin));
    qmax.put(k * q_w, q_w, static_cast<std::uint32_t>(in.qmax));
    mode.put(k * 3, 3, static_cast<std::uint32_t>(in.rounding));
    activation.put(k * 2, 2, static_cast<std::uint32_t>(in.activation));
    negative_multiplier.put(k * 31, 31, in.negative_multiplier);
    negative_shift.put(k * 6, 6, in.negative_shift);
    lo_bits.put(k * 5, 5, in.lo_bits);
  }
  acc_.write(to_bv<kLanes * kAccBits>(acc));
  multiplier_.write(to_bv<kLanes * 31>(multiplier));
  negative_multiplier_.write(to_bv<kLanes * 31>(negative_multiplier));
  zero_point_.write(to_bv<kLanes * q_w>(zero_point));
  qmin_.write(to_bv<kLanes * q_w>(qmin));
  qmax_.write(to_bv<kLanes * q_w>(qmax));
  mode_.write(mode.word(0));
  activation_.write(activation.word(0));
  shift_.write(shift.word(0));
  negative_shift_.write(negative_shift.word(0));
  lo_bits_.write(lo_bits.word(0));
  pending_beat_ = beat;
  pending_ = true;
}

RequantScResult RequantUnitSc::collect(std::size_t used) const {
  constexpr int q_w = kOutBits + 1;
  const BusWords q = from_bv<kLanes * q_w>(q_.read());
  const BusWords hi = from_bv<kLanes * q_w>(hi_.read());
  const BusWords lo = from_bv<kLanes * q_w>(lo_.read());
  RequantScResult result;
  result.lanes.resize(used);
  for (std::size_t lane = 0; lane < used; ++lane) {
    const int lsb = static_cast<int>(lane) * q_w;
    result.lanes[lane].q = sign_extend(q.get(lsb, q_w), q_w);
    result.lanes[lane].hi = sign_extend(hi.get(lsb, q_w), q_w);
    result.lanes[lane].lo = static_cast<std::int32_t>(lo.get(lsb, q_w));
  }
  return result;
}

}  // namespace npusim::rtl
