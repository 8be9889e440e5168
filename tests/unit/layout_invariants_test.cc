// Page makeup invariants, over every issue in issue-sources/ and over issues of 1, 8, 32 and 100
// pages generated from their text (bench/make_issue), in both writing modes:
//   - every glyph, image and frame stands inside the page's live area (the margins);
//   - no two glyphs are drawn on top of each other, and no glyph stands inside an image;
//   - each article's text is placed exactly once: the characters of the runs laid out for it are,
//     with their counts, those of its source (kicker, headline, subheadline, blocks, credits) plus
//     its generated jump line, no more and no fewer;
//   - no two modules overlap and each stands in the live area (tests/support/invariants.h);
//   - a story's rest is on the page its jump line names.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "compiler/reader.h"
#include "fonts/fonts.h"
#include "layout/page/makeup.h"
#include "model/furniture.h"
#include "model/text.h"
#include "tests/support/invariants.h"
#include "tests/support/jump_issue.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::CharCounts;
using testing::Quote;
using testing::RunCommand;

const fs::path kSources = fs::path(PAIBAN_SOURCE_DIR) / "issue-sources";
const fs::path kGenerated = fs::path(PAIBAN_BINARY_DIR) / "layout-invariants";

void AppendBlockText(const Block& block, std::string& out) {
  out += ShownText(block.inlines);
  out += ShownText(block.credit);
  for (const Block& child : block.children) AppendBlockText(child, out);
}

// What an article must show: its source text and its generated jump lines: （下转第N版） for a
// jump to a page the source does not carry; for a jump that happened (a fragment on page N),
// （下转第N版） where it breaks, its headline again and （上接第M版） on page N.
std::string ArticleText(const Issue& issue, const LaidOutIssue& laid_out, const Page& page,
                        const Article& article) {
  std::string out = ShownText(article.kicker) + ShownText(article.headline) +
                    ShownText(article.subheadline);
  for (const Block& block : article.blocks) AppendBlockText(block, out);
  // A story without a stated jump that does not fit breaks and continues on the next page of
  // the source.
  int to = 0;
  for (size_t i = 0; i + 1 < issue.pages.size(); ++i) {
    if (&issue.pages[i] == &page) to = issue.pages[i + 1].number;
  }
  if (article.continues_on_page) {
    to = *article.continues_on_page;
    bool in_source = false;
    for (const Page& p : issue.pages) in_source |= p.number == to;
    if (!in_source) return out + Furniture(issue).ContinuesOn(to);
  }
  for (const PageMapEntry& entry : laid_out.page_map) {
    if (entry.article_id == article.id && entry.fragment == 1) {
      EXPECT_EQ(entry.page, to) << "the rest of " << article.id << " is not where its jump says";
      out += Furniture(issue).ContinuesOn(to) + ShownText(article.headline) +
             Furniture(issue).ContinuedFrom(page.number);
    }
  }
  return out;
}

struct Case {
  std::string name;
  fs::path source;
  WritingMode mode;
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (WritingMode mode : {WritingMode::kHorizontal, WritingMode::kVertical}) {
    std::string m = mode == WritingMode::kHorizontal ? "horizontal" : "vertical";
    for (const char* issue : {"cena-2020-12-30", "fukan-tang300"}) {
      cases.push_back({std::string(issue) + "_" + m, kSources / issue / "issue.xml", mode});
    }
    // The sample's lead story three times as long, with page 4 in the source: its rest must
    // jump there.
    cases.push_back({"jump_" + m, kGenerated / ("jump-" + m) / "issue.xml", mode});
    for (int pages : {1, 8, 32, 100}) {
      cases.push_back({"generated" + std::to_string(pages) + "_" + m,
                       kGenerated / (std::to_string(pages) + "-" + m + ".xml"), mode});
    }
  }
  return cases;
}

class LayoutInvariantsTest : public ::testing::TestWithParam<Case> {};

TEST_P(LayoutInvariantsTest, Hold) {
  const Case& c = GetParam();
  const bool jump = c.name.rfind("jump", 0) == 0;
  if (jump) {
    fs::create_directories(c.source.parent_path());  // its own: the cases run in parallel
    testing::WriteJumpIssue(c.source);
  } else if (c.source.parent_path() == kGenerated) {
    fs::create_directories(kGenerated);
    std::string pages = c.source.stem().string();
    std::string mode = pages.substr(pages.find('-') + 1);
    pages = pages.substr(0, pages.find('-'));
    auto r = RunCommand("python3 " + Quote((fs::path(PAIBAN_SOURCE_DIR) / "bench" / "make_issue")
                                               .string()) +
                        " " + pages + " " + mode + " -o " + Quote(c.source.string()));
    ASSERT_EQ(r.status, 0) << "bench/make_issue (python3) failed: " << r.output;
  }
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(c.source.string(), diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  std::unique_ptr<fonts::FontSystem> fonts = fonts::FontSystem::Create(issue->language, diagnostics);
  ASSERT_TRUE(fonts) << diagnostics.Format();
  layout::LayoutOptions options;
  options.writing_mode = c.mode;
  std::optional<LaidOutIssue> laid_out = layout::LayOutIssue({*issue, *fonts}, options, diagnostics);
  ASSERT_TRUE(laid_out) << diagnostics.Format();
  const layout::PageTemplate& t = options.page_template;
  ASSERT_EQ(laid_out->pages.size(), issue->pages.size());

  std::map<std::string, std::string> placed;  // article id → the text of its runs
  testing::ExpectPageInvariants(*laid_out, t, placed);
  size_t articles = 0;
  for (const Page& page : issue->pages) {
    for (const Article& article : page.articles) {
      ++articles;
      SCOPED_TRACE("article " + article.id);
      auto want = CharCounts(ArticleText(*issue, *laid_out, page, article));
      auto have = CharCounts(placed[article.id]);
      EXPECT_EQ(testing::Missing(want, have), "") << "characters not placed";
      EXPECT_EQ(testing::Missing(have, want), "") << "characters placed more than once";
    }
  }
  EXPECT_GT(articles, 0u);
  if (jump) {
    bool jumped = false;
    for (const PageMapEntry& entry : laid_out->page_map) {
      jumped |= entry.article_id == "lead" && entry.fragment == 1 && entry.page == 4;
    }
    EXPECT_TRUE(jumped) << "the lead story's rest is not on page 4";
  }
}

INSTANTIATE_TEST_SUITE_P(Issues, LayoutInvariantsTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string name = param.param.name;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace paiban
