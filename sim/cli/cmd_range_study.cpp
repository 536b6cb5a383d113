// `npusim range-study`: the original team's output-range table on any depth set
// (models/metrics/range_study.h).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "models/data/depth_dataset.h"
#include "models/data/depth_statistics.h"
#include "models/metrics/range_study.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

nlohmann::json encoding_json(const metrics::EncodingError& e) {
  return {{"step_low_m", e.step_low_m},       {"step_high_m", e.step_high_m},
          {"error_low_m", 0.5 * e.step_low_m}, {"error_high_m", 0.5 * e.step_high_m},
          {"rms_covered_m", e.rms_covered_m}, {"rms_all_m", e.rms_all_m},
          {"max_abs_covered_m", e.max_abs_covered_m}};
}

}  // namespace

int run_range_study(const std::vector<std::string>& args) {
  std::string data_dir, ranges_text, unit_text;
  int limit = 0;
  po::options_description options("options");
  options.add_options()
      ("data", po::value<std::string>(&data_dir)->required(), "depth dataset directory (manifest.json, or depth/*.png|*.npy)")
      ("ranges", po::value<std::string>(&ranges_text)->default_value("0.5:7.5,0.5:10,0.5:12.5,0.5:15"),
       "output ranges LOW:HIGH in metres, comma separated")
      ("depth-unit", po::value<std::string>(&unit_text)->default_value("kitti"),
       "16-bit depth PNG unit: kitti (value/256 m) or mm (value/1000 m, NYU)")
      ("limit", po::value<int>(&limit)->default_value(0), "use only the first N depth maps (0 = all)")
      ("json", "print JSON instead of a table");
  po::variables_map values;
  if (!parse_options("range-study", "--data DIR [--ranges 0.5:7.5,...] [--json]", options, args, &values)) return kExitOk;
  if (limit < 0) throw UsageError("--limit must be >= 0");
  std::vector<metrics::DepthRange> ranges;
  data::DepthDatasetOptions dataset_options;
  try {
    ranges = metrics::parse_depth_ranges(ranges_text);
    dataset_options.png_unit = data::parse_depth_png_unit(unit_text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  dataset_options.require_rgb = false;
  dataset_options.limit = limit;
  const data::DepthDataset dataset = data::open_depth_dataset(data_dir, dataset_options);

  std::vector<float> depths;
  for (const data::DepthSample& sample : dataset.samples) {
    const data::DepthMap map = data::load_depth_map(sample.depth_path, dataset_options.png_unit);
    depths.insert(depths.end(), map.depth_m.begin(), map.depth_m.end());
  }
  const std::size_t total_pixels = depths.size();
  const std::vector<metrics::RangeStudyRow> rows = metrics::run_range_study(depths, ranges);
  const data::DepthStatistics stats = data::compute_depth_statistics(std::move(depths));

  if (values.count("json")) {
    nlohmann::json out = {{"data", data_dir},
                          {"images", dataset.samples.size()},
                          {"pixels", total_pixels},
                          {"valid_pixels", stats.count},
                          {"depth_stats",
                           {{"min_m", stats.min_m}, {"median_m", stats.median_m}, {"mean_m", stats.mean_m},
                            {"std_m", stats.std_m}, {"p75_m", stats.p75_m}, {"p90_m", stats.p90_m},
                            {"p95_m", stats.p95_m}, {"p99_m", stats.p99_m}, {"p99_9_m", stats.p999_m},
                            {"max_m", stats.max_m}}},
                          {"ranges", nlohmann::json::array()}};
    for (const auto& row : rows) {
      out["ranges"].push_back({{"low_m", row.range.low_m},
                               {"high_m", row.range.high_m},
                               {"coverage", row.coverage},
                               {"lost", row.lost},
                               {"below", row.below},
                               {"above", row.above},
                               {"linear8", encoding_json(row.linear8)},
                               {"linear16", encoding_json(row.linear16)},
                               {"log8", encoding_json(row.log8)},
                               {"log16", encoding_json(row.log16)}});
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%zu depth maps, %llu valid of %zu pixels: min %.3f  median %.3f  mean %.3f  std %.3f  p75 %.3f  "
              "p90 %.3f  p95 %.3f  p99 %.3f  p99.9 %.3f  max %.3f m\n\n",
              dataset.samples.size(), static_cast<unsigned long long>(stats.count), total_pixels, stats.min_m,
              stats.median_m, stats.mean_m, stats.std_m, stats.p75_m, stats.p90_m, stats.p95_m, stats.p99_m,
              stats.p999_m, stats.max_m);
  std::printf("%-14s %9s %7s %7s %7s | %-25s | %-17s | %-27s | %s\n", "range [m]", "coverage", "lost", "below",
              "above", "linear 8-bit step (+-err)", "linear 16-bit", "log 8-bit step low..high", "RMS [mm] lin8 / log8 / lin8+clip");
  for (const auto& row : rows) {
    char range[32];
    std::snprintf(range, sizeof(range), "[%g, %g]", row.range.low_m, row.range.high_m);
    std::printf("%-14s %8.1f%% %6.1f%% %6.1f%% %6.1f%% | %7.1f mm (+-%5.1f mm)    | %6.3f mm (+-%5.3f) | %6.2f .. %7.1f mm"
                "          | %6.1f / %6.1f / %8.1f\n",
                range, 100 * row.coverage, 100 * row.lost, 100 * row.below, 100 * row.above,
                1000 * row.linear8.step_low_m, 500 * row.linear8.step_low_m, 1000 * row.linear16.step_low_m,
                500 * row.linear16.step_low_m, 1000 * row.log8.step_low_m, 1000 * row.log8.step_high_m,
                1000 * row.linear8.rms_covered_m, 1000 * row.log8.rms_covered_m, 1000 * row.linear8.rms_all_m);
  }
  return kExitOk;
}

}  // namespace npusim::cli
