// One row of a sweep report: the point, what the evaluator measured, and the roofline
// figures derived from both. The derivation lives here, once, so every evaluator gets
// the same columns and a 1-thread, N-thread, sharded or merged run the same numbers.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "sim/studies/sweep_evaluator.h"
#include "sim/studies/sweep_point.h"

namespace npusim::studies {

struct SweepRow {
  SweepPoint point;
  SweepMeasurement measured;
  double dram_mb = 0;                             // DRAM traffic per image, 10^6 bytes
  double operational_intensity_ops_per_byte = 0;  // ops / DRAM bytes
  double achieved_gops = 0;                       // ops / latency
  double peak_gops = 0;                           // roof: compute
  double peak_gbps = 0;                           // roof: DRAM bandwidth (the point's)
  double ridge_ops_per_byte = 0;                  // where the two roofs meet
  double attainable_gops = 0;                     // min(peak_gops, intensity x peak_gbps)
};

// Checks the measurement (finite, latency/throughput/bytes/ops/peak > 0, utilization in
// 0..1, bound "compute" or "memory") and derives the roofline columns. Throws
// std::invalid_argument naming the field and the point's key.
SweepRow derive_row(const SweepPoint& point, const SweepMeasurement& measured);

// The report columns, in order (CSV header and JSON field names).
const std::vector<std::string>& sweep_columns();

nlohmann::json point_to_json(const SweepPoint& point);
SweepPoint point_from_json(const nlohmann::json& json);  // throws std::invalid_argument
nlohmann::json measurement_to_json(const SweepMeasurement& measured);
SweepMeasurement measurement_from_json(const nlohmann::json& json);  // throws std::invalid_argument

nlohmann::json row_to_json(const SweepRow& row);
// CSV with a header line; numbers in the shortest text that reads back exactly.
void write_rows_csv(std::ostream& out, const std::vector<SweepRow>& rows);
// An aligned table for a terminal (rounded for reading; the files keep every digit).
void print_rows_table(std::ostream& out, const std::vector<SweepRow>& rows);

}  // namespace npusim::studies
