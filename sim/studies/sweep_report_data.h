// A sweep's rows as report data (sim/report): batch curves, one per (precision, array,
// bandwidth), and a roofline with one roof per distinct (peak compute, bandwidth) and one
// point per configuration, grouped by precision.
#pragma once

#include "sim/report/report_data.h"
#include "sim/studies/sweep_report.h"

namespace npusim::studies {

report::ReportData sweep_report_data(const SweepReport& sweep);

}  // namespace npusim::studies
