// `npusim scenes`: the synthetic depth dataset generator (models/data/scene_generator.h).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "models/data/scene_generator.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"
#include "sim/cli/size_option.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_scenes(const std::vector<std::string>& args) {
  int count = 0;
  std::uint64_t seed = 0;
  std::string size_text;
  std::string out_dir;
  po::options_description options("options");
  options.add_options()
      ("count", po::value<int>(&count)->required(), "number of images (1..999999)")
      ("seed", po::value<std::uint64_t>(&seed)->default_value(0), "run seed; image i uses splitmix64(seed, i)")
      ("size", po::value<std::string>(&size_text)->default_value("128x160"), "image size HEIGHTxWIDTH in pixels (8..4096 each)")
      ("out", po::value<std::string>(&out_dir)->required(), "output directory (rgb/, depth/, manifest.json)");
  po::variables_map values;
  if (!parse_options("scenes", "--count N --out DIR [--seed S] [--size HxW]", options, args, &values)) return kExitOk;

  data::SceneGeneratorOptions generator;
  generator.count = count;
  generator.seed = seed;
  const ImageSize size = parse_image_size(size_text, "size");
  generator.height_px = size.height_px;
  generator.width_px = size.width_px;
  generator.out_dir = out_dir;
  if (count < 1 || count > 999999) throw UsageError("--count must lie in 1..999999 (got " + std::to_string(count) + ")");

  const data::SceneGeneratorSummary summary = data::generate_scene_dataset(generator);
  const data::DepthStatistics& s = summary.pooled;
  std::printf("wrote %d images (%dx%d) to %s in %.2f s (%.1f images/s)\n", summary.images_written,
              generator.height_px, generator.width_px, out_dir.c_str(), summary.seconds,
              summary.images_written / std::max(summary.seconds, 1e-9));
  std::printf("depth over %llu valid pixels (%llu invalid): min %.3f  median %.3f  mean %.3f  p75 %.3f  p90 %.3f  "
              "p95 %.3f  p99 %.3f  p99.9 %.3f  max %.3f m\n",
              static_cast<unsigned long long>(s.count), static_cast<unsigned long long>(summary.invalid_pixels),
              s.min_m, s.median_m, s.mean_m, s.p75_m, s.p90_m, s.p95_m, s.p99_m, s.p999_m, s.max_m);
  return kExitOk;
}

}  // namespace npusim::cli
