// A progress bar for long work on a terminal: "label [=====>    ]  45% 450k/1.00M  12.3k vectors/s  ETA 0:05".
// Drawn on stderr only when stderr is a terminal (never into a log file or a pipe, where
// it would be noise), redrawn at most ten times a second, safe to update from several
// threads. Library code reports progress through a callback; the CLI turns it into this.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

namespace npusim::cli {

class ProgressBar {
 public:
  struct Options {
    bool enabled = false;
    int width_columns = 80;
    std::function<double()> clock_seconds;  // monotonic; empty: std::chrono::steady_clock
    double redraw_interval_seconds = 0.1;
  };

  // `unit` names what is counted ("vectors", "configurations").
  ProgressBar(std::string label, std::string unit, std::uint64_t total, std::ostream& out, Options options);
  // For a bar on std::cerr: enabled when stderr is a terminal whose TERM is not "dumb",
  // as wide as that terminal.
  static Options stderr_options();
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ProgressBar(ProgressBar&&) = delete;

  bool enabled() const { return options_.enabled; }
  void advance(std::uint64_t count = 1);
  void update(std::uint64_t done);
  // For work whose size is learnt once it starts (the first callback).
  void set_total(std::uint64_t total);
  // Draws the final state and ends the line (once; the destructor calls it too).
  void finish();

  // The line for `done` units after `elapsed_seconds`, at most `width` columns (pure, for tests).
  std::string render(std::uint64_t done, double elapsed_seconds, int width) const;

 private:
  void draw_locked(bool force);
  double now() const;

  std::string label_;
  std::string unit_;
  std::uint64_t total_;
  std::ostream& out_;
  Options options_;
  std::mutex mutex_;
  std::uint64_t done_ = 0;
  double start_seconds_ = 0;
  double last_draw_seconds_ = -1;
  bool drawn_ = false;
  bool finished_ = false;
};

// 950 -> "950", 12345 -> "12.3k", 4.5e6 -> "4.50M": three significant digits.
std::string format_count(double value);
// 65 -> "1:05", 3725 -> "1:02:05"; negative or not finite -> "--:--".
std::string format_duration(double seconds);

}  // namespace npusim::cli
