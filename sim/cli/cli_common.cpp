#include "sim/cli/cli_common.h"

#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <sstream>
#include <typeindex>

namespace po = boost::program_options;

namespace npusim::cli {
namespace {

// Bounds of numeric options, by name (an entry also covers prefixed names: "bins" covers
// "act-bins" and "kl-bins"). They keep every count and size in a range the code can hold
// and finish in: boost would read "--vectors -1" as 2^64-1 and "--bins 2147483647" as a
// histogram of 16 GiB.
struct Bounds {
  const char* subcommand;  // nullptr: every subcommand
  const char* name;
  double min;
  double max;
};
// The first entry that matches wins, so subcommand-specific entries come first.
constexpr Bounds kBounds[] = {
    {"vectors", "count", 0, 1e6},  // 0: the targeted vectors only
    {"rtl-check", "vectors", 0, 1e10},  // 0: the targeted and exhaustive phases only
    {nullptr, "count", 1, 1e6},          {nullptr, "calib-count", 1, 1e5},  {nullptr, "batch", 1, 4096},
    {nullptr, "jobs", 0, 1024},          {nullptr, "threads", 1, 1024},     {nullptr, "shards", 1, 1e5},
    {nullptr, "bins", 2, 1 << 20},       {nullptr, "levels", 2, 1 << 20},   {nullptr, "grid-points", 1, 1e5},
    {nullptr, "search-steps", 1, 1e5},   {nullptr, "warmup-batches", 0, 1e6}, {nullptr, "limit", 0, 1e8},
    {nullptr, "vectors", 1, 1e10},       {nullptr, "topk", 1, 1 << 20},     {nullptr, "images", 1, 1e6},
    {nullptr, "batch-rows", 1, 1e7},     {nullptr, "positions", 1, 1e7},
};

const Bounds* bounds_of(const std::string& subcommand, const std::string& option) {
  for (const Bounds& b : kBounds) {
    if (b.subcommand != nullptr && subcommand != b.subcommand) continue;
    const std::string name = b.name;
    if (option == name) return &b;
    if (option.size() > name.size() && option.compare(option.size() - name.size() - 1, std::string::npos,
                                                      "-" + name) == 0) {
      return &b;
    }
  }
  return nullptr;
}

bool is_unsigned_type(const std::type_info& type) {
  return type == typeid(unsigned) || type == typeid(unsigned long) || type == typeid(unsigned long long) ||
         type == typeid(unsigned short) || type == typeid(unsigned char);
}

bool is_numeric_type(const std::type_info& type) {
  return is_unsigned_type(type) || type == typeid(int) || type == typeid(long) || type == typeid(long long) ||
         type == typeid(short) || type == typeid(float) || type == typeid(double);
}

double numeric_value(const boost::any& value) {
  const std::type_info& type = value.type();
  if (type == typeid(int)) return boost::any_cast<int>(value);
  if (type == typeid(long)) return static_cast<double>(boost::any_cast<long>(value));
  if (type == typeid(long long)) return static_cast<double>(boost::any_cast<long long>(value));
  if (type == typeid(short)) return boost::any_cast<short>(value);
  if (type == typeid(unsigned)) return boost::any_cast<unsigned>(value);
  if (type == typeid(unsigned long)) return static_cast<double>(boost::any_cast<unsigned long>(value));
  if (type == typeid(unsigned long long)) return static_cast<double>(boost::any_cast<unsigned long long>(value));
  if (type == typeid(unsigned short)) return boost::any_cast<unsigned short>(value);
  if (type == typeid(unsigned char)) return boost::any_cast<unsigned char>(value);
  if (type == typeid(float)) return boost::any_cast<float>(value);
  if (type == typeid(double)) return boost::any_cast<double>(value);
  return 0;
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  return begin == std::string::npos ? std::string() : text.substr(begin);
}

// Checks every numeric value given on the command line: no negative value for an unsigned
// option (it would wrap), nothing non-finite, and the bounds above.
void validate_numbers(const std::string& subcommand, const po::parsed_options& parsed,
                      const po::variables_map& values) {
  for (const po::option& option : parsed.options) {
    if (option.unregistered || option.value.empty() || !values.count(option.string_key)) continue;
    const boost::any& stored = values[option.string_key].value();
    if (!is_numeric_type(stored.type())) continue;
    const std::string& text = option.value.back();
    const std::string where = "--" + option.string_key + " " + text;
    if (is_unsigned_type(stored.type()) && trimmed(text).rfind('-', 0) == 0) {
      throw UsageError(where + ": a negative value is not allowed here");
    }
    const double number = numeric_value(stored);
    if (!std::isfinite(number)) throw UsageError(where + ": the value must be a finite number");
    if (const Bounds* bounds = bounds_of(subcommand, option.string_key)) {
      if (number < bounds->min || number > bounds->max) {
        std::ostringstream range;
        range << std::fixed;
        range.precision(0);
        range << bounds->min << ".." << bounds->max;
        throw UsageError(where + ": out of range (" + range.str() + ")");
      }
    }
  }
}

}  // namespace

bool parse_options(const std::string& subcommand, const std::string& synopsis, po::options_description& options,
                   const std::vector<std::string>& args, po::variables_map* values,
                   const po::positional_options_description* positional) {
  options.add_options()("help,h", "print this help (every option with its default) and exit");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional != nullptr) parser.positional(*positional);
    const po::parsed_options parsed = parser.run();
    po::store(parsed, *values);
    validate_numbers(subcommand, parsed, *values);
    if (values->count("help")) {
      std::cout << "usage: npusim " << subcommand << " " << synopsis << "\n\n" << options << "\n";
      return false;
    }
    po::notify(*values);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

std::vector<std::string> split_list(const std::string& text, const std::string& option_name) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item.empty()) throw UsageError("--" + option_name + ": empty item in list '" + text + "'");
    items.push_back(item);
  }
  if (items.empty()) throw UsageError("--" + option_name + ": empty list");
  return items;
}

}  // namespace npusim::cli
