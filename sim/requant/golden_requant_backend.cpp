// The golden backend: quant::requantize row by row (rows may each carry other parameters, so
// the tensor fast path, which wants shared parameters, does not apply).
#include "sim/requant/requant_backend.h"

namespace npusim::sim {
namespace {

class GoldenRequantBackend final : public RequantBackend {
 public:
  std::string name() const override { return "golden"; }
  void process_batch(quant::RoundingMode mode, const RequantRow* rows, std::size_t count,
                     std::int32_t* wide) override {
    for (std::size_t i = 0; i < count; ++i) wide[i] = quant::requantize(rows[i].acc, rows[i].params, mode);
  }
};

}  // namespace

std::unique_ptr<RequantBackend> make_golden_requant_backend() { return std::make_unique<GoldenRequantBackend>(); }

}  // namespace npusim::sim
