#include "sim/cli/cli_common.h"

#include <iostream>
#include <sstream>

namespace po = boost::program_options;

namespace npusim::cli {

bool parse_options(const std::string& subcommand, const std::string& synopsis, po::options_description& options,
                   const std::vector<std::string>& args, po::variables_map* values,
                   const po::positional_options_description* positional) {
  options.add_options()("help,h", "print this help (every option with its default) and exit");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional != nullptr) parser.positional(*positional);
    po::store(parser.run(), *values);
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
