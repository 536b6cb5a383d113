// The `npusim requant --rtl` backend (sim/requant/rtl_requant_backend.cpp) against the golden
// backend on random CSV-style rows of both datapath widths, and its row errors.
#include <gtest/gtest.h>

#include <vector>

#include "rtl/requant_unit.h"
#include "sim/requant/requant_backend.h"
#include "sim/rtl/requant_rtl_check.h"

namespace npusim::sim {
namespace {

using quant::RoundingMode;

std::vector<RequantRow> random_rows(const char* shape_name, RoundingMode mode, std::size_t count) {
  RandomRequantCases generator(rtl::find_requant_unit_shape(shape_name), mode, 77);
  std::vector<RequantRow> rows;
  while (rows.size() < count) {
    RequantCheckCase c = generator.next();
    c.params.activation = quant::FusedActivation::kNone;  // the CSV has no activation column
    if (!golden_accepts(c, mode)) continue;
    rows.push_back({c.acc, c.params});
  }
  return rows;
}

TEST(RtlRequantBackend, EqualsTheGoldenBackendOnEveryExactMode) {
  auto rtl_backend = make_rtl_requant_backend();
  auto golden_backend = make_golden_requant_backend();
  EXPECT_EQ(rtl_backend->name(), "rtl");
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfAway, RoundingMode::kHalfEven,
                            RoundingMode::kFloor, RoundingMode::kTruncate, RoundingMode::kTfliteDouble}) {
    for (const char* shape : {"a32o8x8", "a48o16x4"}) {  // INT8-sized rows, then INT16-sized ones
      const auto rows = random_rows(shape, mode, 30000);
      std::vector<std::int32_t> expected(rows.size()), actual(rows.size());
      golden_backend->process_batch(mode, rows.data(), rows.size(), expected.data());
      rtl_backend->process_batch(mode, rows.data(), rows.size(), actual.data());
      std::size_t differing = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) differing += expected[i] != actual[i];
      EXPECT_EQ(differing, 0u) << quant::rounding_mode_name(mode) << " " << shape;
    }
  }
}

TEST(RtlRequantBackend, RowsWiderThanTheUnitAreRowErrors) {
  auto backend = make_rtl_requant_backend();
  std::vector<RequantRow> rows(4);
  rows[2].params.qmax = 70000;  // beyond the INT16 unit's 17-bit bounds
  std::vector<std::int32_t> wide(rows.size());
  try {
    backend->process_batch(RoundingMode::kFloor, rows.data(), rows.size(), wide.data());
    FAIL() << "expected RequantRowError";
  } catch (const RequantRowError& e) {
    EXPECT_EQ(e.row_index(), 2u);
    EXPECT_NE(std::string(e.what()).find("qmax"), std::string::npos) << e.what();
  }
  rows[2].params.qmax = 127;
  rows[1].acc = std::int64_t{1} << 50;  // beyond ACC_W = 48
  EXPECT_THROW(backend->process_batch(RoundingMode::kFloor, rows.data(), rows.size(), wide.data()), RequantRowError);
  rows[1].acc = 0;
  EXPECT_THROW(backend->process_batch(RoundingMode::kFp32, rows.data(), rows.size(), wide.data()), std::runtime_error);
}

TEST(RtlRequantBackend, DualOutputRowsReturnTheWideResult) {
  auto backend = make_rtl_requant_backend();
  std::vector<RequantRow> rows(1);
  rows[0].acc = 9000;  // 9000 / 2 + 100 = 4600 -> clamp 4095; lo_bits 20 exceeds OUT_W, yet is the caller's split
  rows[0].params.multiplier = 1 << 30;
  rows[0].params.shift = 31;
  rows[0].params.zero_point = 100;
  rows[0].params.qmin = 0;
  rows[0].params.qmax = 4095;
  rows[0].params.lo_bits = 20;
  std::int32_t wide = 0;
  backend->process_batch(RoundingMode::kHalfUp, rows.data(), 1, &wide);
  EXPECT_EQ(wide, 4095);
}

}  // namespace
}  // namespace npusim::sim
