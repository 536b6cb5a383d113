// npusim report: renders report data (JSON, schema npusim.report/1-draft, docs/report_schema.md)
// into one self-contained HTML file with inline SVG plots and PNG images.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "quant/io/read_input.h"
#include "sim/cli/cli_common.h"
#include "sim/cli/subcommands.h"
#include "sim/report/html_report.h"

namespace po = boost::program_options;

namespace npusim::cli {

int run_report(const std::vector<std::string>& args) {
  po::options_description options("report options");
  options.add_options()
      ("data", po::value<std::string>()->required(), "report data JSON (schema npusim.report/1-draft)")
      ("out", po::value<std::string>()->default_value("report.html"), "HTML file to write");
  po::positional_options_description positional;
  positional.add("data", 1);
  po::variables_map values;
  if (!parse_options("report", "DATA.json [--out report.html]", options, args, &values, &positional)) return kExitOk;
  const std::string data_path = values["data"].as<std::string>();
  const nlohmann::json document = io::parse_json_text(io::read_text_file(data_path, "report data"), data_path);
  report::ReportData data;
  try {
    // compare and sweep write their results (report.json) in their own schemas and the
    // HTML's data beside them; point there rather than failing on the schema name.
    const std::string schema = document.is_object() && document.contains("schema") && document["schema"].is_string()
                                   ? document["schema"].get<std::string>() : "";
    if (schema == "npusim.compare/1" || schema == "npusim.sweep.report/1") {
      const std::string beside = (std::filesystem::path(data_path).parent_path() / "report_data.json").string();
      throw std::runtime_error("holds " + schema + " results, not report data; render " + beside +
                               " (written beside it by compare and sweep)");
    }
    data = report::report_data_from_json(document);
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + data_path + "': " + e.what());
  }
  data.facts.emplace_back("npusim version", NPUSIM_VERSION);
  const std::string out = values["out"].as<std::string>();
  report::write_html_report(data, out);
  std::cout << "report: " << out << "\n";
  return kExitOk;
}

}  // namespace npusim::cli
