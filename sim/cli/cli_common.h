// Shared option handling for every subcommand: --help with defaults, usage errors that
// name the option, and one place that decides exit codes.
#pragma once

#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace npusim::cli {

// A problem with the command line itself (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the command ran and found a failure (mismatches, bad data)
constexpr int kExitUsage = 2;

// Parses `args` against `options` (a --help flag is added). Returns false when --help was
// given (help printed to stdout); throws UsageError on unknown/malformed options or when
// a required option is missing.
bool parse_options(const std::string& subcommand, const std::string& synopsis,
                   boost::program_options::options_description& options,
                   const std::vector<std::string>& args, boost::program_options::variables_map* values,
                   const boost::program_options::positional_options_description* positional = nullptr);

// Splits "a,b,c" into {"a","b","c"} (empty items rejected with the option named).
std::vector<std::string> split_list(const std::string& text, const std::string& option_name);

}  // namespace npusim::cli
