// The HTML report of `npusim compare` (sim/report): accuracy against latency for the
// precision paths, the batch curves, the int8 path's layers (cycles, SQNR, saturation) on
// a roofline, and depth maps of a few held-out images.
#pragma once

#include <vector>

#include "sim/report/report_data.h"
#include "sim/studies/compare.h"

namespace npusim::studies {

report::ReportData compare_report_data(const CompareSetup& setup, const std::vector<CompareRow>& rows);

}  // namespace npusim::studies
