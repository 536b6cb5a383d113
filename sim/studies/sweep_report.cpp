#include "sim/studies/sweep_report.h"

#include <stdexcept>

#include "quant/io/atomic_output_file.h"
#include "sim/report/html_report.h"
#include "sim/studies/sweep_report_data.h"

namespace npusim::studies {

SweepReport merge_sweep(const SweepStore& store) {
  SweepReport report;
  report.manifest = store.manifest();
  std::vector<std::string> missing;
  for (const SweepPoint& point : expand_grid(report.manifest.grid)) {
    if (!store.has_result(point)) {
      missing.push_back(canonical_key(point));
      continue;
    }
    report.rows.push_back(derive_row(point, store.read_result(point)));
  }
  if (!missing.empty()) {
    std::string names;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) names += (i ? ", " : "") + missing[i];
    if (missing.size() > 5) names += ", ...";
    throw std::runtime_error("'" + store.dir() + "': " + std::to_string(missing.size()) + " of " +
                             std::to_string(missing.size() + report.rows.size()) +
                             " configurations have no result yet (" + names +
                             "); run the sweep (or the missing shards) again, it resumes");
  }
  return report;
}

nlohmann::json sweep_report_json(const SweepReport& report) {
  nlohmann::json rows = nlohmann::json::array();
  for (const SweepRow& row : report.rows) rows.push_back(row_to_json(row));
  return {{"schema", "npusim.sweep.report/1"},
          {"model", report.manifest.context.model},
          {"npu", report.manifest.context.npu_config},
          {"fingerprint", report.manifest.fingerprint},
          {"columns", sweep_columns()},
          {"rows", rows}};
}

void write_sweep_report(const SweepReport& report, const std::string& dir) {
  io::AtomicOutputFile json_file(dir + "/report.json");
  io::AtomicOutputFile csv_file(dir + "/report.csv");
  io::AtomicOutputFile html_file(dir + "/report.html");
  // The HTML's data in the schema `npusim report` reads, so the page can be re-rendered.
  io::AtomicOutputFile html_data_file(dir + "/report_data.json");
  json_file.stream() << sweep_report_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  write_rows_csv(csv_file.stream(), report.rows);
  const report::ReportData html_data = sweep_report_data(report);
  html_file.stream() << report::render_html_report(html_data);
  html_data_file.stream() << report::report_data_to_json(html_data).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  json_file.commit();
  csv_file.commit();
  html_file.commit();
  html_data_file.commit();
}

}  // namespace npusim::studies
