#include "sim/studies/sweep_store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "models/golden/fnv1a64.h"
#include "quant/io/atomic_output_file.h"
#include "quant/io/read_input.h"
#include "sim/studies/sweep_row.h"

namespace fs = std::filesystem;

namespace npusim::studies {
namespace {

constexpr const char* kManifestSchema = "npusim.sweep/1";
constexpr const char* kResultSchema = "npusim.sweep.result/1";

nlohmann::json grid_to_json(const SweepGrid& grid) {
  nlohmann::json arrays = nlohmann::json::array();
  for (const auto& shape : grid.arrays) arrays.push_back(format_array_shape(shape));
  return {{"batch", grid.batches}, {"array", arrays}, {"dram_gbps", grid.dram_gbps}, {"precision", grid.precisions}};
}

// The lists go back through the command-line parsers, so a hand-edited manifest meets the
// same checks as the options did.
SweepGrid grid_from_json(const nlohmann::json& json) {
  auto joined = [&](const char* axis) {
    const auto it = json.find(axis);
    if (it == json.end() || !it->is_array() || it->empty()) {
      throw std::invalid_argument(std::string("grid.") + axis + " is missing or not a non-empty list");
    }
    std::string text;
    for (const auto& item : *it) {
      if (!text.empty()) text += ',';
      if (item.is_string()) {
        text += item.get<std::string>();
      } else if (item.is_number_integer()) {
        text += std::to_string(item.get<long long>());
      } else if (item.is_number()) {
        text += format_shortest(item.get<double>());
      } else {
        throw std::invalid_argument(std::string("grid.") + axis + " holds a value that is neither a string nor a number");
      }
    }
    return text;
  };
  SweepGrid grid;
  grid.batches = parse_batch_list(joined("batch"), "grid.batch");
  grid.arrays = parse_array_list(joined("array"), "grid.array");
  grid.dram_gbps = parse_bandwidth_list(joined("dram_gbps"), "grid.dram_gbps");
  grid.precisions = parse_precision_list(joined("precision"), "grid.precision");
  return grid;
}

nlohmann::json manifest_to_json(const SweepManifest& manifest) {
  return {{"schema", kManifestSchema},
          {"model", manifest.context.model},
          {"npu", manifest.context.npu_config},
          {"fingerprint", manifest.fingerprint},
          {"grid", grid_to_json(manifest.grid)}};
}

nlohmann::json read_json_file(const std::string& path) {
  return io::parse_json_text(io::read_text_file(path, "sweep file"), path);
}

std::string string_member(const nlohmann::json& json, const char* name, const std::string& path) {
  const auto it = json.find(name);
  if (it == json.end() || !it->is_string()) {
    throw std::runtime_error("'" + path + "': \"" + name + "\" is missing or not a string");
  }
  return it->get<std::string>();
}

SweepManifest read_manifest(const std::string& path) {
  const nlohmann::json json = read_json_file(path);
  if (!json.is_object() || json.value("schema", "") != kManifestSchema) {
    throw std::runtime_error("'" + path + "' is not a sweep manifest (schema " + kManifestSchema + ")");
  }
  SweepManifest manifest;
  manifest.context.model = string_member(json, "model", path);
  manifest.context.npu_config = string_member(json, "npu", path);
  manifest.fingerprint = string_member(json, "fingerprint", path);
  try {
    manifest.grid = grid_from_json(json.at("grid"));
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + path + "': " + e.what());
  }
  return manifest;
}

void write_json_atomically(const std::string& path, const nlohmann::json& json) {
  io::AtomicOutputFile file(path, false, io::CommitMode::kImmediately);  // resumable: each result stands alone
  file.stream() << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  file.commit();
}

// A fingerprint holds the whole NPU configuration (kilobytes of JSON); a message shows its
// 64-bit FNV-1a digest instead, enough to tell two apart.
std::string fingerprint_digest(const std::string& fingerprint) {
  golden::Fnv1a64 hash;
  hash.bytes(fingerprint.data(), fingerprint.size());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash.value()));
  return text;
}

}  // namespace

SweepStore SweepStore::open_for_run(const std::string& dir, const SweepManifest& manifest) {
  std::error_code error;
  fs::create_directories(fs::path(dir) / "results", error);
  if (error) throw std::runtime_error("cannot create results folder '" + dir + "/results': " + error.message());
  const std::string path = dir + "/sweep.json";
  if (fs::exists(path)) {
    const SweepManifest existing = read_manifest(path);
    if (existing.fingerprint != manifest.fingerprint || existing.context.model != manifest.context.model ||
        existing.context.npu_config != manifest.context.npu_config) {
      throw std::runtime_error("'" + dir + "' holds a sweep of model '" + existing.context.model + "', npu '" +
                               existing.context.npu_config + "' (fingerprint digest " + fingerprint_digest(existing.fingerprint) +
                               "), not of model '" + manifest.context.model + "', npu '" + manifest.context.npu_config +
                               "' (fingerprint digest " + fingerprint_digest(manifest.fingerprint) +
                               "): its results would be wrong here; choose another --out or remove the folder");
    }
    if (manifest_to_json(existing) == manifest_to_json(manifest)) return SweepStore(dir, manifest);
  }
  write_json_atomically(path, manifest_to_json(manifest));
  return SweepStore(dir, manifest);
}

SweepStore SweepStore::open_existing(const std::string& dir) {
  const std::string path = dir + "/sweep.json";
  if (!fs::exists(path)) throw std::runtime_error("'" + dir + "' is not a sweep folder: '" + path + "' is missing");
  return SweepStore(dir, read_manifest(path));
}

std::string SweepStore::result_path(const SweepPoint& point) const {
  return dir_ + "/results/" + canonical_key(point) + ".json";
}

bool SweepStore::has_result(const SweepPoint& point) const { return fs::exists(result_path(point)); }

void SweepStore::write_result(const SweepPoint& point, const SweepMeasurement& measured) const {
  write_json_atomically(result_path(point), {{"schema", kResultSchema},
                                             {"key", canonical_key(point)},
                                             {"fingerprint", manifest_.fingerprint},
                                             {"point", point_to_json(point)},
                                             {"measurement", measurement_to_json(measured)}});
}

SweepMeasurement SweepStore::read_result(const SweepPoint& point) const {
  const std::string path = result_path(point);
  const nlohmann::json json = read_json_file(path);
  try {
    if (!json.is_object() || json.value("schema", "") != kResultSchema) {
      throw std::invalid_argument(std::string("not a sweep result (schema ") + kResultSchema + ")");
    }
    if (json.value("fingerprint", "") != manifest_.fingerprint) {
      throw std::invalid_argument("fingerprint '" + json.value("fingerprint", "") + "' is not the sweep's '" +
                                  manifest_.fingerprint + "'");
    }
    if (!(point_from_json(json.at("point")) == point)) {
      throw std::invalid_argument("holds the point " + json.at("point").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ", not " + canonical_key(point));
    }
    const SweepMeasurement measured = measurement_from_json(json.at("measurement"));
    derive_row(point, measured);  // the same checks as when it was written
    return measured;
  } catch (const std::exception& e) {
    throw std::runtime_error("'" + path + "': " + e.what() + " (remove the file to evaluate the point again)");
  }
}

}  // namespace npusim::studies
