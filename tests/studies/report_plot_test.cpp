// SVG primitives, ticks, scales, the Pareto front, base64 and colour maps of sim/report,
// against values worked out by hand (RFC 4648 for base64).
#include <gtest/gtest.h>

#include "sim/report/axis.h"
#include "sim/report/charts.h"
#include "sim/report/image_encoding.h"
#include "sim/report/svg.h"

namespace npusim::report {
namespace {

TEST(Svg, EscapesTextAndFormatsCoordinates) {
  EXPECT_EQ(escape_xml("<a & \"b\" 'c'>"), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
  EXPECT_EQ(escape_xml(std::string("x\x01y")), "x?y");
  EXPECT_EQ(format_coordinate(12.3456), "12.35");
  EXPECT_EQ(format_coordinate(12.5), "12.5");
  EXPECT_EQ(format_coordinate(3), "3");
  EXPECT_EQ(format_coordinate(-0.001), "0");
  EXPECT_EQ(format_coordinate(-7.25), "-7.25");
}

TEST(Svg, ElementsCarryPlotIdTooltipsAndEscapedText) {
  Svg svg(100, 50, "my-plot", "a <test>");
  svg.circle(10, 20, 3, "#fff", {}, "point <1>");
  svg.text(5, 5, "a&b");
  const std::string text = svg.str();
  EXPECT_EQ(text.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" data-plot=\"my-plot\" width=\"100\" height=\"50\"", 0), 0u);
  EXPECT_NE(text.find("aria-label=\"a &lt;test&gt;\""), std::string::npos);
  EXPECT_NE(text.find("<circle cx=\"10\" cy=\"20\" r=\"3\" fill=\"#fff\" stroke=\"none\"><title>point &lt;1&gt;</title></circle>"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(">a&amp;b</text>"), std::string::npos);
  EXPECT_EQ(Svg(10, 10, "", "legend").str().find("data-plot"), std::string::npos);
}

TEST(Axis, LinearTicksAreNiceAndPrintedWithoutFloatNoise) {
  Ticks t = nice_linear_ticks(0.1, 0.3, 6);  // range 0.2 -> step 0.05
  EXPECT_EQ(t.labels, (std::vector<std::string>{"0.10", "0.15", "0.20", "0.25", "0.30"}));
  EXPECT_DOUBLE_EQ(t.lo, 0.1);
  EXPECT_DOUBLE_EQ(t.hi, 0.3);
  t = nice_linear_ticks(0, 0.97, 6);  // range rounds up to 1, step 0.2
  EXPECT_EQ(t.labels, (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  t = nice_linear_ticks(0, 61234, 6);  // step 20000 (range 100000 / 5)
  EXPECT_EQ(t.labels, (std::vector<std::string>{"0", "20k", "40k", "60k", "80k"}));
  t = nice_linear_ticks(5, 5, 6);  // one value: widened around it
  EXPECT_LT(t.lo, 5);
  EXPECT_GT(t.hi, 5);
}

TEST(Axis, DecadeTicksAddTwoAndFiveOnShortRanges) {
  EXPECT_EQ(decade_ticks(3, 4000).labels, (std::vector<std::string>{"1", "10", "100", "1k", "10k"}));
  EXPECT_EQ(decade_ticks(0.5, 20).labels, (std::vector<std::string>{"0.1", "1", "10", "100"}));
  EXPECT_EQ(decade_ticks(2, 30).labels, (std::vector<std::string>{"1", "2", "5", "10", "20", "50", "100"}));
  EXPECT_THROW(decade_ticks(0, 10), std::invalid_argument);
}

TEST(Axis, ScalesMapLinearlyAndInLog10) {
  EXPECT_DOUBLE_EQ(Scale(0, 10, 100, 200, false)(2.5), 125);
  EXPECT_DOUBLE_EQ(Scale(0, 10, 200, 100, false)(2.5), 175);  // y axes run downwards
  EXPECT_DOUBLE_EQ(Scale(1, 100, 0, 200, true)(10), 100);
  EXPECT_THROW(Scale(0, 100, 0, 1, true), std::invalid_argument);
  EXPECT_EQ(ticks_at({16, 1, 4, 4}, 1.5).labels, (std::vector<std::string>{"1", "4", "16"}));
}

TEST(ParetoFront, KeepsOnlyPathsNoOtherBeats) {
  std::vector<PrecisionPathResult> paths = {
      {"int8", 0.11, 2.0, {}, {}, {}},   {"dual", 0.055, 2.3, {}, {}, {}},  {"mixed", 0.048, 2.9, {}, {}, {}},
      {"slow8", 0.14, 2.2, {}, {}, {}},  // slower and worse than int8
      {"tie", 0.048, 3.0, {}, {}, {}},   // as accurate as mixed, slower
  };
  EXPECT_EQ(pareto_front(paths, true), (std::vector<std::size_t>{0, 1, 2}));
  // Higher is better (delta < 1.25): the order of goodness flips.
  std::vector<PrecisionPathResult> delta = {{"a", 0.90, 2, {}, {}, {}}, {"b", 0.95, 3, {}, {}, {}}, {"c", 0.94, 3, {}, {}, {}}};
  EXPECT_EQ(pareto_front(delta, false), (std::vector<std::size_t>{0, 1}));
  // Two identical paths do not knock each other out.
  std::vector<PrecisionPathResult> twins = {{"x", 0.1, 1, {}, {}, {}}, {"y", 0.1, 1, {}, {}, {}}};
  EXPECT_EQ(pareto_front(twins, true).size(), 2u);
}

TEST(ImageEncoding, Base64MatchesRfc4648Vectors) {
  auto encode = [](const std::string& text) { return base64_encode(std::vector<std::uint8_t>(text.begin(), text.end())); };
  EXPECT_EQ(encode(""), "");
  EXPECT_EQ(encode("f"), "Zg==");
  EXPECT_EQ(encode("fo"), "Zm8=");
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode({0xff, 0xfe, 0x00}), "//4A");
}

TEST(ImageEncoding, ColormapsInterpolateBetweenAnchors) {
  const Rgb low = colormap_color(Colormap::kDepth, 0), high = colormap_color(Colormap::kDepth, 1);
  EXPECT_EQ((std::vector<int>{low.r, low.g, low.b}), (std::vector<int>{0x44, 0x01, 0x54}));
  EXPECT_EQ((std::vector<int>{high.r, high.g, high.b}), (std::vector<int>{0xfd, 0xe7, 0x25}));
  // Halfway between the first two anchors (#440154, #3b528b): 63.5, 41.5, 111.5 rounded away from zero.
  const Rgb mid = colormap_color(Colormap::kDepth, 0.125);
  EXPECT_EQ((std::vector<int>{mid.r, mid.g, mid.b}), (std::vector<int>{64, 42, 112}));
  const Rgb clamped = colormap_color(Colormap::kError, 7);
  EXPECT_EQ((std::vector<int>{clamped.r, clamped.g, clamped.b}), (std::vector<int>{0xfc, 0xfd, 0xbf}));
}

TEST(ImageEncoding, ColorizeGreysOutPixelsWithoutGroundTruth) {
  const std::vector<float> values = {0, 10, 5, 20};
  const std::vector<float> mask = {1, 0, 1, 1};
  const data::RgbImage image = colorize(values, 2, 2, 0, 10, Colormap::kDepth, &mask);
  EXPECT_EQ(image.rgb[0], 0x44);  // 0 -> the first anchor
  EXPECT_EQ(image.rgb[3], 0x80);  // masked -> grey
  EXPECT_EQ(image.rgb[4], 0x80);
  EXPECT_EQ(image.rgb[9], 0xfd);  // 20 is past the range: the last anchor
  EXPECT_THROW(colorize(values, 3, 2, 0, 1, Colormap::kDepth), std::invalid_argument);
  EXPECT_EQ(png_data_uri(image).rfind("data:image/png;base64,iVBORw0KGgo", 0), 0u);  // the PNG signature
}

TEST(Labels, ShortenOnCharacterBoundaries) {
  EXPECT_EQ(shorten_label("layer1", 10), "layer1");
  EXPECT_EQ(shorten_label("encoder.layer4.conv2", 10), "encoder...");
  // "ab" then a 2-byte character: cutting at byte 3 would split it.
  EXPECT_EQ(shorten_label("ab\xc3\xa9" "cdefgh", 6), "ab...");
}

}  // namespace
}  // namespace npusim::report
