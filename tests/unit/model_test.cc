#include <gtest/gtest.h>

#include "model/diagnostics.h"
#include "model/issue.h"
#include "model/furniture.h"
#include "model/text.h"

namespace paiban {
namespace {

TEST(DateTest, WeekdayOfTheSampleIssue) {
  EXPECT_EQ(DayOfWeek({2020, 12, 30}), 3);
  EXPECT_EQ(ChineseWeekday({2020, 12, 30}), "星期三");
  EXPECT_EQ(ChineseWeekday({2000, 1, 1}), "星期六");
  EXPECT_EQ(ChineseWeekday({2024, 2, 29}), "星期四");
}

TEST(DateTest, Validity) {
  EXPECT_TRUE(IsValidDate({2020, 2, 29}));
  EXPECT_FALSE(IsValidDate({2021, 2, 29}));
  EXPECT_FALSE(IsValidDate({1900, 2, 29}));
  EXPECT_TRUE(IsValidDate({2000, 2, 29}));
  EXPECT_FALSE(IsValidDate({2020, 13, 1}));
  EXPECT_FALSE(IsValidDate({2020, 4, 31}));
}

TEST(FurnitureTest, MainlandForms) {
  Issue issue;
  issue.publication.name = "中国电子报";
  issue.date = {2020, 12, 30};
  issue.issue_number = 95;
  issue.cumulative_number = 4410;
  issue.page_count = 8;
  Page page;
  page.number = 1;
  page.section = "要闻";
  const Furniture words(issue);
  EXPECT_EQ(words.Date(), "2020年12月30日");
  EXPECT_EQ(words.Weekday(), "星期三");
  EXPECT_EQ(words.IssueNumbers(), "第95期（总第4410期）");
  EXPECT_EQ(words.PageCount(), "今日8版");
  EXPECT_EQ(words.DateLine(), "2020年12月30日　星期三　今日8版　第95期（总第4410期）");
  EXPECT_EQ(words.PageLabel(4), "第4版");
  EXPECT_EQ(words.FolioStart(page), "第1版　要闻");
  EXPECT_EQ(words.FolioEnd(), "中国电子报　2020年12月30日　星期三");
  EXPECT_EQ(words.ContinuesOn(4), "（下转第4版）");
  EXPECT_EQ(words.ContinuedFrom(1), "（上接第1版）");
  EXPECT_EQ(words.Title(), "中国电子报 2020年12月30日 第95期（总第4410期）");
  EXPECT_EQ(IsoDate({2020, 1, 3}), "2020-01-03");
}

// What the issue does not give is left out, never printed as a zero or a blank.
TEST(FurnitureTest, MissingPartsAreLeftOut) {
  Issue issue;
  issue.id = "t-1";
  EXPECT_EQ(Furniture(issue).DateLine(), "");
  EXPECT_EQ(Furniture(issue).Title(), "t-1");
  issue.cumulative_number = 4410;
  EXPECT_EQ(Furniture(issue).IssueNumbers(), "总第4410期");
  issue.cumulative_number = 0;
  issue.issue_number = 95;
  EXPECT_EQ(Furniture(issue).IssueNumbers(), "第95期");
  Page page;
  page.number = 3;
  EXPECT_EQ(Furniture(issue).FolioStart(page), "第3版");
}

TEST(FurnitureTest, MastheadDataInPrintedOrder) {
  Issue issue;
  Publication& pub = issue.publication;
  pub.supervisor = "中华人民共和国工业和信息化部";
  pub.sponsors = {"中国电子报社", "北京赛迪经纶传媒投资有限公司"};
  pub.publisher = "中国电子报社";
  pub.cn_number = "CN 11-0005";
  pub.postal_code = "1-29";
  pub.url = "http://www.cena.com.cn";
  std::vector<std::string> kinds, texts;
  for (const MastheadLine& line : Furniture(issue).MastheadData()) {
    kinds.push_back(line.kind);
    texts.push_back(line.text);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"supervisor", "sponsors", "publisher", "cn-number",
                                             "postal-code", "url"}));
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "主管：中华人民共和国工业和信息化部",
                       "主办：中国电子报社　北京赛迪经纶传媒投资有限公司", "中国电子报社出版",
                       "国内统一连续出版物号：CN 11-0005", "邮发代号：1-29",
                       "http://www.cena.com.cn"}));
}

TEST(TextTest, Utf8RoundTrip) {
  std::string text = "中a—𠀀";
  std::u32string cps = DecodeUtf8(text);
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'中');
  EXPECT_EQ(cps[3], U'\U00020000');
  std::string back;
  for (char32_t cp : cps) back += EncodeUtf8(cp);
  EXPECT_EQ(back, text);
  EXPECT_EQ(DecodeUtf8("\xff")[0], U'\uFFFD');
}

TEST(DiagnosticsTest, FormatWithCaretUnderWideCharacters) {
  Diagnostics diagnostics;
  diagnostics.Error({"a.xml", 2, 3}, "bad thing");
  diagnostics.AttachSourceLines("a.xml", "line one\n中文<x>\n");
  EXPECT_TRUE(diagnostics.HasErrors());
  EXPECT_EQ(diagnostics.Format(), "a.xml:2:3: error: bad thing\n  中文<x>\n      ^\n");
}

TEST(DiagnosticsTest, FileOnlyWhenNoLine) {
  Diagnostics diagnostics;
  diagnostics.Error({"out/x.pdf", 0, 0}, "cannot write");
  EXPECT_EQ(diagnostics.Format(), "out/x.pdf: error: cannot write\n");
}

}  // namespace
}  // namespace paiban
