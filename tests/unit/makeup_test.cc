// Page makeup with the typography settings of the source: issue, page and article levels.
#include "layout/page/makeup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "compiler/reader.h"
#include "tests/support/lay_out.h"
#include "model/text.h"

namespace paiban {
namespace {

std::string Source(const std::string& issue_attrs, const std::string& article_attrs,
                   const std::string& text) {
  return "<issue id=\"t\" writing-mode=\"vertical\"" + issue_attrs +
         ">\n<publication><name>报</name></publication>\n<date>2020-12-30</date>\n"
         "<numbering issue=\"1\" cumulative=\"1\" pages=\"1\"/>\n<page number=\"1\">\n"
         "<article id=\"a\"" + article_attrs + "><headline>标题</headline><body><p>" + text +
         "</p></body></article>\n</page>\n</issue>\n";
}

// The orientation of the run whose text is exactly `text`, laid out from `source`.
std::optional<GlyphRun::Orientation> RunOrientation(const std::string& source,
                                                    const std::string& text) {
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFromString(source, "t.xml", diagnostics);
  EXPECT_TRUE(issue) << diagnostics.Format();
  if (!issue) return std::nullopt;
  auto fonts = fonts::FontSystem::Create(issue->language, diagnostics);
  layout::LayoutOptions options;
  options.writing_mode = issue->writing_mode;
  std::optional<LaidOutIssue> laid_out = layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
  EXPECT_TRUE(laid_out) << diagnostics.Format();
  if (!laid_out) return std::nullopt;
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    if (run.text == text) return run.orientation;
  }
  return std::nullopt;
}

TEST(MakeupTest, TateChuYokoByDefaultAndOffWhereTheArticleSaysSo) {
  EXPECT_EQ(RunOrientation(Source("", "", "会议于12月召开"), "12"),
            GlyphRun::Orientation::kUpright);
  EXPECT_EQ(RunOrientation(Source("", " tate-chu-yoko=\"off\"", "会议于12月召开"), "12"),
            GlyphRun::Orientation::kSideways);
  // The article's setting overrides the issue's.
  EXPECT_EQ(RunOrientation(Source(" tate-chu-yoko=\"off\"", " tate-chu-yoko=\"2\"",
                                  "会议于12月召开"),
                           "12"),
            GlyphRun::Orientation::kUpright);
  // Three digits across the column only when the setting allows three.
  EXPECT_EQ(RunOrientation(Source("", " tate-chu-yoko=\"3\"", "共100个"), "100"),
            GlyphRun::Orientation::kUpright);
  EXPECT_EQ(RunOrientation(Source("", "", "共100个"), "100"), GlyphRun::Orientation::kSideways);
}

TEST(MakeupTest, TcyMarkupSetsLettersAcrossTheColumn) {
  EXPECT_EQ(RunOrientation(Source("", "", "人工智能<tcy>AI</tcy>芯片"), "AI"),
            GlyphRun::Orientation::kUpright);
  EXPECT_EQ(RunOrientation(Source("", "", "人工智能AI芯片"), "AI"),
            GlyphRun::Orientation::kSideways);
}

// Regression: without a brand line the date line still pushes the body down (it used to be
// overprinted by the first article).
TEST(MakeupTest, DateLineWithoutBrandDoesNotOverlapTheBody) {
  for (const char* mode : {"horizontal", "vertical"}) {
    std::string source = Source("", "", "会议于12月召开");
    const std::string vertical = "writing-mode=\"vertical\"";
    source.replace(source.find(vertical), vertical.size(),
                   std::string("writing-mode=\"") + mode + "\"");
    Diagnostics diagnostics;
    std::optional<Issue> issue = ReadIssueFromString(source, "t.xml", diagnostics);
    ASSERT_TRUE(issue) << diagnostics.Format();
    ASSERT_TRUE(issue->publication.brand.empty());
    auto fonts = fonts::FontSystem::Create(issue->language, diagnostics);
    layout::LayoutOptions options;
    options.writing_mode = issue->writing_mode;
    std::optional<LaidOutIssue> laid_out =
        layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
    ASSERT_TRUE(laid_out) << diagnostics.Format();
    double date_baseline = -1, body_top = 1e9;
    for (const GlyphRun& run : laid_out->pages[0].runs) {
      if (run.text.find("星期三") != std::string::npos) date_baseline = run.glyphs[0].y_pt;
      if (run.text.find("标题") != std::string::npos || run.text.find("会议") != std::string::npos) {
        for (const PositionedGlyph& g : run.glyphs) {
          body_top = std::min(body_top, g.y_pt - run.size_pt);  // top of the em box, roughly
        }
      }
    }
    ASSERT_GE(date_baseline, 0) << mode;
    EXPECT_GT(body_top, date_baseline) << mode;
  }
}

// Regression: the sample's boxed list of eight tasks used to be split over two columns, with two
// frames; a box that fits in one column (or, on vertical pages, one band) is kept in one, framed.
TEST(MakeupTest, BoxedSidebarIsKeptInOneColumnOrBand) {
  for (WritingMode mode : {WritingMode::kHorizontal, WritingMode::kVertical}) {
    SCOPED_TRACE(mode == WritingMode::kHorizontal ? "horizontal" : "vertical");
    testing::LaidOut result = testing::LayOutFile(
        std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/cena-2020-12-30/issue.xml", mode);
    ASSERT_TRUE(result.layout) << result.errors;
    const LaidOutIssue* laid_out = &*result.layout;
    ASSERT_EQ(laid_out->pages[0].frames.size(), 1u);
    const RectPt& frame = laid_out->pages[0].frames[0].rect;
    // Each of the eight items begins a line inside the frame, all of whose glyphs are inside.
    auto in_frame = [&](const PositionedGlyph& g) {
      return g.x_pt >= frame.x_pt && g.x_pt <= frame.x_pt + frame.width_pt &&
             g.y_pt >= frame.y_pt && g.y_pt <= frame.y_pt + frame.height_pt;
    };
    const std::vector<std::string> items = {
        "推动基础和关键领域创新突破", "着力稳定和优化产业链供应链", "加快制造业数字化转型",
        "大力推动信息通信业高质量发展", "加大支持中小企业发展", "坚定落实改革开放举措",
        "做好常态化疫情防控保障支撑", "科学制定工业和信息化领域“十四五”规划"};
    for (const std::string& item : items) {
      bool found = false;
      for (const GlyphRun& run : laid_out->pages[0].runs) {
        if (run.text.size() < 6 || item.rfind(run.text, 0) != 0 || !in_frame(run.glyphs[0])) {
          continue;
        }
        found = true;
        for (const PositionedGlyph& g : run.glyphs) EXPECT_TRUE(in_frame(g)) << run.text;
      }
      EXPECT_TRUE(found) << item;
    }
  }
}

// Fonts per role: the issue, a page or an article may name the family for a role; the nearest
// wins, and the other roles keep the language's families.
TEST(MakeupTest, FontFamiliesPerRoleFromIssuePageAndArticle) {
  std::string source =
      "<issue id=\"t\" font-headline=\"Noto Serif CJK SC\">\n"
      "<publication><name>报</name></publication>\n<date>2020-12-30</date>\n"
      "<numbering issue=\"1\" cumulative=\"1\" pages=\"1\"/>\n<page number=\"1\">\n"
      "<article id=\"a\" font-body=\"Noto Sans CJK SC\"><headline>甲标题</headline>"
      "<body><p>甲正文。</p></body></article>\n"
      "<article id=\"b\"><headline>乙标题</headline><body><p>乙正文。</p></body></article>\n"
      "</page>\n</issue>\n";
  testing::LaidOut result = testing::LayOutString(source);
  ASSERT_TRUE(result.layout) << result.errors;
  const LaidOutIssue* laid_out = &*result.layout;
  std::map<std::string, std::string> family;  // run text → its face's family
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    family[run.text] = laid_out->faces[static_cast<size_t>(run.face)].family;
  }
  EXPECT_EQ(family["甲正文。"], "Noto Sans CJK SC");   // the article's body
  EXPECT_EQ(family["乙正文。"], "Noto Serif CJK SC");  // the language's body family
  EXPECT_EQ(family["甲标题"], "Noto Serif CJK SC");    // the issue's headline family
  EXPECT_EQ(family["乙标题"], "Noto Serif CJK SC");
}

// Links: the source's <a href> and the paper's site in the masthead are link rectangles over
// their characters, in both writing modes; a <nobr> group is not divided.
TEST(MakeupTest, LinksCoverTheirCharacters) {
  for (const char* mode : {"vertical", "horizontal"}) {
    SCOPED_TRACE(mode);
    std::string source = Source("", "",
                                "详见<a href=\"https://www.miit.gov.cn/\">工业和信息化部网站</a>"
                                "发布的通知。");
    source.replace(source.find("vertical"), 8, mode);
    source.replace(source.find("</publication>"), 0, "<url>http://www.cena.com.cn</url>");
    testing::LaidOut result = testing::LayOutString(source);
    ASSERT_TRUE(result.layout) << result.errors;
    const LaidOutIssue* laid_out = &*result.layout;
    const LaidOutPage& page = laid_out->pages[0];
    std::map<std::string, std::vector<RectPt>> rects;
    for (const PageLink& link : page.links) rects[link.uri].push_back(link.rect);
    ASSERT_EQ(rects.size(), 2u);
    ASSERT_TRUE(rects.count("https://www.miit.gov.cn/") && rects.count("http://www.cena.com.cn"));
    // Every glyph of the linked words is in one of its link's rectangles, and no other glyph of
    // the paragraph is.
    // A glyph is covered when the middle of its em box is in one of the link's rectangles.
    const bool vertical = std::string(mode) == "vertical";
    auto covered = [&](const std::string& uri, const PositionedGlyph& g, double size,
                       bool upright_vertical) {
      // Horizontal: the origin is on the baseline at the box's start, the em box 0.88 em above;
      // upright vertical: the origin is at the middle of the box's bottom edge.
      double x = upright_vertical ? g.x_pt : g.x_pt + size / 2;
      double y = upright_vertical ? g.y_pt - size / 2 : g.y_pt - 0.38 * size;
      for (const RectPt& r : rects[uri]) {
        if (x >= r.x_pt && x <= r.x_pt + r.width_pt && y >= r.y_pt && y <= r.y_pt + r.height_pt) {
          return true;
        }
      }
      return false;
    };
    size_t linked = 0, other = 0;
    for (const GlyphRun& run : page.runs) {
      std::u32string text = DecodeUtf8(run.text);
      if (run.text.find("cena.com.cn") != std::string::npos) {
        for (const PositionedGlyph& g : run.glyphs) {
          EXPECT_TRUE(covered("http://www.cena.com.cn", g, run.size_pt, false));
        }
      }
      if (run.article_id != "a" || run.size_pt > 10) continue;
      // Body runs: map glyphs to characters one to one (CJK text, one glyph each).
      if (text.size() != run.glyphs.size()) continue;
      std::u32string words = U"工业和信息化部网站";
      for (size_t i = 0; i < text.size(); ++i) {
        // The words share no character with the rest of the paragraph.
        bool in_link = words.find(text[i]) != std::u32string::npos;
        bool is_covered = covered("https://www.miit.gov.cn/", run.glyphs[i], run.size_pt,
                                  vertical && run.orientation == GlyphRun::Orientation::kUpright);
        if (i == 0 && is_covered != in_link) {
          ADD_FAILURE() << "glyph at " << run.glyphs[i].x_pt << "," << run.glyphs[i].y_pt;
          for (const RectPt& r : rects["https://www.miit.gov.cn/"]) {
            ADD_FAILURE() << "rect " << r.x_pt << "," << r.y_pt << " " << r.width_pt << "x"
                          << r.height_pt;
          }
        }
        EXPECT_EQ(is_covered, in_link) << EncodeUtf8(text[i]);
        (in_link ? linked : other)++;
      }
    }
    EXPECT_EQ(linked, 9u);
    EXPECT_GT(other, 5u);
  }
}

// A page may have its own writing mode; --writing-mode (writing_mode_everywhere) sets every page.
TEST(MakeupTest, PageWritingModeOverridesTheIssues) {
  std::string source =
      "<issue id=\"t\" writing-mode=\"horizontal\">\n"
      "<publication><name>报</name></publication>\n<date>2020-12-30</date>\n"
      "<numbering issue=\"1\" cumulative=\"1\" pages=\"2\"/>\n"
      "<page number=\"1\"><article id=\"a\"><headline>甲</headline>"
      "<body><p>床前明月光，疑是地上霜。</p></body></article></page>\n"
      "<page number=\"2\" writing-mode=\"vertical\"><article id=\"b\"><headline>乙</headline>"
      "<body><p>举头望明月，低头思故乡。</p></body></article></page>\n</issue>\n";
  // Whether the body run of `page` runs down (vertical) rather than across.
  auto runs_down = [](const LaidOutIssue& laid_out, size_t page, const std::string& start) {
    for (const GlyphRun& run : laid_out.pages[page].runs) {
      if (run.text.rfind(start, 0) != 0 || run.glyphs.size() < 2) continue;
      return std::abs(run.glyphs[1].x_pt - run.glyphs[0].x_pt) < 0.01 &&
             run.glyphs[1].y_pt > run.glyphs[0].y_pt;
    }
    ADD_FAILURE() << "no run starting with " << start;
    return false;
  };
  testing::LaidOut mixed = testing::LayOutString(source);
  ASSERT_TRUE(mixed.layout) << mixed.errors;
  EXPECT_FALSE(runs_down(*mixed.layout, 0, "床前"));
  EXPECT_TRUE(runs_down(*mixed.layout, 1, "举头"));
  // The command line's mode for every page.
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFromString(source, "t.xml", diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  auto fonts = fonts::FontSystem::Create(issue->language, diagnostics);
  layout::LayoutOptions options;
  options.writing_mode = WritingMode::kHorizontal;
  options.writing_mode_everywhere = true;
  std::optional<LaidOutIssue> all = layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
  ASSERT_TRUE(all) << diagnostics.Format();
  EXPECT_FALSE(runs_down(*all, 1, "举头"));
}

// Emphasis dots (着重号, clreq §3.1.8): one per character that is not punctuation, centred under
// it in horizontal text (in the gap below the em box) and to the right of it in vertical text.
TEST(MakeupTest, EmphasisDotsUnderOrBesideEachCharacterButNotPunctuation) {
  for (const char* mode : {"horizontal", "vertical"}) {
    SCOPED_TRACE(mode);
    std::string source = Source(std::string(" writing-mode=\"") + mode + "\"", "",
                                "会议强调<dots>重点，任务</dots>。");
    source.replace(source.find(" writing-mode=\"vertical\""), 24, "");
    testing::LaidOut result = testing::LayOutString(source);
    ASSERT_TRUE(result.layout) << result.errors;
    const LaidOutIssue* laid_out = &*result.layout;
    const LaidOutPage& page = laid_out->pages[0];
    ASSERT_EQ(page.dots.size(), 4u);  // 重 点 任 务, not the comma
    // The glyphs of 重 and 任: the dots stand by them.
    const GlyphRun* body = nullptr;
    for (const GlyphRun& run : page.runs) {
      if (run.text.find("重点") != std::string::npos) body = &run;
    }
    ASSERT_NE(body, nullptr);
    size_t byte = 0, glyph = 0, zhong = 0;
    for (const TextCluster& c : body->clusters) {
      if (body->text.compare(byte, 3, "重") == 0) zhong = glyph;
      byte += static_cast<size_t>(c.num_bytes);
      glyph += static_cast<size_t>(c.num_glyphs);
    }
    const PositionedGlyph& g = body->glyphs[zhong];
    const double em = body->size_pt;
    const Dot& dot = page.dots[0];
    if (std::string(mode) == "horizontal") {
      EXPECT_NEAR(dot.x_pt, g.x_pt + em / 2, 0.01);  // centred under the character
      EXPECT_GT(dot.y_pt - dot.radius_pt, g.y_pt + 0.12 * em);  // below its em box
      EXPECT_LT(dot.y_pt + dot.radius_pt, g.y_pt + (1.3 - 0.88) * em);  // above the next line's
    } else {
      // Upright glyphs in vertical lines have their origin at the top-left of the em box.
      EXPECT_GT(dot.x_pt - dot.radius_pt, g.x_pt + em);  // right of the em box
      EXPECT_LT(dot.x_pt + dot.radius_pt, g.x_pt + 1.3 * em);
      EXPECT_GT(dot.y_pt, g.y_pt - em);
      EXPECT_LT(std::abs(dot.y_pt - (g.y_pt - 0.88 * em + em / 2)), 0.5 * em);
    }
  }
}

// A quotation is set off: in kai, one em in from both sides of the column, with the column's
// other text at the full measure.
TEST(MakeupTest, QuotationIsSetOffByAnEmOnBothSides) {
  std::string source = Source("", "", "会议强调，要坚持稳中求进。</p><quote>坚持把发展经济着力点放在"
                                      "实体经济上，推进产业基础高级化、产业链现代化。</quote><p>"
                                      "工业经济运行持续向好。");
  source.replace(source.find(" writing-mode=\"vertical\""), 24, "");
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFromString(source, "t.xml", diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  EXPECT_EQ(issue->pages[0].articles[0].blocks[1].kind, Block::Kind::kQuote);
  auto fonts = fonts::FontSystem::Create(issue->language, diagnostics);
  layout::LayoutOptions options;
  std::optional<LaidOutIssue> laid_out =
      layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
  ASSERT_TRUE(laid_out) << diagnostics.Format();
  // The column grid of the default template (as makeup computes it).
  const layout::PageTemplate& t = options.page_template;
  const double em = t.body_size_pt;
  const double left = t.margin_inner_pt;
  const double measure = t.width_pt - t.margin_inner_pt - t.margin_outer_pt;
  const double column = std::floor((measure - em * (t.columns - 1)) / t.columns / em + 1e-9) * em;
  const double gutter = (measure - column * t.columns) / (t.columns - 1);
  size_t quote_glyphs = 0, at_inset = 0;
  for (const GlyphRun& run : laid_out->pages[0].runs) {
    if (run.role != TextRole::kQuote) continue;
    for (const PositionedGlyph& g : run.glyphs) {
      ++quote_glyphs;
      double column_left =
          left + std::floor((g.x_pt - left) / (column + gutter)) * (column + gutter);
      EXPECT_GE(g.x_pt, column_left + em - 0.01);
      EXPECT_LE(g.x_pt + em, column_left + column - em + 0.01);
      if (std::abs(g.x_pt - (column_left + em)) < 0.01) ++at_inset;
    }
  }
  EXPECT_GT(quote_glyphs, 30u);
  EXPECT_GT(at_inset, 0u);  // lines after the first start exactly one em in
}

}  // namespace
}  // namespace paiban
