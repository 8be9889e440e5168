// The composer's rules, each with a test that fails when the rule is broken, and properties over
// the sample issue's text at every measure from 8 to 40 em in both writing modes.
#include "layout/text/composer.h"

#include <gtest/gtest.h>

#include <cmath>

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
                            double indent_em = 0, KinsokuLevel level = KinsokuLevel::kBasic) {
    ParagraphSpec spec;
    spec.kinsoku = level;
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

// <nobr>: no break inside the group; it goes down whole, and the line before it is justified.
TEST_F(ComposerTest, NoBreakGroupGoesDownWhole) {
  std::string text = "一二三四五六七八工业和信息化部一二三";
  ParagraphSpec spec = Spec(text, 10, false);
  size_t from = text.find("工业和信息化部");
  spec.no_break.emplace_back(from, from + std::string("工业和信息化部").size());
  std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(LineText(lines[0]), "一二三四五六七八");
  EXPECT_NEAR(lines[0].width_pt, 100, 0.01);
  EXPECT_EQ(LineText(lines[1]).rfind("工业和信息化部", 0), 0u) << LineText(lines[1]);
  // Without the group the first line is full: ten characters.
  EXPECT_EQ(LineText(ComposeParagraph(Spec(text, 10, false), *fonts_)[0]),
            "一二三四五六七八工业");
  // A group longer than the measure still breaks where it must.
  ParagraphSpec long_group = Spec(text, 5, false);
  long_group.no_break.emplace_back(0, text.size());
  std::string all;
  for (const ComposedLine& line : ComposeParagraph(long_group, *fonts_)) all += LineText(line);
  EXPECT_EQ(all, text);
}

// Ruby: the annotation at half size, centred over its base; a base narrower than its annotation
// is spaced out to the annotation's width (half before, half after); the line reports the room.
TEST_F(ComposerTest, RubyIsCentredOverItsBase) {
  std::string text = "举头望明月";
  ParagraphSpec spec = Spec(text, 20, false);
  size_t from = text.find("明月");
  spec.rubies.push_back({from, text.size(), "míngyuè"});
  std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
  ASSERT_EQ(lines.size(), 1u);
  const ComposedLine& line = lines[0];
  ASSERT_EQ(line.runs.size(), 2u);  // the text, then the annotation
  EXPECT_EQ(line.runs[1].text, "míngyuè");
  EXPECT_NEAR(line.runs[1].size_pt, 5, 0.01);
  EXPECT_NEAR(line.ruby_pt, 5, 0.01);
  // Above the base's em box (0.88 em above the baseline).
  for (const LineGlyph& g : line.runs[1].glyphs) EXPECT_LT(g.cross_pt, -8.8);
  // The annotation's glyphs are centred on the base: 明月 starts after 举头望 (30 pt) and any
  // room added before it.
  const std::vector<LineGlyph>& base = line.runs[0].glyphs;
  const std::vector<LineGlyph>& rt = line.runs[1].glyphs;
  double base_from = base[3].inline_pt, base_to = base[4].inline_pt + 10;
  double rt_from = rt.front().inline_pt, rt_to = rt.back().inline_pt + 3;  // ~ the last advance
  EXPECT_NEAR((base_from + base_to) / 2, (rt_from + rt_to) / 2, 1.5);
  // 月 alone (10 pt) under yuèliang (about 20 pt at 5 pt): room is added on both sides of it.
  ParagraphSpec wide = Spec(text, 20, false);
  wide.rubies.push_back({text.find("月"), text.size(), "yuèliang"});
  std::vector<ComposedLine> wide_lines = ComposeParagraph(wide, *fonts_);
  ASSERT_EQ(wide_lines.size(), 1u);
  double gap = wide_lines[0].runs[0].glyphs[4].inline_pt - wide_lines[0].runs[0].glyphs[3].inline_pt;
  EXPECT_GT(gap, 10.5);  // 月 moved right: half the annotation's excess width before it
  EXPECT_GT(wide_lines[0].natural_pt, 50.5);
}

// Links: each line reports where on it a link's characters are.
TEST_F(ComposerTest, LinksReportTheirExtentOnEachLine) {
  std::string text = "一二三四五六七八工业和信息化部一二三";
  ParagraphSpec spec = Spec(text, 10, false);
  size_t from = text.find("工业和信息化部");
  spec.links.push_back({from, from + std::string("工业和信息化部").size(), "https://example.cn/"});
  std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
  ASSERT_GE(lines.size(), 2u);
  // "工业" ends the first line (8 em to 10 em), "和信息化部" opens the second (0 to 5 em).
  ASSERT_EQ(lines[0].links.size(), 1u);
  EXPECT_EQ(lines[0].links[0].uri, "https://example.cn/");
  EXPECT_NEAR(lines[0].links[0].from_pt, 80, 0.01);
  EXPECT_NEAR(lines[0].links[0].to_pt, 100, 0.01);
  ASSERT_EQ(lines[1].links.size(), 1u);
  EXPECT_NEAR(lines[1].links[0].from_pt, 0, 0.01);
  EXPECT_NEAR(lines[1].links[0].to_pt, 50, 0.01);
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

// The inline position of the glyph of the first occurrence of `ch` in the composed lines, with
// the index of its line; -1 when it is not there.
struct Found {
  int line = -1;
  double inline_pt = 0;
  double cross_pt = 0;
  uint32_t glyph = 0;
  GlyphRun::Orientation orientation = GlyphRun::Orientation::kUpright;
};

Found Find(const std::vector<ComposedLine>& lines, const std::string& ch, int occurrence = 0) {
  for (size_t l = 0; l < lines.size(); ++l) {
    for (const LineRun& run : lines[l].runs) {
      size_t byte = 0, glyph = 0;
      for (const TextCluster& c : run.clusters) {
        if (run.text.compare(byte, static_cast<size_t>(c.num_bytes), ch) == 0 &&
            occurrence-- == 0) {
          const LineGlyph& g = run.glyphs[glyph];
          return {static_cast<int>(l), g.inline_pt, g.cross_pt, g.id, run.orientation};
        }
        byte += static_cast<size_t>(c.num_bytes);
        glyph += static_cast<size_t>(c.num_glyphs);
      }
    }
  }
  return {};
}

// clreq §3.1.6.2: two adjacent marks whose blanks touch take 1.5 em together.
TEST_F(ComposerTest, PeriodAndClosingQuoteTakeOneAndAHalfEm) {
  ParagraphSpec spec = Spec("一“二。”三", 20, false);
  spec.align = Align::kStart;
  std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
  ASSERT_EQ(lines.size(), 1u);
  Found period = Find(lines, "。"), quote = Find(lines, "”"), next = Find(lines, "三");
  // 一 (1 em) “ (1 em) 二 (1 em) 。 ” — then 三 starts 1.5 em after 。.
  EXPECT_NEAR(period.inline_pt, 30, 0.01);
  EXPECT_NEAR(next.inline_pt - period.inline_pt, 15, 0.01);
  EXPECT_NEAR(quote.inline_pt - period.inline_pt, 5, 0.01);
}

// GB/T 15834 §5.1.10: a full-width mark at line end is set at ½ em.
TEST_F(ComposerTest, LineEndCommaIsHalfAnEm) {
  // Nine ideographs and a comma fill 9.5 em exactly when the comma is half an em.
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("一二三四五六七八九，十一二三", 9.5, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(LineText(lines[0]), "一二三四五六七八九，");
  EXPECT_NEAR(lines[0].natural_pt, 95, 0.01);
  EXPECT_NEAR(Find(lines, "九").inline_pt, 80, 0.01);  // no stretching was needed
}

// docs/typography.md §2: Taiwan and Hong Kong set pause and stop marks centred and fixed: no
// half-width line end, no pair compression. Japanese style compresses 、。 like mainland but not ？！.
TEST_F(ComposerTest, PunctuationStylesDecideWhatIsCompressed) {
  ParagraphSpec taiwan = Spec("一二三四五六七八九，十一二三", 10, false);
  taiwan.punctuation = PunctuationStyle::kTaiwan;
  std::vector<ComposedLine> lines = ComposeParagraph(taiwan, *fonts_);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(LineText(lines[0]), "一二三四五六七八九，");
  EXPECT_NEAR(lines[0].natural_pt, 100, 0.01);  // the comma keeps its full em
  ParagraphSpec mainland = Spec("一二三四五六七八九，十一二三", 10, false);
  EXPECT_NEAR(ComposeParagraph(mainland, *fonts_)[0].natural_pt, 95, 0.01);
  EXPECT_EQ(ClassifyPunctuation(U'？', PunctuationStyle::kJapanese, false), PunctClass::kFixed);
  EXPECT_EQ(ClassifyPunctuation(U'？', PunctuationStyle::kMainland, false), PunctClass::kStop);
  EXPECT_EQ(ClassifyPunctuation(U'。', PunctuationStyle::kJapanese, false), PunctClass::kStop);
  EXPECT_EQ(ClassifyPunctuation(U'：', PunctuationStyle::kMainland, true), PunctClass::kFixed);
}

// clreq §3.1.4: squeeze first, push later.
TEST_F(ComposerTest, SqueezesPunctuationBeforePushingACharacterDown) {
  // Natural width 11 em; the period at line end and the two commas at ½ em make it 9.5 em.
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("一二，三四，五六七八。", 10, false), *fonts_);
  ASSERT_EQ(lines.size(), 1u) << LineText(lines[0]);
  EXPECT_LE(lines[0].width_pt, 100.01);
}

// docs/typography.md §2: an opening bracket at the start of a line drops its leading ½ em.
TEST_F(ComposerTest, LineStartOpeningBracketDropsItsLeadingBlank) {
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("一二三四五六七八九十（十一）二三", 10, false), *fonts_);
  ASSERT_GE(lines.size(), 2u);
  Found bracket = Find(lines, "（");
  EXPECT_EQ(bracket.line, 1);
  EXPECT_NEAR(bracket.inline_pt, -5, 0.01);  // the glyph's blank half hangs before the line
  EXPECT_NEAR(Find(lines, "十", 1).inline_pt, 5, 0.01);
}

// clreq §3.1.5: —— and …… are never split across lines.
TEST_F(ComposerTest, TwoEmDashAndEllipsisAreNeverSplit) {
  for (int measure = 5; measure <= 20; ++measure) {
    for (const char* text : {"一二三四五六七——八九十一二三四五六七八九十一二三四五",
                             "一二三四五六七……八九十一二三四五六七八九十一二三四五"}) {
      std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, measure, false), *fonts_);
      for (size_t i = 0; i + 1 < lines.size(); ++i) {
        std::u32string a = DecodeUtf8(LineText(lines[i])), b = DecodeUtf8(LineText(lines[i + 1]));
        EXPECT_FALSE(IsDashOrEllipsis(a.back()) && IsDashOrEllipsis(b.front()))
            << "measure " << measure << ": " << LineText(lines[i]) << " / "
            << LineText(lines[i + 1]);
      }
    }
  }
}

// docs/typography.md §1: at the strict level —— and …… never start a line; at basic they may.
TEST_F(ComposerTest, StrictLevelKeepsDashFromLineStart) {
  std::string text = "一二三四五六七八九十——十一二三";
  auto basic = ComposeParagraph(Spec(text, 10, false, 0, KinsokuLevel::kBasic), *fonts_);
  auto strict = ComposeParagraph(Spec(text, 10, false, 0, KinsokuLevel::kStrict), *fonts_);
  ASSERT_GE(basic.size(), 2u);
  ASSERT_GE(strict.size(), 2u);
  EXPECT_EQ(DecodeUtf8(LineText(basic[1])).front(), U'—');
  EXPECT_NE(DecodeUtf8(LineText(strict[1])).front(), U'—');
}

// clreq §3.1.5: a number keeps its digits and its unit together.
TEST_F(ComposerTest, NumberWithUnitIsNeverSplit) {
  std::string text = "由20.95万亿元增至26.92万亿元，占全球比重达到28.1%；数字经济规模年均增长16.6%";
  for (int measure = 6; measure <= 20; ++measure) {
    std::vector<ComposedLine> lines = ComposeParagraph(Spec(text, measure, false), *fonts_);
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      std::u32string a = DecodeUtf8(LineText(lines[i])), b = DecodeUtf8(LineText(lines[i + 1]));
      bool split = (a.back() >= U'0' && a.back() <= U'9') || a.back() == U'.';
      EXPECT_FALSE(split && (b.front() == U'%' || b.front() == U'万' ||
                             (b.front() >= U'0' && b.front() <= U'9')))
          << "measure " << measure << ": " << LineText(lines[i]) << " / " << LineText(lines[i + 1]);
    }
  }
}

// docs/typography.md §4: ¼ em between Han and Latin letters or digits, none next to punctuation.
TEST_F(ComposerTest, HanWesternSpaceIsAQuarterEm) {
  ParagraphSpec spec = Spec("中A，B中", 20, false);
  spec.align = Align::kStart;
  std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
  EXPECT_NEAR(Find(lines, "A").inline_pt, 12.5, 0.01);
  Found b = Find(lines, "B"), han = Find(lines, "中", 1), comma = Find(lines, "，");
  EXPECT_NEAR(b.inline_pt, comma.inline_pt + 10, 0.01);  // no space after the comma
  EXPECT_GT(han.inline_pt - b.inline_pt, 2.5);          // B's width plus the ¼ em
  spec.cjk_latin_space = false;
  EXPECT_NEAR(Find(ComposeParagraph(spec, *fonts_), "A").inline_pt, 10, 0.01);
}

// clreq §3.4.4: no paragraph ends with a line of one character.
TEST_F(ComposerTest, NoLastLineOfASingleCharacter) {
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("一二三四五六七八九十一。", 10, false), *fonts_);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_GE(DecodeUtf8(LineText(lines[1])).size(), 3u) << LineText(lines[1]);
  EXPECT_NEAR(lines[0].width_pt, 100, 0.01);  // the shortened line is still justified
}

// docs/typography.md §6: “” become corner brackets in vertical text; the text layer keeps the
// quotes.
TEST_F(ComposerTest, VerticalQuotesAreCornerBrackets) {
  auto vertical_quote = ComposeParagraph(Spec("践行“两个维护”", 20, true), *fonts_);
  auto vertical_bracket = ComposeParagraph(Spec("践行『两个维护』", 20, true), *fonts_);
  auto horizontal_quote = ComposeParagraph(Spec("践行“两个维护”", 20, false), *fonts_);
  EXPECT_EQ(Find(vertical_quote, "“").glyph, Find(vertical_bracket, "『").glyph);
  EXPECT_NE(Find(vertical_quote, "“").glyph, Find(horizontal_quote, "“").glyph);
  EXPECT_EQ(LineText(vertical_quote[0]), "践行“两个维护”");
}

// docs/typography.md §6: one- and two-digit numbers are set across the column; longer ones
// sideways.
TEST_F(ComposerTest, TateChuYokoForShortNumbersSidewaysForLongOnes) {
  std::vector<ComposedLine> lines =
      ComposeParagraph(Spec("12月28日，2020年，5G网络", 30, true), *fonts_);
  ASSERT_EQ(lines.size(), 1u);
  Found one = Find(lines, "1"), two = Find(lines, "2");
  EXPECT_EQ(one.orientation, GlyphRun::Orientation::kUpright);
  EXPECT_NEAR(one.inline_pt, two.inline_pt, 0.01);  // side by side across the column
  EXPECT_NEAR(one.cross_pt, -5, 0.01);              // two half-width digits centred in 1 em
  EXPECT_NEAR(two.cross_pt, 0, 0.01);
  EXPECT_NEAR(Find(lines, "月").inline_pt - one.inline_pt, 10, 0.01);  // one em cell
  EXPECT_EQ(Find(lines, "0").orientation, GlyphRun::Orientation::kSideways);  // 2020
  EXPECT_EQ(Find(lines, "G").orientation, GlyphRun::Orientation::kSideways);     // 5G is a word
  ParagraphSpec off = Spec("12月", 30, true);
  off.tate_chu_yoko_digits = 0;
  EXPECT_EQ(Find(ComposeParagraph(off, *fonts_), "1").orientation,
            GlyphRun::Orientation::kSideways);
}

// docs/typography.md §4: in grid mode Han characters sit on the character grid; the Han–Western
// space flexes (0 to ½ em a side) to bring them back onto it, and punctuation keeps its full em.
TEST_F(ComposerTest, GridModeKeepsHanCharactersOnTheGrid) {
  std::string text =
      "2016—2019年，我国制造业增加值年均增长8.7%，由20.95万亿元增至26.92万亿元，占全球比重"
      "达到28.1%；建成全球规模最大的光纤和4G网络，5G产业整体实力跻身全球高端。";
  for (bool vertical : {false, true}) {
    for (int measure = 10; measure <= 24; ++measure) {
      ParagraphSpec spec = Spec(text, measure, vertical);
      spec.grid = true;
      std::vector<ComposedLine> lines = ComposeParagraph(spec, *fonts_);
      int checked = 0;
      for (const ComposedLine& line : lines) {
        // A line that had to be stretched (a character pushed down) leaves the grid by design.
        if (!line.last && line.natural_pt < measure * 10 - 0.01) continue;
        for (const LineRun& run : line.runs) {
          size_t byte = 0, glyph = 0;
          for (const TextCluster& c : run.clusters) {
            char32_t cp = DecodeUtf8(run.text.substr(byte, static_cast<size_t>(c.num_bytes)))[0];
            if (cp >= 0x4E00 && cp <= 0x9FFF) {
              // The em box's start: the glyph origin, less the vertical origin offset.
              double start = run.glyphs[glyph].inline_pt - (vertical ? 8.8 : 0);
              double cells = start / 10;
              EXPECT_NEAR(cells, std::round(cells), 0.001)
                  << "measure " << measure << (vertical ? " vertical" : "") << ": "
                  << LineText(line);
              ++checked;
            }
            byte += static_cast<size_t>(c.num_bytes);
            glyph += static_cast<size_t>(c.num_glyphs);
          }
        }
      }
      EXPECT_GT(checked, 5) << measure;
    }
  }
  // Without grid mode the ¼ em spaces leave the grid.
  std::vector<ComposedLine> free_lines = ComposeParagraph(Spec("我国8.7%增长", 30, false), *fonts_);
  double after = Find(free_lines, "增").inline_pt / 10;
  EXPECT_GT(std::abs(after - std::round(after)), 0.01);
}

// A character no font covers is reported, never silently drawn as .notdef.
TEST_F(ComposerTest, MissingGlyphsAreReported) {
  std::vector<MissingGlyph> missing;
  ComposeParagraph(Spec("中\U0010FFFD文", 20, false), *fonts_, &missing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].cp, U'\U0010FFFD');
  EXPECT_EQ(missing[0].byte, 3u);
}

// Generated text from a small grammar of Chinese newspaper prose: clauses of Han words with
// quoted terms, book titles, brackets, ——, ……, numbers with units and Latin words, joined by
// pause marks and closed by stop marks. Seeded, so every run checks the same text.
class TextGenerator {
 public:
  explicit TextGenerator(uint32_t seed) : state_(seed) {}

  std::string Paragraph() {
    std::string text;
    int sentences = 2 + Next(4);
    for (int s = 0; s < sentences; ++s) {
      int clauses = 1 + Next(4);
      for (int c = 0; c < clauses; ++c) {
        text += Clause();
        if (c + 1 < clauses) text += Pick({"，", "，", "、", "；", "："});
      }
      text += Pick({"。", "。", "。", "？", "！", "……"});
    }
    return text;
  }

 private:
  int Next(int n) {
    state_ = state_ * 1103515245u + 12345u;
    return static_cast<int>((state_ >> 16) % static_cast<uint32_t>(n));
  }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() + Next(static_cast<int>(options.size())));
  }
  std::string Han(int min, int max) {
    static const char* kHan[] = {"中", "国", "电", "子", "报", "会", "议", "在", "京", "召",
                                 "开", "工", "业", "信", "息", "化", "发", "展", "创", "新",
                                 "网", "络", "强", "制", "造", "技", "术", "产", "链", "部"};
    std::string out;
    int n = min + Next(max - min + 1);
    for (int i = 0; i < n; ++i) out += kHan[Next(30)];
    return out;
  }
  std::string Clause() {
    std::string out;
    int items = 1 + Next(4);
    for (int i = 0; i < items; ++i) {
      switch (Next(10)) {
        case 0:
          out += "“" + Han(2, 5) + "”";
          break;
        case 1:
          out += "《" + Han(2, 6) + "》";
          break;
        case 2:
          out += "（" + Han(2, 4) + "）";
          break;
        case 3:
          out += Han(1, 3) + Pick({"26.92万", "28.1%", "2020年", "12月", "5G", "1.5亿吨", "100"});
          break;
        case 4:
          out += Han(1, 2) + Pick({"Pango", "HarfBuzz", "CN", "GDP"}) + Han(1, 2);
          break;
        case 5:
          out += "——" + Han(2, 4);
          break;
        default:
          out += Han(2, 6);
      }
    }
    return out;
  }

  uint32_t state_;
};

std::vector<std::string> GeneratedParagraphs() {
  TextGenerator generator(20201230);
  std::vector<std::string> out;
  for (int p = 0; p < 30; ++p) out.push_back(generator.Paragraph());
  return out;
}

// Properties over real and generated text: every character placed exactly once, no prohibited
// line start or end at the level in force, every non-final line flush to the measure within
// 0.01 pt — at every measure from 8 to 40 em, both writing modes, every kinsoku level.
TEST_F(ComposerTest, PropertiesOverSampleAndGeneratedText) {
  std::vector<std::string> paragraphs = SampleParagraphs();
  ASSERT_FALSE(paragraphs.empty());
  for (const std::string& g : GeneratedParagraphs()) paragraphs.push_back(g);
  const KinsokuLevel kLevels[] = {KinsokuLevel::kNone,        KinsokuLevel::kBasic,
                                  KinsokuLevel::kGb,          KinsokuLevel::kStrict,
                                  KinsokuLevel::kJaVeryLoose, KinsokuLevel::kJaLoose,
                                  KinsokuLevel::kJaStrict,    KinsokuLevel::kJaVeryStrict};
  int lines_checked = 0;
  for (KinsokuLevel level : kLevels) {
    for (bool vertical : {false, true}) {
      for (int measure = 8; measure <= 40; ++measure) {
        for (const std::string& text : paragraphs) {
          std::vector<ComposedLine> lines =
              ComposeParagraph(Spec(text, measure, vertical, 2, level), *fonts_);
          std::string joined;
          for (size_t i = 0; i < lines.size(); ++i) {
            std::string line_text = LineText(lines[i]);
            joined += line_text;
            std::u32string cps = DecodeUtf8(line_text);
            ASSERT_FALSE(cps.empty());
            std::string where = std::string(KinsokuLevelName(level)) + " measure " +
                                std::to_string(measure) + (vertical ? " vertical" : "") +
                                " line: " + line_text;
            if (i > 0) {
              EXPECT_FALSE(IsLineStartProhibited(cps.front(), level)) << "starts badly " << where;
            }
            if (i + 1 < lines.size()) {
              EXPECT_FALSE(IsLineEndProhibited(cps.back(), level)) << "ends badly " << where;
              EXPECT_NEAR(lines[i].width_pt, measure * 10.0, 0.01) << "not flush " << where;
            } else {
              EXPECT_LE(lines[i].width_pt, measure * 10.0 + 0.01) << "overfull " << where;
            }
            ++lines_checked;
          }
          ASSERT_EQ(joined, text) << KinsokuLevelName(level) << " measure " << measure;
        }
      }
    }
  }
  EXPECT_GT(lines_checked, 100000);
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

// Headline breaking by phrase (docs/typography.md §9), on headlines of the 2024 government work
// report of the State Council (政府工作报告, a state document, no copyright) and a constructed
// Japanese news headline; both writing modes break alike.
namespace paiban::layout {
namespace {

class PhraseBreakTest : public ComposerTest {
 protected:
  static std::vector<std::string> Headline(const std::string& text, double measure_em,
                                           bool vertical,
                                           std::vector<size_t> preferred = {}) {
    ParagraphSpec spec = Spec(text, measure_em, vertical);
    spec.spans[0].role = fonts::Role::kHeadline;
    spec.spans[0].bold = true;
    spec.align = Align::kCenter;
    spec.phrase_breaks = true;
    spec.preferred_breaks = std::move(preferred);
    std::vector<std::string> out;
    for (const ComposedLine& line : ComposeParagraph(spec, *fonts_)) {
      out.push_back(text.substr(line.start, line.end - line.start));
    }
    return out;
  }
  using Lines = std::vector<std::string>;
};

TEST_F(PhraseBreakTest, NeverInsideAWord) {
  for (bool vertical : {false, true}) {
    // Greedy breaking gives 加快建设现代化产 / 业体系; the dictionary's 现代|化 is one word here.
    EXPECT_EQ(Headline("加快建设现代化产业体系", 8, vertical), (Lines{"加快建设", "现代化产业体系"}));
    EXPECT_EQ(Headline("加快建设现代化产业体系", 11, vertical), (Lines{"加快建设现代化产业体系"}));
  }
}

TEST_F(PhraseBreakTest, TheCommaIsTheStrongestBreak) {
  for (bool vertical : {false, true}) {
    EXPECT_EQ(Headline("坚持不懈抓好“三农”工作，扎实推进乡村全面振兴", 12, vertical),
              (Lines{"坚持不懈抓好“三农”工作，", "扎实推进乡村全面振兴"}));
    EXPECT_EQ(Headline("インドネシアで地震、死者は百人を超える", 10, vertical),
              (Lines{"インドネシアで地震、", "死者は百人を超える"}));
  }
}

TEST_F(PhraseBreakTest, AQuotedGroupThatFitsStaysWhole) {
  for (bool vertical : {false, true}) {
    Lines lines = Headline("坚持不懈抓好“三农”工作，扎实推进乡村全面振兴", 6, vertical);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], "坚持不懈抓好");
    EXPECT_EQ(lines[1], "“三农”工作，") << "the quoted name is not split: 坚持不懈抓好“三 / 农”";
  }
}

TEST_F(PhraseBreakTest, LinesAreBalanced) {
  // 23 characters in two lines of 12 em: greedy first-fit would set 大力推进现代化产业体系建 /
  // 设，…; the break after the comma does not fit (14 characters), so 体系|建设 it is.
  Lines lines = Headline("大力推进现代化产业体系建设，加快发展新质生产力", 12, false);
  EXPECT_EQ(lines, (Lines{"大力推进现代化产业体系", "建设，加快发展新质生产力"}));
  // The same report's heading without its comma: two lines within 20 % of each other rather than
  // a full first line.
  lines = Headline("深入实施科教兴国战略强化高质量发展的基础支撑", 16, false);
  ASSERT_EQ(lines.size(), 2u);
  double a = static_cast<double>(lines[0].size()), b = static_cast<double>(lines[1].size());
  EXPECT_LE(std::max(a, b) / std::min(a, b), 1.2) << lines[0] << " / " << lines[1];
}

TEST_F(PhraseBreakTest, APreferredBreakWins) {
  const std::string text = "加快建设现代化产业体系";
  EXPECT_EQ(Headline(text, 9, false), (Lines{"加快建设", "现代化产业体系"}));
  EXPECT_EQ(Headline(text, 9, false, {text.find("产业")}), (Lines{"加快建设现代化", "产业体系"}));
  // Preferred, not forced: a headline that fits one line stays on one.
  EXPECT_EQ(Headline(text, 11, false, {text.find("产业")}), (Lines{text}));
}

TEST_F(PhraseBreakTest, AWordLongerThanTheMeasureStillBreaks) {
  Lines lines = Headline("インドネシア", 3, false);
  EXPECT_EQ(lines, (Lines{"インド", "ネシア"}));
}

}  // namespace
}  // namespace paiban::layout
