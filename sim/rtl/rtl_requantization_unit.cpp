// The requantization unit as Verilated RTL (rtl/requant.v through its C++ harness): every
// batch runs on the INT8 configuration (a32o8x8: int32 accumulators, bounds within -256..255,
// 8 lanes) when every case fits it, else on the INT16 one (a48o16x4: 48-bit accumulators,
// bounds within -65536..65535, 4 lanes). A case that fits neither is a RequantCaseError naming
// the field. Callers split dual outputs themselves, so the unit runs with lo_bits = 0 and
// returns the wide result. Lanes and latency are the RTL's own: the latency is measured on the
// Verilated model when the unit is made, and last_batch_cycles() counts its clock edges.
#include <map>
#include <vector>

#include "rtl/requant_unit.h"
#include "sim/requant/requantization_unit.h"
#include "sim/rtl/requant_rtl_bridge.h"

namespace npusim::sim {
namespace {

constexpr const char* kInt8Shape = "a32o8x8";
constexpr const char* kInt16Shape = "a48o16x4";

class RtlRequantizationUnit final : public RequantizationUnit {
 public:
  explicit RtlRequantizationUnit(const std::string& vcd_path) {
    for (const char* name : {kInt8Shape, kInt16Shape}) {
      auto unit = rtl::make_requant_unit(name);
      latency_cycles_[name] = unit->measure_latency();
      if (!vcd_path.empty()) unit->open_vcd(name == std::string(kInt8Shape) ? vcd_path : int16_vcd_path(vcd_path));
      units_[name] = std::move(unit);
    }
  }

  std::string name() const override { return "rtl"; }

  RequantUnitTiming timing(int accumulator_bits, int output_bits) const override {
    const rtl::RequantUnitShape& shape = shape_for_widths(accumulator_bits, output_bits);
    return {shape.lanes, latency_cycles_.at(shape.name)};
  }

  void requantize(quant::RoundingMode mode, const quant::RequantCase* cases, std::size_t count,
                  std::int32_t* wide) override {
    if (!to_rtl_rounding(mode)) {
      throw std::runtime_error("rounding mode " + std::string(quant::rounding_mode_name(mode)) +
                               " is not implemented by the RTL (exact modes only)");
    }
    lanes_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      lanes_[i] = to_rtl_lane(cases[i].acc, cases[i].params, mode);
      lanes_[i].lo_bits = 0;
    }
    rtl::RequantUnit& unit = *units_.at(shape_for_batch().name);
    const std::uint64_t cycles_before = unit.cycles();
    unit.run(lanes_, &outputs_);
    last_batch_cycles_ = unit.cycles() - cycles_before;
    for (std::size_t i = 0; i < count; ++i) wide[i] = outputs_[i].q;
  }

  std::uint64_t last_batch_cycles() const override { return last_batch_cycles_; }

  std::uint64_t time_without_values(int accumulator_bits, int output_bits, std::uint64_t count) override {
    const rtl::RequantUnitShape& shape = shape_for_widths(accumulator_bits, output_bits);
    lanes_.assign(count, rtl::RequantLaneInput{});  // acc 0, M 0: results are the zero point
    rtl::RequantUnit& unit = *units_.at(shape.name);
    const std::uint64_t cycles_before = unit.cycles();
    unit.run(lanes_, &outputs_);
    return unit.cycles() - cycles_before;
  }

 private:
  static std::string int16_vcd_path(const std::string& path) {
    const auto dot = path.find_last_of('.');
    const auto slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ".int16";
    return path.substr(0, dot) + ".int16" + path.substr(dot);
  }

  static const rtl::RequantUnitShape& shape_for_widths(int accumulator_bits, int output_bits) {
    for (const char* name : {kInt8Shape, kInt16Shape}) {
      const rtl::RequantUnitShape& shape = rtl::find_requant_unit_shape(name);
      if (accumulator_bits <= shape.acc_bits && output_bits <= shape.out_bits) return shape;
    }
    throw std::invalid_argument("the RTL requantization unit has no configuration for " +
                                std::to_string(accumulator_bits) + "-bit accumulators and " +
                                std::to_string(output_bits) + "-bit outputs (widest: 48 and 16)");
  }

  // The first configuration (INT8, then INT16) that every lane fits.
  const rtl::RequantUnitShape& shape_for_batch() const {
    std::size_t first_bad = 0;
    std::string message;
    for (const char* name : {kInt8Shape, kInt16Shape}) {
      const rtl::RequantUnitShape& shape = rtl::find_requant_unit_shape(name);
      bool fits = true;
      for (std::size_t i = 0; i < lanes_.size() && fits; ++i) {
        try {
          rtl::check_lane_input(shape, lanes_[i]);
        } catch (const std::invalid_argument& e) {
          fits = false;
          first_bad = i;
          message = e.what();
        }
      }
      if (fits) return shape;
    }
    throw RequantCaseError(first_bad, "case does not fit the RTL unit: " + message);
  }

  std::map<std::string, std::unique_ptr<rtl::RequantUnit>> units_;
  std::map<std::string, int> latency_cycles_;
  std::vector<rtl::RequantLaneInput> lanes_;
  std::vector<rtl::RequantLaneOutput> outputs_;
  std::uint64_t last_batch_cycles_ = 0;
};

}  // namespace

std::unique_ptr<RequantizationUnit> make_rtl_requantization_unit(const std::string& vcd_path) {
  return std::make_unique<RtlRequantizationUnit>(vcd_path);
}

}  // namespace npusim::sim
