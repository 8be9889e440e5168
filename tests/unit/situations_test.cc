// Page situations, each laid out horizontally and vertically by the one makeup engine, with the
// same invariants in both modes:
//   - every glyph stands inside the live area, and inside its article's area on its page;
//   - no two glyphs are drawn on top of each other;
//   - every character of each article is placed once, in the source's order (jump lines and the
//     headline repeated over a story's rest aside);
//   - no headline block (kicker, headline, subheadline) stands on a page without body lines of
//     its story after it, so none is alone at a page's end or before a jump line.
// The text is the 中国电子报 sample's (issue-sources/cena-2020-12-30, see its ORIGIN.md).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "layout/page/geometry.h"
#include "model/text.h"
#include "tests/support/invariants.h"
#include "tests/support/lay_out.h"
#include "tests/support/png.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

const fs::path kSample =
    fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "cena-2020-12-30" / "issue.xml";

std::vector<std::string> SampleParagraphs() {
  std::ifstream in(kSample);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::vector<std::string> out;
  for (size_t p = text.find("<p>"); p != std::string::npos; p = text.find("<p>", p + 1)) {
    out.push_back(text.substr(p, text.find("</p>", p) + 4 - p));
  }
  return out;
}

// `count` paragraphs of the sample from paragraph `from` on, round and round.
std::string Paragraphs(size_t from, size_t count) {
  static const std::vector<std::string> all = SampleParagraphs();
  std::string out;
  for (size_t k = 0; k < count; ++k) out += all[(from + k) % all.size()] + "\n";
  return out;
}

std::string IssueXml(const std::string& pages, int page_count) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<issue id=\"situation\" lang=\"zh-Hans\">\n"
         "  <publication><name>中国电子报</name><publisher>中国电子报社</publisher></publication>\n"
         "  <date weekday=\"星期三\">2020-12-30</date>\n"
         "  <numbering issue=\"95\" cumulative=\"4410\" pages=\"" +
         std::to_string(page_count) + "\"/>\n" + pages + "</issue>\n";
}

std::string PageXml(int number, const std::string& articles) {
  return "  <page number=\"" + std::to_string(number) + "\">\n" + articles + "  </page>\n";
}

std::string ArticleXml(const std::string& id, const std::string& parts, const std::string& body,
                       const std::string& attributes = "", const std::string& after = "") {
  return "    <article id=\"" + id + "\"" + attributes + ">" + parts + "<body>" + body +
         "</body>" + after + "</article>\n";
}

const std::string kHeadline = "<headline>全国工业和信息化工作会议在京召开</headline>";
const std::string kFullHeader =
    "<kicker>聚焦产业新发展</kicker><headline>全国工业和信息化工作会议在京召开</headline>"
    "<subheadline>部署2021年重点工作</subheadline>";

struct Situation {
  std::string name;
  std::string source;
};

// The ink characters of `text`, in order.
std::u32string Ink(const std::string& text) {
  std::u32string out;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsInkCharacter(cp)) out += cp;
  }
  return out;
}

// The text of a block as the page shows it, in order: its own (a sidebar's title, a caption),
// its children's, a figure's credit.
std::string BlockText(const Block& block) {
  std::string out = ShownText(block.inlines);
  for (const Block& child : block.children) out += BlockText(child);
  return out + ShownText(block.credit);
}

void CheckInvariants(const Issue& issue, const LaidOutIssue& laid_out) {
  std::map<std::string, std::string> placed;
  testing::ExpectPageInvariants(laid_out, layout::PageTemplate{}, placed);
  std::map<std::string, std::string> shown;  // article → its text as placed, in order
  std::set<std::pair<std::string, int>> continued_on;  // (article, page) of a story's rest
  for (const PageMapEntry& e : laid_out.page_map) {
    if (e.fragment > 0) continued_on.insert({e.article_id, e.page});
  }
  for (const LaidOutPage& page : laid_out.pages) {
    SCOPED_TRACE("page " + std::to_string(page.number));
    std::map<std::string, std::vector<RectPt>> areas;
    for (const PageMapEntry& e : laid_out.page_map) {
      if (e.page == page.number) areas[e.article_id].push_back(e.area);
    }
    std::map<std::string, std::set<TextRole>> roles;
    int reported = 0;
    for (const GlyphRun& run : page.runs) {
      if (run.glyphs.empty() || run.article_id.empty()) continue;
      // Inside the article's area on the page (compressed punctuation may stand half an em out).
      const double pad = run.size_pt / 2 + 0.5;
      for (const PositionedGlyph& g : run.glyphs) {
        bool inside = false;
        for (const RectPt& r : areas[run.article_id]) {
          inside |= g.x_pt >= r.x_pt - pad && g.x_pt <= r.x_pt + r.width_pt + pad &&
                    g.y_pt >= r.y_pt - pad && g.y_pt <= r.y_pt + r.height_pt + pad;
        }
        if (!inside && reported++ < 3) {
          ADD_FAILURE() << "glyph of '" << run.text << "' outside the area of " << run.article_id;
        }
      }
      roles[run.article_id].insert(run.role);
      // A story's rest repeats its headline, and jump lines are generated: not the source's.
      bool repeated = run.role == TextRole::kHeadline &&
                      continued_on.count({run.article_id, page.number}) > 0;
      if (run.role != TextRole::kJump && !repeated) shown[run.article_id] += run.text;
    }
    for (const auto& [id, set] : roles) {
      bool head = set.count(TextRole::kKicker) || set.count(TextRole::kHeadline) ||
                  set.count(TextRole::kSubheadline);
      bool body = set.count(TextRole::kBody) || set.count(TextRole::kSubhead) ||
                  set.count(TextRole::kSidebarTitle) || set.count(TextRole::kCaption) ||
                  set.count(TextRole::kQuote);
      EXPECT_TRUE(!head || body) << "the headline block of " << id << " without its body";
    }
  }
  for (const Page& page : issue.pages) {
    for (const Article& article : page.articles) {
      std::string source = ShownText(article.kicker) + ShownText(article.headline) +
                           ShownText(article.subheadline);
      for (const Block& block : article.blocks) source += BlockText(block);
      EXPECT_TRUE(Ink(shown[article.id]) == Ink(source))
          << article.id << ": the text placed is not the source's, once and in order";
    }
  }
}

class SituationTest : public ::testing::TestWithParam<std::tuple<int, WritingMode>> {
 protected:
  static std::vector<Situation> Situations();
};

std::vector<Situation> SituationTest::Situations() {
  std::vector<Situation> s;
  // A story that must break right after its headline: the page's first story leaves it a few
  // lines at the end of the page (here, story A of about one page of text).
  s.push_back({"jump-after-headline",
               IssueXml(PageXml(1, ArticleXml("a", kHeadline, Paragraphs(0, 17)) +
                                 ArticleXml("b", kFullHeader, Paragraphs(3, 8), "",
                                         "<continues page=\"2\"/>")) +
                         PageXml(2, ArticleXml("c", "<headline>第二版</headline>", "<p>第二版的稿件。</p>")),
                     2)});
  // A boxed sidebar with a title and a boxed list, kept whole or floated.
  s.push_back(
      {"boxes",
       IssueXml(PageXml(1, ArticleXml("a", kFullHeader,
                             Paragraphs(0, 3) +
                                 "<sidebar><title>2021年抓好八个方面重点任务</title><list>"
                                 "<item>推动基础和关键领域创新突破</item>"
                                 "<item>着力稳定和优化产业链供应链</item>"
                                 "<item>加快制造业数字化转型</item>"
                                 "<item>大力推动信息通信业高质量发展</item></list></sidebar>" +
                                 Paragraphs(3, 2) + "<sidebar>" + Paragraphs(6, 1) +
                                 "</sidebar>" + Paragraphs(5, 3))),
             1)});
  // A story over three pages: no jump stated, so it breaks onto the next page of the source.
  s.push_back({"three-pages",
               IssueXml(PageXml(1, ArticleXml("long", kFullHeader, Paragraphs(0, 48))) +
                         PageXml(2, ArticleXml("p2", "<headline>第二版</headline>",
                                         "<p>第二版的稿件。</p>")) +
                         PageXml(3, ArticleXml("p3", "<headline>第三版</headline>",
                                         "<p>第三版的稿件。</p>")),
                     3)});
  // One long story: its module takes every track.
  s.push_back({"all-tracks", IssueXml(PageXml(1, ArticleXml("lead", kFullHeader, Paragraphs(0, 14))), 1)});
  // A figure with its caption and credit.
  s.push_back({"figure",
               IssueXml(PageXml(1, ArticleXml("a", kHeadline,
                                     Paragraphs(0, 2) +
                                         "<figure src=\"photo.png\" alt=\"会场\">"
                                         "<caption>会议现场。</caption>"
                                         "<credit>本报记者 摄</credit></figure>" +
                                         Paragraphs(2, 3))),
                     1)});
  // The ear beside the nameplate, and the page's stories.
  s.push_back({"ear", IssueXml(PageXml(1, ArticleXml("ear", "<headline>今日导读</headline>",
                                            "<p>本版刊发全国工业和信息化工作会议报道。</p>",
                                            " place=\"ear\"") +
                                        ArticleXml("a", kFullHeader, Paragraphs(0, 6))),
                            1)});
  // A page with one short article.
  s.push_back(
      {"one-article", IssueXml(PageXml(1, ArticleXml("a", kHeadline, Paragraphs(0, 1))), 1)});
  // An article in the other writing mode than its page, beside one in the page's.
  s.push_back({"other-mode",
               IssueXml(PageXml(1, ArticleXml("a", kFullHeader, Paragraphs(0, 5)) +
                                 ArticleXml("poem", "<headline>江雪</headline>",
                                         "<p>千山鸟飞绝，万径人踪灭。</p><sidebar><title>注</title>"
                                         "<p>蓑笠：用草或竹编成的斗笠。</p></sidebar>"
                                         "<p>孤舟蓑笠翁，独钓寒江雪。</p>",
                                         " kind=\"brief\" writing-mode=\"OTHER\"")),
                     1)});
  return s;
}

TEST_P(SituationTest, InvariantsHold) {
  auto [index, mode] = GetParam();
  Situation situation = Situations()[static_cast<size_t>(index)];
  const bool vertical = mode == WritingMode::kVertical;
  size_t other = situation.source.find("OTHER");
  if (other != std::string::npos) {
    situation.source.replace(other, 5, vertical ? "horizontal" : "vertical");
  }
  SCOPED_TRACE(situation.name + (vertical ? " vertical" : " horizontal"));
  // In a folder of its own (CTest runs the cases in parallel), with the photo the figure shows.
  const fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "situations-test" /
                       (situation.name + (vertical ? "-vertical" : "-horizontal"));
  fs::create_directories(dir);
  std::ofstream(dir / "photo.png", std::ios::binary) << testing::MakePng(120, 80, 1);
  std::ofstream(dir / "issue.xml", std::ios::binary) << situation.source;
  testing::LaidOut result = testing::LayOutFile((dir / "issue.xml").string(), mode);
  ASSERT_TRUE(result.layout) << result.errors;
  CheckInvariants(*result.issue, *result.layout);
  const LaidOutIssue& laid_out = *result.layout;
  if (situation.name == "three-pages") {
    std::set<int> pages;
    for (const PageMapEntry& e : laid_out.page_map) {
      if (e.article_id == "long") pages.insert(e.page);
    }
    EXPECT_EQ(pages, (std::set<int>{1, 2, 3})) << "the story does not run over three pages";
    // Each jump line links to the other side of its break: （下转第2版） on page 1 to page 2,
    // （上接第1版） back, （下转第3版） on page 2 to page 3, （上接第2版） back.
    std::multiset<std::pair<int, int>> links;  // (page, target page)
    for (const LaidOutPage& page : laid_out.pages) {
      for (const PageLink& link : page.links) {
        if (link.uri.empty()) links.insert({page.number, link.target_page});
      }
    }
    EXPECT_EQ(links, (std::multiset<std::pair<int, int>>{{1, 2}, {2, 1}, {2, 3}, {3, 2}}));
  }
  if (situation.name == "all-tracks") {
    const layout::PageTemplate t;
    const PageMapEntry& e = laid_out.page_map.front();
    const double across = vertical ? e.area.height_pt : e.area.width_pt;
    const double live = vertical ? t.height_pt - t.margin_bottom_pt - e.area.y_pt
                                 : t.width_pt - t.margin_inner_pt - t.margin_outer_pt;
    EXPECT_NEAR(across, live, 0.5) << "the long story does not take every track";
  }
  if (situation.name == "jump-after-headline") {
    bool b_on_one = false, b_on_two = false;
    for (const PageMapEntry& e : laid_out.page_map) {
      b_on_one |= e.article_id == "b" && e.page == 1;
      b_on_two |= e.article_id == "b" && e.page == 2;
    }
    EXPECT_TRUE(b_on_one && b_on_two) << "story B does not break from page 1 to page 2";
    // At least two of its body lines stand before （下转第2版） (lines are told apart by where
    // they stand across the flow).
    std::set<long> body_lines;
    for (const GlyphRun& run : laid_out.pages[0].runs) {
      if (run.article_id != "b" || run.role != TextRole::kBody || run.glyphs.empty()) continue;
      body_lines.insert(std::lround(vertical ? run.glyphs.front().x_pt : run.glyphs.front().y_pt));
    }
    EXPECT_GE(body_lines.size(), 2u) << "story B keeps fewer than two lines before its jump";
  }
  if (situation.name == "figure") {
    ASSERT_EQ(laid_out.pages[0].images.size(), 1u);
    const RectPt& r = laid_out.pages[0].images[0].rect;
    EXPECT_NEAR(r.width_pt / r.height_pt, 120.0 / 80.0, 0.01) << "the photo lost its proportions";
    // In the middle of its track across the flow (the story's module starts in the first).
    const PageMapEntry& area = laid_out.page_map.front();
    const layout::PageGeometry g =
        layout::MakeGeometry(layout::PageTemplate{}, vertical, area.area.y_pt);
    const double centre = vertical ? r.y_pt + r.height_pt / 2 : r.x_pt + r.width_pt / 2;
    bool centred = false;
    for (int track = 0; track < g.tracks; ++track) {
      centred |= std::abs(centre - (g.TrackStart(track) + g.thickness / 2)) < 0.5;
    }
    EXPECT_TRUE(centred) << "the photo is not in the middle of its track";
  }
  if (situation.name == "boxes") {
    // Each box, shorter than a track, kept whole in one: one frame each.
    EXPECT_EQ(laid_out.pages[0].frames.size(), 2u);
  }
}

std::string SituationName(const ::testing::TestParamInfo<std::tuple<int, WritingMode>>& info) {
  static const char* const kNames[] = {"JumpAfterHeadline", "Boxes",      "ThreePages",
                                       "AllTracks",         "Figure",     "Ear",
                                       "OneArticle",        "OtherMode"};
  return std::string(kNames[std::get<0>(info.param)]) +
         (std::get<1>(info.param) == WritingMode::kVertical ? "Vertical" : "Horizontal");
}

INSTANTIATE_TEST_SUITE_P(BothModes, SituationTest,
                         ::testing::Combine(::testing::Range(0, 8),
                                            ::testing::Values(WritingMode::kHorizontal,
                                                              WritingMode::kVertical)),
                         SituationName);

}  // namespace
}  // namespace paiban
