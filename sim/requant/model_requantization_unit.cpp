// The C++ model of the requantization unit: quant::requantize case by case (cases may each
// carry other parameters, so the tensor fast path, which wants shared parameters, does not
// apply), timed by the lanes/latency formula.
#include <stdexcept>

#include "sim/requant/requantization_unit.h"

namespace npusim::sim {
namespace {

class ModelRequantizationUnit final : public RequantizationUnit {
 public:
  ModelRequantizationUnit(int lanes, int latency_cycles) {
    if (lanes < 1) throw std::invalid_argument("requantization unit: lanes must be at least 1");
    if (latency_cycles < 0) throw std::invalid_argument("requantization unit: latency_cycles must not be negative");
    timing_.lanes = lanes;
    timing_.latency_cycles = latency_cycles;
  }
  std::string name() const override { return "model"; }
  RequantUnitTiming timing(int, int) const override { return timing_; }
  void requantize(quant::RoundingMode mode, const quant::RequantCase* cases, std::size_t count,
                  std::int32_t* wide) override {
    for (std::size_t i = 0; i < count; ++i) wide[i] = quant::requantize(cases[i].acc, cases[i].params, mode);
    last_batch_cycles_ = timing_.cycles_for(count);
  }
  std::uint64_t last_batch_cycles() const override { return last_batch_cycles_; }
  std::uint64_t time_without_values(int, int, std::uint64_t count) override { return timing_.cycles_for(count); }

 private:
  RequantUnitTiming timing_;
  std::uint64_t last_batch_cycles_ = 0;
};

}  // namespace

std::unique_ptr<RequantizationUnit> make_model_requantization_unit(int lanes, int latency_cycles) {
  return std::make_unique<ModelRequantizationUnit>(lanes, latency_cycles);
}

}  // namespace npusim::sim
