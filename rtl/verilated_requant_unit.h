// RequantUnit over one Verilated (--cc) model class. Internal to rtl/: requant_unit.cpp
// instantiates it once per built shape. One beat = up to LANES elements; the run loop
// presents beats, collects results when o_valid meets i_ready, and remembers how many lanes
// of each beat in flight were real elements.
#pragma once

#include <verilated.h>
#include <verilated_vcd_c.h>

#include <array>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "rtl/port_bits.h"
#include "rtl/requant_unit.h"

namespace npusim::rtl {

template <class Model>
class VerilatedRequantUnit final : public RequantUnit {
 public:
  explicit VerilatedRequantUnit(const RequantUnitShape& shape) : shape_(shape) {
    context_.traceEverOn(true);
    model_ = std::make_unique<Model>(&context_, shape_.name.c_str());
    model_->i_clk = 0;
    model_->i_valid = 0;
    model_->i_ready = 1;
    model_->i_reset = 1;
    tick();
    tick();
    model_->i_reset = 0;
  }

  ~VerilatedRequantUnit() override {
    close_vcd();
    model_->final();
  }

  const RequantUnitShape& shape() const override { return shape_; }

  void set_stalls(const StallPattern& pattern) override {
    stalls_ = pattern;
    random_.seed(pattern.seed);
  }

  void open_vcd(const std::string& path) override {
    close_vcd();
    vcd_ = std::make_unique<VerilatedVcdC>();
    model_->trace(vcd_.get(), 99);
    vcd_->open(path.c_str());
    if (!vcd_->isOpen()) {
      vcd_.reset();
      throw std::runtime_error("cannot open VCD file '" + path + "'");
    }
  }

  void close_vcd() override {
    if (vcd_) vcd_->close();
    vcd_.reset();
  }

  std::uint64_t cycles() const override { return cycles_; }

  int measure_latency() override {
    std::array<RequantLaneInput, 1> input{};
    pack_beat(input.data(), 1);
    model_->i_valid = 1;
    model_->i_ready = 1;
    tick();
    model_->i_valid = 0;
    int edges = 1;
    while (!model_->o_valid) {
      if (edges > 64) throw std::runtime_error("requant unit: o_valid never rose");
      tick();
      ++edges;
    }
    tick();  // consume the beat: the pipeline is empty again
    return edges;
  }

  void run(const RequantLaneInput* inputs, std::size_t count, RequantLaneOutput* outputs) override {
    for (std::size_t i = 0; i < count; ++i) {
      try {
        check_lane_input(shape_, inputs[i]);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("element " + std::to_string(i) + ": " + e.what());
      }
    }
    const std::size_t lanes = static_cast<std::size_t>(shape_.lanes);
    // Lanes in use per beat in flight; the pipeline never holds more than kLatencyCycles.
    std::array<std::size_t, 16> in_flight{};
    std::size_t flight_head = 0, flight_tail = 0;
    std::size_t next_in = 0, next_out = 0;
    bool beat_packed = false;
    std::size_t packed_lanes = 0;
    const bool disturbed = stalls_.input_gap_probability > 0 || stalls_.output_stall_probability > 0;
    std::uniform_real_distribution<double> coin(0.0, 1.0);

    while (next_out < count) {
      const bool ready = !disturbed || coin(random_) >= stalls_.output_stall_probability;
      if (ready && model_->o_valid) {
        const std::size_t used = in_flight[flight_head++ % in_flight.size()];
        unpack_beat(outputs + next_out, used);
        next_out += used;
      }
      bool present = next_in < count;
      if (present && disturbed && coin(random_) < stalls_.input_gap_probability) present = false;
      if (present && !beat_packed) {
        packed_lanes = std::min(lanes, count - next_in);
        pack_beat(inputs + next_in, packed_lanes);
        beat_packed = true;
      }
      model_->i_valid = present ? 1 : 0;
      model_->i_ready = ready ? 1 : 0;
      tick();
      if (present && ready) {
        in_flight[flight_tail++ % in_flight.size()] = packed_lanes;
        next_in += packed_lanes;
        beat_packed = false;
      }
    }
    model_->i_valid = 0;
    model_->i_ready = 1;
  }

 private:
  void tick() {
    model_->i_clk = 1;
    model_->eval();
    if (vcd_) vcd_->dump(2 * cycles_);
    model_->i_clk = 0;
    model_->eval();
    if (vcd_) vcd_->dump(2 * cycles_ + 1);
    ++cycles_;
  }

  void pack_beat(const RequantLaneInput* lane_inputs, std::size_t used) {
    const int acc_w = shape_.acc_bits;
    const int q_w = shape_.out_bits + 1;
    acc_.clear();
    multiplier_.clear();
    shift_.clear();
    zero_point_.clear();
    qmin_.clear();
    qmax_.clear();
    mode_.clear();
    activation_.clear();
    negative_multiplier_.clear();
    negative_shift_.clear();
    lo_bits_.clear();
    for (std::size_t lane = 0; lane < used; ++lane) {
      const RequantLaneInput& in = lane_inputs[lane];
      const int k = static_cast<int>(lane);
      acc_.put(k * acc_w, acc_w, static_cast<std::uint64_t>(in.acc));
      multiplier_.put(k * 31, 31, in.multiplier);
      shift_.put(k * 6, 6, in.shift);
      zero_point_.put(k * q_w, q_w, static_cast<std::uint32_t>(in.zero_point));
      qmin_.put(k * q_w, q_w, static_cast<std::uint32_t>(in.qmin));
      qmax_.put(k * q_w, q_w, static_cast<std::uint32_t>(in.qmax));
      mode_.put(k * 3, 3, static_cast<std::uint32_t>(in.rounding));
      activation_.put(k * 2, 2, static_cast<std::uint32_t>(in.activation));
      negative_multiplier_.put(k * 31, 31, in.negative_multiplier);
      negative_shift_.put(k * 6, 6, in.negative_shift);
      lo_bits_.put(k * 5, 5, in.lo_bits);
    }
    acc_.store(model_->i_acc);
    multiplier_.store(model_->i_multiplier);
    shift_.store(model_->i_shift);
    zero_point_.store(model_->i_zero_point);
    qmin_.store(model_->i_qmin);
    qmax_.store(model_->i_qmax);
    mode_.store(model_->i_mode);
    activation_.store(model_->i_activation);
    negative_multiplier_.store(model_->i_neg_multiplier);
    negative_shift_.store(model_->i_neg_shift);
    lo_bits_.store(model_->i_lo_bits);
  }

  void unpack_beat(RequantLaneOutput* lane_outputs, std::size_t used) {
    const int q_w = shape_.out_bits + 1;
    out_q_.load(model_->o_q);
    out_hi_.load(model_->o_hi);
    out_lo_.load(model_->o_lo);
    for (std::size_t lane = 0; lane < used; ++lane) {
      const int lsb = static_cast<int>(lane) * q_w;
      lane_outputs[lane].q = sign_extend(out_q_.get(lsb, q_w), q_w);
      lane_outputs[lane].hi = sign_extend(out_hi_.get(lsb, q_w), q_w);
      lane_outputs[lane].lo = static_cast<std::int32_t>(out_lo_.get(lsb, q_w));
    }
  }

  RequantUnitShape shape_;
  VerilatedContext context_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedVcdC> vcd_;
  StallPattern stalls_;
  std::mt19937_64 random_{1};
  std::uint64_t cycles_ = 0;
  BusWords acc_, multiplier_, shift_, zero_point_, qmin_, qmax_, mode_, activation_;
  BusWords negative_multiplier_, negative_shift_, lo_bits_;
  BusWords out_q_, out_hi_, out_lo_;
};

}  // namespace npusim::rtl
