// The roofline columns derived from a measurement, worked by hand.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/studies/sweep_row.h"

namespace npusim::studies {
namespace {

SweepMeasurement hand_measurement() {
  SweepMeasurement m;
  m.latency_ms = 10;
  m.throughput_ips = 400;
  m.dram_bytes = 128e6;
  m.ops = 4e9;
  m.utilization = 0.25;
  m.bound = "memory";
  m.peak_gops = 2048;
  return m;
}

TEST(SweepRow, DerivesRooflineColumns) {
  const SweepRow row = derive_row({4, {32, 32}, 25.6, "int8"}, hand_measurement());
  EXPECT_DOUBLE_EQ(row.dram_mb, 32.0);                             // 128e6 B / 4 images / 1e6
  EXPECT_DOUBLE_EQ(row.operational_intensity_ops_per_byte, 31.25);  // 4e9 / 128e6
  EXPECT_DOUBLE_EQ(row.achieved_gops, 400.0);                      // 4e9 ops / 10 ms
  EXPECT_DOUBLE_EQ(row.peak_gbps, 25.6);
  EXPECT_DOUBLE_EQ(row.ridge_ops_per_byte, 80.0);                  // 2048 / 25.6
  EXPECT_DOUBLE_EQ(row.attainable_gops, 800.0);                    // 31.25 * 25.6 < 2048
  SweepMeasurement compute_heavy = hand_measurement();
  compute_heavy.dram_bytes = 16e6;  // intensity 250 > ridge 80: the compute roof holds
  EXPECT_DOUBLE_EQ(derive_row({4, {32, 32}, 25.6, "int8"}, compute_heavy).attainable_gops, 2048.0);
}

TEST(SweepRow, RejectsImpossibleMeasurementsNamingFieldAndPoint) {
  const SweepPoint point{2, {8, 8}, 10, "fp16"};
  auto message = [&](auto change) {
    SweepMeasurement m = hand_measurement();
    change(m);
    try {
      derive_row(point, m);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([](auto& m) { m.latency_ms = 0; }).find("fp16_a8x8_d10_b2: latency_ms"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.throughput_ips = -1; }).find("throughput_ips"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.dram_bytes = 0; }).find("dram_bytes"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.ops = 1.0 / 0.0; }).find("ops"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.peak_gops = 0; }).find("peak_gops"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.utilization = 1.5; }).find("utilization"), std::string::npos);
  EXPECT_NE(message([](auto& m) { m.bound = "io"; }).find("bound"), std::string::npos);
}

TEST(SweepRow, CsvHasTheReportColumnsAndExactNumbers) {
  std::ostringstream out;
  write_rows_csv(out, {derive_row({4, {32, 32}, 25.6, "int8"}, hand_measurement())});
  EXPECT_EQ(out.str(),
            "batch,array,dram_gbps,precision,throughput_ips,latency_ms,dram_mb,utilization,bound,"
            "operational_intensity_ops_per_byte,achieved_gops,attainable_gops,peak_gops,peak_gbps,ridge_ops_per_byte\n"
            "4,32x32,25.6,int8,400,10,32,0.25,memory,31.25,400,800,2048,25.6,80\n");
}

TEST(SweepRow, JsonRoundTripsPointAndMeasurement) {
  const SweepPoint point{16, {64, 8}, 0.1 + 0.2, "int16"};
  EXPECT_EQ(point_from_json(point_to_json(point)), point);
  const SweepMeasurement m = hand_measurement();
  const SweepMeasurement back = measurement_from_json(nlohmann::json::parse(measurement_to_json(m).dump()));
  EXPECT_EQ(back.latency_ms, m.latency_ms);
  EXPECT_EQ(back.bound, m.bound);
  EXPECT_THROW(point_from_json(nlohmann::json{{"batch", 1}}), std::invalid_argument);
  EXPECT_THROW(measurement_from_json(nlohmann::json{{"latency_ms", "fast"}}), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::studies
