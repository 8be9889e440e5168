// Page makeup with the typography settings of the source: issue, page and article levels.
#include "layout/page/makeup.h"

#include <gtest/gtest.h>

#include "compiler/reader.h"

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

}  // namespace
}  // namespace paiban
