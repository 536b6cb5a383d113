#include "quant/io/memory_budget.h"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace npusim::io {
namespace {

std::atomic<std::uint64_t> g_budget{0};  // 0: not set, use the default

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::uint64_t(8) << 30;  // unknown: assume a small machine
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

}  // namespace

std::uint64_t default_memory_budget_bytes() {
  std::uint64_t budget = physical_memory_bytes() / 2;
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    budget = std::min<std::uint64_t>(budget, static_cast<std::uint64_t>(limit.rlim_cur) / 4);
  }
  return budget;
}

std::uint64_t memory_budget_bytes() {
  const std::uint64_t set = g_budget.load(std::memory_order_relaxed);
  return set != 0 ? set : default_memory_budget_bytes();
}

void set_memory_budget_bytes(std::uint64_t bytes) { g_budget.store(bytes, std::memory_order_relaxed); }

std::string format_mebibytes(std::uint64_t bytes) {
  const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
  char text[64];
  if (bytes < (1u << 20)) std::snprintf(text, sizeof text, "%.0f KiB", static_cast<double>(bytes) / 1024.0);
  else if (mib < 10.0) std::snprintf(text, sizeof text, "%.1f MiB", mib);
  else std::snprintf(text, sizeof text, "%.0f MiB", mib);
  return text;
}

void reserve_memory(std::uint64_t bytes, const std::string& what, const std::string& where) {
  const std::uint64_t budget = memory_budget_bytes();
  if (bytes > budget) {
    throw std::runtime_error(where + ": " + what + " needs " + format_mebibytes(bytes) +
                             ", more than the memory budget of " + format_mebibytes(budget) +
                             " (raise it with --max-memory SIZE)");
  }
}

void reserve_elements(std::uint64_t count, std::uint64_t element_bytes, const std::string& what,
                      const std::string& where) {
  std::uint64_t bytes = 0;
  if (__builtin_mul_overflow(count, element_bytes, &bytes)) bytes = std::numeric_limits<std::uint64_t>::max();
  reserve_memory(bytes, what, where);
}

bool parse_memory_size(const std::string& text, std::uint64_t* bytes) {
  std::size_t pos = 0;
  while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.')) ++pos;
  if (pos == 0) return false;
  const std::string number = text.substr(0, pos);
  if (number.find('.') != number.rfind('.') || number == ".") return false;
  double value = 0.0;
  try {
    value = std::stod(number);
  } catch (const std::exception&) {
    return false;
  }
  std::string suffix = text.substr(pos);
  for (char& ch : suffix) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  double scale = 1.0;
  if (!suffix.empty() && suffix != "B") {
    const char unit = suffix[0];
    const std::string rest = suffix.substr(1);
    if (rest != "" && rest != "B" && rest != "IB") return false;
    switch (unit) {
      case 'K': scale = 1024.0; break;
      case 'M': scale = 1024.0 * 1024.0; break;
      case 'G': scale = 1024.0 * 1024.0 * 1024.0; break;
      case 'T': scale = 1024.0 * 1024.0 * 1024.0 * 1024.0; break;
      default: return false;
    }
  }
  const double total = value * scale;
  if (!std::isfinite(total) || total < 1.0 || total >= 1.8e19) return false;
  *bytes = static_cast<std::uint64_t>(total);
  return true;
}

}  // namespace npusim::io
