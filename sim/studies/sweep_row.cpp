#include "sim/studies/sweep_row.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <stdexcept>

namespace npusim::studies {
namespace {

void require(bool ok, const SweepPoint& point, const std::string& what) {
  if (!ok) throw std::invalid_argument("result of " + canonical_key(point) + ": " + what);
}

void require_positive(double value, const SweepPoint& point, const char* field) {
  require(std::isfinite(value) && value > 0, point,
          std::string(field) + " must be a finite number > 0, got " + format_shortest(value));
}

const nlohmann::json& field(const nlohmann::json& json, const char* name, const char* where) {
  if (!json.is_object()) throw std::invalid_argument(std::string(where) + " is not a JSON object");
  const auto it = json.find(name);
  if (it == json.end()) throw std::invalid_argument(std::string(where) + " lacks \"" + name + "\"");
  return *it;
}

double number_field(const nlohmann::json& json, const char* name, const char* where) {
  const auto& value = field(json, name, where);
  if (!value.is_number()) throw std::invalid_argument(std::string(where) + ": \"" + name + "\" is not a number");
  return value.get<double>();
}

std::string string_field(const nlohmann::json& json, const char* name, const char* where) {
  const auto& value = field(json, name, where);
  if (!value.is_string()) throw std::invalid_argument(std::string(where) + ": \"" + name + "\" is not a string");
  return value.get<std::string>();
}

}  // namespace

SweepRow derive_row(const SweepPoint& point, const SweepMeasurement& measured) {
  require_positive(measured.latency_ms, point, "latency_ms");
  require_positive(measured.throughput_ips, point, "throughput_ips");
  require_positive(measured.dram_bytes, point, "dram_bytes");
  require_positive(measured.ops, point, "ops");
  require_positive(measured.peak_gops, point, "peak_gops");
  require(std::isfinite(measured.utilization) && measured.utilization >= 0 && measured.utilization <= 1, point,
          "utilization must lie in 0..1, got " + format_shortest(measured.utilization));
  require(measured.bound == "compute" || measured.bound == "memory", point,
          "bound must be \"compute\" or \"memory\", got \"" + measured.bound + "\"");

  SweepRow row;
  row.point = point;
  row.measured = measured;
  row.dram_mb = measured.dram_bytes / point.batch / 1e6;
  row.operational_intensity_ops_per_byte = measured.ops / measured.dram_bytes;
  row.achieved_gops = measured.ops / measured.latency_ms / 1e6;  // ops / (ms * 1e-3) / 1e9
  row.peak_gops = measured.peak_gops;
  row.peak_gbps = point.dram_gbps;
  row.ridge_ops_per_byte = row.peak_gops / row.peak_gbps;
  row.attainable_gops = std::min(row.peak_gops, row.operational_intensity_ops_per_byte * row.peak_gbps);
  return row;
}

const std::vector<std::string>& sweep_columns() {
  static const std::vector<std::string> kColumns = {
      "batch", "array", "dram_gbps", "precision", "throughput_ips", "latency_ms", "dram_mb", "utilization", "bound",
      "operational_intensity_ops_per_byte", "achieved_gops", "attainable_gops", "peak_gops", "peak_gbps",
      "ridge_ops_per_byte"};
  return kColumns;
}

nlohmann::json point_to_json(const SweepPoint& point) {
  return {{"batch", point.batch},
          {"array", format_array_shape(point.array)},
          {"dram_gbps", point.dram_gbps},
          {"precision", point.precision}};
}

SweepPoint point_from_json(const nlohmann::json& json) {
  constexpr const char* kWhere = "point";
  SweepPoint point;
  const auto& batch = field(json, "batch", kWhere);
  if (!batch.is_number_integer()) throw std::invalid_argument("point: \"batch\" is not an integer");
  point.batch = parse_batch_list(std::to_string(batch.get<long long>()), "point.batch").front();
  point.array = parse_array_list(string_field(json, "array", kWhere), "point.array").front();
  point.dram_gbps = parse_bandwidth_list(format_shortest(number_field(json, "dram_gbps", kWhere)), "point.dram_gbps").front();
  point.precision = parse_precision_list(string_field(json, "precision", kWhere), "point.precision").front();
  return point;
}

nlohmann::json measurement_to_json(const SweepMeasurement& m) {
  return {{"latency_ms", m.latency_ms}, {"throughput_ips", m.throughput_ips}, {"dram_bytes", m.dram_bytes},
          {"ops", m.ops},               {"utilization", m.utilization},       {"bound", m.bound},
          {"peak_gops", m.peak_gops}};
}

SweepMeasurement measurement_from_json(const nlohmann::json& json) {
  constexpr const char* kWhere = "measurement";
  SweepMeasurement m;
  m.latency_ms = number_field(json, "latency_ms", kWhere);
  m.throughput_ips = number_field(json, "throughput_ips", kWhere);
  m.dram_bytes = number_field(json, "dram_bytes", kWhere);
  m.ops = number_field(json, "ops", kWhere);
  m.utilization = number_field(json, "utilization", kWhere);
  m.bound = string_field(json, "bound", kWhere);
  m.peak_gops = number_field(json, "peak_gops", kWhere);
  return m;
}

nlohmann::json row_to_json(const SweepRow& row) {
  return {{"batch", row.point.batch},
          {"array", format_array_shape(row.point.array)},
          {"dram_gbps", row.point.dram_gbps},
          {"precision", row.point.precision},
          {"throughput_ips", row.measured.throughput_ips},
          {"latency_ms", row.measured.latency_ms},
          {"dram_mb", row.dram_mb},
          {"utilization", row.measured.utilization},
          {"bound", row.measured.bound},
          {"operational_intensity_ops_per_byte", row.operational_intensity_ops_per_byte},
          {"achieved_gops", row.achieved_gops},
          {"attainable_gops", row.attainable_gops},
          {"peak_gops", row.peak_gops},
          {"peak_gbps", row.peak_gbps},
          {"ridge_ops_per_byte", row.ridge_ops_per_byte}};
}

void write_rows_csv(std::ostream& out, const std::vector<SweepRow>& rows) {
  const auto& columns = sweep_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << columns[i];
  out << '\n';
  for (const SweepRow& row : rows) {
    out << row.point.batch << ',' << format_array_shape(row.point.array) << ',' << format_shortest(row.point.dram_gbps)
        << ',' << row.point.precision << ',' << format_shortest(row.measured.throughput_ips) << ','
        << format_shortest(row.measured.latency_ms) << ',' << format_shortest(row.dram_mb) << ','
        << format_shortest(row.measured.utilization) << ',' << row.measured.bound << ','
        << format_shortest(row.operational_intensity_ops_per_byte) << ',' << format_shortest(row.achieved_gops) << ','
        << format_shortest(row.attainable_gops) << ',' << format_shortest(row.peak_gops) << ','
        << format_shortest(row.peak_gbps) << ',' << format_shortest(row.ridge_ops_per_byte) << '\n';
  }
}

void print_rows_table(std::ostream& out, const std::vector<SweepRow>& rows) {
  char line[256];
  std::snprintf(line, sizeof line, "%-10s %6s %9s %10s %14s %11s %9s %6s %-8s %10s %10s\n", "precision", "batch",
                "array", "dram_gbps", "throughput_ips", "latency_ms", "dram_mb", "util", "bound", "ops/byte",
                "GOPS");
  out << line;
  for (const SweepRow& row : rows) {
    std::snprintf(line, sizeof line, "%-10s %6d %9s %10s %14.1f %11.3f %9.3f %6.3f %-8s %10.1f %10.1f\n",
                  row.point.precision.c_str(), row.point.batch, format_array_shape(row.point.array).c_str(),
                  format_shortest(row.point.dram_gbps).c_str(), row.measured.throughput_ips, row.measured.latency_ms,
                  row.dram_mb, row.measured.utilization, row.measured.bound.c_str(),
                  row.operational_intensity_ops_per_byte, row.achieved_gops);
    out << line;
  }
}

}  // namespace npusim::studies
