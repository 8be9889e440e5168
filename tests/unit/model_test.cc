#include <gtest/gtest.h>

#include "model/diagnostics.h"
#include "model/issue.h"
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

TEST(TextTest, GeneratedLines) {
  Issue issue;
  issue.issue_number = 95;
  issue.cumulative_number = 4410;
  issue.page_count = 8;
  EXPECT_EQ(IssueNumbersLine(issue), "第95期（总第4410期）");
  EXPECT_EQ(PageCountLine(issue), "今日8版");
  EXPECT_EQ(ContinuesOnLine(4), "（下转第4版）");
  EXPECT_EQ(ChineseDate({2020, 12, 30}), "2020年12月30日");
  EXPECT_EQ(IsoDate({2020, 1, 3}), "2020-01-03");
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
