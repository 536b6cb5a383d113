#include "sim/config/json_fields.h"

#include <cmath>

namespace npusim::sim {
JsonObjectReader::JsonObjectReader(const nlohmann::json& value, std::string path)
    : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) throw JsonFieldError(path_.empty() ? "(document)" : path_, "must be a JSON object");
}

void JsonObjectReader::fail(const std::string& key, const std::string& problem) const {
  throw JsonFieldError(path_of(key), problem);
}

const nlohmann::json& JsonObjectReader::member(const std::string& key) {
  if (!value_.contains(key)) fail(key, "missing");
  read_.insert(key);
  return value_.at(key);
}

std::string JsonObjectReader::string(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_string()) fail(key, "must be a string");
  return v.get<std::string>();
}

bool JsonObjectReader::boolean(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_boolean()) fail(key, "must be true or false");
  return v.get<bool>();
}

double JsonObjectReader::number(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_number()) fail(key, "must be a number");
  const double x = v.get<double>();
  if (!std::isfinite(x)) fail(key, "must be finite");
  return x;
}

std::int64_t JsonObjectReader::integer(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_number_integer()) fail(key, "must be an integer");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    fail(key, "is too large");
  }
  return v.get<std::int64_t>();
}

std::int64_t JsonObjectReader::integer_or(const std::string& key, std::int64_t fallback) {
  return has(key) ? integer(key) : fallback;
}

int JsonObjectReader::int32(const std::string& key) {
  const std::int64_t x = integer(key);
  if (x < INT32_MIN || x > INT32_MAX) fail(key, "is outside the 32-bit range (an absurd value), got " + std::to_string(x));
  return static_cast<int>(x);
}

const nlohmann::json& JsonObjectReader::object(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_object()) fail(key, "must be a JSON object");
  return v;
}

const nlohmann::json& JsonObjectReader::array(const std::string& key) {
  const nlohmann::json& v = member(key);
  if (!v.is_array()) fail(key, "must be a JSON array");
  return v;
}

void JsonObjectReader::finish() const {
  for (const auto& item : value_.items()) {
    if (read_.count(item.key()) == 0) fail(item.key(), "unknown field");
  }
}

}  // namespace npusim::sim
