// The `npusim requant --rtl` backend: every batch runs through the Verilated requantization
// unit (rtl/requant.v) via its C++ harness. The INT8 configuration (a32o8x8: int32
// accumulators, bounds within -256..255, 8 lanes) is used when every row of the batch fits it,
// else the INT16 one (a48o16x4: 48-bit accumulators, bounds within -65536..65535). A row that
// fits neither is a RequantRowError naming the field. The command splits dual outputs itself,
// so the unit runs with lo_bits = 0 and returns the wide result.
#include <map>
#include <vector>

#include "rtl/requant_unit.h"
#include "sim/requant/requant_backend.h"
#include "sim/rtl/requant_rtl_bridge.h"

namespace npusim::sim {
namespace {

class RtlRequantBackend final : public RequantBackend {
 public:
  std::string name() const override { return "rtl"; }

  void process_batch(quant::RoundingMode mode, const RequantRow* rows, std::size_t count,
                     std::int32_t* wide) override {
    if (!to_rtl_rounding(mode)) {
      throw std::runtime_error("rounding mode " + std::string(quant::rounding_mode_name(mode)) +
                               " is not implemented by the RTL (exact modes only)");
    }
    lanes_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      lanes_[i] = to_rtl_lane(rows[i].acc, rows[i].params, mode);
      lanes_[i].lo_bits = 0;
    }
    const rtl::RequantUnitShape& shape = shape_for_batch();
    auto& unit = units_[shape.name];
    if (!unit) unit = rtl::make_requant_unit(shape.name);
    unit->run(lanes_, &outputs_);
    for (std::size_t i = 0; i < count; ++i) wide[i] = outputs_[i].q;
  }

 private:
  // The first configuration (INT8, then INT16) that every lane fits.
  const rtl::RequantUnitShape& shape_for_batch() const {
    const char* const kPreferred[] = {"a32o8x8", "a48o16x4"};
    std::size_t first_bad = 0;
    std::string message;
    for (const char* name : kPreferred) {
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
    throw RequantRowError(first_bad, "row does not fit the RTL unit: " + message);
  }

  std::map<std::string, std::unique_ptr<rtl::RequantUnit>> units_;
  std::vector<rtl::RequantLaneInput> lanes_;
  std::vector<rtl::RequantLaneOutput> outputs_;
};

}  // namespace

std::unique_ptr<RequantBackend> make_rtl_requant_backend() { return std::make_unique<RtlRequantBackend>(); }

}  // namespace npusim::sim
