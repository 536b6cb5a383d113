#include "sim/report/html_report.h"

#include <algorithm>
#include <cstdio>

#include "quant/io/atomic_output_file.h"
#include "sim/report/charts.h"
#include "sim/report/depth_maps.h"
#include "sim/report/svg.h"

namespace npusim::report {
namespace {

constexpr const char* kStyle = R"(body{font-family:"DejaVu Sans",sans-serif;margin:0;background:#f4f4f4;color:#222}
main{max-width:1120px;margin:0 auto;padding:16px 24px;background:#fff}
h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
h3{font-size:14px}p.note{color:#555;font-size:13px;max-width:900px}p.empty{color:#999;font-style:italic}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f0f0f0}td.name,th.name{text-align:left}.row{display:flex;flex-wrap:wrap;gap:12px}
.maps{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}figcaption{font-size:12px;color:#444;max-width:300px}
img{image-rendering:pixelated;border:1px solid #ccc}nav a{margin-right:12px;font-size:13px}svg{font-family:inherit}
)";

std::string number(double value, const char* format = "%.4g") {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string optional_cell(const std::optional<double>& value) {
  return "<td>" + (value ? number(*value) : std::string("&ndash;")) + "</td>";
}

// The sections in page order; one without data is left out of the page and the navigation
// and named in a closing note, so a sweep report carries no empty depth-map section.
struct Section {
  std::string id, title, note, body;
};

std::string render_section(const Section& section) {
  return "<section id=\"" + section.id + "\">\n<h2>" + escape_xml(section.title) + "</h2>\n<p class=\"note\">" +
         section.note + "</p>\n" + section.body + "</section>\n";
}

std::string facts_table(const ReportData& data) {
  if (data.facts.empty()) return "";
  std::string html = "<table class=\"facts\">\n";
  for (const auto& [name, value] : data.facts) {
    html += "<tr><th class=\"name\">" + escape_xml(name) + "</th><td class=\"name\">" + escape_xml(value) + "</td></tr>\n";
  }
  return html + "</table>\n";
}

std::string precision_table(const ReportData& data) {
  if (data.precision_paths.empty()) return "";
  const auto front = pareto_front(data.precision_paths, data.accuracy.lower_is_better);
  std::string html = "<table><tr><th class=\"name\">path</th><th>" + escape_xml(data.accuracy.name) +
                     "</th><th>latency_ms</th><th>throughput_ips</th><th>dram_mb</th><th>energy_mj</th><th>Pareto</th></tr>\n";
  for (std::size_t i = 0; i < data.precision_paths.size(); ++i) {
    const auto& path = data.precision_paths[i];
    const bool optimal = std::find(front.begin(), front.end(), i) != front.end();
    html += "<tr><td class=\"name\">" + escape_xml(path.name) + "</td><td>" + number(path.accuracy) + "</td><td>" +
            number(path.latency_ms) + "</td>" + optional_cell(path.throughput_ips) + optional_cell(path.dram_mb) +
            optional_cell(path.energy_mj) + "<td>" + (optimal ? "yes" : "") + "</td></tr>\n";
  }
  return html + "</table>\n";
}

std::string join_row(const std::string& a, const std::string& b) {
  if (a.empty() && b.empty()) return "";
  return "<div class=\"row\">\n" + a + b + "</div>\n";
}

}  // namespace

std::string render_html_report(const ReportData& data) {
  validate(data);
  const std::string pareto = pareto_chart(data);
  const std::vector<Section> sections = {
      {"precision", "Accuracy vs latency of the precision paths",
       "Each point is one precision path; filled points are Pareto-optimal (no other path is both at least as fast "
       "and at least as accurate). Hover a point for its numbers.",
       pareto.empty() ? "" : pareto + precision_table(data)},
      {"batch", "Throughput and latency vs batch size",
       "One curve per configuration. Throughput usually rises with the batch while weights are reused; latency per "
       "batch rises too.",
       join_row(batch_throughput_chart(data), batch_latency_chart(data))},
      {"layers", "Cycles per layer",
       "Compute cycles (MAC array busy) and stall cycles (waiting for memory) of each layer, in network order.",
       layer_cycles_chart(data)},
      {"roofline", "Roofline",
       "Attainable performance is min(peak compute, operational intensity x DRAM bandwidth). Points left of a ridge "
       "are memory-bound, right of it compute-bound.",
       roofline_chart(data)},
      {"quality", "SQNR and saturation per layer",
       "SQNR of each layer's quantized output against float. Saturation: the share of values clipped; over 5 % (red) "
       "the range is too narrow, 0 % means the range is wider than the data and resolution is wasted.",
       join_row(layer_sqnr_chart(data), layer_saturation_chart(data))},
      {"depth", "Depth and error maps",
       "Ground truth, each path's prediction on one depth scale per image, and the absolute error on one error scale "
       "per image (saturating at the 99th percentile). Grey: no ground truth.",
       depth_maps_html(data)},
  };
  std::string nav, body, absent;
  for (const Section& section : sections) {
    if (section.body.empty()) {
      absent += (absent.empty() ? "" : ", ") + escape_xml(section.title);
      continue;
    }
    nav += "<a href=\"#" + section.id + "\">" + escape_xml(section.title) + "</a>";
    body += render_section(section);
  }
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                     escape_xml(data.title) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n<main>\n<h1>" +
                     escape_xml(data.title) + "</h1>\n" + facts_table(data) + "<nav>" + nav + "</nav>\n" + body;
  if (!absent.empty()) html += "<p class=\"empty\">not in this report (no data): " + absent + "</p>\n";
  // No version or date here: the library does not know the program's version, and a date
  // would make two renderings of the same data differ. Put both in `facts` when wanted.
  html += "<footer><p class=\"note\">written by npusim</p></footer>\n</main>\n</body>\n</html>\n";
  return html;
}

void write_html_report(const ReportData& data, const std::string& path) {
  const std::string html = render_html_report(data);
  io::AtomicOutputFile file(path);
  file.stream() << html;
  file.commit();
}

}  // namespace npusim::report
