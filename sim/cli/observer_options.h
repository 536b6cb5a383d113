// The observer settings shared by `npusim qparams` and `npusim calibrate` (one option table,
// one reader): --warmup-batches, --ema-constant, --low-percent, ... docs/observers.md.
#pragma once

#include <boost/program_options.hpp>

#include "quant/observers/observer_factory.h"

namespace npusim::cli {

// `prefix` is prepended to every option name ("" for activations, "weight-" for weights).
void add_observer_setting_options(boost::program_options::options_description& options, const std::string& prefix = "");
quant::ObserverSettings observer_settings_from(const boost::program_options::variables_map& values,
                                               const std::string& prefix = "");

}  // namespace npusim::cli
