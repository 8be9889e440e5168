// The composer's rules, each with a test that fails when the rule is broken, and properties over
// the sample issue's text at every measure from 8 to 40 em in both writing modes.
#include "layout/text/composer.h"

#include <gtest/gtest.h>

#include "compiler/reader.h"
#include "layout/text/kinsoku.h"
#include "model/text.h"

namespace paiban::layout {
namespace {

class ComposerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diagnostics;
    fonts_ = fonts::FontSystem::Create("zh-Hans", diagnostics).release();
    ASSERT_NE(fonts_, nullptr) << diagnostics.Format();
  }
  static void TearDownTestSuite() {
    delete fonts_;
    fonts_ = nullptr;
  }

  static ParagraphSpec Spec(const std::string& text, double measure_em, bool vertical,
                            double indent_em = 0) {
    ParagraphSpec spec;
    spec.text = text;
    spec.spans.push_back({0, text.size(), fonts::Role::kBody, false, 10});
    spec.measure_pt = measure_em * 10;
    spec.first_indent_pt = indent_em * 10;
    spec.vertical = vertical;
    return spec;
  }

  static std::string LineText(const ComposedLine& line) {
    std::string text;
    for (const LineRun& run : line.runs) text += run.text;
    return text;
  }

  static fonts::FontSystem* fonts_;
};

fonts::FontSystem* ComposerTest::fonts_ = nullptr;

// The paragraphs of the sample issue.
std::vector<std::string> SampleParagraphs() {
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(
      std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/cena-2020-12-30/issue.xml", diagnostics);
  EXPECT_TRUE(issue) << diagnostics.Format();
  std::vector<std::string> paragraphs;
  if (!issue) return paragraphs;
  for (const Page& page : issue->pages) {
    for (const Article& article : page.articles) {
      for (const Block& block : article.blocks) {
        if (block.kind == Block::Kind::kParagraph) paragraphs.push_back(PlainText(block.inlines));
      }
    }
  }
  return paragraphs;
}

TEST(KinsokuTest, BasicLevelClasses) {
  for (char32_t cp : std::u32string(U"、，；：。！？」』”’）》〉·,.)")) {
    EXPECT_TRUE(IsLineStartProhibited(cp, KinsokuLevel::kBasic)) << static_cast<uint32_t>(cp);
  }
  for (char32_t cp : std::u32string(U"「『“‘（《〈([")) {
    EXPECT_TRUE(IsLineEndProhibited(cp, KinsokuLevel::kBasic)) << static_cast<uint32_t>(cp);
  }
  EXPECT_FALSE(IsLineStartProhibited(U'中', KinsokuLevel::kBasic));
  EXPECT_FALSE(IsLineEndProhibited(U'中', KinsokuLevel::kBasic));
  EXPECT_FALSE(IsLineStartProhibited(U'“', KinsokuLevel::kBasic));
}

TEST_F(ComposerTest, CommaNeverStartsALine) {
  // 10 ideographs fill a 10 em line exactly; the comma after them must not open the next line.
  std::string text = "一二三四五六七八九十，一二三";
  std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, 10, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  for (const ComposedLine& line : lines) {
    EXPECT_NE(DecodeUtf8(LineText(line)).front(), U'，') << LineText(line);
  }
}

TEST_F(ComposerTest, OpeningQuoteNeverEndsALine) {
  std::string text = "一二三四五六七八九“十一”二三";
  std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, 10, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  for (const ComposedLine& line : lines) {
    EXPECT_NE(DecodeUtf8(LineText(line)).back(), U'“') << LineText(line);
  }
}

TEST_F(ComposerTest, JustifiedLinesAreFlushAndTheLastLineIsNot) {
  std::string text = "一二三四五六七八九十，一二三四五六七八九十一二三四五";
  std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, 10, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  for (size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_NEAR(lines[i].width_pt, 100, 0.01);
  EXPECT_TRUE(lines.back().last);
  EXPECT_NEAR(lines.back().width_pt, lines.back().natural_pt, 0.01);
}

TEST_F(ComposerTest, DigitsOfANumberAreNotSpacedApart) {
  // The line must stretch, but the gaps inside 2020 stay at the font's advances.
  std::string text = "总结2020年工业和信息化，工作分析形势";
  std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, 11, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  ASSERT_NEAR(lines[0].width_pt, 110, 0.01);
  // The same line set flush start, without justification, gives the digits' natural spacing.
  ParagraphSpec natural = Spec(text, 11, false);
  natural.align = Align::kStart;
  std::vector<ComposedLine> natural_lines = ComposeParagraph(natural, *fonts_);
  auto digit_positions = [](const ComposedLine& line) {
    std::vector<double> positions;
    for (const LineRun& run : line.runs) {
      size_t byte = 0, glyph = 0;
      for (const TextCluster& c : run.clusters) {
        char ch = run.text[byte];
        if (c.num_bytes == 1 && ch >= '0' && ch <= '9') {
          positions.push_back(run.glyphs[glyph].inline_pt);
        }
        byte += static_cast<size_t>(c.num_bytes);
        glyph += static_cast<size_t>(c.num_glyphs);
      }
    }
    return positions;
  };
  std::vector<double> justified = digit_positions(lines[0]);
  std::vector<double> plain = digit_positions(natural_lines[0]);
  ASSERT_EQ(justified.size(), 4u);
  ASSERT_EQ(plain.size(), 4u);
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_NEAR(justified[i] - justified[i - 1], plain[i] - plain[i - 1], 0.001) << i;
  }
  // And the line did stretch somewhere else.
  EXPECT_GT(lines[0].width_pt - lines[0].natural_pt, 0.5);
}

TEST_F(ComposerTest, FirstLineIndent) {
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("一二三四五六七八九十一二三", 10, false, 2), *fonts_);
  ASSERT_FALSE(lines.empty());
  EXPECT_NEAR(lines[0].runs[0].glyphs[0].inline_pt, 20, 0.01);
  EXPECT_EQ(DecodeUtf8(LineText(lines[0])).size(), 8u);
}

TEST_F(ComposerTest, VerticalRunsAreUprightAndLatinSideways) {
  std::vector<ComposedLine> lines = ComposeParagraph(Spec("中文CN中文", 20, true), *fonts_);
  ASSERT_EQ(lines.size(), 1u);
  int sideways = 0, upright = 0;
  for (const LineRun& run : lines[0].runs) {
    (run.orientation == GlyphRun::Orientation::kSideways ? sideways : upright) +=
        static_cast<int>(run.glyphs.size());
  }
  EXPECT_EQ(sideways, 2);
  EXPECT_EQ(upright, 4);
}

// Properties over real text: every character once, no prohibited line edges, flush lines,
// deterministic output — at every measure from 8 to 40 em, in both writing modes.
TEST_F(ComposerTest, PropertiesOverTheSampleText) {
  std::vector<std::string> paragraphs = SampleParagraphs();
  ASSERT_FALSE(paragraphs.empty());
  for (bool vertical : {false, true}) {
    for (int measure = 8; measure <= 40; ++measure) {
      for (const std::string& text : paragraphs) {
        std::vector<ComposedLine> lines =
            ComposeParagraph(Spec(text, measure, vertical, 2), *fonts_);
        std::string joined;
        for (size_t i = 0; i < lines.size(); ++i) {
          std::string line_text = LineText(lines[i]);
          joined += line_text;
          std::u32string cps = DecodeUtf8(line_text);
          ASSERT_FALSE(cps.empty());
          if (i > 0) {
            EXPECT_FALSE(IsLineStartProhibited(cps.front(), KinsokuLevel::kBasic))
                << "measure " << measure << " line starts with a prohibited mark: " << line_text;
          }
          if (i + 1 < lines.size()) {
            EXPECT_FALSE(IsLineEndProhibited(cps.back(), KinsokuLevel::kBasic))
                << "measure " << measure << " line ends with a prohibited mark: " << line_text;
            EXPECT_NEAR(lines[i].width_pt, measure * 10.0, 0.01)
                << "measure " << measure << (vertical ? " vertical" : "")
                << " line not flush: " << line_text;
          }
        }
        ASSERT_EQ(joined, text) << "measure " << measure;
      }
    }
  }
}

TEST_F(ComposerTest, SameInputSameOutput) {
  std::string text = SampleParagraphs().at(2);
  auto a = ComposeParagraph(Spec(text, 13, false, 2), *fonts_);
  auto b = ComposeParagraph(Spec(text, 13, false, 2), *fonts_);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].runs.size(), b[i].runs.size());
    for (size_t r = 0; r < a[i].runs.size(); ++r) {
      ASSERT_EQ(a[i].runs[r].glyphs.size(), b[i].runs[r].glyphs.size());
      for (size_t g = 0; g < a[i].runs[r].glyphs.size(); ++g) {
        EXPECT_EQ(a[i].runs[r].glyphs[g].id, b[i].runs[r].glyphs[g].id);
        EXPECT_EQ(a[i].runs[r].glyphs[g].inline_pt, b[i].runs[r].glyphs[g].inline_pt);
      }
    }
  }
}

}  // namespace
}  // namespace paiban::layout
