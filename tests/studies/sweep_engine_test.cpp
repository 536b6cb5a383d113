// The sweep engine end to end with a test evaluator: stored results, resume, failures,
// threads, shards and merge giving the same report bytes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "sim/studies/sweep_report.h"
#include "sim/studies/sweep_runner.h"
#include "sim/studies/sweep_store.h"
#include "tests/studies/fixture_evaluator.h"

namespace fs = std::filesystem;

namespace npusim::studies {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "npusim_sweep_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SweepManifest manifest_for(const SweepGrid& grid) {
  return {grid, {"model.onnx", "npu.json"}, "fixture-roofline-1"};
}

SweepGrid small_grid() {
  SweepGrid grid;
  grid.batches = {1, 2, 4, 8};
  grid.arrays = {{16, 16}, {32, 32}};
  grid.dram_gbps = {12.8, 25.6};
  grid.precisions = {"int8", "fp16"};
  return grid;  // 32 points
}

// Runs the whole grid (or its shards) into `dir` and returns report.json + report.csv.
std::string run_and_merge(const std::string& dir, unsigned threads, int shards) {
  const SweepGrid grid = small_grid();
  const auto points = expand_grid(grid);
  for (int i = 0; i < shards; ++i) {
    const SweepStore store = SweepStore::open_for_run(dir, manifest_for(grid));
    const auto summary = run_sweep_points(shard_points(points, {i, shards}), store, testing::fixture_evaluate,
                                          threads, nullptr);
    EXPECT_TRUE(summary.failures.empty());
  }
  const SweepReport report = merge_sweep(SweepStore::open_existing(dir));
  write_sweep_report(report, dir);
  return read_text(dir + "/report.json") + read_text(dir + "/report.csv");
}

TEST(SweepEngine, OneThreadManyThreadsAndShardsGiveTheSameReportBytes) {
  TempDir tmp;
  const std::string one = run_and_merge(tmp.sub("one"), 1, 1);
  EXPECT_EQ(run_and_merge(tmp.sub("four"), 4, 1), one);
  EXPECT_EQ(run_and_merge(tmp.sub("shards"), 2, 5), one);
  EXPECT_NE(one.find("\"rows\""), std::string::npos);
  const std::string csv = read_text(tmp.sub("one/report.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 33);  // 32 rows + the header
}

TEST(SweepEngine, ReportRowsFollowTheGridAndHoldTheFixtureFigures) {
  TempDir tmp;
  run_and_merge(tmp.sub("r"), 2, 1);
  const auto json = nlohmann::json::parse(read_text(tmp.sub("r/report.json")));
  ASSERT_EQ(json["rows"].size(), 32u);
  const auto& first = json["rows"][0];  // int8, 16x16, 12.8 GB/s, batch 1
  EXPECT_EQ(first["precision"], "int8");
  EXPECT_EQ(first["array"], "16x16");
  EXPECT_EQ(first["batch"], 1);
  // By hand: compute 500e6 / 256e9 = 1.953125 ms; memory 5e6 B / 12.8e9 = 0.390625 ms;
  // latency 1.953125 + 0.02 = 1.973125 ms, compute-bound, 1 image per latency.
  EXPECT_DOUBLE_EQ(first["latency_ms"].get<double>(), 1.973125);
  EXPECT_DOUBLE_EQ(first["throughput_ips"].get<double>(), 1000 / 1.973125);
  EXPECT_EQ(first["bound"], "compute");
  EXPECT_DOUBLE_EQ(first["dram_mb"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(first["peak_gops"].get<double>(), 512.0);
  EXPECT_DOUBLE_EQ(first["operational_intensity_ops_per_byte"].get<double>(), 200.0);  // 1e9 ops / 5e6 B
  const auto& last = json["rows"][31];  // fp16, 32x32, 25.6 GB/s, batch 8
  EXPECT_EQ(last["precision"], "fp16");
  EXPECT_EQ(last["batch"], 8);
  // compute 8 * 500e6 / (1024 * 0.5e9) = 7.8125 ms; memory (3e6 + 16e6) * 2 B / 25.6e9 = 1.484375 ms.
  EXPECT_DOUBLE_EQ(last["latency_ms"].get<double>(), 7.8325);
  EXPECT_DOUBLE_EQ(last["dram_mb"].get<double>(), 4.75);  // 38e6 B / 8 images
}

TEST(SweepEngine, RerunSkipsFinishedPointsAndRetriesOnlyFailures) {
  TempDir tmp;
  const SweepGrid grid = small_grid();
  const auto points = expand_grid(grid);
  const SweepStore store = SweepStore::open_for_run(tmp.sub("s"), manifest_for(grid));
  std::atomic<int> calls{0};
  // The first run fails on every batch-8 point, as an interrupted or broken run would leave them.
  auto flaky = [&](const SweepPoint& point) {
    ++calls;
    if (point.batch == 8) throw std::runtime_error("tile does not fit");
    return testing::fixture_evaluate(point);
  };
  const auto first = run_sweep_points(points, store, flaky, 3, nullptr);
  EXPECT_EQ(calls.load(), 32);
  EXPECT_EQ(first.evaluated, 24u);
  ASSERT_EQ(first.failures.size(), 8u);
  EXPECT_EQ(first.failures[0].key, "int8_a16x16_d12.8_b8");  // grid order, whatever the threads did
  EXPECT_EQ(first.failures[0].message, "tile does not fit");
  EXPECT_THROW(merge_sweep(SweepStore::open_existing(tmp.sub("s"))), std::runtime_error);

  calls = 0;
  std::mutex mutex;
  std::set<int> batches_seen;
  auto counting = [&](const SweepPoint& point) {
    ++calls;
    std::lock_guard<std::mutex> lock(mutex);
    batches_seen.insert(point.batch);
    return testing::fixture_evaluate(point);
  };
  const auto second = run_sweep_points(points, store, counting, 3, nullptr);
  EXPECT_EQ(calls.load(), 8);
  EXPECT_EQ(batches_seen, std::set<int>{8});
  EXPECT_EQ(second.already_done, 24u);
  EXPECT_EQ(second.evaluated, 8u);
  EXPECT_NO_THROW(merge_sweep(SweepStore::open_existing(tmp.sub("s"))));
}

TEST(SweepEngine, MergeNamesMissingConfigurations) {
  TempDir tmp;
  const SweepGrid grid = small_grid();
  const SweepStore store = SweepStore::open_for_run(tmp.sub("m"), manifest_for(grid));
  run_sweep_points(shard_points(expand_grid(grid), {0, 2}), store, testing::fixture_evaluate, 1, nullptr);
  try {
    merge_sweep(SweepStore::open_existing(tmp.sub("m")));
    FAIL() << "merge of half a sweep succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("16 of 32 configurations have no result"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("int8_a16x16_d12.8_b2"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(tmp.sub("m/report.json")));
}

TEST(SweepEngine, BadMeasurementIsAFailureAndIsNotStored) {
  TempDir tmp;
  SweepGrid grid = small_grid();
  grid.batches = {1};
  const SweepStore store = SweepStore::open_for_run(tmp.sub("b"), manifest_for(grid));
  auto broken = [](const SweepPoint& point) {
    auto m = testing::fixture_evaluate(point);
    m.utilization = 2;
    return m;
  };
  const auto summary = run_sweep_points(expand_grid(grid), store, broken, 2, nullptr);
  EXPECT_EQ(summary.failures.size(), 8u);
  EXPECT_NE(summary.failures[0].message.find("utilization"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(tmp.sub("b/results")));
}

TEST(SweepEngine, FolderOfAnotherModelIsRefusedAnotherGridIsReused) {
  TempDir tmp;
  SweepGrid grid = small_grid();
  SweepStore::open_for_run(tmp.sub("f"), manifest_for(grid));
  SweepManifest other = manifest_for(grid);
  other.fingerprint = "another-model";
  EXPECT_THROW(SweepStore::open_for_run(tmp.sub("f"), other), std::runtime_error);
  other = manifest_for(grid);
  other.context.model = "other.onnx";
  EXPECT_THROW(SweepStore::open_for_run(tmp.sub("f"), other), std::runtime_error);
  grid.batches = {1, 2, 4, 8, 16};
  const SweepStore wider = SweepStore::open_for_run(tmp.sub("f"), manifest_for(grid));
  EXPECT_EQ(SweepStore::open_existing(tmp.sub("f")).manifest().grid.batches, grid.batches);
}

TEST(SweepEngine, TamperedResultFileIsNamedInTheError) {
  TempDir tmp;
  SweepGrid grid = small_grid();
  grid.batches = {1};
  grid.precisions = {"int8"};
  const SweepStore store = SweepStore::open_for_run(tmp.sub("t"), manifest_for(grid));
  run_sweep_points(expand_grid(grid), store, testing::fixture_evaluate, 1, nullptr);
  const std::string victim = store.result_path(expand_grid(grid)[2]);
  std::ofstream(victim) << "{\"schema\": \"npusim.sweep.result/1\", \"fingerprint\": \"fixture-roofline-1\"";
  try {
    merge_sweep(SweepStore::open_existing(tmp.sub("t")));
    FAIL() << "merge accepted a truncated result";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(victim), std::string::npos) << e.what();
  }
  // A result copied under another point's name is caught too.
  fs::copy_file(store.result_path(expand_grid(grid)[0]), victim, fs::copy_options::overwrite_existing);
  EXPECT_THROW(merge_sweep(SweepStore::open_existing(tmp.sub("t"))), std::runtime_error);
}

TEST(SweepEngine, ThreadsReallyRunAtOnce) {
  // Four points, four threads: each evaluation waits until all four have started, which
  // only happens when they run in parallel (the wait gives up after 30 s instead of
  // hanging, and the test then fails on the count).
  TempDir tmp;
  SweepGrid grid = small_grid();
  grid.arrays = {{16, 16}};
  grid.dram_gbps = {10};
  grid.precisions = {"int8"};
  const SweepStore store = SweepStore::open_for_run(tmp.sub("p"), manifest_for(grid));
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  int met = 0;
  auto rendezvous = [&](const SweepPoint& point) {
    std::unique_lock<std::mutex> lock(mutex);
    ++started;
    all_started.notify_all();
    if (all_started.wait_for(lock, std::chrono::seconds(30), [&] { return started == 4; })) ++met;
    return testing::fixture_evaluate(point);
  };
  std::vector<std::size_t> progress;
  const auto summary = run_sweep_points(expand_grid(grid), store, rendezvous, 4,
                                        [&](std::size_t finished, std::size_t to_do) {
                                          EXPECT_EQ(to_do, 4u);
                                          progress.push_back(finished);
                                        });
  EXPECT_EQ(met, 4);
  EXPECT_EQ(summary.evaluated, 4u);
  EXPECT_EQ(progress, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace npusim::studies
