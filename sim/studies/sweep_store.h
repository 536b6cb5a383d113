// The results folder of a sweep, shared by threads, shards and Slurm tasks:
//
//   DIR/sweep.json          manifest: the grid, --model/--npu, the evaluator's fingerprint
//   DIR/results/KEY.json    one finished configuration, written atomically (temp + rename)
//   DIR/report.json, .csv   the merged report (sweep_report.h)
//
// A result file exists only when its configuration finished, so a rerun skips exactly the
// finished ones, whether the last run ended, failed or was killed.
#pragma once

#include <string>
#include <vector>

#include "sim/studies/sweep_evaluator.h"
#include "sim/studies/sweep_grid.h"

namespace npusim::studies {

struct SweepManifest {
  SweepGrid grid;
  SweepContext context;
  std::string fingerprint;
};

class SweepStore {
 public:
  // Creates DIR and DIR/results when missing and writes the manifest. A folder holding
  // results of another fingerprint or --model/--npu is refused (std::runtime_error naming
  // both); the same one with another grid is reused (finished points stay valid) and its
  // manifest takes the new grid.
  static SweepStore open_for_run(const std::string& dir, const SweepManifest& manifest);
  // Reads DIR/sweep.json; throws std::runtime_error naming the file when absent or malformed.
  static SweepStore open_existing(const std::string& dir);

  const std::string& dir() const { return dir_; }
  const SweepManifest& manifest() const { return manifest_; }
  std::string result_path(const SweepPoint& point) const;
  bool has_result(const SweepPoint& point) const;
  // Thread-safe for distinct points (each writes its own file).
  void write_result(const SweepPoint& point, const SweepMeasurement& measured) const;
  // Throws std::runtime_error naming the file when it is unreadable, malformed, or holds
  // another point or fingerprint than expected.
  SweepMeasurement read_result(const SweepPoint& point) const;

 private:
  SweepStore(std::string dir, SweepManifest manifest) : dir_(std::move(dir)), manifest_(std::move(manifest)) {}
  std::string dir_;
  SweepManifest manifest_;
};

}  // namespace npusim::studies
