// Joins the results of a sweep folder (from one run, many threads or many shards) into one
// report: rows in grid order, written as report.json ({"rows": [...]} with the manifest)
// report.csv and report.html. The same folder always gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/studies/sweep_row.h"
#include "sim/studies/sweep_store.h"

namespace npusim::studies {

struct SweepReport {
  SweepManifest manifest;
  std::vector<SweepRow> rows;  // expand_grid order
};

// Reads the result of every point of the manifest's grid. Throws std::runtime_error when
// any is missing (naming how many and the first few keys) or malformed (naming the file).
SweepReport merge_sweep(const SweepStore& store);

// {"schema": "npusim.sweep.report/1", "model", "npu", "fingerprint", "columns": [...], "rows": [...]}
nlohmann::json sweep_report_json(const SweepReport& report);

// Writes DIR/report.json, DIR/report.csv and DIR/report.html (batch curves and roofline,
// sim/report); each file appears complete or not at all.
void write_sweep_report(const SweepReport& report, const std::string& dir);

}  // namespace npusim::studies
