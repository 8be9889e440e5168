// The reader's stages, each called directly on a string: the byte checks (source_bytes.h), the
// line index (line_index.h), the markup scanner (markup_scanner.h), what the format knows
// (validation.h), and the DOM walk's shared checks (read_context.h). reader_test.cc and
// tests/bad-inputs/ test the reader as a whole; these pin each stage's own answer — offsets,
// lines and columns, values and messages — so that a broken stage fails here by name.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/line_index.h"
#include "compiler/markup_scanner.h"
#include "compiler/read_context.h"
#include "compiler/source_bytes.h"
#include "compiler/validation.h"
#include "compiler/xml_dom.h"
#include "model/diagnostics.h"

namespace paiban::reader {
namespace {

constexpr double kMm = 72 / 25.4;

// --- Stage 1: the bytes ---------------------------------------------------------------------

TEST(SourceBytesTest, Utf8ByteOrderMarkIsAcceptedAndSkipped) {
  std::string text = "\xEF\xBB\xBF<issue/>";
  EXPECT_EQ(ByteOrderMarkLength(text), 3u);
  EXPECT_EQ(ByteOrderMarkLength("<issue/>"), 0u);
  EXPECT_EQ(ByteOrderMarkLength("\xEF\xBB"), 0u);
  EXPECT_FALSE(CheckBytes(std::string_view(text).substr(3)));
}

TEST(SourceBytesTest, Utf16IsRefusedByName) {
  const std::string kUtf16 =
      "the file is UTF-16; an issue source must be UTF-8 (convert it, e.g. with iconv -f UTF-16 "
      "-t UTF-8)";
  for (std::string_view text : {std::string_view("\xFF\xFE<\0i\0", 6),  // little-endian BOM
                                std::string_view("\xFE\xFF\0<\0i", 6),  // big-endian BOM
                                std::string_view("\0<\0i", 4)}) {       // no BOM
    std::optional<ByteProblem> problem = CheckBytes(text);
    ASSERT_TRUE(problem);
    EXPECT_EQ(problem->offset, 0u);
    EXPECT_EQ(problem->message, kUtf16);
    EXPECT_FALSE(problem->show_line);
  }
  std::optional<ByteProblem> utf32 = CheckBytes(std::string_view("\xFF\xFE\0\0<\0\0\0", 8));
  ASSERT_TRUE(utf32);
  EXPECT_EQ(utf32->message,
            "the file is UTF-32; an issue source must be UTF-8 (convert it, e.g. with iconv -f "
            "UTF-32 -t UTF-8)");
}

TEST(SourceBytesTest, KnownFileKindsAreRefusedByName) {
  std::optional<ByteProblem> pdf = CheckBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->offset, 0u);
  EXPECT_EQ(pdf->message, "this is a PDF file, not an XML issue source");
  EXPECT_FALSE(pdf->show_line);
  EXPECT_STREQ(KnownBinaryKind("PK\x03\x04mimetypeapplication/epub+zip"),
               "a ZIP archive (an EPUB?)");
  EXPECT_STREQ(KnownBinaryKind("\x89PNG\r\n\x1A\n"), "a PNG image");
  EXPECT_EQ(KnownBinaryKind("<issue/>"), nullptr);

  std::optional<ByteProblem> binary = CheckBytes("\x01\x02\x03");
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->message,
            "the file holds binary data (byte 0x01), not XML text; an issue source is a UTF-8 XML "
            "file");
  EXPECT_FALSE(binary->show_line);
}

TEST(SourceBytesTest, InvalidUtf8IsRefusedAtItsOffset) {
  // <issue> is bytes 0-6, 中 7-9; the cut-off sequence starts at 10.
  std::optional<ByteProblem> problem = CheckBytes("<issue>中\xE6\x96</issue>");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->offset, 10u);
  EXPECT_EQ(problem->message, "invalid UTF-8 (byte 0xE6); the source must be UTF-8");
  EXPECT_TRUE(problem->show_line);

  char32_t cp = 0;
  EXPECT_EQ(ValidUtf8At("\xF0\x9F\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, U'\U0001F600');
  EXPECT_EQ(ValidUtf8At("\xC0\xAF", 0, cp), 0u);          // overlong '/'
  EXPECT_EQ(ValidUtf8At("\xED\xA0\x80", 0, cp), 0u);      // a surrogate
  EXPECT_EQ(ValidUtf8At("\xF4\x90\x80\x80", 0, cp), 0u);  // past U+10FFFF
}

TEST(SourceBytesTest, NulAndControlCharactersAreRefusedAtTheirOffset) {
  std::optional<ByteProblem> nul = CheckBytes(std::string_view("<issue>a\0</issue>", 17));
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->offset, 8u);
  EXPECT_EQ(nul->message, "a NUL byte (0x00); an issue source is text and holds none");
  EXPECT_TRUE(nul->show_line);

  std::optional<ByteProblem> control = CheckBytes("<issue>\n\x1B[0m</issue>");
  ASSERT_TRUE(control);
  EXPECT_EQ(control->offset, 8u);
  EXPECT_EQ(control->message, "the control character U+001B is not allowed in XML");

  std::optional<ByteProblem> noncharacter = CheckBytes("<issue>\xEF\xBF\xBE</issue>");
  ASSERT_TRUE(noncharacter);
  EXPECT_EQ(noncharacter->offset, 7u);
  EXPECT_EQ(noncharacter->message, "the control character U+FFFE is not allowed in XML");

  EXPECT_FALSE(CheckBytes("<issue>\t\r\n</issue>"));  // tab, CR and LF are text
}

TEST(SourceBytesTest, DeclaredGbkIsRefusedAtTheDeclaration) {
  std::string text = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<issue/>";
  std::optional<std::pair<size_t, std::string>> declared = DeclaredEncoding(text);
  ASSERT_TRUE(declared);
  EXPECT_EQ(declared->first, 20u);
  EXPECT_EQ(declared->second, "GBK");
  std::optional<ByteProblem> problem = CheckBytes(text);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->offset, 20u);
  EXPECT_EQ(problem->message,
            "the XML declaration names the encoding 'GBK'; an issue source must be UTF-8 (convert "
            "it, e.g. with iconv -f GBK -t UTF-8, and declare UTF-8)");
  EXPECT_TRUE(problem->show_line);

  EXPECT_FALSE(CheckBytes("<?xml version='1.0' encoding='utf-8'?><issue/>"));
  EXPECT_FALSE(CheckBytes("<?xml version=\"1.0\" encoding=\"UTF8\"?><issue/>"));
}

TEST(SourceBytesTest, ValuesAndLinesAreShownShortAndPrintable) {
  EXPECT_EQ(Shown("a\nb"), "a\\x0Ab");
  EXPECT_EQ(Shown(std::string(50, 'x')), std::string(40, 'x') + "…");
  EXPECT_EQ(Shown("中文"), "中文");
  EXPECT_EQ(ShownLine("cd中e\r", 1), "cd中e");
  EXPECT_EQ(ShownLine("a\x01z", 1), "a\xE2\x90\x81z");  // U+2401, the picture of U+0001
  EXPECT_EQ(ShownLine("a\xFFz", 1), "a\xEF\xBF\xBDz");  // U+FFFD
  EXPECT_EQ(ShownLine(std::string(300, 'x'), 161), "");
  EXPECT_EQ(ShownLine(std::string(300, 'x'), 1), std::string(160, 'x') + " …");
}

// --- Line index -----------------------------------------------------------------------------

TEST(LineIndexTest, CrlfGivesTheColumnsOfLf) {
  std::string crlf = "ab\r\ncd中e\r\nf";
  std::string lf = "ab\ncd中e\nf";
  LineIndex crlf_lines(crlf);
  LineIndex lf_lines(lf);
  EXPECT_EQ(crlf_lines.line_count(), 3u);
  EXPECT_EQ(lf_lines.line_count(), 3u);
  EXPECT_EQ(crlf_lines.At(crlf.find('e')), std::pair(2, 4));
  EXPECT_EQ(lf_lines.At(lf.find('e')), std::pair(2, 4));
  EXPECT_EQ(crlf_lines.At(crlf.find('f')), std::pair(3, 1));
  EXPECT_EQ(lf_lines.At(lf.find('f')), std::pair(3, 1));
  // The end of line 1 stands at column 3 either way.
  EXPECT_EQ(crlf_lines.At(2), std::pair(1, 3));
  EXPECT_EQ(lf_lines.At(2), std::pair(1, 3));
  EXPECT_EQ(crlf_lines.Line(2), "cd中e\r");
  EXPECT_EQ(lf_lines.Line(2), "cd中e");
  EXPECT_EQ(lf_lines.Line(3), "f");
}

TEST(LineIndexTest, ColumnsCountCharactersNotBytes) {
  std::string text = "中文x\n\xF0\x9F\x98\x80y";
  LineIndex lines(text);
  EXPECT_EQ(lines.At(6), std::pair(1, 3));  // x after two 3-byte characters
  EXPECT_EQ(lines.At(text.find('y')), std::pair(2, 2));
  EXPECT_EQ(lines.At(text.size() + 10), std::pair(2, 3));  // past the end: the end
}

TEST(LineIndexTest, ForwardLookupsAgreeWithRandomOnes) {
  std::string text = "<a>\n  <b x=\"中\"/>\r\n<c/>\n";
  LineIndex random(text);
  LineIndex forward(text);
  for (size_t offset = 0; offset <= text.size(); ++offset) {
    EXPECT_EQ(forward.AtForward(offset), random.At(offset)) << offset;
  }
  EXPECT_EQ(forward.AtForward(5), random.At(5));  // going back still answers right
}

// --- Stage 2: the markup --------------------------------------------------------------------

struct Scanned {
  std::optional<std::vector<StartTag>> tags;
  std::vector<std::pair<size_t, std::string>> errors;  // offset, message
  std::string root;
};

Scanned Scan(const std::string& text) {
  static const std::string kFile = "t.xml";
  LineIndex lines(text);
  Scanned scanned;
  MarkupScanner scanner(text, lines, kFile, "issue", [&](size_t offset, std::string message) {
    scanned.errors.emplace_back(offset, std::move(message));
  });
  scanned.tags = scanner.Scan();
  scanned.root = scanner.root();
  return scanned;
}

using Errors = std::vector<std::pair<size_t, std::string>>;

TEST(MarkupScannerTest, DoctypeIsRefused) {
  // The declaration is 21 bytes and its line end one more: the DOCTYPE starts at 22.
  Scanned s = Scan("<?xml version=\"1.0\"?>\n<!DOCTYPE issue [<!ENTITY lol \"lol\">]>\n<issue/>");
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors,
            (Errors{{22, "DOCTYPE and entity declarations are not allowed in an issue source"}}));
}

TEST(MarkupScannerTest, UnknownEntitiesAreEachReported) {
  Scanned s = Scan("<issue>&nbsp;&amp;&bogus;</issue>");
  EXPECT_FALSE(s.tags);
  const std::string kOnly =
      "; only &lt; &gt; &amp; &quot; &apos; and character references such as &#x3000; are read";
  EXPECT_EQ(s.errors, (Errors{{7, "unknown entity '&nbsp;'" + kOnly},
                              {18, "unknown entity '&bogus;'" + kOnly}}));
}

TEST(MarkupScannerTest, CharacterReferencesXmlForbidsAreReported) {
  Scanned s = Scan("<issue a=\"&#x0;\">&#12288;&#xD800;</issue>");
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors,
            (Errors{{10, "the character reference '&#x0;' names a character XML does not allow"},
                    {25,
                     "the character reference '&#xD800;' names a character XML does not "
                     "allow"}}));
}

TEST(MarkupScannerTest, MismatchedEndTagIsRefusedAtItsOffset) {
  // <issue> 0-6, the line end 7, two spaces, <page> 10-15: </article> starts at 16.
  Scanned s = Scan("<issue>\n  <page></article>\n</issue>");
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors,
            (Errors{{16, "the end tag </article> does not match <page> (line 2, column 3)"}}));
}

TEST(MarkupScannerTest, UnclosedElementIsReportedAtItsStartTag) {
  Scanned s = Scan("<issue>\n<page>\n");
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors,
            (Errors{{8, "<page> is not closed: the file ends before </page>; is it cut short?"}}));
}

TEST(MarkupScannerTest, NestingDeeperThanTheLimitIsRefused) {
  std::string deepest_allowed;
  for (size_t i = 0; i < kMaxDepth; ++i) deepest_allowed += "<a>";
  for (size_t i = 0; i < kMaxDepth; ++i) deepest_allowed += "</a>";
  Scanned ok = Scan(deepest_allowed);
  ASSERT_TRUE(ok.tags);
  EXPECT_EQ(ok.tags->size(), kMaxDepth);
  EXPECT_TRUE(ok.errors.empty());

  std::string too_deep;
  for (size_t i = 0; i <= kMaxDepth; ++i) too_deep += "<a>";
  Scanned s = Scan(too_deep);
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors, (Errors{{3 * kMaxDepth,
                               "elements are nested more than 64 deep here; an "
                               "issue source needs fewer than 10 levels"}}));
}

TEST(MarkupScannerTest, StartTagsAndAttributesAreRecordedInDocumentOrder) {
  Scanned s = Scan(
      "<issue id=\"x\">\n"
      "<page number=\"1\">中文<em class='b'  id=\"c\"/></page>\r\n"
      "<page/></issue>");
  ASSERT_TRUE(s.tags) << (s.errors.empty() ? "" : s.errors[0].second);
  EXPECT_TRUE(s.errors.empty());
  EXPECT_EQ(s.root, "issue");
  ASSERT_EQ(s.tags->size(), 4u);
  auto at = [](const SourceLoc& loc) { return std::pair(loc.line, loc.col); };
  const std::vector<StartTag>& tags = *s.tags;
  EXPECT_EQ(tags[0].loc.file, "t.xml");
  EXPECT_EQ(at(tags[0].loc), std::pair(1, 1));
  ASSERT_EQ(tags[0].attributes.size(), 1u);
  EXPECT_EQ(tags[0].attributes[0].name, "id");
  EXPECT_EQ(at(tags[0].attributes[0].loc), std::pair(1, 8));
  EXPECT_EQ(at(tags[1].loc), std::pair(2, 1));
  ASSERT_EQ(tags[1].attributes.size(), 1u);
  EXPECT_EQ(at(tags[1].attributes[0].loc), std::pair(2, 7));
  // <em> after 17 characters of <page …> and two of 中文: columns count characters.
  EXPECT_EQ(at(tags[2].loc), std::pair(2, 20));
  ASSERT_EQ(tags[2].attributes.size(), 2u);
  EXPECT_EQ(tags[2].attributes[0].name, "class");
  EXPECT_EQ(at(tags[2].attributes[0].loc), std::pair(2, 24));
  EXPECT_EQ(tags[2].attributes[1].name, "id");
  EXPECT_EQ(at(tags[2].attributes[1].loc), std::pair(2, 35));
  EXPECT_EQ(at(tags[3].loc), std::pair(3, 1));  // the CR before the line end took no column
  EXPECT_TRUE(tags[3].attributes.empty());
}

TEST(MarkupScannerTest, AttributeTwiceIsRefusedAtTheSecond) {
  Scanned s = Scan("<issue id=\"a\" id=\"b\"/>");
  EXPECT_FALSE(s.tags);
  EXPECT_EQ(s.errors, (Errors{{14, "the attribute 'id' is given twice on <issue>"}}));
}

// --- Stage 3: what the format knows ---------------------------------------------------------

TEST(ValidationTest, MisspeltNamesSuggestTheKnownOne) {
  EXPECT_EQ(EditDistance("knid", "kind"), 1u);  // a swap is one edit
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_STREQ(ClosestName("knid", {"id", "kind", "columns", "rows"}), "kind");
  EXPECT_STREQ(ClosestName("colums", {"id", "kind", "columns", "rows"}), "columns");
  EXPECT_STREQ(ClosestName("KIND", {"id", "kind"}), "kind");
  EXPECT_EQ(ClosestName("x", {"p", "em"}), nullptr);  // one letter of one is not close
  EXPECT_EQ(ClosestName("headline", {"id", "kind"}), nullptr);
  EXPECT_TRUE(IsFormatElement("sidebar"));
  EXPECT_TRUE(IsFormatElement("rt"));
  EXPECT_FALSE(IsFormatElement("div"));
}

TEST(ValidationTest, LengthsParseWithTheirUnit) {
  std::optional<Length> mm = ParseLength("3mm", /*font_size=*/false);
  ASSERT_TRUE(mm);
  EXPECT_NEAR(mm->pt, 8.5039, 1e-4);
  EXPECT_EQ(mm->unit, "mm");
  EXPECT_DOUBLE_EQ(mm->pt_per_unit, kMm);
  EXPECT_TRUE(LengthInRange(mm->pt, 0, 100 * kMm));
  EXPECT_TRUE(LengthInRange(mm->pt, 3 * kMm, 3 * kMm));       // a bound is inside
  EXPECT_FALSE(LengthInRange(mm->pt, 50 * kMm, 1500 * kMm));  // a page 3 mm wide

  std::optional<Length> cm = ParseLength("1.5cm", false);
  ASSERT_TRUE(cm);
  EXPECT_NEAR(cm->pt, 42.5197, 1e-4);
  EXPECT_EQ(cm->unit, "cm");
  std::optional<Length> pt = ParseLength("28pt", false);
  ASSERT_TRUE(pt);
  EXPECT_DOUBLE_EQ(pt->pt, 28);

  for (const char* bad :
       {"3furlongs", "3", "mm", "-3mm", "+3mm", "1e3pt", "3 mm", "3mm ", "", "infpt", "小五"}) {
    EXPECT_FALSE(ParseLength(bad, false)) << bad;
  }
}

TEST(ValidationTest, ChineseFontSizesByName) {
  EXPECT_EQ(ChineseFontSize("小五"), 9);
  EXPECT_EQ(ChineseFontSize("五号"), 10.5);
  EXPECT_EQ(ChineseFontSize("初号"), 42);
  EXPECT_EQ(ChineseFontSize("八号"), 5);
  EXPECT_EQ(ChineseFontSize("大五"), std::nullopt);
  std::optional<Length> size = ParseLength("小五", /*font_size=*/true);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->pt, 9);
  EXPECT_EQ(size->unit, "pt");
  EXPECT_FALSE(ParseLength("小五", /*font_size=*/false));
}

TEST(ValidationTest, LinkAddressesNeedAWebHostOrAMailbox) {
  for (const char* ok :
       {"https://example.com/a?b=1#c", "http://example.com", "mailto:editor@example.com"}) {
    EXPECT_TRUE(IsLinkAddress(ok)) << ok;
  }
  for (const char* bad :
       {"javascript:alert(1)", "http:///etc/passwd", "https://", "mailto:", "ftp://example.com",
        "example.com", "https://exa mple.com", "https://example.com/\"x\"",
        "https://example.com/{x}", "https://example.com/a|b", "https://例子.中国"}) {
    EXPECT_FALSE(IsLinkAddress(bad)) << bad;
  }
}

TEST(ValidationTest, IdsAndTemplateNames) {
  EXPECT_TRUE(IsArticleId("lead-1_b"));
  EXPECT_FALSE(IsArticleId("1lead"));
  EXPECT_FALSE(IsArticleId("-lead"));
  EXPECT_FALSE(IsArticleId("a.b"));
  EXPECT_FALSE(IsArticleId(""));
  EXPECT_TRUE(IsIssueId("cena-2020.12_30"));
  EXPECT_TRUE(IsIssueId("4410"));
  EXPECT_FALSE(IsIssueId(".hidden"));
  EXPECT_FALSE(IsIssueId("a/b"));
  EXPECT_FALSE(IsIssueId(""));
  EXPECT_TRUE(IsTemplateName("tabloid-4k"));
  EXPECT_FALSE(IsTemplateName("Tabloid"));
  EXPECT_FALSE(IsTemplateName("../x"));
  EXPECT_TRUE(IsTemplateName(std::string(64, 'a')));
  EXPECT_FALSE(IsTemplateName(std::string(65, 'a')));
  EXPECT_TRUE(IsFontFamilyName("Noto Serif CJK SC"));
  EXPECT_FALSE(IsFontFamilyName("Noto Serif CJK SC:weight=200"));
  EXPECT_FALSE(IsFontFamilyName("Noto Sans, serif"));
  EXPECT_FALSE(IsFontFamilyName(" Noto"));
}

TEST(ValidationTest, ArticleKindsAndColumnRanges) {
  EXPECT_EQ(ParseArticleKind("photo-story"), ArticleKind::kPhotoStory);
  EXPECT_EQ(ParseArticleKind("news"), ArticleKind::kNews);
  EXPECT_EQ(ParseArticleKind("photo"), std::nullopt);
  EXPECT_EQ(ParseColumnRange("3"), std::pair(3, 3));
  EXPECT_EQ(ParseColumnRange("2-5"), std::pair(2, 5));
  for (const char* bad : {"5-2", "0", "0-2", "2-", "-2", "2-5x", "a", "", "2--5"}) {
    EXPECT_EQ(ParseColumnRange(bad), std::nullopt) << bad;
  }
}

// --- Stage 3: the DOM walk's shared checks --------------------------------------------------

TEST(ReadContextTest, MisspeltAttributeIsReportedAtItsColumn) {
  std::string text = "<issue>\n  <article knid=\"news\" id=\"a\"/>\n</issue>";
  std::string file = "t.xml";
  Diagnostics diagnostics;
  ReadContext ctx(text, file, diagnostics);
  XmlDocument doc;
  XmlElement root = ctx.Parse(doc, "issue");
  ASSERT_TRUE(root) << diagnostics.Format();
  XmlElement article = root.FirstChildElement("article");
  EXPECT_EQ(ctx.Loc(article).line, 2);
  EXPECT_EQ(ctx.Loc(article).col, 3);
  CheckAttributes(ctx, article, {"id", "kind", "columns"});
  EXPECT_EQ(ctx.errors(), 1);
  EXPECT_EQ(diagnostics.Format(),
            "t.xml:2:12: error: unknown attribute 'knid' on <article>; did you mean 'kind'?\n"
            "    <article knid=\"news\" id=\"a\"/>\n"
            "             ^\n");
}

TEST(ReadContextTest, ByteProblemsStopBeforeTheMarkup) {
  std::string text = "<issue>\n<p>\xC3(</p></issue>";
  std::string file = "t.xml";
  Diagnostics diagnostics;
  ReadContext ctx(text, file, diagnostics);
  XmlDocument doc;
  EXPECT_FALSE(ctx.Parse(doc, "issue"));
  EXPECT_EQ(ctx.errors(), 1);
  EXPECT_EQ(ctx.scanned_root(), "");  // the scanner never ran
  ASSERT_EQ(diagnostics.all().size(), 1u);
  EXPECT_EQ(diagnostics.all()[0].loc.line, 2);
  EXPECT_EQ(diagnostics.all()[0].loc.col, 4);
  EXPECT_EQ(diagnostics.all()[0].message, "invalid UTF-8 (byte 0xC3); the source must be UTF-8");
}

}  // namespace
}  // namespace paiban::reader
