// The page makeup stages one by one, on hand-made inputs and the fake font system of fixed
// advances (tests/support/fake_fonts.h: upright characters 1 em, others ½ em), so that each test
// states positions in ems: geometry (tracks and the axis map), track fill, article lines,
// arrangement, and a whole page in both writing modes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "compiler/reader.h"
#include "layout/page/arrangement.h"
#include "layout/page/article_lines.h"
#include "layout/page/geometry.h"
#include "layout/page/makeup.h"
#include "layout/page/track_fill.h"
#include "tests/support/fake_fonts.h"

namespace paiban::layout {
namespace {

constexpr double kEm = 9;  // the default template's body size
constexpr double kPitch = 9 * 1.3;

// ---------------------------------------------------------------------------------------------
// Geometry

TEST(GeometryTest, ColumnsAreWholeEmsAndFillTheMeasure) {
  const PageTemplate t;
  const PageGeometry g = MakeGeometry(t, false, 100);
  EXPECT_EQ(g.tracks, 7);
  EXPECT_NEAR(std::fmod(g.thickness / kEm, 1.0), 0, 1e-9);
  EXPECT_GE(g.gap, kEm - 1e-9);
  EXPECT_NEAR(g.TrackStart(6) + g.thickness, t.width_pt - t.margin_outer_pt, 1e-6);
  EXPECT_EQ(g.v0, 100);
  EXPECT_NEAR(g.v1, t.height_pt - t.margin_bottom_pt, 1e-9);
  // Horizontal: the logical axes are the page's.
  RectPt r = g.Physical({10, 20, 30, 40});
  EXPECT_EQ(r.x_pt, 10);
  EXPECT_EQ(r.y_pt, 20);
  EXPECT_EQ(r.width_pt, 30);
  EXPECT_EQ(r.height_pt, 40);
}

TEST(GeometryTest, BandsAreWholeEmsFillTheBodyAndRunLeftwards) {
  const PageTemplate t;
  const PageGeometry g = MakeGeometry(t, true, 200);
  EXPECT_EQ(g.tracks, 5);
  EXPECT_NEAR(std::fmod(g.thickness / kEm, 1.0), 0, 1e-9);
  EXPECT_GE(g.gap, 2 * kEm - 1e-9);
  EXPECT_EQ(g.TrackStart(0), 200);
  EXPECT_NEAR(g.TrackStart(4) + g.thickness, t.height_pt - t.margin_bottom_pt, 1e-6);
  // v runs leftwards from the right margin; u runs down.
  const double right = t.width_pt - t.margin_outer_pt;
  RectPt r = g.Physical({300, 0, 100, 11.7});
  EXPECT_NEAR(r.x_pt, right - 11.7, 1e-9);
  EXPECT_EQ(r.y_pt, 300);
  EXPECT_NEAR(r.width_pt, 11.7, 1e-9);
  EXPECT_EQ(r.height_pt, 100);
  double x, y;
  g.Physical(300, 50, x, y);
  EXPECT_NEAR(x, right - 50, 1e-9);
  EXPECT_EQ(y, 300);
}

// ---------------------------------------------------------------------------------------------
// Track fill

std::vector<LineBox> Lines(int count, int box = -1) {
  return std::vector<LineBox>(static_cast<size_t>(count), LineBox{kPitch, 0, box, false});
}

PageGeometry AnyGeometry() { return MakeGeometry(PageTemplate{}, false, 100); }

TEST(TrackFillTest, TracksTakeWholeLinesUpToTheirExtent) {
  TrackPlan plan;
  EXPECT_EQ(FillTracks(Lines(12), 2, 5 * kPitch, AnyGeometry(), &plan), 10u);
  ASSERT_EQ(plan.ranges.size(), 2u);
  EXPECT_EQ(plan.ranges[0], std::make_pair(size_t{0}, size_t{5}));
  EXPECT_EQ(plan.ranges[1], std::make_pair(size_t{5}, size_t{10}));
}

TEST(TrackFillTest, ABoxThatDoesNotFitFloatsToTheNextTrackWhileLinesFillThisOne) {
  // 3 lines, a box of 4, 6 lines; tracks of 5 lines: the box does not fit after line 3, so two
  // of the lines after it fill the first track and the box heads the second.
  std::vector<LineBox> lines = Lines(3);
  for (const LineBox& b : Lines(4, 0)) lines.push_back(b);
  for (const LineBox& b : Lines(6)) lines.push_back(b);
  TrackPlan plan;
  const PageGeometry g = AnyGeometry();
  EXPECT_EQ(FillTracks(lines, 3, 5 * kPitch, g, &plan), lines.size());
  EXPECT_EQ(plan.ranges[0], std::make_pair(size_t{0}, size_t{5}));
  EXPECT_EQ((std::vector<size_t>(plan.order.begin(), plan.order.begin() + 9)),
            (std::vector<size_t>{0, 1, 2, 7, 8, 3, 4, 5, 6}));
}

TEST(TrackFillTest, AJumpLineIsNeverMovedBeforeABox) {
  std::vector<LineBox> lines = Lines(3);
  for (const LineBox& b : Lines(4, 0)) lines.push_back(b);
  lines.push_back({kPitch, 0, -1, true});  // the jump line
  TrackPlan plan;
  FillTracks(lines, 2, 5 * kPitch, AnyGeometry(), &plan);
  EXPECT_EQ(plan.ranges[0], std::make_pair(size_t{0}, size_t{3})) << "the track ends at the box";
  EXPECT_EQ(plan.order.back(), 7u);
}

TEST(TrackFillTest, BalancedTracksEndWithinALine) {
  const PageGeometry g = AnyGeometry();
  double extent = BalancedExtent(Lines(11), 2, g);
  EXPECT_GE(extent, 6 * kPitch - 1e-6);
  EXPECT_LT(extent, 6 * kPitch + kPitch / 4);
}

TEST(TrackFillTest, AStoryBreaksOnlyWithTwoLinesBeforeItsJumpLine) {
  const PageGeometry g = AnyGeometry();
  const std::vector<LineBox> jump = {{kPitch, 0, -1, true}};
  EXPECT_EQ(KeepBeforeJump(Lines(20), jump, 1, 4 * kPitch, g), 3u);
  EXPECT_EQ(KeepBeforeJump(Lines(20), jump, 1, 2 * kPitch, g), 0u) << "one line, then the jump";
}

// ---------------------------------------------------------------------------------------------
// Article lines (fake fonts: every Han character one em)

class ArticleLinesTest : public ::testing::Test {
 protected:
  ArticleLinesTest() : issue_(Sample()), setter_(issue_, fonts_, diagnostics_) {}
  static Issue Sample() {
    Issue issue;
    issue.id = "t";
    issue.language = "zh-Hans";
    return issue;
  }
  Article Paragraph(const std::string& text) {
    Article a;
    a.id = "a";
    a.headline = {{Inline::Kind::kText, "标题", {}, {}, {}}};
    Block p;
    p.kind = Block::Kind::kParagraph;
    p.inlines = {{Inline::Kind::kText, text, {}, {}, {}}};
    a.blocks.push_back(p);
    return a;
  }
  Issue issue_;
  testing::FakeFonts fonts_;
  Diagnostics diagnostics_;
  Setter setter_;
  const PageGeometry geometry_ = MakeGeometry(PageTemplate{}, false, 100);
  const Typography typography_ = setter_.Resolve({});
};

TEST_F(ArticleLinesTest, ParagraphLinesAtAMeasureWithTheIndent) {
  // 25 characters at 10 em with a 2 em indent: 8, 10, 7.
  std::vector<FlowLine> lines = BodyLines(
      setter_, Paragraph("一二三四五六七八九十一二三四五六七八九十一二三四五"), 10 * kEm,
      {typography_, geometry_, false}, false);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].line.end - lines[0].line.start, 8u * 3);
  EXPECT_EQ(lines[1].line.end - lines[1].line.start, 10u * 3);
  EXPECT_EQ(lines[2].line.end - lines[2].line.start, 7u * 3);
  for (const FlowLine& l : lines) {
    EXPECT_EQ(l.pitch_pt, kPitch);
    EXPECT_EQ(l.role, TextRole::kBody);
    EXPECT_FALSE(l.vertical);
  }
  EXPECT_NEAR(lines[0].line.runs.front().glyphs.front().inline_pt, 2 * kEm, 1e-9);
  EXPECT_NEAR(lines[1].line.runs.front().glyphs.front().inline_pt, 0, 1e-9);
}

TEST_F(ArticleLinesTest, AHeadlineTooLongIsSetSmallerBeforeItBreaks) {
  // Eight characters across 20 em: at the lead's 28 pt they take 224 pt of 180; the largest
  // whole size at which they fit one line is 22 pt (at least three quarters of 28).
  Article a = Paragraph("正文。");
  a.headline = {{Inline::Kind::kText, "全国工业信息会议", {}, {}, {}}};
  std::vector<FlowLine> header =
      HeaderLines(setter_, a, true, false, 20 * kEm, {typography_, geometry_, false}, true);
  ASSERT_EQ(header.size(), 1u);
  EXPECT_EQ(header[0].role, TextRole::kHeadline);
  EXPECT_EQ(header[0].line.size_pt, 22);
  EXPECT_NEAR(header[0].pitch_pt, 22 * 1.25, 1e-9);
  // Too long even at three quarters (sixteen characters across 30 em: nine fit at 28 pt, twelve
  // at 21): two balanced lines of eight (at a word start: 全国|工业|和|信息化|工作|会议|在|京|
  // 召开), each centred in the module.
  a.headline = {{Inline::Kind::kText, "全国工业和信息化工作会议在京召开", {}, {}, {}}};
  header = HeaderLines(setter_, a, true, false, 30 * kEm, {typography_, geometry_, false}, true);
  ASSERT_EQ(header.size(), 2u);
  EXPECT_EQ(header[0].line.size_pt, 28);
  EXPECT_NEAR(header[0].line.runs.front().glyphs.front().inline_pt, (30 * kEm - 8 * 28) / 2,
              28 / 2.0);
  EXPECT_EQ(header[0].line.end - header[0].line.start, header[1].line.end - header[1].line.start)
      << "16 characters over two lines: 8 and 8";
}

TEST_F(ArticleLinesTest, HeadlinesBreakByPhraseAtTheSourcesPreferredBreak) {
  // Eighteen characters across 10 em of 18 pt type (too long for one line even at three quarters
  // of the size): two lines by phrase, and at the source's <wbr/> where it has one; at 9 em,
  // three even lines.
  Article a = Paragraph("正文。");
  a.headline = {{Inline::Kind::kText, "着力扩大国内需求推动经济实现良性循环", {}, {}, {}}};
  auto text = [](const std::vector<FlowLine>& lines) {
    std::string out;
    for (const FlowLine& l : lines) {
      for (const LineRun& run : l.line.runs) out += run.text;
      out += "/";
    }
    return out;
  };
  for (bool vertical : {false, true}) {
    std::vector<FlowLine> header = HeaderLines(setter_, a, false, false, 10 * 18.0,
                                               {typography_, geometry_, vertical}, true);
    EXPECT_EQ(text(header), "着力扩大国内需求/推动经济实现良性循环/");
    header = HeaderLines(setter_, a, false, false, 9 * 18.0, {typography_, geometry_, vertical},
                         true);
    EXPECT_EQ(text(header), "着力扩大国内/需求推动经济/实现良性循环/");
  }
  a.headline = {{Inline::Kind::kText, "着力扩大国内需求推动经济", {}, {}, {}},
                {Inline::Kind::kWordBreak, "", {}, {}, {}},
                {Inline::Kind::kText, "实现良性循环", {}, {}, {}}};
  std::vector<FlowLine> header =
      HeaderLines(setter_, a, false, false, 13 * 18.0, {typography_, geometry_, false}, true);
  EXPECT_EQ(text(header), "着力扩大国内需求推动经济/实现良性循环/");
}

TEST_F(ArticleLinesTest, VerticalLinesAreVerticalAndTheJumpLineIsOne) {
  std::vector<FlowLine> lines =
      JumpLines(setter_, Paragraph("正文。"), "（下转第4版）", 10 * kEm, Align::kEnd, 1,
                {typography_, geometry_, true});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].vertical);
  EXPECT_EQ(lines[0].role, TextRole::kJump);
  EXPECT_EQ(lines[0].link_fragment, 1);
}

// ---------------------------------------------------------------------------------------------
// Arrangement

Module Synthetic(int lines, bool lead, double header) {
  Module m;
  m.lead = lead;
  m.boxes = Lines(lines);
  m.lines.resize(static_cast<size_t>(lines));
  m.extent.assign(1, 0);
  for (const LineBox& b : m.boxes) m.extent.push_back(m.extent.back() + b.pitch_pt);
  m.header.assign(8, header);
  return m;
}

TEST(ArrangementTest, TheLeadTakesTheTopAcrossHalfTheTracksOrMore) {
  static Article article;  // the modules' article: no jump, no stated tracks
  const PageGeometry g = MakeGeometry(PageTemplate{}, false, 100);
  std::vector<Module> modules = {Synthetic(200, true, 40), Synthetic(60, false, 30),
                                 Synthetic(60, false, 30)};
  for (Module& m : modules) m.article = &article;
  std::vector<Slot> slots = Arrange(modules, g);
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(slots[0].first, 0);
  EXPECT_GE(slots[0].span, 4);
  EXPECT_EQ(slots[0].top, g.v0);
  for (size_t i = 0; i < slots.size(); ++i) {
    EXPECT_EQ(slots[i].keep, modules[i].lines.size()) << "module " << i << " lost lines";
    EXPECT_LE(slots[i].top + slots[i].height, g.v1 + 1e-6);
  }
  // The others stand after the lead, side by side or stacked, never across it.
  for (size_t i = 1; i < slots.size(); ++i) {
    bool beside = slots[i].first >= slots[0].first + slots[0].span;
    EXPECT_TRUE(beside || slots[i].top >= slots[0].top + slots[0].height) << "module " << i;
  }
}

TEST(ArrangementTest, AStoryTooLongForThePageBreaksWhereThePageEnds) {
  static Article article;
  const PageGeometry g = MakeGeometry(PageTemplate{}, false, 100);
  Module m = Synthetic(2000, true, 40);
  m.article = &article;
  m.jump_to = 2;
  m.jump_boxes = {{kPitch, 0, -1, true}};
  m.jump_extent = kPitch;
  std::vector<Slot> slots = Arrange({m}, g);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_GE(slots[0].keep, kFewestLinesBeforeJump);
  EXPECT_LT(slots[0].keep, m.lines.size());
  // It takes the whole page: every track, to the page's end, less than a line short.
  EXPECT_EQ(slots[0].span, g.tracks);
  EXPECT_GT(slots[0].top + slots[0].height, g.v1 - kPitch);
  EXPECT_EQ(slots[0].keep, static_cast<size_t>(g.tracks) *
                               static_cast<size_t>((slots[0].body_height + 1e-6) / kPitch) -
                               1)
      << "every track full but for the jump line";
}

// ---------------------------------------------------------------------------------------------
// A whole page, both writing modes: where the body's first character stands, in ems.

class WholePageTest : public ::testing::TestWithParam<WritingMode> {};

TEST_P(WholePageTest, TheBodyStartsAtItsIndentInTheFirstTrack) {
  const bool vertical = GetParam() == WritingMode::kVertical;
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFromString(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<issue id=\"t\" lang=\"zh-Hans\">\n"
      "  <publication><name>报</name></publication>\n"
      "  <date weekday=\"星期三\">2020-12-30</date>\n"
      "  <numbering issue=\"1\" cumulative=\"2\" pages=\"2\"/>\n"
      "  <page number=\"2\"><article id=\"a\"><headline>标题</headline>"
      "<body><p>一二三四五六</p></body></article></page>\n"
      "</issue>\n",
      "t.xml", diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  testing::FakeFonts fonts;
  LayoutOptions options;
  options.writing_mode = GetParam();
  std::optional<LaidOutIssue> laid_out = LayOutIssue({*issue, fonts}, options, diagnostics);
  ASSERT_TRUE(laid_out) << diagnostics.Format();
  const PageTemplate t;
  const GlyphRun* body = nullptr;
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    if (run.article_id == "a" && run.role == TextRole::kBody && !body) body = &run;
  }
  ASSERT_TRUE(body);
  const PositionedGlyph& first = body->glyphs.front();
  const PageMapEntry& area = laid_out->page_map.front();
  if (!vertical) {
    // Two ems in from the first column's left edge.
    EXPECT_NEAR(first.x_pt, t.margin_inner_pt + 2 * kEm, 1e-6);
  } else {
    // Two ems down from the top of the module's first band (the fake font's vertical glyphs
    // have their origin at the top of their em box).
    EXPECT_NEAR(first.y_pt - area.area.y_pt, 2 * kEm, 1e-6);
  }
  // Its six characters one em apart along the line.
  ASSERT_EQ(body->glyphs.size(), 6u);
  for (size_t i = 1; i < body->glyphs.size(); ++i) {
    const double step = vertical ? body->glyphs[i].y_pt - body->glyphs[i - 1].y_pt
                                 : body->glyphs[i].x_pt - body->glyphs[i - 1].x_pt;
    EXPECT_NEAR(step, kEm, 1e-6) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(BothModes, WholePageTest,
                         ::testing::Values(WritingMode::kHorizontal, WritingMode::kVertical),
                         [](const ::testing::TestParamInfo<WritingMode>& mode) {
                           return mode.param == WritingMode::kVertical ? std::string("Vertical")
                                                                       : std::string("Horizontal");
                         });

}  // namespace
}  // namespace paiban::layout
