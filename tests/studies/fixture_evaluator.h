// A sweep evaluator for tests: a closed-form roofline model of a made-up network, so that
// the sweep engine can be tested (and driven through Slurm) before the SystemC simulator
// exists. Not a model of any real NPU; only its determinism and simple arithmetic matter.
//
//   per image: 500e6 MACs, 2e6 activation bytes at 1 byte per value; weights 3e6 bytes,
//   read once per batch. int8: 1 MAC/PE/cycle, 1 byte per value; int16: 1/4 MAC, 2 bytes;
//   fp16: 1/2 MAC, 2 bytes. Clock 1 GHz, so peak_gops = 2 * rows * cols * rate.
//   compute_s = batch * MACs / (rows * cols * rate * 1e9); memory_s = bytes / (gbps * 1e9);
//   latency = max(compute_s, memory_s) + 20 us; utilization = compute_s / latency.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/studies/sweep_evaluator.h"

namespace npusim::testing {

struct FixturePrecision {
  double macs_per_pe_per_cycle;
  double bytes_per_value;
};

inline FixturePrecision fixture_precision(const std::string& name) {
  if (name == "int8") return {1.0, 1.0};
  if (name == "int16") return {0.25, 2.0};
  if (name == "fp16") return {0.5, 2.0};
  throw std::invalid_argument("fixture evaluator: unknown precision '" + name + "' (int8, int16, fp16)");
}

inline studies::SweepMeasurement fixture_evaluate(const studies::SweepPoint& point) {
  constexpr double kMacsPerImage = 500e6, kActivationBytesPerImage = 2e6, kWeightBytes = 3e6, kClockHz = 1e9;
  constexpr double kOverheadSeconds = 20e-6;
  const FixturePrecision precision = fixture_precision(point.precision);
  const double pes = static_cast<double>(point.array.rows) * point.array.columns;
  const double compute_s = point.batch * kMacsPerImage / (pes * precision.macs_per_pe_per_cycle * kClockHz);
  const double dram_bytes = (kWeightBytes + point.batch * kActivationBytesPerImage) * precision.bytes_per_value;
  const double memory_s = dram_bytes / (point.dram_gbps * 1e9);
  const double latency_s = std::max(compute_s, memory_s) + kOverheadSeconds;
  studies::SweepMeasurement m;
  m.latency_ms = latency_s * 1e3;
  m.throughput_ips = point.batch / latency_s;
  m.dram_bytes = dram_bytes;
  m.ops = 2 * kMacsPerImage * point.batch;
  m.utilization = compute_s / latency_s;
  m.bound = compute_s >= memory_s ? "compute" : "memory";
  m.peak_gops = 2 * pes * precision.macs_per_pe_per_cycle * kClockHz / 1e9;
  return m;
}

inline studies::SweepBackend fixture_backend(const studies::SweepContext& context) {
  studies::SweepBackend backend;
  backend.defaults = {1, {16, 16}, 25.6, "int8"};
  backend.fingerprint = "fixture-roofline-1;model=" + context.model;
  backend.check_grid = [](const studies::SweepGrid& grid) {
    for (const auto& name : grid.precisions) fixture_precision(name);
  };
  backend.evaluate = fixture_evaluate;
  return backend;
}

}  // namespace npusim::testing
