// The report's charts, each an inline <svg data-plot="NAME"> built from ReportData.
// Each returns "" when it has no data (the page then leaves the plot out instead of drawing an empty frame).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/report_data.h"

namespace npusim::report {

// Indices of the precision paths no other path beats: none is at least as fast and at least
// as accurate while strictly better in one of the two. Sorted by latency.
std::vector<std::size_t> pareto_front(const std::vector<PrecisionPathResult>& paths, bool lower_is_better);

std::string pareto_chart(const ReportData& data);              // data-plot="pareto"
std::string batch_throughput_chart(const ReportData& data);    // data-plot="batch-throughput"
std::string batch_latency_chart(const ReportData& data);       // data-plot="batch-latency"
std::string layer_cycles_chart(const ReportData& data);        // data-plot="layer-cycles"
std::string layer_sqnr_chart(const ReportData& data);          // data-plot="layer-sqnr"
std::string layer_saturation_chart(const ReportData& data);    // data-plot="layer-saturation"
std::string roofline_chart(const ReportData& data);            // data-plot="roofline"

// A layer name cut to `max_chars` with a trailing "..." (the full name goes in a tooltip).
std::string shorten_label(const std::string& text, std::size_t max_chars);

}  // namespace npusim::report
