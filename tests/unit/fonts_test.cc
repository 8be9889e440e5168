// The font system's text: decoded once with each character's properties, and the break
// opportunities found on it (fonts/fonts.h), on the installed Noto CJK fonts.
#include "fonts/fonts.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace paiban::fonts {
namespace {

constexpr uint32_t Tag(char a, char b, char c, char d) {
  return static_cast<uint32_t>(a) << 24 | static_cast<uint32_t>(b) << 16 |
         static_cast<uint32_t>(c) << 8 | static_cast<uint32_t>(d);
}

TEST(DecodeTextTest, EachCharacterWithItsBytesScriptAndOrientation) {
  Text text = DecodeText("中文 5G，“かな”𠀋");
  ASSERT_EQ(text.chars.size(), 11u);
  EXPECT_EQ(text.chars[0].cp, U'中');
  EXPECT_EQ(text.chars[0].byte, 0u);
  EXPECT_EQ(text.chars[1].byte, 3u);
  EXPECT_EQ(text.chars[2].cp, U' ');
  EXPECT_EQ(text.chars[2].byte, 6u);
  EXPECT_EQ(text.chars[3].byte, 7u);
  EXPECT_EQ(text.chars[10].cp, U'𠀋');  // four bytes
  EXPECT_EQ(text.chars[10].byte, text.utf8.size() - 4);

  EXPECT_EQ(text.chars[0].script, Tag('H', 'a', 'n', 'i'));
  EXPECT_EQ(text.chars[4].script, Tag('L', 'a', 't', 'n'));  // G
  EXPECT_EQ(text.chars[7].script, Tag('H', 'i', 'r', 'a'));  // か
  EXPECT_EQ(text.chars[2].script, 0u);  // a space is Common: it joins its neighbours
  EXPECT_EQ(text.chars[3].script, 0u);  // so is a digit
  EXPECT_EQ(text.chars[5].script, 0u);  // and the full-width comma

  EXPECT_TRUE(text.chars[0].upright);
  EXPECT_TRUE(text.chars[5].upright);   // ，
  EXPECT_FALSE(text.chars[3].upright);  // 5
  EXPECT_FALSE(text.chars[6].upright);  // “ is set sideways (or as a corner bracket)
  EXPECT_TRUE(text.chars[6].cjk_break);  // but breaks as CJK
  EXPECT_FALSE(text.chars[4].cjk_break);
}

TEST(DecodeTextTest, IndexOfFindsTheCharacterAtAByte) {
  Text text = DecodeText("a中b");
  EXPECT_EQ(text.IndexOf(0), 0u);
  EXPECT_EQ(text.IndexOf(1), 1u);
  EXPECT_EQ(text.IndexOf(2), 2u);  // inside 中: the next character
  EXPECT_EQ(text.IndexOf(4), 2u);
  EXPECT_EQ(text.IndexOf(5), 3u);  // the end
}

TEST(DecodeTextTest, AStrayByteIsAReplacementCharacter) {
  Text text = DecodeText(std::string("a\xE4", 2));
  ASSERT_EQ(text.chars.size(), 2u);
  EXPECT_EQ(text.chars[1].cp, 0xFFFDu);
}

class FontsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diagnostics;
    fonts_ = FontSystem::Create("zh-Hans", diagnostics).release();
    ASSERT_NE(fonts_, nullptr) << diagnostics.Format();
  }
  static void TearDownTestSuite() {
    delete fonts_;
    fonts_ = nullptr;
  }
  static FontSystem* fonts_;
};
FontSystem* FontsTest::fonts_ = nullptr;

TEST_F(FontsTest, BreaksBetweenCjkCharactersAndBetweenWordsOnly) {
  Text text = DecodeText("中文 open source软件");
  fonts_->FindBreaks(text);
  std::string marks;
  for (const TextChar& c : text.chars) marks += c.break_before ? '|' : '.';
  // 中|文 .o p e n .|s o u r c e|软|件: between CJK characters, after a space, and at the
  // edges of the Latin stretch; never inside a word nor before a space.
  EXPECT_EQ(marks, ".|.|....|.....||");
}

TEST_F(FontsTest, ShapesASpanInTheMiddleOfTheText) {
  Text text = DecodeText("前中文后");
  StyleSpan a{0, 3, Role::kBody, false, 10};
  StyleSpan b{3, 9, Role::kHeadline, true, 20};
  StyleSpan c{9, 12, Role::kBody, false, 10};
  std::vector<ShapedRun> runs = fonts_->Shape(text, {a, b, c}, false);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].start, 3u);
  EXPECT_EQ(runs[1].end, 9u);
  ASSERT_EQ(runs[1].glyphs.size(), 2u);
  EXPECT_EQ(runs[1].glyphs[1].cluster, 6u);
  EXPECT_NEAR(runs[1].glyphs[0].x_advance_pt, 20, 1e-9);  // an ideograph is 1 em
  EXPECT_NEAR(runs[2].glyphs[0].x_advance_pt, 10, 1e-9);
}

TEST_F(FontsTest, VerticalTextSplitsWhereTheOrientationChanges) {
  Text text = DecodeText("中文ABC中");
  std::vector<ShapedRun> runs =
      fonts_->Shape(text, {StyleSpan{0, text.utf8.size(), Role::kBody, false, 10}}, true);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_TRUE(runs[0].vertical);
  EXPECT_TRUE(runs[1].sideways);
  EXPECT_EQ(runs[1].start, 6u);
  EXPECT_EQ(runs[1].end, 9u);
  EXPECT_TRUE(runs[2].vertical);
}

}  // namespace
}  // namespace paiban::fonts
