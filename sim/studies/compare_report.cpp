#include "sim/studies/compare_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace npusim::studies {
namespace {

std::string number(double value, const char* format = "%.4g") {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Peak operations per second of the configuration's arrays at one precision (2 per MAC).
double peak_gops(const sim::NpuConfig& config, sim::Precision precision) {
  double macs_per_cycle = 0.0;
  for (const auto& array : config.mac_arrays) {
    macs_per_cycle += array.pe_rows * array.pe_cols * array.macs_per_pe_per_cycle[precision];
  }
  return 2.0 * macs_per_cycle * config.clock_mhz / 1000.0;
}

}  // namespace

report::ReportData compare_report_data(const CompareSetup& setup, const std::vector<CompareRow>& rows) {
  report::ReportData data;
  data.title = "npusim compare: " + setup.model_path;
  data.facts = {{"model", setup.model_path},
                {"held-out data", setup.eval_label.empty() ? setup.eval_dir : setup.eval_label},
                {"calibration data", setup.calib_label.empty() ? setup.calib_dir : setup.calib_label}};
  if (setup.npu) data.facts.emplace_back("NPU", setup.npu->name + " (" + setup.npu->approximation + ")");
  const CompareRow* fp32 = nullptr;
  const CompareRow* profiled = nullptr;
  for (const CompareRow& row : rows) {
    if (row.path == "fp32") fp32 = &row;
    if (row.path == setup.profiled_path) profiled = &row;
  }
  data.accuracy.name = "abs_rel";
  data.accuracy.lower_is_better = true;
  if (fp32) {
    data.accuracy.goal = fp32->errors.abs_rel * 1.05;  // the int8 goal: within +5 % of FP32
    data.facts.emplace_back("FP32 abs_rel", number(fp32->errors.abs_rel) + " (goal line: +5 %)");
  }
  for (const CompareRow& row : rows) {
    if (!row.listed) continue;
    data.facts.emplace_back(row.path, "abs_rel " + number(row.errors.abs_rel) + " (" + number(row.degradation_pct, "%+.2f") +
                                          " %), " + number(row.model_mb, "%.3f") + " MiB");
    if (!row.latency_ms) continue;  // FP32 has no NPU time (no FP32 arrays)
    report::PrecisionPathResult path;
    path.name = row.path;
    path.accuracy = row.errors.abs_rel;
    path.latency_ms = *row.latency_ms;
    path.throughput_ips = row.throughput_ips;
    path.dram_mb = row.dram_mb;
    path.energy_mj = row.energy_mj;
    data.precision_paths.push_back(path);
    if (row.path == "int8" || row.path == "int16" || row.path == "fp16") {
      report::BatchSeries series;
      series.label = row.path + (setup.npu ? ", " + setup.npu->name : "");
      for (const auto& [batch, report] : row.batch_curve) series.points.push_back({batch, report.throughput_ips, report.latency_ms});
      if (!series.points.empty()) data.batch_series.push_back(series);
    }
  }
  if (profiled && profiled->simulation && setup.npu) {
    std::map<std::string, const analysis::LayerProfile*> quality;
    if (profiled->profile) {
      for (const auto& layer : profiled->profile->layers) quality[layer.operation] = &layer;
    }
    const double clock_hz = setup.npu->clock_mhz * 1e6;
    const double peak = peak_gops(*setup.npu, sim::Precision::kInt8);
    data.facts.emplace_back("roofline", "per layer of " + profiled->path + ", batch 1; DRAM bytes counted up to what the "
                                        "layer's own cycles can move (weights prefetched during the previous layer are not "
                                        "charged to it)");
    data.roofs.push_back({setup.npu->name + " int8, " + number(setup.npu->dram.bandwidth_gbps) + " GB/s", peak,
                          setup.npu->dram.bandwidth_gbps});
    for (const sim::LayerReport& layer : profiled->simulation->layers) {
      report::LayerResult result;
      result.name = layer.name;
      result.compute_cycles = static_cast<double>(layer.compute_cycles);
      result.stall_cycles = static_cast<double>(layer.stall_cycles);
      auto q = quality.find(layer.name);
      if (q != quality.end() && std::isfinite(q->second->vs_float.sqnr_db)) {
        result.sqnr_db = q->second->vs_float.sqnr_db;
        result.saturation_rate = q->second->vs_float.saturation_rate;
      }
      data.layers.push_back(result);
      // Bytes a layer's own time could have moved: weights prefetched during the previous
      // layer are traffic, but not on this layer's clock (else points rise above the roof).
      const double moved = static_cast<double>(layer.dram_read_bytes + layer.dram_write_bytes);
      const double bytes = std::min(moved, static_cast<double>(layer.cycles) * setup.npu->dram_bytes_per_cycle());
      if (layer.macs > 0 && bytes > 0 && layer.cycles > 0) {
        const double ops = 2.0 * static_cast<double>(layer.macs);
        data.roofline_points.push_back({layer.name, "layers (" + profiled->path + ")", ops / bytes,
                                        ops / (static_cast<double>(layer.cycles) / clock_hz) / 1e9});
      }
    }
  }
  // Depth maps of the first held-out images: ground truth from the rows' own evaluation set.
  const data::DepthDataset eval = [&] {
    data::DepthDatasetOptions options;
    options.limit = setup.depth_maps;
    return data::open_depth_dataset(setup.eval_dir, options);
  }();
  for (std::size_t i = 0; i < eval.samples.size(); ++i) {
    const data::DepthMap truth = data::load_depth_map(eval.samples[i].depth_path, data::DepthPngUnit::kKitti256);
    report::DepthImage image;
    image.name = eval.samples[i].name;
    image.height = truth.height;
    image.width = truth.width;
    image.ground_truth_m = truth.depth_m;
    for (const CompareRow& row : rows) {
      if (!row.listed || i >= row.depth_maps.size()) continue;
      if (row.path != "fp32" && row.path != "int8_minmax" && row.path != "int8" && row.path != "int8_dual") continue;
      const data::DepthMap& predicted = row.depth_maps[i];
      if (predicted.height != truth.height || predicted.width != truth.width) continue;
      image.predictions.push_back({row.path, predicted.depth_m});
    }
    data.depth_images.push_back(std::move(image));
  }
  return data;
}

}  // namespace npusim::studies
