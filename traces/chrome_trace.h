// A writer for the Chrome / Perfetto JSON trace format (the "Trace Event Format": opens in
// ui.perfetto.dev and chrome://tracing): one process, named tracks (threads) with complete
// slices ("ph": "X"), and counter tracks ("ph": "C"). Times are in microseconds, as the
// format wants; callers convert from their own clock.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace npusim::traces {

class ChromeTraceWriter {
 public:
  explicit ChromeTraceWriter(std::string process_name);

  // A named track; returns its id. Tracks keep the order they were added in.
  int add_track(const std::string& name);
  // A slice [start_us, start_us + duration_us) on a track; args (an object) show in the UI.
  void add_slice(int track, const std::string& name, double start_us, double duration_us,
                 const nlohmann::json& args = nlohmann::json::object());
  // A counter sample: `series` of counter `name` has `value` from ts_us on.
  void add_counter(const std::string& name, const std::string& series, double ts_us, double value);

  std::size_t event_count() const { return events_.size(); }
  // {"traceEvents": [...], "displayTimeUnit": "ns"}
  void write(std::ostream& out) const;

 private:
  std::string process_name_;
  std::vector<std::string> tracks_;
  std::vector<nlohmann::json> events_;
};

}  // namespace npusim::traces
