// The Chrome/Perfetto JSON writer: metadata names every track, slices and counters carry
// microsecond times, and bad input is refused.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "traces/chrome_trace.h"

namespace npusim::traces {
namespace {

TEST(ChromeTrace, WritesTracksSlicesAndCounters) {
  ChromeTraceWriter writer("npu");
  const int mac = writer.add_track("mac_array");
  const int dma = writer.add_track("dma0");
  writer.add_slice(mac, "conv1 #0", 1.5, 2.0, {{"macs", 64}});
  writer.add_slice(dma, "load", 0.0, 1.5);
  writer.add_counter("DRAM bandwidth", "GB/s", 0.0, 12.5);
  std::ostringstream out;
  writer.write(out);
  const nlohmann::json trace = nlohmann::json::parse(out.str());
  const auto& events = trace.at("traceEvents");
  int thread_names = 0, slices = 0, counters = 0;
  for (const auto& e : events) {
    if (e.at("ph") == "M" && e.at("name") == "thread_name") {
      ++thread_names;
      if (e.at("tid") == mac) EXPECT_EQ(e.at("args").at("name"), "mac_array");
    }
    if (e.at("ph") == "X") {
      ++slices;
      if (e.at("name") == "conv1 #0") {
        EXPECT_DOUBLE_EQ(e.at("ts").get<double>(), 1.5);
        EXPECT_DOUBLE_EQ(e.at("dur").get<double>(), 2.0);
        EXPECT_EQ(e.at("args").at("macs"), 64);
        EXPECT_EQ(e.at("tid"), mac);
      }
    }
    if (e.at("ph") == "C") {
      ++counters;
      EXPECT_DOUBLE_EQ(e.at("args").at("GB/s").get<double>(), 12.5);
    }
  }
  EXPECT_EQ(thread_names, 2);
  EXPECT_EQ(slices, 2);
  EXPECT_EQ(counters, 1);
  EXPECT_EQ(writer.event_count(), 3u);
}

TEST(ChromeTrace, RefusesUnknownTracksAndNegativeDurations) {
  ChromeTraceWriter writer("npu");
  const int track = writer.add_track("t");
  EXPECT_THROW(writer.add_slice(track + 1, "x", 0, 1), std::out_of_range);
  EXPECT_THROW(writer.add_slice(0, "x", 0, 1), std::out_of_range);
  EXPECT_THROW(writer.add_slice(track, "x", 0, -1), std::invalid_argument);
}

}  // namespace
}  // namespace npusim::traces
