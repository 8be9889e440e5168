// Module placement on horizontal pages: the columns the source gives, automatic placement where
// it gives none, and stories that break onto the next page of the source.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/jump_issue.h"
#include "tests/support/lay_out.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

const fs::path kSample =
    fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "cena-2020-12-30" / "issue.xml";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Lays out the issue at `path` horizontally; `errors` gets the diagnostics.
std::optional<LaidOutIssue> LayOut(const fs::path& path, std::string* errors = nullptr) {
  testing::LaidOut laid_out = testing::LayOutFile(path.string(), WritingMode::kHorizontal);
  if (errors) *errors = laid_out.errors;
  return std::move(laid_out.layout);
}

// Writes `text` as an issue in its own folder under the build tree, with the sample's templates
// beside it; returns its path.
fs::path WriteIssue(const std::string& name, const std::string& text) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "placement-test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "issue.xml", std::ios::binary) << text;
  fs::copy(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "templates", dir / "templates");
  return dir / "issue.xml";
}

// The sample's page grid (the template tabloid-4k: 7 columns of whole 9 pt characters).
struct Grid {
  double left, column, gutter;
  double ColumnLeft(int c) const { return left + c * (column + gutter); }
  double ColumnRight(int c) const { return ColumnLeft(c) + column; }
};

Grid SampleGrid() {
  layout::PageTemplate t;
  double measure = t.width_pt - t.margin_inner_pt - t.margin_outer_pt;
  double em = t.body_size_pt;
  double column = std::floor((measure - em * 6) / 7 / em + 1e-9) * em;
  return {t.margin_inner_pt, column, (measure - column * 7) / 6};
}

const PageMapEntry* Find(const LaidOutIssue& laid_out, const std::string& id, int fragment = 0) {
  for (const PageMapEntry& entry : laid_out.page_map) {
    if (entry.article_id == id && entry.fragment == fragment) return &entry;
  }
  return nullptr;
}

TEST(PlacementTest, ModulesTakeTheColumnsTheSourceGives) {
  // The sample: the editorial on columns 1-4 and the commendation on 5-7, side by side under
  // the lead story, which is placed automatically across the page.
  std::optional<LaidOutIssue> laid_out = LayOut(kSample);
  ASSERT_TRUE(laid_out);
  Grid grid = SampleGrid();
  const PageMapEntry* lead = Find(*laid_out, "lead");
  const PageMapEntry* editorial = Find(*laid_out, "editorial");
  const PageMapEntry* commendation = Find(*laid_out, "commendation");
  ASSERT_TRUE(lead && editorial && commendation);
  EXPECT_NEAR(editorial->area.x_pt, grid.ColumnLeft(0), 0.01);
  EXPECT_NEAR(editorial->area.x_pt + editorial->area.width_pt, grid.ColumnRight(3), 0.01);
  EXPECT_NEAR(commendation->area.x_pt, grid.ColumnLeft(4), 0.01);
  EXPECT_NEAR(commendation->area.x_pt + commendation->area.width_pt, grid.ColumnRight(6), 0.01);
  // Side by side, both below the lead.
  EXPECT_NEAR(editorial->area.y_pt, commendation->area.y_pt, 0.01);
  EXPECT_GT(editorial->area.y_pt, lead->area.y_pt + lead->area.height_pt);
  // The glyphs of each module stay in its columns.
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    const PageMapEntry* module = run.article_id == "editorial"      ? editorial
                                 : run.article_id == "commendation" ? commendation
                                                                    : nullptr;
    if (!module) continue;
    for (const PositionedGlyph& g : run.glyphs) {
      EXPECT_GE(g.x_pt, module->area.x_pt - run.size_pt / 2) << run.text;
      EXPECT_LE(g.x_pt, module->area.x_pt + module->area.width_pt) << run.text;
    }
  }
}

TEST(PlacementTest, RowsFixTheModulesDepth) {
  // Two short stories on columns 1-3, the first 20 rows deep: the second starts under those 20
  // rows (and the gap between modules), though the first one's text takes fewer.
  std::string text =
      "<issue id=\"rows\" lang=\"zh-Hans\" template=\"tabloid-4k\">"
      "<publication><name>中国电子报</name></publication><date>2020-12-30</date>"
      "<numbering issue=\"95\" cumulative=\"4410\" pages=\"8\"/><page number=\"2\">"
      "<article id=\"a\" columns=\"1-3\" rows=\"20\"><headline>会议总结2020年工作</headline>"
      "<body><p>会议总结了2020年工业和信息化工作和五年来所取得的成绩。</p></body></article>"
      "<article id=\"b\" columns=\"1-3\"><headline>部署2021年重点工作</headline>"
      "<body><p>会议指出，2021年要围绕构建新发展格局迈好第一步、见到新气象。</p></body>"
      "</article></page></issue>";
  std::optional<LaidOutIssue> laid_out = LayOut(WriteIssue("rows", text));
  ASSERT_TRUE(laid_out);
  layout::PageTemplate t;
  double pitch = t.body_size_pt * t.line_pitch;
  const PageMapEntry* a = Find(*laid_out, "a");
  const PageMapEntry* b = Find(*laid_out, "b");
  ASSERT_TRUE(a && b);
  EXPECT_LT(a->area.height_pt, 10 * pitch);  // its text takes a few lines
  EXPECT_NEAR(b->area.y_pt, a->area.y_pt + 20 * pitch + pitch * 2 / 3, 0.01);
}

TEST(PlacementTest, RowsBeyondThePageAreAnError) {
  std::string text = ReadFile(kSample);
  const std::string editorial = "<article id=\"editorial\" kind=\"editorial\" columns=\"1-4\"";
  text.replace(text.find(editorial), editorial.size(), editorial + " rows=\"200\"");
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(WriteIssue("rows-beyond", text), &errors);
  EXPECT_FALSE(laid_out);
  EXPECT_NE(errors.find("article 'editorial' is 200 rows deep, but only "), std::string::npos)
      << errors;
}

TEST(PlacementTest, AutomaticPlacementFillsTheSamplePageToTheBottom) {
  // Without the source's columns the three stories still fill the page: in every column the
  // last module ends less than two body lines above the page's bottom.
  std::string text = ReadFile(kSample);
  for (const char* columns : {" columns=\"1-4\"", " columns=\"5-7\""}) {
    size_t at = text.find(columns);
    ASSERT_NE(at, std::string::npos);
    text.erase(at, std::string(columns).size());
  }
  std::optional<LaidOutIssue> laid_out = LayOut(WriteIssue("auto", text));
  ASSERT_TRUE(laid_out);
  Grid grid = SampleGrid();
  layout::PageTemplate t;
  double bottom = t.height_pt - t.margin_bottom_pt, pitch = t.body_size_pt * t.line_pitch;
  for (int c = 0; c < 7; ++c) {
    double lowest = 0;
    for (const PageMapEntry& entry : laid_out->page_map) {
      double mid = (grid.ColumnLeft(c) + grid.ColumnRight(c)) / 2;
      if (entry.area.x_pt < mid && entry.area.x_pt + entry.area.width_pt > mid) {
        lowest = std::max(lowest, entry.area.y_pt + entry.area.height_pt);
      }
    }
    EXPECT_GT(lowest, bottom - 2 * pitch) << "column " << c + 1;
  }
}

TEST(PlacementTest, ShortStoriesGetNarrowModules) {
  // The 副刊 sample set horizontally: a four-line poem is not spread one line to a column over
  // the page's width; every module chosen automatically has at least four lines in a column
  // (or two columns), so the short poems stand in two columns.
  std::optional<LaidOutIssue> laid_out = LayOut(
      fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "fukan-tang300" / "issue.xml");
  ASSERT_TRUE(laid_out);
  Grid grid = SampleGrid();
  const PageMapEntry* poem = Find(*laid_out, "jiangxue");
  ASSERT_TRUE(poem);
  EXPECT_LE(poem->area.width_pt, 2 * grid.column + grid.gutter + 0.01);
}

TEST(PlacementTest, StoryWithoutAJumpBreaksOntoTheNextPageOfTheSource) {
  // The sample's lead story three times as long, without its <continues/>: it breaks where page
  // 1 is full and continues on page 4, the next page of the source, with the jump lines.
  fs::path path = WriteIssue("break", "");
  testing::WriteJumpIssue(path);
  std::string text = ReadFile(path);
  size_t at = text.find("<continues page=\"4\"/>");
  ASSERT_NE(at, std::string::npos);
  text.erase(at, std::string("<continues page=\"4\"/>").size());
  std::ofstream(path, std::ios::binary) << text;
  std::optional<LaidOutIssue> laid_out = LayOut(path);
  ASSERT_TRUE(laid_out);
  const PageMapEntry* rest = Find(*laid_out, "lead", 1);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->page, 4);
  auto has = [&](size_t page, const std::string& s) {
    for (const GlyphRun& run : laid_out->pages[page].runs) {
      if (run.article_id == "lead" && run.text.find(s) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(0, "下转第4版"));
  EXPECT_TRUE(has(1, "上接第1版"));
}

TEST(PlacementTest, StoryOnTheLastPageThatDoesNotFitIsAnError) {
  // The same story on a one-page issue: the page cannot hold the three stories and there is no
  // next page; an error names what is left over, nothing is dropped silently.
  fs::path path = WriteIssue("last", "");
  testing::WriteJumpIssue(path);
  std::string text = ReadFile(path);
  text.erase(text.find("<continues page=\"4\"/>"), std::string("<continues page=\"4\"/>").size());
  text.erase(text.find("  <page number=\"4\""), text.find("</issue>") - text.find("  <page number=\"4\""));
  std::ofstream(path, std::ios::binary) << text;
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
  EXPECT_FALSE(laid_out);
  // The page holds the long story; the others are what is left over.
  EXPECT_NE(errors.find("does not fit on page 1"), std::string::npos) << errors;
  EXPECT_NE(errors.find("characters are left over"), std::string::npos) << errors;
}

TEST(PlacementTest, EarStandsInAFrameBesideTheNameplate) {
  // The 副刊 sample puts 夜思 in the ear: a frame between the nameplate and the masthead data,
  // above the date line, in both writing modes; its text is inside the frame, set horizontally.
  for (WritingMode mode : {WritingMode::kHorizontal, WritingMode::kVertical}) {
    testing::LaidOut result = testing::LayOutFile(
        (fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "fukan-tang300" / "issue.xml").string(),
        mode);
    ASSERT_TRUE(result.layout) << result.errors;
    const LaidOutIssue* laid_out = &*result.layout;
    const PageMapEntry* ear = Find(*laid_out, "yesi");
    ASSERT_TRUE(ear);
    const LaidOutPage& page = laid_out->pages[0];
    double nameplate_right = 0, date_top = 1e9;
    for (const GlyphRun& run : page.runs) {
      if (run.text == "唐诗副刊" && run.size_pt > 40) {
        for (const PositionedGlyph& g : run.glyphs) {
          nameplate_right = std::max(nameplate_right, g.x_pt + run.size_pt);
        }
      }
      if (run.text.find("星期三") != std::string::npos && run.text.find("今日") != std::string::npos) {
        date_top = run.glyphs[0].y_pt - run.size_pt;
      }
    }
    EXPECT_GT(ear->area.x_pt, nameplate_right);
    EXPECT_LT(ear->area.y_pt + ear->area.height_pt, date_top);
    bool framed = false;
    for (const Frame& frame : page.frames) {
      framed |= std::abs(frame.rect.x_pt - ear->area.x_pt) < 0.01 &&
                std::abs(frame.rect.width_pt - ear->area.width_pt) < 0.01;
    }
    EXPECT_TRUE(framed);
    size_t glyphs = 0;
    for (const GlyphRun& run : page.runs) {
      if (run.article_id != "yesi") continue;
      EXPECT_EQ(run.orientation, GlyphRun::Orientation::kUpright);
      for (const PositionedGlyph& g : run.glyphs) {
        ++glyphs;
        EXPECT_GT(g.x_pt, ear->area.x_pt);
        EXPECT_LT(g.x_pt, ear->area.x_pt + ear->area.width_pt);
        EXPECT_GT(g.y_pt, ear->area.y_pt);
        EXPECT_LT(g.y_pt, ear->area.y_pt + ear->area.height_pt);
      }
    }
    EXPECT_GE(glyphs, 24u);  // the title, the poet and the twenty characters of the poem
  }
}

}  // namespace
}  // namespace paiban
