// `npusim run --plan P`: the golden executor (models/golden) instead of the float one. Every
// output is computed before any file is written, so a failed run writes nothing.
#pragma once

#include <string>
#include <vector>

namespace npusim::cli {

// out_path: model output 0 (for a dual output: its hi tensor); every further plan output
// tensor goes beside it as OUT_STEM.<tensor>.npy. decoded: write real values (float32)
// instead of the device's codes. dump_dir: every tensor the device stores, as codes.
int run_with_plan(const std::string& model_path, const std::string& plan_path,
                  const std::vector<std::string>& input_paths, const std::string& out_path, bool decoded,
                  const std::string& dump_dir);

}  // namespace npusim::cli
