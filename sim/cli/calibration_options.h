// The calibration options every command that calibrates shares (calibrate, and the studies
// that calibrate first: compare, sensitivity, simulate without --plan): one option table,
// one reader, one loop over the data set.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "models/graph/graph.h"
#include "models/ptq/calibrate.h"
#include "models/ptq/calibration_set.h"

namespace npusim::cli {

struct CalibrationRequest {
  ptq::CalibrationOptions options;
  int count = 64;
  ptq::CalibrationSelection selection = ptq::CalibrationSelection::kRandom;
  std::uint64_t seed = 1;
};

void add_calibration_options(boost::program_options::options_description& options);
// Throws UsageError naming the option for a bad value.
CalibrationRequest calibration_request_from(const boost::program_options::variables_map& values);

// Selects and loads the calibration images of `data_dir` and calibrates `graph` on them;
// `log` receives one line about the selection; a progress bar goes to stderr when it is a
// terminal and `show_progress` is set.
quant::QuantPlan calibrate_on_dataset(const models::Graph& graph, const std::string& data_dir,
                                      const CalibrationRequest& request, std::ostream& log, bool show_progress = true);

}  // namespace npusim::cli
