// The self-contained HTML report: one file, inline SVG plots and PNG images, inline CSS,
// no scripts, fonts or anything else fetched. Same data, same bytes.
#pragma once

#include <string>

#include "sim/report/report_data.h"

namespace npusim::report {

// validate()s the data first (std::invalid_argument naming the place).
std::string render_html_report(const ReportData& data);

// Renders and writes atomically: the file appears complete or not at all.
void write_html_report(const ReportData& data, const std::string& path);

}  // namespace npusim::report
