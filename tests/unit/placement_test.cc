// Module placement on horizontal pages: the columns the source gives, automatic placement where
// it gives none, and stories that break onto the next page of the source.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "model/text.h"
#include "tests/support/jump_issue.h"
#include "tests/support/lay_out.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

const fs::path kSample =
    fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "cena-2020-12-30" / "issue.xml";
const fs::path kFukan =
    fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "fukan-tang300" / "issue.xml";

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

TEST(PlacementTest, BoxFloatsSoTheLeadsColumnsBalance) {
  // The lead story's boxed list (2021年抓好八个方面重点任务) does not fit in what is left of the
  // column it falls in: the lines after it fill that column and the box heads the next, so the
  // module's seven columns end within two lines of each other (they ended up to eight lines apart
  // when the box ended its column early).
  std::optional<LaidOutIssue> laid_out = LayOut(kSample);
  ASSERT_TRUE(laid_out);
  Grid grid = SampleGrid();
  const PageMapEntry* lead = Find(*laid_out, "lead");
  ASSERT_TRUE(lead);
  std::vector<double> bottom(7, 0);
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    if (run.article_id != "lead" || run.role == TextRole::kHeadline) continue;
    for (const PositionedGlyph& g : run.glyphs) {
      for (int c = 0; c < 7; ++c) {
        if (g.x_pt >= grid.ColumnLeft(c) - 0.5 && g.x_pt < grid.ColumnRight(c)) {
          bottom[static_cast<size_t>(c)] = std::max(bottom[static_cast<size_t>(c)], g.y_pt);
        }
      }
    }
  }
  layout::PageTemplate t;
  const double pitch = t.body_size_pt * t.line_pitch;
  auto [lo, hi] = std::minmax_element(bottom.begin(), bottom.end());
  EXPECT_GT(*lo, lead->area.y_pt);
  EXPECT_LE(*hi - *lo, 2 * pitch + 0.5);
  // The box stands at the top of a column, below the headline block, and is whole.
  int frames = 0;
  for (const Frame& frame : laid_out->pages[0].frames) {
    if (frame.rect.y_pt < lead->area.y_pt || frame.rect.y_pt > lead->area.y_pt + lead->area.height_pt) {
      continue;
    }
    ++frames;
    bool at_column_top = false;
    for (const GlyphRun& run : laid_out->pages[0].runs) {
      if (run.article_id != "lead" || run.role == TextRole::kHeadline || run.glyphs.empty()) continue;
      const PositionedGlyph& g = run.glyphs[0];
      if (g.x_pt > frame.rect.x_pt && g.x_pt < frame.rect.x_pt + frame.rect.width_pt &&
          g.y_pt < frame.rect.y_pt) {
        at_column_top = false;
        break;
      }
      at_column_top = true;
    }
    EXPECT_TRUE(at_column_top) << "text above the box in its column";
  }
  EXPECT_EQ(frames, 1);
}

TEST(PlacementTest, JumpLineStaysLastWhenABoxFloats) {
  // The lead story with its box near the end (the paragraph after the box moved before it and cut
  // to its first 300 characters, the last one cut to its first sentence): the box floats to the
  // last column, and the stated （下转第4版） line, which is not a link to a page of the source,
  // still stays the module's last line after it (it had moved before the box).
  std::string text = ReadFile(kSample);
  const std::string strong = "<p>会议强调，2021年";
  size_t from = text.find(strong);
  size_t to = text.find("</p>", from) + 4;
  std::u32string chars = DecodeUtf8(text.substr(from + 3, to - from - 7));
  std::string paragraph = "<p>";
  for (char32_t cp : chars.substr(0, 300)) paragraph += EncodeUtf8(cp);  // its start
  paragraph += "。</p>";
  text.erase(from, to - from);
  text.insert(text.find("<sidebar>"), paragraph + "\n        ");
  const std::string last = "<p>会议指出，2021年要围绕构建新发展格局迈好第一步";
  from = text.find(last);
  to = text.find("</p>", from) + 4;
  text.replace(from, to - from,
               "<p>会议指出，2021年要围绕构建新发展格局迈好第一步、见到新气象，突出抓好八个方面的"
               "重点工作任务。</p>");
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(WriteIssue("jump-after-box", text), &errors);
  ASSERT_TRUE(laid_out) << errors;
  const LaidOutPage& page = laid_out->pages[0];
  const GlyphRun* jump = nullptr;
  for (const GlyphRun& run : page.runs) {
    if (run.article_id == "lead" && run.text.find("下转第4版") != std::string::npos) jump = &run;
  }
  ASSERT_TRUE(jump);
  const double jx = jump->glyphs.back().x_pt, jy = jump->glyphs.back().y_pt;
  for (const GlyphRun& run : page.runs) {
    if (run.article_id != "lead" || run.role == TextRole::kHeadline || &run == jump) continue;
    for (const PositionedGlyph& g : run.glyphs) {
      bool after = g.x_pt > jx + 1 || (std::abs(g.x_pt - jx) < 60 && g.y_pt > jy + 1);
      EXPECT_FALSE(after) << "'" << run.text << "' set after the jump line";
    }
  }
  for (const Frame& frame : page.frames) {
    if (frame.rect.y_pt > 200) {
      EXPECT_LT(frame.rect.x_pt, jx) << "a box after the jump line";
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
  // last module ends less than two body lines above the page's bottom. (Stacked across the page
  // with balanced columns, they end about four lines short; that white goes into the two gaps
  // between them.)
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
      kFukan);
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
        kFukan.string(),
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

// `text` with its first `from` replaced by `to` (which must be there).
std::string ReplaceOnce(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Of an article's glyphs on `page`, in each run, how many steps from one glyph to the next go down
// a vertical line and how many across a horizontal one.
std::pair<int, int> Directions(const LaidOutPage& page, const std::string& id) {
  int down = 0, across = 0;
  for (const GlyphRun& run : page.runs) {
    if (run.article_id != id) continue;
    for (size_t i = 1; i < run.glyphs.size(); ++i) {
      double dx = run.glyphs[i].x_pt - run.glyphs[i - 1].x_pt;
      double dy = run.glyphs[i].y_pt - run.glyphs[i - 1].y_pt;
      if (std::abs(dx) < 0.01 && dy > 0) ++down;
      if (std::abs(dy) < 0.01 && dx > 0) ++across;
    }
  }
  return {down, across};
}

// The characters an article's glyph runs show, sorted.
std::string ShownText(const LaidOutIssue& laid_out, const std::string& id) {
  std::string text;
  for (const LaidOutPage& page : laid_out.pages) {
    for (const GlyphRun& run : page.runs) {
      if (run.article_id == id) text += run.text;
    }
  }
  std::u32string chars;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    chars.push_back(static_cast<char32_t>(std::hash<std::string>{}(text.substr(i, n))));
    i += n;
  }
  std::sort(chars.begin(), chars.end());
  return std::string(reinterpret_cast<const char*>(chars.data()), chars.size() * 4);
}

TEST(PlacementTest, VerticalArticleOnAHorizontalPageIsOneBlockInItsColumns) {
  // The sample with its commendation set vertically: one block across the columns the source
  // gives it (5-7), lines going down, every character of it shown; the other modules keep their
  // horizontal lines.
  const std::string tag = "<article id=\"commendation\" kind=\"notice\" columns=\"5-7\"";
  fs::path path = WriteIssue("vertical-block",
                             ReplaceOnce(ReadFile(kSample), tag, tag + " writing-mode=\"vertical\""));
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
  ASSERT_TRUE(laid_out) << errors;
  EXPECT_EQ(errors, "");
  std::optional<LaidOutIssue> original = LayOut(kSample);
  ASSERT_TRUE(original);
  Grid grid = SampleGrid();
  const PageMapEntry* block = Find(*laid_out, "commendation");
  ASSERT_TRUE(block);
  EXPECT_NEAR(block->area.x_pt, grid.ColumnLeft(4), 0.01);
  EXPECT_NEAR(block->area.x_pt + block->area.width_pt, grid.ColumnRight(6), 0.01);
  const LaidOutPage& page = laid_out->pages[0];
  auto [down, across] = Directions(page, "commendation");
  EXPECT_GT(down, 300);
  EXPECT_LE(across, 4);  // tate-chu-yoko: the two digits of 30 and of 24 side by side
  for (const GlyphRun& run : page.runs) {
    if (run.article_id != "commendation") continue;
    for (const PositionedGlyph& g : run.glyphs) {
      EXPECT_GE(g.x_pt, block->area.x_pt - 0.01);
      EXPECT_LE(g.x_pt, block->area.x_pt + block->area.width_pt + 0.01);
      EXPECT_GE(g.y_pt, block->area.y_pt - 0.01);
      EXPECT_LE(g.y_pt, block->area.y_pt + block->area.height_pt + 0.01);
    }
  }
  EXPECT_EQ(ShownText(*laid_out, "commendation"), ShownText(*original, "commendation"));
  for (const char* id : {"lead", "editorial"}) {
    auto [d, a] = Directions(page, id);
    EXPECT_EQ(d, 0) << id;
    EXPECT_GT(a, 300) << id;
  }
}

TEST(PlacementTest, VerticalBlockIsAsShallowAsItsWidthAllows) {
  // The vertical block's lines are as short as its width allows, so it is shallower when it
  // spans more columns: on the 副刊 sample's horizontal page 2, 汝坟贫女 across three columns
  // needs fewer rows than across two.
  const std::string tag = "<article id=\"song16\" kind=\"brief\" writing-mode=\"vertical\"";
  double depth[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    std::string columns = i == 0 ? "6-7" : "5-7";
    fs::path path = WriteIssue("vertical-depth-" + std::to_string(i),
                               ReplaceOnce(ReadFile(kFukan), tag,
                                           tag + " columns=\"" + columns + "\""));
    std::string errors;
    std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
    ASSERT_TRUE(laid_out) << errors;
    const PageMapEntry* block = Find(*laid_out, "song16");
    ASSERT_TRUE(block);
    depth[i] = block->area.height_pt;
  }
  EXPECT_GT(depth[0], depth[1] * 1.2);
}

TEST(PlacementTest, VerticalBlockThatDoesNotFitIsAnError) {
  // The whole lead story (without its jump) set vertically in one column cannot fit the page: an
  // error naming it, not text silently lost.
  const std::string tag = "<article id=\"lead\" kind=\"news\"";
  fs::path path = WriteIssue(
      "vertical-too-long",
      ReplaceOnce(
          ReplaceOnce(ReadFile(kSample), tag, tag + " columns=\"1\" writing-mode=\"vertical\""),
          "<continues page=\"4\"/>", ""));
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
  EXPECT_FALSE(laid_out);
  EXPECT_NE(errors.find("error: article 'lead' does not fit on page 1: "), std::string::npos)
      << errors;
}

TEST(PlacementTest, VerticalBlockStaysAboveThePagesBottom) {
  // The commendation set vertically in one column under the lead story: its lines would have to
  // be longer than the room left below the lead, so it does not fit: an error, and no glyph set
  // below the page's bottom margin (a regression: the lines were set at the length the whole
  // body's depth allows, past the page's edge, without an error).
  const std::string tag = "<article id=\"commendation\" kind=\"notice\" columns=\"5-7\"";
  fs::path path = WriteIssue(
      "vertical-below-bottom",
      ReplaceOnce(ReadFile(kSample), tag,
                  "<article id=\"commendation\" kind=\"notice\" columns=\"5\" "
                  "writing-mode=\"vertical\""));
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
  EXPECT_FALSE(laid_out);
  EXPECT_NE(errors.find("error: article 'commendation' does not fit on page 1: "),
            std::string::npos)
      << errors;
}

TEST(PlacementTest, VerticalBlockKeepsTheDepthItsRowsFix) {
  // rows="40": no glyph of the block below the module's 40 rows (the line length is rounded
  // down to whole characters, never up).
  const std::string tag = "<article id=\"commendation\" kind=\"notice\" columns=\"5-7\"";
  fs::path path = WriteIssue("vertical-rows",
                             ReplaceOnce(ReadFile(kSample), tag,
                                         tag + " rows=\"40\" writing-mode=\"vertical\""));
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(path, &errors);
  ASSERT_TRUE(laid_out) << errors;
  const PageMapEntry* block = Find(*laid_out, "commendation");
  ASSERT_TRUE(block);
  layout::PageTemplate t;
  EXPECT_NEAR(block->area.height_pt, 40 * t.body_size_pt * t.line_pitch, 0.01);
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    if (run.article_id != "commendation") continue;
    for (const PositionedGlyph& g : run.glyphs) {
      EXPECT_LE(g.y_pt, block->area.y_pt + block->area.height_pt + 0.01);
    }
  }
}

TEST(PlacementTest, VerticalBlockFirstOnThePageIsNotTheLead) {
  // A block in the other mode first in the source does not take the lead's place: on the 副刊
  // sample's page 2 with 汝坟贫女 moved first, the first horizontal poem still gets the lead
  // headline (the largest) across at least half the columns.
  std::string text = ReadFile(kFukan);
  size_t from = text.find("<article id=\"song16\"");
  size_t to = text.find("</article>", from) + std::string("</article>").size();
  std::string block_source = text.substr(from, to - from);
  text.erase(from, to - from);
  text.insert(text.find("<article id=\"song40\""), block_source + "\n    ");
  std::string errors;
  std::optional<LaidOutIssue> laid_out = LayOut(WriteIssue("vertical-first", text), &errors);
  ASSERT_TRUE(laid_out) << errors;
  double lead_size = 0, block_size = 0;
  for (const GlyphRun& run : laid_out->pages[1].runs) {
    if (run.role != TextRole::kHeadline) continue;
    if (run.article_id == "song40") lead_size = std::max(lead_size, run.size_pt);
    if (run.article_id == "song16") block_size = std::max(block_size, run.size_pt);
  }
  EXPECT_GT(block_size, 0);
  EXPECT_GT(lead_size, block_size);
  const PageMapEntry* lead_area = Find(*laid_out, "song40");
  ASSERT_TRUE(lead_area);
  Grid grid = SampleGrid();
  EXPECT_GE(lead_area->area.width_pt, grid.ColumnRight(3) - grid.ColumnLeft(0) - 0.01);
}

TEST(PlacementTest, HorizontalBlockThatDoesNotFitIsAnError) {
  // 长恨歌 four times over, set horizontally on the vertical 副刊 page: no block across all the
  // bands holds it (once, it fits across them: HorizontalBlockMayTakeSeveralBands).
  const std::string tag = "<article id=\"changhenge\" kind=\"brief\"";
  std::string source = ReplaceOnce(ReadFile(kFukan), tag, tag + " writing-mode=\"horizontal\"");
  size_t body = source.find("<body>", source.find(tag)) + 6;
  size_t end = source.find("</body>", body);
  std::string poem = source.substr(body, end - body);
  source.insert(end, poem + poem + poem);
  fs::path path = WriteIssue("horizontal-too-long", source);
  testing::LaidOut result = testing::LayOutFile(path.string());
  EXPECT_FALSE(result.layout);
  EXPECT_NE(result.errors.find("error: article 'changhenge' does not fit on page 1: "),
            std::string::npos)
      << result.errors;
}

// The transposition of a vertical block on a horizontal page: a block of horizontal lines on a
// vertical page takes as many bands as its lines need, its lines as short as that allows.
TEST(PlacementTest, HorizontalBlockMayTakeSeveralBands) {
  const std::string tag = "<article id=\"changhenge\" kind=\"brief\"";
  fs::path path = WriteIssue("horizontal-long",
                             ReplaceOnce(ReadFile(kFukan), tag, tag + " writing-mode=\"horizontal\""));
  testing::LaidOut result = testing::LayOutFile(path.string());
  ASSERT_TRUE(result.layout) << result.errors;
  testing::LaidOut original = testing::LayOutFile(kFukan.string());
  ASSERT_TRUE(original.layout) << original.errors;
  const PageMapEntry* block = Find(*result.layout, "changhenge");
  ASSERT_TRUE(block);
  auto [down, across] = Directions(result.layout->pages[0], "changhenge");
  EXPECT_EQ(down, 0);
  EXPECT_GT(across, 800);
  // Deeper than one band (a fifth of the body), and every character shown.
  const double body =
      result.layout->pages[0].height_pt - layout::PageTemplate{}.margin_bottom_pt - block->area.y_pt;
  EXPECT_GT(block->area.height_pt, body / 5 * 2);
  EXPECT_EQ(ShownText(*result.layout, "changhenge"), ShownText(*original.layout, "changhenge"));
}

TEST(PlacementTest, HorizontalArticleOnAVerticalPageIsOneBlockInABand) {
  // The 副刊 sample with 江雪 set horizontally: one block of horizontal lines inside one band,
  // every character shown; the other poems keep their vertical lines.
  const std::string tag = "<article id=\"jiangxue\" kind=\"brief\"";
  fs::path path = WriteIssue("horizontal-block",
                             ReplaceOnce(ReadFile(kFukan), tag, tag + " writing-mode=\"horizontal\""));
  testing::LaidOut result = testing::LayOutFile(path.string());
  ASSERT_TRUE(result.layout) << result.errors;
  testing::LaidOut original = testing::LayOutFile(kFukan.string());
  ASSERT_TRUE(original.layout) << original.errors;
  const LaidOutPage& page = result.layout->pages[0];
  const PageMapEntry* block = Find(*result.layout, "jiangxue");
  ASSERT_TRUE(block);
  auto [down, across] = Directions(page, "jiangxue");
  EXPECT_EQ(down, 0);
  EXPECT_GE(across, 20);  // 柳宗元, and the four lines of five characters
  for (const GlyphRun& run : page.runs) {
    if (run.article_id != "jiangxue") continue;
    for (const PositionedGlyph& g : run.glyphs) {
      EXPECT_GE(g.x_pt, block->area.x_pt - 0.01);
      EXPECT_LE(g.x_pt, block->area.x_pt + block->area.width_pt + 0.01);
      EXPECT_GE(g.y_pt, block->area.y_pt - 0.01);
      EXPECT_LE(g.y_pt, block->area.y_pt + block->area.height_pt + 0.01);
    }
  }
  // Kept whole in one band: an area spanning two bands would be deeper than the one band the
  // unchanged poem stands in.
  const PageMapEntry* before = Find(*original.layout, "jiangxue");
  ASSERT_TRUE(before);
  EXPECT_LE(block->area.height_pt, before->area.height_pt + 0.01);
  EXPECT_EQ(ShownText(*result.layout, "jiangxue"), ShownText(*original.layout, "jiangxue"));
  auto [d, a] = Directions(page, "fengqiao");
  EXPECT_GT(d, 20);
  EXPECT_EQ(a, 0);
}

TEST(PlacementTest, WritingModeOnTheCommandLineSetsEveryArticle) {
  // --writing-mode sets every page, and every article with it: no block in the other mode.
  const std::string tag = "<article id=\"commendation\" kind=\"notice\" columns=\"5-7\"";
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(
      WriteIssue("mode-everywhere",
                 ReplaceOnce(ReadFile(kSample), tag, tag + " writing-mode=\"vertical\""))
          .string(),
      diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  std::unique_ptr<fonts::FontSystem> fonts =
      fonts::FontSystem::Create(issue->language, diagnostics);
  ASSERT_TRUE(fonts);
  layout::LayoutOptions options;
  options.writing_mode = WritingMode::kHorizontal;
  options.writing_mode_everywhere = true;
  std::optional<LaidOutIssue> laid_out = layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
  ASSERT_TRUE(laid_out) << diagnostics.Format();
  auto [down, across] = Directions(laid_out->pages[0], "commendation");
  EXPECT_EQ(down, 0);
  EXPECT_GT(across, 300);
}

}  // namespace
}  // namespace paiban

namespace paiban {
namespace {

// Regression (both writing modes): a story that breaks onto a later page keeps its headline
// block with the first lines of its body. Vertical pages looked for the body's first line by the
// PDF tag "P", which the kicker has too, so a page could end with the story's kicker and
// （下转第2版）, and page 2 printed its headline. Story A grows one paragraph at a time, so story
// B (kicker, headline, subheadline, a long body, a stated jump to page 2) starts at every
// position towards the end of page 1.
class HeadlineBlockTest : public ::testing::TestWithParam<WritingMode> {};

TEST_P(HeadlineBlockTest, NeverEndsAPageAloneBeforeItsJump) {
  const std::string sample = ReadFile(kSample);
  std::vector<std::string> paragraphs;
  for (size_t p = sample.find("<p>"); p != std::string::npos; p = sample.find("<p>", p + 1)) {
    paragraphs.push_back(sample.substr(p, sample.find("</p>", p) + 4 - p));
  }
  ASSERT_GT(paragraphs.size(), 10u);
  int breaks_seen = 0;
  for (size_t count = 1; count <= 2 * paragraphs.size(); ++count) {
    std::string a, b;
    for (size_t k = 0; k < count; ++k) a += paragraphs[k % paragraphs.size()] + "\n";
    for (size_t k = 0; k < paragraphs.size(); ++k) {
      b += paragraphs[(k + 3) % paragraphs.size()] + "\n";
    }
    std::string source =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<issue id=\"hb\" lang=\"zh-Hans\">\n"
        "  <publication><name>中国电子报</name></publication>\n"
        "  <date weekday=\"星期三\">2020-12-30</date>\n"
        "  <numbering issue=\"95\" cumulative=\"4410\" pages=\"2\"/>\n"
        "  <page number=\"1\">\n"
        "    <article id=\"a\"><headline>甲稿</headline><body>" + a + "</body></article>\n"
        "    <article id=\"b\"><kicker>引题在此</kicker><headline>乙稿的主题</headline>"
        "<subheadline>副题在此</subheadline><body>" + b + "</body><continues page=\"2\"/>"
        "</article>\n"
        "  </page>\n"
        "  <page number=\"2\"><article id=\"c\"><headline>丙稿</headline>"
        "<body><p>第二版。</p></body></article></page>\n"
        "</issue>\n";
    testing::LaidOut laid_out = testing::LayOutString(source, GetParam());
    if (!laid_out.layout) continue;  // story A alone overfills page 1
    SCOPED_TRACE("story A of " + std::to_string(count) + " paragraphs");
    for (const LaidOutPage& page : laid_out.layout->pages) {
      std::map<TextRole, int> b_roles;
      for (const GlyphRun& run : page.runs) {
        if (run.article_id == "b" && !run.glyphs.empty()) ++b_roles[run.role];
      }
      if (page.number != 1 || b_roles.empty()) continue;
      ++breaks_seen;
      // Story B stands on page 1: its whole headline block and body lines with it.
      EXPECT_GT(b_roles[TextRole::kKicker], 0);
      EXPECT_GT(b_roles[TextRole::kHeadline], 0) << "the kicker without its headline";
      EXPECT_GT(b_roles[TextRole::kSubheadline], 0);
      EXPECT_GT(b_roles[TextRole::kBody], 0) << "the headline block alone before the jump line";
    }
    // Page 2 prints B's headline again only as the head of its rest, after （上接第1版）.
    const LaidOutPage& two = laid_out.layout->pages.at(1);
    bool b_on_two = false;
    std::string jump_text;  // in vertical text the page number is a run of its own
    for (const GlyphRun& run : two.runs) {
      if (run.article_id != "b") continue;
      b_on_two = true;
      if (run.role == TextRole::kJump) jump_text += run.text;
    }
    if (b_on_two) {
      EXPECT_NE(jump_text.find("上接第1版"), std::string::npos)
          << "story B on page 2 without （上接第1版）";
    }
  }
  EXPECT_GT(breaks_seen, 5) << "story B never stood on page 1: the test no longer tests";
}

INSTANTIATE_TEST_SUITE_P(BothModes, HeadlineBlockTest,
                         ::testing::Values(WritingMode::kHorizontal, WritingMode::kVertical),
                         [](const ::testing::TestParamInfo<WritingMode>& mode) {
                           return mode.param == WritingMode::kVertical ? std::string("Vertical")
                                                                       : std::string("Horizontal");
                         });

}  // namespace
}  // namespace paiban
