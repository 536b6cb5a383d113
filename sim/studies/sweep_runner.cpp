#include "sim/studies/sweep_runner.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "sim/studies/sweep_row.h"

namespace npusim::studies {

SweepRunSummary run_sweep_points(const std::vector<SweepPoint>& points, const SweepStore& store,
                                 const SweepEvaluator& evaluate, unsigned threads, const SweepProgress& progress) {
  SweepRunSummary summary;
  summary.points = points.size();
  std::vector<std::size_t> to_do;  // indices into points
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (store.has_result(points[i])) {
      ++summary.already_done;
    } else {
      to_do.push_back(i);
    }
  }

  std::vector<std::string> failure_messages(points.size());
  std::vector<char> failed(points.size(), 0);
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t finished = 0;
  if (progress) progress(0, to_do.size());

  auto worker = [&] {
    for (std::size_t slot = next++; slot < to_do.size(); slot = next++) {
      const std::size_t index = to_do[slot];
      const SweepPoint& point = points[index];
      try {
        const SweepMeasurement measured = evaluate(point);
        derive_row(point, measured);  // reject a bad measurement before it is stored
        store.write_result(point, measured);
      } catch (const std::exception& e) {
        failure_messages[index] = e.what();
        failed[index] = 1;
      } catch (...) {
        failure_messages[index] = "unknown exception";
        failed[index] = 1;
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++finished;
      if (progress) progress(finished, to_do.size());
    }
  };

  const std::size_t thread_count = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, to_do.size()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < thread_count; ++t) pool.emplace_back(worker);
  worker();  // the calling thread works too
  for (auto& thread : pool) thread.join();

  for (std::size_t i = 0; i < points.size(); ++i) {
    if (failed[i]) summary.failures.push_back({canonical_key(points[i]), failure_messages[i]});
  }
  summary.evaluated = to_do.size() - summary.failures.size();
  return summary;
}

unsigned available_cpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<unsigned>(count);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace npusim::studies
