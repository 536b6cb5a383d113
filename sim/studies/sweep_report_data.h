// A sweep's rows as report data (sim/report): batch curves, one per (precision, array,
// bandwidth), and a roofline with one roof per distinct (peak compute, bandwidth) and one
// point per configuration, grouped by precision. At most 8 curves (the first in grid
// order) and 8 roofs (else none) are drawn; the facts table says so.
#pragma once

#include "sim/report/report_data.h"
#include "sim/studies/sweep_report.h"

namespace npusim::studies {

report::ReportData sweep_report_data(const SweepReport& sweep);

}  // namespace npusim::studies
