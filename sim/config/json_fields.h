// Reading a JSON document field by field with the field's path in every error
// ("sram.weights.size_kib: missing"), for the NPU configuration and the program files.
// A JsonObjectReader remembers which keys were read, so finish() can refuse unknown ones
// (a typo such as "bandwith_gbps" is an error, not a silently ignored field).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace npusim::sim {

// Thrown with "path: problem"; callers prefix the file name.
class JsonFieldError : public std::invalid_argument {
 public:
  JsonFieldError(const std::string& path, const std::string& problem)
      : std::invalid_argument(path + ": " + problem), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class JsonObjectReader {
 public:
  // `value` must outlive the reader. Throws JsonFieldError when it is not an object.
  JsonObjectReader(const nlohmann::json& value, std::string path);

  bool has(const std::string& key) const { return value_.contains(key); }
  std::string path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  // Required members (missing -> JsonFieldError "missing").
  std::string string(const std::string& key);
  bool boolean(const std::string& key);
  // A finite number (ranges are the caller's rules).
  double number(const std::string& key);
  // An integer (1.5 and "3" are refused).
  std::int64_t integer(const std::string& key);
  const nlohmann::json& object(const std::string& key);
  // Any value (the caller checks its type).
  const nlohmann::json& any(const std::string& key) { return member(key); }
  const nlohmann::json& array(const std::string& key);
  // A member that may be absent; `fallback` when it is.
  std::int64_t integer_or(const std::string& key, std::int64_t fallback);
  // An integer that fits int (beyond it is absurd for every count this project reads).
  int int32(const std::string& key);
  int int32_or(const std::string& key, int fallback) { return has(key) ? int32(key) : fallback; }

  // Throws JsonFieldError for the first key that was never read.
  void finish() const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

 private:
  const nlohmann::json& member(const std::string& key);

  const nlohmann::json& value_;
  std::string path_;
  std::set<std::string> read_;
};

}  // namespace npusim::sim
