// Lists, keys and shards of the sweep grid; expected values written out by hand.
#include <gtest/gtest.h>

#include <set>

#include "sim/studies/sweep_grid.h"
#include "sim/studies/sweep_point.h"

namespace npusim::studies {
namespace {

TEST(SweepPoint, ParsesListsInTheGivenOrder) {
  EXPECT_EQ(parse_batch_list("16,1,4", "--batch"), (std::vector<int>{16, 1, 4}));
  const auto arrays = parse_array_list("32x16,8x8", "--array");
  ASSERT_EQ(arrays.size(), 2u);
  EXPECT_EQ(arrays[0].rows, 32);
  EXPECT_EQ(arrays[0].columns, 16);
  EXPECT_EQ(parse_bandwidth_list("25.6,0.5,100", "--dram-gbps"), (std::vector<double>{25.6, 0.5, 100}));
  EXPECT_EQ(parse_precision_list("int8,fp16", "--precision"), (std::vector<std::string>{"int8", "fp16"}));
}

TEST(SweepPoint, RejectsBadItemsNamingOptionAndItem) {
  auto message = [](auto parse) {
    try {
      parse();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] { parse_batch_list("1,,2", "--batch"); }).find("--batch: empty item"), std::string::npos);
  EXPECT_NE(message([] { parse_batch_list("1,2,", "--batch"); }).find("empty item"), std::string::npos);
  EXPECT_NE(message([] { parse_batch_list("0", "--batch"); }).find("'0'"), std::string::npos);
  EXPECT_NE(message([] { parse_batch_list("4097", "--batch"); }).find("'4097'"), std::string::npos);
  EXPECT_NE(message([] { parse_batch_list("2.5", "--batch"); }).find("'2.5'"), std::string::npos);
  EXPECT_NE(message([] { parse_batch_list("4,2,4", "--batch"); }).find("repeats"), std::string::npos);
  EXPECT_NE(message([] { parse_array_list("32", "--array"); }).find("--array: '32'"), std::string::npos);
  EXPECT_NE(message([] { parse_array_list("32x0", "--array"); }).find("'32x0'"), std::string::npos);
  EXPECT_NE(message([] { parse_array_list("16x16,16x16", "--array"); }).find("repeats"), std::string::npos);
  EXPECT_NE(message([] { parse_bandwidth_list("-1", "--dram-gbps"); }).find("'-1'"), std::string::npos);
  EXPECT_NE(message([] { parse_bandwidth_list("nan", "--dram-gbps"); }).find("'nan'"), std::string::npos);
  EXPECT_NE(message([] { parse_bandwidth_list("12GB", "--dram-gbps"); }).find("'12GB'"), std::string::npos);
  // Two spellings of one value are one point, so a duplicate.
  EXPECT_NE(message([] { parse_bandwidth_list("25.6,25.60", "--dram-gbps"); }).find("repeats"), std::string::npos);
  EXPECT_NE(message([] { parse_precision_list("INT8", "--precision"); }).find("'INT8'"), std::string::npos);
  EXPECT_NE(message([] { parse_precision_list("a/b", "--precision"); }).find("'a/b'"), std::string::npos);
}

TEST(SweepPoint, KeyIsCanonicalAndFileNameSafe) {
  const SweepPoint a{4, {32, 32}, 25.6, "int8"};
  EXPECT_EQ(canonical_key(a), "int8_a32x32_d25.6_b4");
  const SweepPoint b{4, {32, 32}, parse_bandwidth_list("25.60", "x").front(), "int8"};
  EXPECT_EQ(canonical_key(b), canonical_key(a));
  EXPECT_EQ(canonical_key({1, {8, 16}, 100000, "fp16"}), "fp16_a8x16_d100000_b1");
  EXPECT_EQ(canonical_key({2, {8, 16}, 0.125, "int16"}), "int16_a8x16_d0.125_b2");
}

TEST(SweepPoint, ShortestTextReadsBackExactly) {
  EXPECT_EQ(format_shortest(25.6), "25.6");
  EXPECT_EQ(format_shortest(100000), "100000");
  EXPECT_EQ(format_shortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(format_shortest(1.5e-9), "1.5e-09");
  EXPECT_EQ(format_shortest(0), "0");
}

TEST(SweepGrid, ExpandsPrecisionOutermostBatchInnermost) {
  SweepGrid grid;
  grid.batches = {1, 8};
  grid.arrays = {{16, 16}, {32, 32}};
  grid.dram_gbps = {10};
  grid.precisions = {"int8", "fp16"};
  std::vector<std::string> keys;
  for (const auto& point : expand_grid(grid)) keys.push_back(canonical_key(point));
  EXPECT_EQ(keys, (std::vector<std::string>{"int8_a16x16_d10_b1", "int8_a16x16_d10_b8", "int8_a32x32_d10_b1",
                                            "int8_a32x32_d10_b8", "fp16_a16x16_d10_b1", "fp16_a16x16_d10_b8",
                                            "fp16_a32x32_d10_b1", "fp16_a32x32_d10_b8"}));
}

TEST(SweepGrid, ShardsAreRoundRobinDisjointAndComplete) {
  SweepGrid grid;
  grid.batches = {1, 2, 4, 8, 16, 32, 64};
  grid.arrays = {{16, 16}};
  grid.dram_gbps = {10};
  grid.precisions = {"int8"};
  const auto points = expand_grid(grid);
  const auto shard1 = shard_points(points, parse_shard("1/3"));
  ASSERT_EQ(shard1.size(), 2u);  // positions 1 and 4
  EXPECT_EQ(shard1[0].batch, 2);
  EXPECT_EQ(shard1[1].batch, 16);
  std::multiset<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    for (const auto& point : shard_points(points, {i, 3})) seen.insert(canonical_key(point));
  }
  EXPECT_EQ(seen.size(), points.size());
  for (const auto& point : points) EXPECT_EQ(seen.count(canonical_key(point)), 1u);
  // More shards than points: the extra shards are empty, not an error.
  EXPECT_TRUE(shard_points(points, {9, 10}).empty());
}

TEST(SweepGrid, ShardTextIsChecked) {
  const ShardSpec shard = parse_shard("0/1");
  EXPECT_EQ(shard.index, 0);
  EXPECT_EQ(shard.count, 1);
  for (const char* bad : {"1/1", "3", "-1/2", "1/0", "a/b", "1/", "/2", "1/2/3", " 1/2"}) {
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace npusim::studies
