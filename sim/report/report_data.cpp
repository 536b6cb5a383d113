#include "sim/report/report_data.h"

#include <cmath>
#include <stdexcept>

namespace npusim::report {
namespace {

constexpr const char* kSchema = "npusim.report/1-draft";

// A JSON value with the path that led to it, so every error names its place.
class Node {
 public:
  Node(const nlohmann::json& json, std::string path) : json_(json), path_(std::move(path)) {}
  [[noreturn]] void fail(const std::string& what) const { throw std::invalid_argument(path_ + ": " + what); }
  bool has(const char* key) const { return json_.is_object() && json_.contains(key) && !json_.at(key).is_null(); }
  Node at(const char* key) const {
    if (!json_.is_object()) fail("is not an object");
    if (!has(key)) fail(std::string("lacks \"") + key + "\"");
    return Node(json_.at(key), path_ + "." + key);
  }
  double number() const {
    if (!json_.is_number()) fail("is not a number");
    return json_.get<double>();
  }
  std::optional<double> optional_number(const char* key) const {
    if (!has(key)) return std::nullopt;
    return at(key).number();
  }
  int integer() const {
    if (!json_.is_number_integer()) fail("is not an integer");
    const auto value = json_.get<long long>();
    if (value < -2147483647LL || value > 2147483647LL) fail("is out of range");
    return static_cast<int>(value);
  }
  std::string string() const {
    if (!json_.is_string()) fail("is not a string");
    return json_.get<std::string>();
  }
  bool boolean() const {
    if (!json_.is_boolean()) fail("is not true or false");
    return json_.get<bool>();
  }
  // The elements of an optional array member (none when absent).
  std::vector<Node> items(const char* key) const {
    std::vector<Node> nodes;
    if (!has(key)) return nodes;
    const Node list = at(key);
    if (!list.json_.is_array()) list.fail("is not a list");
    for (std::size_t i = 0; i < list.json_.size(); ++i) {
      nodes.emplace_back(list.json_[i], list.path_ + "[" + std::to_string(i) + "]");
    }
    return nodes;
  }
  const nlohmann::json& json() const { return json_; }

 private:
  const nlohmann::json& json_;
  std::string path_;
};

std::vector<float> float_array(const Node& node) {
  if (!node.json().is_array()) node.fail("is not a list of numbers");
  std::vector<float> values;
  values.reserve(node.json().size());
  for (const auto& item : node.json()) {
    if (!item.is_number()) node.fail("holds a value that is not a number");
    values.push_back(item.get<float>());
  }
  return values;
}

void require(bool ok, const std::string& place, const std::string& what) {
  if (!ok) throw std::invalid_argument(place + ": " + what);
}

void require_positive(double value, const std::string& place) {
  require(std::isfinite(value) && value > 0, place, "must be a finite number > 0");
}

void require_non_negative(double value, const std::string& place) {
  require(std::isfinite(value) && value >= 0, place, "must be a finite number >= 0");
}

template <typename T>
std::string at_index(const char* list, T i, const char* field) {
  return std::string(list) + "[" + std::to_string(i) + "]." + field;
}

void put_optional(nlohmann::json& json, const char* key, const std::optional<double>& value) {
  if (value) json[key] = *value;
}

}  // namespace

void validate(const ReportData& data) {
  if (data.accuracy.goal) require(std::isfinite(*data.accuracy.goal), "accuracy.goal", "must be finite");
  for (std::size_t i = 0; i < data.precision_paths.size(); ++i) {
    const auto& path = data.precision_paths[i];
    require(!path.name.empty(), at_index("precision_paths", i, "name"), "is empty");
    require(std::isfinite(path.accuracy), at_index("precision_paths", i, "accuracy"), "must be finite");
    require_positive(path.latency_ms, at_index("precision_paths", i, "latency_ms"));
    if (path.throughput_ips) require_positive(*path.throughput_ips, at_index("precision_paths", i, "throughput_ips"));
    if (path.dram_mb) require_non_negative(*path.dram_mb, at_index("precision_paths", i, "dram_mb"));
    if (path.energy_mj) require_non_negative(*path.energy_mj, at_index("precision_paths", i, "energy_mj"));
  }
  for (std::size_t s = 0; s < data.batch_series.size(); ++s) {
    for (std::size_t i = 0; i < data.batch_series[s].points.size(); ++i) {
      const auto& point = data.batch_series[s].points[i];
      const std::string place = "batch_series[" + std::to_string(s) + "].points[" + std::to_string(i) + "].";
      require(point.batch >= 1, place + "batch", "must be >= 1");
      require_positive(point.throughput_ips, place + "throughput_ips");
      require_positive(point.latency_ms, place + "latency_ms");
    }
  }
  for (std::size_t i = 0; i < data.layers.size(); ++i) {
    const auto& layer = data.layers[i];
    require_non_negative(layer.compute_cycles, at_index("layers", i, "compute_cycles"));
    require_non_negative(layer.stall_cycles, at_index("layers", i, "stall_cycles"));
    if (layer.sqnr_db) require(!std::isnan(*layer.sqnr_db), at_index("layers", i, "sqnr_db"), "is not a number");
    if (layer.saturation_rate) {
      require(*layer.saturation_rate >= 0 && *layer.saturation_rate <= 1, at_index("layers", i, "saturation_rate"),
              "must lie in 0..1");
    }
  }
  for (std::size_t i = 0; i < data.roofs.size(); ++i) {
    require_positive(data.roofs[i].peak_gops, at_index("roofs", i, "peak_gops"));
    require_positive(data.roofs[i].peak_gbps, at_index("roofs", i, "peak_gbps"));
  }
  for (std::size_t i = 0; i < data.roofline_points.size(); ++i) {
    require_positive(data.roofline_points[i].operational_intensity_ops_per_byte,
                     at_index("roofline_points", i, "operational_intensity_ops_per_byte"));
    require_positive(data.roofline_points[i].achieved_gops, at_index("roofline_points", i, "achieved_gops"));
  }
  for (std::size_t i = 0; i < data.depth_images.size(); ++i) {
    const auto& image = data.depth_images[i];
    require(image.height >= 1 && image.width >= 1 && image.height <= 4096 && image.width <= 4096,
            at_index("depth_images", i, "height/width"), "must lie in 1..4096");
    const std::size_t pixels = static_cast<std::size_t>(image.height) * static_cast<std::size_t>(image.width);
    require(image.ground_truth_m.size() == pixels, at_index("depth_images", i, "ground_truth_m"),
            "holds " + std::to_string(image.ground_truth_m.size()) + " values, height x width is " + std::to_string(pixels));
    for (float value : image.ground_truth_m) {
      require(std::isfinite(value) && value >= 0, at_index("depth_images", i, "ground_truth_m"),
              "holds a negative or non-finite depth");
    }
    for (std::size_t p = 0; p < image.predictions.size(); ++p) {
      const std::string place = "depth_images[" + std::to_string(i) + "].predictions[" + std::to_string(p) + "].depth_m";
      require(image.predictions[p].depth_m.size() == pixels, place,
              "holds " + std::to_string(image.predictions[p].depth_m.size()) + " values, height x width is " +
                  std::to_string(pixels));
      for (float value : image.predictions[p].depth_m) require(std::isfinite(value), place, "holds a non-finite depth");
    }
  }
}

nlohmann::json report_data_to_json(const ReportData& data) {
  nlohmann::json json = {{"schema", kSchema}, {"title", data.title}};
  json["facts"] = nlohmann::json::array();
  for (const auto& [key, value] : data.facts) json["facts"].push_back({{"name", key}, {"value", value}});
  json["accuracy"] = {{"metric", data.accuracy.name}, {"lower_is_better", data.accuracy.lower_is_better}};
  put_optional(json["accuracy"], "goal", data.accuracy.goal);
  json["precision_paths"] = nlohmann::json::array();
  for (const auto& path : data.precision_paths) {
    nlohmann::json item = {{"name", path.name}, {"accuracy", path.accuracy}, {"latency_ms", path.latency_ms}};
    put_optional(item, "throughput_ips", path.throughput_ips);
    put_optional(item, "dram_mb", path.dram_mb);
    put_optional(item, "energy_mj", path.energy_mj);
    json["precision_paths"].push_back(item);
  }
  json["batch_series"] = nlohmann::json::array();
  for (const auto& series : data.batch_series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : series.points) {
      points.push_back({{"batch", p.batch}, {"throughput_ips", p.throughput_ips}, {"latency_ms", p.latency_ms}});
    }
    json["batch_series"].push_back({{"label", series.label}, {"points", points}});
  }
  json["layers"] = nlohmann::json::array();
  for (const auto& layer : data.layers) {
    nlohmann::json item = {
        {"name", layer.name}, {"compute_cycles", layer.compute_cycles}, {"stall_cycles", layer.stall_cycles}};
    put_optional(item, "sqnr_db", layer.sqnr_db);
    put_optional(item, "saturation_rate", layer.saturation_rate);
    json["layers"].push_back(item);
  }
  json["roofs"] = nlohmann::json::array();
  for (const auto& roof : data.roofs) {
    json["roofs"].push_back({{"label", roof.label}, {"peak_gops", roof.peak_gops}, {"peak_gbps", roof.peak_gbps}});
  }
  json["roofline_points"] = nlohmann::json::array();
  for (const auto& point : data.roofline_points) {
    json["roofline_points"].push_back({{"label", point.label},
                                       {"group", point.group},
                                       {"operational_intensity_ops_per_byte", point.operational_intensity_ops_per_byte},
                                       {"achieved_gops", point.achieved_gops}});
  }
  json["depth_images"] = nlohmann::json::array();
  for (const auto& image : data.depth_images) {
    nlohmann::json predictions = nlohmann::json::array();
    for (const auto& p : image.predictions) predictions.push_back({{"path", p.path}, {"depth_m", p.depth_m}});
    json["depth_images"].push_back({{"name", image.name},
                                    {"height", image.height},
                                    {"width", image.width},
                                    {"ground_truth_m", image.ground_truth_m},
                                    {"predictions", predictions}});
  }
  return json;
}

ReportData report_data_from_json(const nlohmann::json& json) {
  const Node root(json, "report");
  if (!json.is_object()) root.fail("is not a JSON object");
  if (root.at("schema").string() != kSchema) root.at("schema").fail(std::string("is not \"") + kSchema + "\"");
  ReportData data;
  if (root.has("title")) data.title = root.at("title").string();
  for (const Node& fact : root.items("facts")) data.facts.emplace_back(fact.at("name").string(), fact.at("value").string());
  if (root.has("accuracy")) {
    const Node accuracy = root.at("accuracy");
    data.accuracy.name = accuracy.at("metric").string();
    if (accuracy.has("lower_is_better")) data.accuracy.lower_is_better = accuracy.at("lower_is_better").boolean();
    data.accuracy.goal = accuracy.optional_number("goal");
  }
  for (const Node& node : root.items("precision_paths")) {
    PrecisionPathResult path;
    path.name = node.at("name").string();
    path.accuracy = node.at("accuracy").number();
    path.latency_ms = node.at("latency_ms").number();
    path.throughput_ips = node.optional_number("throughput_ips");
    path.dram_mb = node.optional_number("dram_mb");
    path.energy_mj = node.optional_number("energy_mj");
    data.precision_paths.push_back(path);
  }
  for (const Node& node : root.items("batch_series")) {
    BatchSeries series;
    series.label = node.at("label").string();
    for (const Node& p : node.items("points")) {
      series.points.push_back({p.at("batch").integer(), p.at("throughput_ips").number(), p.at("latency_ms").number()});
    }
    data.batch_series.push_back(series);
  }
  for (const Node& node : root.items("layers")) {
    LayerResult layer;
    layer.name = node.at("name").string();
    layer.compute_cycles = node.at("compute_cycles").number();
    layer.stall_cycles = node.at("stall_cycles").number();
    layer.sqnr_db = node.optional_number("sqnr_db");
    layer.saturation_rate = node.optional_number("saturation_rate");
    data.layers.push_back(layer);
  }
  for (const Node& node : root.items("roofs")) {
    data.roofs.push_back({node.at("label").string(), node.at("peak_gops").number(), node.at("peak_gbps").number()});
  }
  for (const Node& node : root.items("roofline_points")) {
    data.roofline_points.push_back({node.at("label").string(), node.at("group").string(),
                                    node.at("operational_intensity_ops_per_byte").number(),
                                    node.at("achieved_gops").number()});
  }
  for (const Node& node : root.items("depth_images")) {
    DepthImage image;
    image.name = node.at("name").string();
    image.height = node.at("height").integer();
    image.width = node.at("width").integer();
    image.ground_truth_m = float_array(node.at("ground_truth_m"));
    for (const Node& p : node.items("predictions")) {
      image.predictions.push_back({p.at("path").string(), float_array(p.at("depth_m"))});
    }
    data.depth_images.push_back(image);
  }
  validate(data);
  return data;
}

}  // namespace npusim::report
