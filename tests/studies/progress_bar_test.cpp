// The CLI progress bar: its line, its silence when disabled, its redraw limit. A fake
// clock drives rate and ETA, so nothing here depends on how fast the machine is.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/cli/progress_bar.h"

namespace npusim::cli {
namespace {

ProgressBar::Options fake_clock_options(double* now) {
  ProgressBar::Options options;
  options.enabled = true;
  options.width_columns = 72;
  options.clock_seconds = [now] { return *now; };
  return options;
}

TEST(ProgressBar, FormatsCountsAndDurations) {
  EXPECT_EQ(format_count(950), "950");
  EXPECT_EQ(format_count(12345), "12.3k");
  EXPECT_EQ(format_count(4.5e6), "4.50M");
  EXPECT_EQ(format_count(999.6), "1.00k");
  EXPECT_EQ(format_duration(65), "1:05");
  EXPECT_EQ(format_duration(3725), "1:02:05");
  EXPECT_EQ(format_duration(-1), "--:--");
}

TEST(ProgressBar, LineHasPercentRateAndEta) {
  double now = 0;
  std::ostringstream out;
  ProgressBar bar("rtl-check", "vectors", 1000000, out, fake_clock_options(&now));
  // 250k of 1M after 10 s: 25 %, 25.0k vectors/s, 750k left at that rate = 30 s.
  const std::string line = bar.render(250000, 10, 72);
  EXPECT_EQ(line.rfind("rtl-check [", 0), 0u) << line;
  EXPECT_NE(line.find(" 25% 250k/1.00M  25.0k vectors/s  ETA 0:30"), std::string::npos) << line;
  EXPECT_LE(line.size(), 71u);
  EXPECT_EQ(std::count(line.begin(), line.end(), '='), static_cast<long>((line.find(']') - line.find('[') - 1) / 4));
  const std::string done = bar.render(1000000, 40, 72);
  EXPECT_NE(done.find("100% 1.00M/1.00M  25.0k vectors/s  in 0:40"), std::string::npos) << done;
  EXPECT_LE(bar.render(1, 1, 30).size(), 29u);  // cut, never wrapped
  bar.finish();
}

TEST(ProgressBar, DisabledWritesNothing) {
  std::ostringstream out;
  ProgressBar::Options options;
  options.enabled = false;
  {
    ProgressBar bar("sweep", "configurations", 10, out, options);
    for (int i = 0; i < 10; ++i) bar.advance();
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBar, RedrawsAtMostTenTimesASecondAndEndsTheLineOnce) {
  double now = 0;
  std::ostringstream out;
  {
    ProgressBar bar("sweep", "configurations", 100, out, fake_clock_options(&now));
    bar.advance();  // first draw
    now = 0.05;
    bar.advance();  // too soon: no draw
    now = 0.2;
    bar.advance();  // drawn
    bar.finish();
    bar.finish();
  }
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 3);  // two updates + the final state
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_NE(text.find("  3% 3/100"), std::string::npos) << text;
}

}  // namespace
}  // namespace npusim::cli
