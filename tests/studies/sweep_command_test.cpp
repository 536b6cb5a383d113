// `sweep` options, execution through execute_sweep with the fixture backend, and the Slurm
// scripts and submission (against a stand-in sbatch that records its arguments).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/studies/sweep_command.h"
#include "sim/studies/sweep_slurm.h"
#include "tests/studies/fixture_evaluator.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace npusim::studies {
namespace {

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "npusim_sweepcmd_XXXXXX").string();
  return mkdtemp(pattern.data());
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SweepRequest request_for(std::vector<std::string> args) {
  auto options = sweep_options_description();
  po::variables_map values;
  po::store(po::command_line_parser(args).options(options).run(), values);
  po::notify(values);
  return sweep_request_from(values);
}

std::string usage_error(std::vector<std::string> args) {
  try {
    request_for(std::move(args));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

class SweepCommand : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { fs::remove_all(dir_); }
  int run(const std::vector<std::string>& args) {
    out_.str("");
    log_.str("");
    SweepIo io{out_, log_, nullptr, {"/opt/npusim/bin/npusim", "sweep"}};
    return execute_sweep(request_for(args), testing::fixture_backend, io);
  }
  std::string dir_;
  std::ostringstream out_, log_;
};

TEST(SweepOptions, CombinationsThatMeanNothingAreUsageErrors) {
  EXPECT_NE(usage_error({"--merge", "d", "--batch", "1"}).find("--batch does not apply"), std::string::npos);
  EXPECT_NE(usage_error({"--merge", "d", "--model", "m"}).find("--model"), std::string::npos);
  EXPECT_NE(usage_error({"--merge", "d", "--slurm"}).find("--slurm"), std::string::npos);
  EXPECT_NE(usage_error({"--slurm", "--shard", "0/2"}).find("drop --shard"), std::string::npos);
  EXPECT_NE(usage_error({"--partition", "p"}).find("only applies with --slurm"), std::string::npos);
  EXPECT_NE(usage_error({"--shards", "3"}).find("only applies with --slurm"), std::string::npos);
  EXPECT_NE(usage_error({"--slurm", "--shards", "0"}).find("--shards"), std::string::npos);
  EXPECT_NE(usage_error({"--shard", "2/2"}).find("--shard: '2/2'"), std::string::npos);
  EXPECT_EQ(usage_error({"--batch", "1,2", "--slurm", "--partition", "debug"}), "no error");
}

TEST_F(SweepCommand, DefaultsFillAxesNotGivenAndTheReportIsWritten) {
  EXPECT_EQ(run({"--batch", "1,4", "--out", dir_ + "/s", "--jobs", "2"}), 0);
  const auto json = nlohmann::json::parse(read_text(dir_ + "/s/report.json"));
  ASSERT_EQ(json["rows"].size(), 2u);
  EXPECT_EQ(json["rows"][1]["array"], "16x16");  // the backend's default
  EXPECT_EQ(json["rows"][1]["dram_gbps"], 25.6);
  EXPECT_EQ(json["rows"][1]["precision"], "int8");
  EXPECT_NE(out_.str().find("report: "), std::string::npos);
  EXPECT_NE(log_.str().find("2 configurations, 0 already done, 2 evaluated, 0 failed"), std::string::npos) << log_.str();
  EXPECT_EQ(run({"--batch", "1,4", "--out", dir_ + "/s"}), 0);
  EXPECT_NE(log_.str().find("2 already done, 0 evaluated"), std::string::npos) << log_.str();
}

TEST_F(SweepCommand, ShardsThenMergeEqualsOneRun) {
  const std::vector<std::string> grid = {"--batch", "1,2,4", "--array", "8x8,16x16", "--precision", "int8,int16"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = grid;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  ASSERT_EQ(run(with({"--out", dir_ + "/whole"})), 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(run(with({"--out", dir_ + "/sharded", "--shard", std::to_string(i) + "/3"})), 0);
    EXPECT_FALSE(fs::exists(dir_ + "/sharded/report.json"));  // shards never merge by themselves
  }
  ASSERT_EQ(run({"--merge", dir_ + "/sharded"}), 0);
  EXPECT_EQ(read_text(dir_ + "/sharded/report.json"), read_text(dir_ + "/whole/report.json"));
  EXPECT_EQ(read_text(dir_ + "/sharded/report.csv"), read_text(dir_ + "/whole/report.csv"));
  ASSERT_EQ(run({"--merge", dir_ + "/sharded", "--json"}), 0);
  EXPECT_EQ(nlohmann::json::parse(out_.str())["rows"].size(), 12u);
}

TEST_F(SweepCommand, FailuresExitOneWithoutAReport) {
  auto backend = [](const SweepContext& context) {
    SweepBackend b = testing::fixture_backend(context);
    b.evaluate = [](const SweepPoint& point) -> SweepMeasurement {
      if (point.batch == 2) throw std::runtime_error("SRAM too small for batch 2");
      return testing::fixture_evaluate(point);
    };
    return b;
  };
  SweepIo io{out_, log_, nullptr, {"npusim", "sweep"}};
  EXPECT_EQ(execute_sweep(request_for({"--batch", "1,2", "--out", dir_ + "/f"}), backend, io), 1);
  EXPECT_NE(log_.str().find("failed: int8_a16x16_d25.6_b2: SRAM too small for batch 2"), std::string::npos) << log_.str();
  EXPECT_FALSE(fs::exists(dir_ + "/f/report.json"));
}

TEST_F(SweepCommand, UnknownPrecisionIsRejectedBeforeAnyWork) {
  EXPECT_THROW(run({"--precision", "int8,int4", "--out", dir_ + "/u"}), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir_ + "/u"));
}

TEST(SlurmScripts, ArrayScriptRunsOneShardPerTaskWithQuotedArguments) {
  SlurmSettings settings;
  settings.shards = 4;
  settings.partition = "debug";
  settings.cpus_per_task = 2;
  settings.sbatch_options = {"--time=0:10:00"};
  const std::string script =
      slurm_array_script({"/opt/npusim", "sweep", "--model", "it's.onnx", "--out", "/shared/s"}, "/shared/s", settings);
  EXPECT_NE(script.find("#!/bin/bash\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --array=0-3\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --partition=debug\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --cpus-per-task=2\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --time=0:10:00\n"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --output=/shared/s/slurm/shard_%a.out\n"), std::string::npos);
  EXPECT_NE(script.find("exec '/opt/npusim' 'sweep' '--model' 'it'\\''s.onnx' '--out' '/shared/s' "
                        "--shard \"${SLURM_ARRAY_TASK_ID}/4\"\n"),
            std::string::npos)
      << script;
  EXPECT_THROW(slurm_array_script({"x"}, "/shared/my sweep", settings), std::invalid_argument);
  settings.sbatch_options = {"-t 10"};
  EXPECT_THROW(slurm_array_script({"x"}, "/shared/s", settings), std::invalid_argument);
}

TEST_F(SweepCommand, SlurmSubmitsTheArrayThenADependentMerge) {
  // A stand-in sbatch on PATH records each call and answers like `sbatch --parsable`.
  const std::string bin = dir_ + "/bin";
  fs::create_directories(bin);
  {
    std::ofstream fake(bin + "/sbatch");
    fake << "#!/bin/bash\necho \"$*\" >> " << dir_ << "/calls.txt\n"
         << "n=$(wc -l < " << dir_ << "/calls.txt)\necho \"$((100 + n));cluster\"\n";
  }
  fs::permissions(bin + "/sbatch", fs::perms::owner_all);
  setenv("PATH", (bin + ":" + std::getenv("PATH")).c_str(), 1);

  ASSERT_EQ(run({"--batch", "1,2,4", "--precision", "int8,fp16", "--out", dir_ + "/sl", "--slurm", "--partition",
                 "debug"}),
            0);
  const std::string calls = read_text(dir_ + "/calls.txt");
  EXPECT_EQ(calls, "--parsable " + dir_ + "/sl/slurm/sweep_array.sbatch\n--parsable --dependency=afterany:101 " + dir_ +
                       "/sl/slurm/sweep_merge.sbatch\n");
  EXPECT_NE(out_.str().find("array job 101 (6 shards, 6 configurations"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("merge job 102"), std::string::npos);
  const std::string array_script = read_text(dir_ + "/sl/slurm/sweep_array.sbatch");
  EXPECT_NE(array_script.find("exec '/opt/npusim/bin/npusim' 'sweep' '--batch' '1,2,4' '--array' '16x16' "
                              "'--dram-gbps' '25.6' '--precision' 'int8,fp16' '--jobs' '1' '--out' '" +
                              dir_ + "/sl' --shard \"${SLURM_ARRAY_TASK_ID}/6\""),
            std::string::npos)
      << array_script;
  EXPECT_NE(read_text(dir_ + "/sl/slurm/sweep_merge.sbatch").find("exec '/opt/npusim/bin/npusim' 'sweep' '--merge' '" + dir_ + "/sl'"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ + "/sl/sweep.json"));  // written before submission, so every shard agrees
}

TEST_F(SweepCommand, SbatchFailureIsReportedWithItsMessage) {
  const std::string bin = dir_ + "/bin";
  fs::create_directories(bin);
  std::ofstream(bin + "/sbatch") << "#!/bin/bash\necho 'sbatch: error: invalid partition specified: gpu' >&2\nexit 1\n";
  fs::permissions(bin + "/sbatch", fs::perms::owner_all);
  setenv("PATH", (bin + ":" + std::getenv("PATH")).c_str(), 1);
  try {
    run({"--out", dir_ + "/e", "--slurm", "--partition", "gpu"});
    FAIL() << "a failed sbatch was not reported";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("invalid partition specified: gpu"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace npusim::studies
