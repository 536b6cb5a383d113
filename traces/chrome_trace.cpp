#include "traces/chrome_trace.h"

#include <stdexcept>

namespace npusim::traces {

namespace {
constexpr int kPid = 1;
}

ChromeTraceWriter::ChromeTraceWriter(std::string process_name) : process_name_(std::move(process_name)) {}

int ChromeTraceWriter::add_track(const std::string& name) {
  tracks_.push_back(name);
  return static_cast<int>(tracks_.size());  // tid 0 is left to the process itself
}

void ChromeTraceWriter::add_slice(int track, const std::string& name, double start_us, double duration_us,
                                  const nlohmann::json& args) {
  if (track < 1 || track > static_cast<int>(tracks_.size())) throw std::out_of_range("trace: unknown track");
  if (duration_us < 0) throw std::invalid_argument("trace: negative slice duration");
  events_.push_back({{"name", name}, {"ph", "X"}, {"pid", kPid}, {"tid", track}, {"ts", start_us},
                     {"dur", duration_us}, {"args", args}});
}

void ChromeTraceWriter::add_counter(const std::string& name, const std::string& series, double ts_us, double value) {
  events_.push_back({{"name", name}, {"ph", "C"}, {"pid", kPid}, {"ts", ts_us}, {"args", {{series, value}}}});
}

void ChromeTraceWriter::write(std::ostream& out) const {
  nlohmann::json events = nlohmann::json::array();
  events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", kPid}, {"args", {{"name", process_name_}}}});
  for (std::size_t i = 0; i < tracks_.size(); ++i) {
    const int tid = static_cast<int>(i) + 1;
    events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"name", tracks_[i]}}}});
    events.push_back({{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"sort_index", tid}}}});
  }
  for (const nlohmann::json& e : events_) events.push_back(e);
  out << nlohmann::json{{"traceEvents", events}, {"displayTimeUnit", "ns"}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace npusim::traces
