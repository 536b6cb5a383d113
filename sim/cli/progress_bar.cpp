#include "sim/cli/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace npusim::cli {

std::string format_count(double value) {
  static const char* kSuffixes[] = {"", "k", "M", "G", "T"};
  int power = 0;
  while (std::fabs(value) >= 999.5 && power < 4) {
    value /= 1000;
    ++power;
  }
  char text[32];
  if (power == 0) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else {
    std::snprintf(text, sizeof text, std::fabs(value) < 9.995 ? "%.2f%s" : std::fabs(value) < 99.95 ? "%.1f%s" : "%.0f%s",
                  value, kSuffixes[power]);
  }
  return text;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const auto total = static_cast<long long>(std::llround(seconds));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
  }
  return text;
}

ProgressBar::ProgressBar(std::string label, std::string unit, std::uint64_t total, std::ostream& out, Options options)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), out_(out), options_(std::move(options)) {
  start_seconds_ = now();
}

ProgressBar::Options ProgressBar::stderr_options() {
  Options options;
  const char* term = std::getenv("TERM");
  options.enabled = isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
  winsize size{};
  if (options.enabled && ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) {
    options.width_columns = size.ws_col;
  }
  return options;
}

ProgressBar::~ProgressBar() { finish(); }

double ProgressBar::now() const {
  if (options_.clock_seconds) return options_.clock_seconds();
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void ProgressBar::advance(std::uint64_t count) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ += count;
  draw_locked(false);
}

void ProgressBar::set_total(std::uint64_t total) {
  std::lock_guard<std::mutex> lock(mutex_);
  total_ = total;
}

void ProgressBar::update(std::uint64_t done) {
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = done;
  draw_locked(false);
}

void ProgressBar::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_ || !options_.enabled) return;
  finished_ = true;
  draw_locked(true);
  out_ << '\n' << std::flush;
}

void ProgressBar::draw_locked(bool force) {
  if (!options_.enabled || (finished_ && !force)) return;
  const double t = now();
  if (!force && drawn_ && t - last_draw_seconds_ < options_.redraw_interval_seconds) return;
  last_draw_seconds_ = t;
  drawn_ = true;
  // "\r" returns to the line start; "\x1b[K" clears what a longer previous line left behind.
  out_ << '\r' << render(done_, t - start_seconds_, options_.width_columns) << "\x1b[K" << std::flush;
}

std::string ProgressBar::render(std::uint64_t done, double elapsed_seconds, int width) const {
  const std::uint64_t shown = std::min(done, total_);
  const double fraction = total_ > 0 ? static_cast<double>(shown) / static_cast<double>(total_) : 1.0;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0;
  std::string tail;
  char percent[16];
  std::snprintf(percent, sizeof percent, "%3d%%", static_cast<int>(fraction * 100));
  tail += percent;
  tail += " " + format_count(static_cast<double>(shown)) + "/" + format_count(static_cast<double>(total_));
  tail += "  " + (rate > 0 ? format_count(rate) : std::string("?")) + " " + unit_ + "/s";
  if (shown >= total_) {
    tail += "  in " + format_duration(elapsed_seconds);
  } else {
    tail += "  ETA " + (rate > 0 ? format_duration(static_cast<double>(total_ - shown) / rate) : std::string("--:--"));
  }
  // The bar takes what the label and the figures leave, at least 10 columns; the line is
  // cut at `width` so it never wraps (a wrapped line breaks the "\r" redraw).
  const int bar_columns = std::max(10, width - 1 - static_cast<int>(label_.size() + tail.size()) - 5);
  const int filled = static_cast<int>(fraction * bar_columns);
  std::string bar(static_cast<std::size_t>(bar_columns), ' ');
  for (int i = 0; i < filled; ++i) bar[static_cast<std::size_t>(i)] = '=';
  if (filled < bar_columns && shown > 0) bar[static_cast<std::size_t>(filled)] = '>';
  std::string line = label_ + " [" + bar + "] " + tail;
  if (width > 1 && static_cast<int>(line.size()) > width - 1) line.resize(static_cast<std::size_t>(width - 1));
  return line;
}

}  // namespace npusim::cli
