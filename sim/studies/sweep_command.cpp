#include "sim/studies/sweep_command.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/studies/sweep_report.h"
#include "sim/studies/sweep_slurm.h"
#include "sim/studies/sweep_store.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace npusim::studies {
namespace {

constexpr int kDefaultMaxSlurmShards = 64;

std::string absolute_path(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

int merge_and_report(const std::string& dir, const SweepRequest& request, const SweepIo& io) {
  const SweepStore store = SweepStore::open_existing(dir);
  const SweepReport report = merge_sweep(store);
  write_sweep_report(report, dir);
  if (request.json) {
    io.out << sweep_report_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    print_rows_table(io.out, report.rows);
    io.out << "report: " << dir << "/report.json, " << dir << "/report.csv (" << report.rows.size() << " rows)\n";
  }
  return 0;
}

}  // namespace

po::options_description sweep_options_description() {
  po::options_description options("sweep options");
  options.add_options()
      ("batch", po::value<std::string>(), "batch sizes, e.g. 1,2,4,8,16 (default: the NPU config's, batch 1)")
      ("array", po::value<std::string>(), "MAC arrays ROWSxCOLUMNS, e.g. 16x16,32x32 (default: the NPU config's)")
      ("dram-gbps", po::value<std::string>(), "DRAM bandwidths in GB/s, e.g. 12.8,25.6 (default: the NPU config's)")
      ("precision", po::value<std::string>(), "precision paths, e.g. int8,int16,fp16 (default: the evaluator's)")
      ("model", po::value<std::string>()->default_value(""), "network to evaluate (default: the bundled one)")
      ("npu", po::value<std::string>()->default_value(""), "NPU config file or preset (default: the default preset)")
      ("out", po::value<std::string>()->default_value("sweep"),
       "results folder: sweep.json, results/KEY.json per configuration, report.json/.csv")
      ("jobs", po::value<unsigned>()->default_value(0), "configurations evaluated at once (0: one per available CPU)")
      ("shard", po::value<std::string>(), "run only slice i/N of the configurations (0 <= i < N); merge later")
      ("merge", po::value<std::string>(), "join the results in DIR (from any runs or shards) into DIR/report.*")
      ("json", po::bool_switch(), "print the report as JSON instead of a table")
      ("slurm", po::bool_switch(), "submit the sweep to Slurm: an array job of --shards tasks and a merge job")
      ("partition", po::value<std::string>(), "Slurm partition (with --slurm; default: the cluster's)")
      ("shards", po::value<int>(), "Slurm array tasks (with --slurm; default: one per configuration, at most 64)")
      ("sbatch-option", po::value<std::vector<std::string>>(),
       "an extra #SBATCH option such as --time=2:00:00 or --account=A (with --slurm; repeatable)");
  return options;
}

SweepRequest sweep_request_from(const po::variables_map& values) {
  SweepRequest request;
  auto optional_string = [&](const char* name) -> std::optional<std::string> {
    if (!values.count(name)) return std::nullopt;
    return values[name].as<std::string>();
  };
  if (auto text = optional_string("batch")) request.batches = parse_batch_list(*text, "--batch");
  if (auto text = optional_string("array")) request.arrays = parse_array_list(*text, "--array");
  if (auto text = optional_string("dram-gbps")) request.dram_gbps = parse_bandwidth_list(*text, "--dram-gbps");
  if (auto text = optional_string("precision")) request.precisions = parse_precision_list(*text, "--precision");
  request.context.model = values["model"].as<std::string>();
  request.context.npu_config = values["npu"].as<std::string>();
  request.out_dir = values["out"].as<std::string>();
  request.jobs = values["jobs"].as<unsigned>();
  request.json = values["json"].as<bool>();
  request.slurm = values["slurm"].as<bool>();
  if (values.count("shard")) request.shard = parse_shard(values["shard"].as<std::string>());
  if (auto merge = optional_string("merge")) {
    if (merge->empty()) throw std::invalid_argument("--merge: empty folder name");
    request.merge_dir = *merge;
  }
  if (auto partition = optional_string("partition")) request.partition = *partition;
  if (values.count("shards")) {
    request.slurm_shards = values["shards"].as<int>();
    if (request.slurm_shards < 1) throw std::invalid_argument("--shards must be at least 1");
  }
  if (values.count("sbatch-option")) request.sbatch_options = values["sbatch-option"].as<std::vector<std::string>>();

  if (!request.merge_dir.empty()) {
    for (const char* name : {"batch", "array", "dram-gbps", "precision", "shard", "partition", "shards", "sbatch-option"}) {
      if (values.count(name)) throw std::invalid_argument(std::string("--merge takes its grid from DIR/sweep.json; --") + name + " does not apply");
    }
    if (request.slurm) throw std::invalid_argument("--merge runs here; it does not combine with --slurm");
    if (!values["model"].defaulted() || !values["npu"].defaulted() || !values["out"].defaulted()) {
      throw std::invalid_argument("--merge DIR reads and writes DIR only; --model, --npu and --out do not apply");
    }
  }
  if (request.slurm && request.shard) throw std::invalid_argument("--slurm makes the shards itself; drop --shard");
  if (!request.slurm) {
    for (const char* name : {"partition", "shards", "sbatch-option"}) {
      if (values.count(name)) throw std::invalid_argument(std::string("--") + name + " only applies with --slurm");
    }
  }
  return request;
}

SweepGrid resolve_grid(const SweepRequest& request, const SweepPoint& defaults) {
  SweepGrid grid;
  grid.batches = request.batches.value_or(std::vector<int>{defaults.batch});
  grid.arrays = request.arrays.value_or(std::vector<ArrayShape>{defaults.array});
  grid.dram_gbps = request.dram_gbps.value_or(std::vector<double>{defaults.dram_gbps});
  grid.precisions = request.precisions.value_or(std::vector<std::string>{defaults.precision});
  // Defaults come from the backend; they meet the same checks as typed lists.
  parse_batch_list(std::to_string(grid.batches.front()), "the evaluator's default batch");
  parse_array_list(format_array_shape(grid.arrays.front()), "the evaluator's default array");
  parse_bandwidth_list(format_shortest(grid.dram_gbps.front()), "the evaluator's default DRAM bandwidth");
  parse_precision_list(grid.precisions.front(), "the evaluator's default precision");
  return grid;
}

std::vector<std::string> canonical_sweep_arguments(const SweepRequest& request, const SweepGrid& grid) {
  std::vector<std::string> batches, arrays, bandwidths;
  for (int batch : grid.batches) batches.push_back(std::to_string(batch));
  for (const auto& shape : grid.arrays) arrays.push_back(format_array_shape(shape));
  for (double gbps : grid.dram_gbps) bandwidths.push_back(format_shortest(gbps));
  std::vector<std::string> args = {"--batch",     join(batches),           "--array",
                                   join(arrays),  "--dram-gbps",           join(bandwidths),
                                   "--precision", join(grid.precisions)};
  if (!request.context.model.empty()) args.insert(args.end(), {"--model", request.context.model});
  if (!request.context.npu_config.empty()) args.insert(args.end(), {"--npu", request.context.npu_config});
  args.insert(args.end(), {"--jobs", std::to_string(request.jobs), "--out", absolute_path(request.out_dir)});
  return args;
}

int execute_sweep(const SweepRequest& request, const SweepBackendFactory& make_backend, const SweepIo& io) {
  if (!request.merge_dir.empty()) return merge_and_report(request.merge_dir, request, io);

  const SweepBackend backend = make_backend(request.context);
  const SweepGrid grid = resolve_grid(request, backend.defaults);
  if (backend.check_grid) backend.check_grid(grid);
  const std::vector<SweepPoint> all_points = expand_grid(grid);
  const SweepStore store = SweepStore::open_for_run(request.out_dir, {grid, request.context, backend.fingerprint});

  if (request.slurm) {
    SlurmSettings settings;
    settings.partition = request.partition;
    settings.shards = request.slurm_shards > 0
                          ? request.slurm_shards
                          : static_cast<int>(std::min<std::size_t>(all_points.size(), kDefaultMaxSlurmShards));
    settings.cpus_per_task = request.jobs > 0 ? request.jobs : 1;
    settings.sbatch_options = request.sbatch_options;
    SweepRequest per_task = request;
    per_task.jobs = settings.cpus_per_task;
    std::vector<std::string> shard_command = io.self_command;
    const auto args = canonical_sweep_arguments(per_task, grid);
    shard_command.insert(shard_command.end(), args.begin(), args.end());
    std::vector<std::string> merge_command = io.self_command;
    const std::string dir = absolute_path(request.out_dir);
    merge_command.insert(merge_command.end(), {"--merge", dir});
    const SlurmSubmission submission = submit_sweep_to_slurm(shard_command, merge_command, dir, settings);
    if (request.json) {
      io.out << nlohmann::json{{"array_job_id", submission.array_job_id},
                               {"merge_job_id", submission.merge_job_id},
                               {"shards", settings.shards},
                               {"configurations", all_points.size()},
                               {"dir", dir}}
                    .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
             << '\n';
    } else {
      io.out << "slurm: array job " << submission.array_job_id << " (" << settings.shards << " shards, "
             << all_points.size() << " configurations; " << submission.array_script << ")\n"
             << "slurm: merge job " << submission.merge_job_id << " after it (" << submission.merge_script << ")\n"
             << "report when done: " << dir << "/report.json, " << dir << "/report.csv\n";
    }
    return 0;
  }

  const std::vector<SweepPoint> points = request.shard ? shard_points(all_points, *request.shard) : all_points;
  unsigned threads = request.jobs > 0 ? request.jobs : available_cpus();
  if (backend.max_threads > 0) threads = std::min(threads, backend.max_threads);
  const SweepRunSummary summary = run_sweep_points(points, store, backend.evaluate, threads, io.progress);

  const std::string scope = request.shard ? "shard " + std::to_string(request.shard->index) + "/" +
                                                std::to_string(request.shard->count)
                                          : "sweep";
  io.log << scope << ": " << summary.points << " configurations, " << summary.already_done << " already done, "
         << summary.evaluated << " evaluated, " << summary.failures.size() << " failed (" << threads
         << (threads == 1 ? " thread" : " threads")
         << (request.jobs > threads && backend.max_threads > 0
                 ? " of the " + std::to_string(request.jobs) + " asked: this evaluator runs one configuration at a time per process; use --shard or --slurm"
                 : std::string())
         << ", results in " << store.dir() << "/results)\n";
  for (const auto& failure : summary.failures) io.log << "failed: " << failure.key << ": " << failure.message << "\n";
  if (!summary.failures.empty()) {
    io.log << "no report written; run the same command again to retry the failed configurations\n";
    return 1;
  }
  if (request.shard) {
    io.out << scope << " done; join the shards with: sweep --merge " << store.dir() << "\n";
    return 0;
  }
  return merge_and_report(request.out_dir, request, io);
}

}  // namespace npusim::studies
