#include "compiler/reader.h"

#include <gtest/gtest.h>

#include "model/furniture.h"
#include "model/text.h"

namespace paiban {
namespace {

// A small but complete issue; tests replace parts of it.
std::string Source(const std::string& body = "<p>正文。</p>",
                   const std::string& date = "<date weekday=\"星期三\">2020-12-30</date>") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<issue id=\"t-1\" lang=\"zh-Hans\">\n"
         "  <publication><name>报</name></publication>\n"
         "  " + date + "\n"
         "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n"
         "  <page number=\"1\" section=\"要闻\">\n"
         "    <article id=\"a\" kind=\"news\">\n"
         "      <headline>标题</headline>\n"
         "      <body>" + body + "</body>\n"
         "    </article>\n"
         "  </page>\n"
         "</issue>\n";
}

struct Parsed {
  std::optional<Issue> issue;
  std::string diagnostics;
};

Parsed Parse(const std::string& text) {
  Diagnostics diagnostics;
  Parsed parsed;
  parsed.issue = ReadIssueFromString(text, "t.xml", diagnostics);
  parsed.diagnostics = diagnostics.Format();
  return parsed;
}

TEST(ReaderTest, ReadsACompleteIssue) {
  Parsed p = Parse(Source());
  ASSERT_TRUE(p.issue) << p.diagnostics;
  EXPECT_EQ(p.diagnostics, "");
  EXPECT_EQ(p.issue->id, "t-1");
  EXPECT_EQ(p.issue->date.day, 30);
  EXPECT_EQ(p.issue->page_count, 4);
  ASSERT_EQ(p.issue->pages.size(), 1u);
  const Article& article = p.issue->pages[0].articles[0];
  EXPECT_EQ(PlainText(article.headline), "标题");
  ASSERT_EQ(article.blocks.size(), 1u);
  EXPECT_EQ(PlainText(article.blocks[0].inlines), "正文。");
}

TEST(ReaderTest, WhitespaceNextToCjkIsDroppedAndLatinSpacesCollapse) {
  Parsed p = Parse(Source("<p>\n  中文\n  继续 Latin   words\t和 中文 2020 年</p>"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  EXPECT_EQ(PlainText(p.issue->pages[0].articles[0].blocks[0].inlines),
            "中文继续Latin words和中文2020年");
}

TEST(ReaderTest, RunInDatelineAndByline) {
  Parsed p = Parse(Source("<p><dateline>本报讯</dateline> <byline>记者某报道</byline>：正文</p>"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  const Inlines& inlines = p.issue->pages[0].articles[0].blocks[0].inlines;
  ASSERT_EQ(inlines.size(), 3u);
  EXPECT_EQ(inlines[0].kind, Inline::Kind::kDateline);
  EXPECT_EQ(inlines[0].text, "本报讯");
  EXPECT_EQ(inlines[1].kind, Inline::Kind::kByline);
  EXPECT_EQ(inlines[2].text, "：正文");
}

// The headline of Source() replaced by `headline` (its inner markup).
std::string WithHeadline(const std::string& headline) {
  std::string s = Source();
  const std::string plain = "<headline>标题</headline>";
  s.replace(s.find(plain), plain.size(), "<headline>" + headline + "</headline>");
  return s;
}

std::string Kinds(const Inlines& inlines) {
  std::string out;
  for (const Inline& in : inlines) {
    out += in.kind == Inline::Kind::kTag         ? "[tag " + in.text + "]"
           : in.kind == Inline::Kind::kWordBreak ? std::string("|")
                                                 : in.text;
  }
  return out;
}

TEST(ReaderTest, PreferredBreaksAndColumnTags) {
  Parsed p = Parse(WithHeadline("加快建设 <wbr/> 现代化产业体系<tag>（上）</tag>"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  const Inlines& h = p.issue->pages[0].articles[0].headline;
  EXPECT_EQ(Kinds(h), "加快建设|现代化产业体系[tag （上）]") << "the spaces next to CJK go";
  EXPECT_EQ(PlainText(h), "加快建设现代化产业体系（上）");
  // Written plainly: a leading 【…】 or a trailing （…） is the tag.
  p = Parse(WithHeadline("【数字中国】加快建设现代化产业体系"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  EXPECT_EQ(Kinds(p.issue->pages[0].articles[0].headline), "[tag 【数字中国】]加快建设现代化产业体系");
  p = Parse(WithHeadline("加快建设现代化产业体系（上）"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  EXPECT_EQ(Kinds(p.issue->pages[0].articles[0].headline), "加快建设现代化产业体系[tag （上）]");
  // Not a tag: a bracket in the middle, and a headline that is one bracketed group.
  for (const char* plain : {"加快（全面）建设", "【数字中国】", "（上）"}) {
    p = Parse(WithHeadline(plain));
    ASSERT_TRUE(p.issue) << p.diagnostics;
    EXPECT_EQ(Kinds(p.issue->pages[0].articles[0].headline), plain);
  }
}

TEST(ReaderTest, ATagBelongsToTheHeadlineBlock) {
  Parsed p = Parse(Source("<p><tag>栏目</tag>正文。</p>"));
  EXPECT_FALSE(p.issue);
  EXPECT_NE(p.diagnostics.find("error: <tag> marks a headline's column tag"), std::string::npos)
      << p.diagnostics;
  p = Parse(WithHeadline("标题<tag></tag>"));
  EXPECT_NE(p.diagnostics.find("error: <tag> needs the tag's text"), std::string::npos)
      << p.diagnostics;
  p = Parse(WithHeadline("标<wbr>题</wbr>"));
  EXPECT_NE(p.diagnostics.find("error: <wbr/> must be empty"), std::string::npos) << p.diagnostics;
}

TEST(ReaderTest, SidebarListAndSignature) {
  Parsed p = Parse(Source(
      "<p>甲</p><sidebar><title>要点</title><list><item>一</item><item>二</item></list></sidebar>"
      "<signature><line>某部</line><line>2020年12月22日</line></signature>"));
  ASSERT_TRUE(p.issue) << p.diagnostics;
  const std::vector<Block>& blocks = p.issue->pages[0].articles[0].blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].kind, Block::Kind::kSidebar);
  EXPECT_EQ(PlainText(blocks[1].inlines), "要点");
  ASSERT_EQ(blocks[1].children.size(), 1u);
  EXPECT_EQ(blocks[1].children[0].children.size(), 2u);
  EXPECT_EQ(blocks[2].kind, Block::Kind::kSignature);
  EXPECT_EQ(blocks[2].children.size(), 2u);
}

TEST(ReaderTest, UnknownElementNamesWhatIsKnown) {
  Parsed p = Parse(Source("<p>甲</p><para>乙</para>"));
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:21: error: unknown element <para> in <body>; expected one of: <p> <subhead> "
            "<quote> <list> <sidebar> <signature> <figure>\n"
            "        <body><p>甲</p><para>乙</para></body>\n"
            "                       ^\n");
}

TEST(ReaderTest, UnknownAttribute) {
  Parsed p = Parse(Source("<p colour=\"red\">甲</p>"));
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:16: error: unknown attribute 'colour' on <p>\n"
            "        <body><p colour=\"red\">甲</p></body>\n"
            "                 ^\n");
}

TEST(ReaderTest, WeekdayMustMatchTheDate) {
  Parsed p = Parse(Source("<p>甲</p>", "<date weekday=\"星期一\">2020-12-30</date>"));
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:4:9: error: weekday '星期一' does not match 2020-12-30, which is a 星期三\n"
            "    <date weekday=\"星期一\">2020-12-30</date>\n"
            "          ^\n");
}

TEST(ReaderTest, DateThatDoesNotExist) {
  Parsed p = Parse(Source("<p>甲</p>", "<date>2021-02-29</date>"));
  EXPECT_FALSE(p.issue);
  EXPECT_NE(p.diagnostics.find("t.xml:4:3: error: the date 2021-02-29 does not exist"),
            std::string::npos)
      << p.diagnostics;
}

TEST(ReaderTest, EveryErrorIsReportedInOneRun) {
  Parsed p = Parse(Source("<para>乙</para><p x=\"1\">甲</p><continues page=\"9\"/>",
                          "<date weekday=\"星期一\">2020-12-30</date>"));
  EXPECT_FALSE(p.issue);
  int errors = 0;
  for (size_t pos = 0; (pos = p.diagnostics.find(": error: ", pos)) != std::string::npos; ++pos) {
    ++errors;
  }
  EXPECT_EQ(errors, 4) << p.diagnostics;
}

TEST(ReaderTest, JumpBeyondTheIssueIsAnError) {
  std::string text = Source();
  text.replace(text.find("</body>"), 7, "</body><continues page=\"9\"/>");
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_NE(p.diagnostics.find("t.xml:7:5: error: article 'a' continues on page 9, beyond the "
                               "issue's 4 pages"),
            std::string::npos)
      << p.diagnostics;
}

TEST(ReaderTest, InvalidUtf8SaysWhere) {
  std::string text = Source();
  text.replace(text.find("正文"), 3, "\xE6\x20");
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:9:16: error: invalid UTF-8 (byte 0xE6); the source must be UTF-8");
}

TEST(ReaderTest, DoctypeIsRefused) {
  Parsed p = Parse("<?xml version=\"1.0\"?>\n<!DOCTYPE issue [<!ENTITY a \"b\">]>\n<issue/>\n");
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:2:1: error: DOCTYPE and entity declarations are not allowed in an issue "
            "source");
}

TEST(ReaderTest, MalformedXmlGivesItsLine) {
  std::string text = Source();
  text.erase(text.find("</headline>"), 11);
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:10:5: error: the end tag </article> does not match <headline> (line 8, "
            "column 7)\n"
            "      </article>\n"
            "      ^\n");
}

TEST(ReaderTest, EmptyFileAndWrongRoot) {
  EXPECT_EQ(Parse("").diagnostics,
            "t.xml:1:1: error: the file is empty; expected an <issue> document\n");
  Parsed p = Parse("<html/>\n");
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:1:1: error: the root element must be <issue>, not <html>");
}

TEST(ReaderTest, MissingFileAndDirectory) {
  Diagnostics diagnostics;
  EXPECT_FALSE(ReadIssueFile("/nonexistent/issue.xml", diagnostics));
  EXPECT_EQ(diagnostics.Format(),
            "/nonexistent/issue.xml: error: cannot open the issue source: no such file\n");
  Diagnostics dir_diagnostics;
  EXPECT_FALSE(ReadIssueFile("/tmp", dir_diagnostics));
  EXPECT_EQ(dir_diagnostics.Format(),
            "/tmp: error: is a directory; give the issue source file (e.g. DIR/issue.xml)\n");
}

TEST(ReaderTest, TypographySettingsAtEveryLevel) {
  std::string text = Source();
  text.replace(text.find("<issue id=\"t-1\""), 15,
               "<issue id=\"t-1\" kinsoku=\"strict\" punctuation=\"taiwan\"");
  text.replace(text.find("<page number=\"1\""), 16, "<page number=\"1\" indent=\"1\"");
  text.replace(text.find("<article id=\"a\""), 15,
               "<article id=\"a\" cjk-latin-space=\"off\" tate-chu-yoko=\"3\"");
  Parsed p = Parse(text);
  ASSERT_TRUE(p.issue) << p.diagnostics;
  EXPECT_EQ(p.issue->typography.kinsoku, "strict");
  EXPECT_EQ(p.issue->typography.punctuation, "taiwan");
  EXPECT_EQ(p.issue->pages[0].typography.indent_em, 1.0);
  const Typography& article = p.issue->pages[0].articles[0].typography;
  EXPECT_EQ(article.cjk_latin_space, false);
  EXPECT_EQ(article.tate_chu_yoko, 3);
  Typography resolved =
      p.issue->typography.With(p.issue->pages[0].typography).With(article);
  EXPECT_EQ(resolved.kinsoku, "strict");
  EXPECT_EQ(resolved.indent_em, 1.0);
  EXPECT_EQ(resolved.tate_chu_yoko, 3);
}

TEST(ReaderTest, BadTypographyValuesAreErrors) {
  std::string text = Source();
  text.replace(text.find("<article id=\"a\""), 15,
               "<article id=\"a\" kinsoku=\"tight\" tate-chu-yoko=\"4\" indent=\"x\"");
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_NE(p.diagnostics.find("t.xml:7:21: error: unknown kinsoku level 'tight'; known: none basic "
                               "gb strict very-loose loose ja-strict very-strict"),
            std::string::npos)
      << p.diagnostics;
  EXPECT_NE(p.diagnostics.find("error: tate-chu-yoko must be 2, 3 or off, not '4'"),
            std::string::npos);
  EXPECT_NE(p.diagnostics.find("error: indent must be a number of ems from 0 to 10, not 'x'"),
            std::string::npos);
}

TEST(ReaderTest, UnknownElementGetsASuggestionWhenOneIsClose) {
  std::string text = Source();
  text.replace(text.find("<headline>标题</headline>"), 27, "<heading>标题</heading>");
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:8:7: error: unknown element <heading> in <article>; did you mean <headline>?");
}

TEST(ReaderTest, SuggestionIgnoresLetterCase) {
  Parsed p = Parse(Source("<P>甲</P>"));
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:13: error: unknown element <P> in <body>; did you mean <p>?\n"
            "        <body><P>甲</P></body>\n"
            "              ^\n"
            "t.xml:7:5: error: <article> needs a <body> with text\n"
            "      <article id=\"a\" kind=\"news\">\n"
            "      ^\n");
}

TEST(ReaderTest, NoSuggestionForADistantOrTooShortName) {
  // <x> is one edit from <p>, but so is every one-letter name: no suggestion.
  Parsed p = Parse(Source("<x>甲</x><subheading>乙</subheading>"));
  EXPECT_NE(p.diagnostics.find("unknown element <x> in <body>; expected one of: <p> <subhead> "
                               "<quote> <list> <sidebar> <signature> <figure>"),
            std::string::npos)
      << p.diagnostics;
  EXPECT_NE(p.diagnostics.find("unknown element <subheading> in <body>; expected one of:"),
            std::string::npos)
      << p.diagnostics;
}

TEST(ReaderTest, UnknownAttributeGetsASuggestion) {
  std::string text = Source();
  text.replace(text.find("<article id=\"a\" kind=\"news\">"), 28,
               "<article id=\"a\" knid=\"news\" Indent=\"1\" colour=\"red\">");
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:7:21: error: unknown attribute 'knid' on <article>; did you mean 'kind'?\n"
            "      <article id=\"a\" knid=\"news\" Indent=\"1\" colour=\"red\">\n"
            "                      ^\n"
            "t.xml:7:33: error: unknown attribute 'Indent' on <article>; did you mean 'indent'?\n"
            "      <article id=\"a\" knid=\"news\" Indent=\"1\" colour=\"red\">\n"
            "                                  ^\n"
            "t.xml:7:44: error: unknown attribute 'colour' on <article>; known: id kind columns rows place writing-mode kinsoku "
            "punctuation cjk-latin-space tate-chu-yoko indent grid font-body font-headline font-kai "
            "font-sans\n"
            "      <article id=\"a\" knid=\"news\" Indent=\"1\" colour=\"red\">\n"
            "                                             ^\n");
}

TEST(ReaderTest, MisplacedElementIsNamedAsSuch) {
  Parsed p = Parse(Source("<headline>乙</headline>"));
  EXPECT_NE(p.diagnostics.find("t.xml:9:13: error: <headline> does not belong in <body>; "
                               "expected one of: <p> <subhead> <quote> <list> <sidebar> <signature> <figure>"),
            std::string::npos)
      << p.diagnostics;
}

TEST(ReaderTest, AttributesOnLaterLinesHaveTheirOwnLocation) {
  std::string text = Source();
  text.replace(text.find("<article id=\"a\" kind=\"news\">"), 28,
               "<article id=\"a\"\n        kind=\"gossip\">");
  Parsed p = Parse(text);
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:8:9: error: unknown article kind 'gossip'; known: news editorial commentary "
            "notice brief photo-story");
}

TEST(ReaderTest, CrlfLineEndingsKeepLinesAndColumns) {
  std::string text = Source("<p colour=\"red\">甲</p>");
  for (size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; pos += 2) {
    text.insert(pos, "\r");
  }
  Parsed p = Parse(text);
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:16: error: unknown attribute 'colour' on <p>\n"
            "        <body><p colour=\"red\">甲</p></body>\n"
            "                 ^\n");
  std::string crlf = Source("<p>中文\r\n  继续 Latin\r\n words</p>");
  Parsed good = Parse(crlf);
  ASSERT_TRUE(good.issue) << good.diagnostics;
  EXPECT_EQ(PlainText(good.issue->pages[0].articles[0].blocks[0].inlines), "中文继续Latin words");
}

TEST(ReaderTest, Utf8ByteOrderMarkIsAcceptedAndColumnsCountAfterIt) {
  Parsed ok = Parse("\xEF\xBB\xBF" + Source());
  EXPECT_TRUE(ok.issue) << ok.diagnostics;
  std::string text = Source();
  text.erase(0, text.find('\n') + 1);  // no XML declaration: <issue> is on line 1
  text.replace(text.find("lang=\"zh-Hans\""), 14, "lang=\"zh\"");
  Parsed p = Parse("\xEF\xBB\xBF" + text);
  EXPECT_EQ(p.diagnostics,
            "t.xml:1:17: error: unknown language 'zh'; known: zh-Hans zh-Hant ja\n"
            "  <issue id=\"t-1\" lang=\"zh\">\n"
            "                  ^\n");
}

TEST(ReaderTest, OtherEncodingsAreRefusedByName) {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<issue/>")) utf16 += std::string{c, '\0'};
  EXPECT_EQ(Parse(utf16).diagnostics,
            "t.xml:1:1: error: the file is UTF-16; an issue source must be UTF-8 (convert it, "
            "e.g. with iconv -f UTF-16 -t UTF-8)\n");
  std::string gb = Source();
  gb.replace(gb.find("UTF-8"), 5, "GB2312");
  EXPECT_EQ(Parse(gb).diagnostics.substr(0, Parse(gb).diagnostics.find('\n')),
            "t.xml:1:21: error: the XML declaration names the encoding 'GB2312'; an issue source "
            "must be UTF-8 (convert it, e.g. with iconv -f GB2312 -t UTF-8, and declare UTF-8)");
  EXPECT_EQ(Parse("%PDF-1.7\n").diagnostics,
            "t.xml:1:1: error: this is a PDF file, not an XML issue source\n");
}

TEST(ReaderTest, NulAndControlCharactersAreRefusedWhereTheyAre) {
  std::string text = Source(std::string("<p>甲\0乙</p>", 14));
  Parsed p = Parse(text);
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:17: error: a NUL byte (0x00); an issue source is text and holds none\n"
            "        <body><p>甲\xE2\x90\x80乙</p></body>\n"
            "                   ^\n");
  EXPECT_NE(Parse(Source("<p>甲\x01</p>")).diagnostics.find(
                "t.xml:9:17: error: the control character U+0001 is not allowed in XML"),
            std::string::npos);
}

TEST(ReaderTest, EntitiesAndCharacterReferences) {
  Parsed ok = Parse(Source("<p>&lt;甲&gt; &amp; &quot;&apos; &#x4E59;&#20025;</p>"));
  ASSERT_TRUE(ok.issue) << ok.diagnostics;
  EXPECT_EQ(PlainText(ok.issue->pages[0].articles[0].blocks[0].inlines), "<甲> & \"'乙丹");
  Parsed p = Parse(Source("<p>&nbsp;&#0;&#xD800;A & B</p>"));
  EXPECT_EQ(p.diagnostics.substr(0, p.diagnostics.find('\n')),
            "t.xml:9:16: error: unknown entity '&nbsp;'; only &lt; &gt; &amp; &quot; &apos; and "
            "character references such as &#x3000; are read");
  EXPECT_NE(p.diagnostics.find("t.xml:9:22: error: the character reference '&#0;' names a "
                               "character XML does not allow"),
            std::string::npos);
  EXPECT_NE(p.diagnostics.find("t.xml:9:26: error: the character reference '&#xD800;'"),
            std::string::npos);
  EXPECT_NE(p.diagnostics.find("t.xml:9:36: error: a bare '&'; write &amp; for an ampersand"),
            std::string::npos)
      << p.diagnostics;
}

TEST(ReaderTest, DoctypeWithEntitiesIsRefusedBeforeAnyExpansion) {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE issue [\n  <!ENTITY a \"aaaaaaaaaa\">\n";
  for (int i = 1; i < 10; ++i) {
    bomb += "  <!ENTITY a" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&a" + (i > 1 ? std::to_string(i - 1) : "") + ";";
    bomb += "\">\n";
  }
  bomb += "]>\n<issue>&a9;</issue>\n";
  Parsed p = Parse(bomb);
  EXPECT_EQ(p.diagnostics,
            "t.xml:2:1: error: DOCTYPE and entity declarations are not allowed in an issue "
            "source\n"
            "  <!DOCTYPE issue [\n"
            "  ^\n");
  Parsed external =
      Parse("<!DOCTYPE issue [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><issue>&x;</issue>");
  EXPECT_EQ(external.diagnostics.find("root:"), std::string::npos);
  EXPECT_EQ(external.diagnostics.rfind("t.xml:1:1: error: DOCTYPE", 0), 0u) << external.diagnostics;
}

TEST(ReaderTest, WellFormednessErrorsSayWhereAndWhat) {
  EXPECT_EQ(Parse("<issue>\n  <page>\n  </issue>\n").diagnostics,
            "t.xml:3:3: error: the end tag </issue> does not match <page> (line 2, column 3)\n"
            "    </issue>\n"
            "    ^\n");
  EXPECT_EQ(Parse("<issue>\n  <page>").diagnostics,
            "t.xml:2:3: error: <page> is not closed: the file ends before </page>; is it cut "
            "short?\n"
            "    <page>\n"
            "    ^\n");
  EXPECT_EQ(Parse("<issue a=\"1\" a=\"2\"/>").diagnostics,
            "t.xml:1:14: error: the attribute 'a' is given twice on <issue>\n"
            "  <issue a=\"1\" a=\"2\"/>\n"
            "               ^\n");
  EXPECT_EQ(Parse("<issue/>\n<issue/>").diagnostics.rfind(
                "t.xml:2:1: error: a second root element <issue>; everything belongs inside "
                "<issue>\n",
                0),
            0u);
  EXPECT_EQ(Parse("<issue>1 < 2</issue>").diagnostics.rfind(
                "t.xml:1:10: error: a '<' that starts no tag; write &lt; for a '<' in text\n", 0),
            0u);
}

TEST(ReaderTest, DeepNestingIsRefusedAtOnce) {
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<p>";
  Parsed p = Parse(Source(nested));
  EXPECT_FALSE(p.issue);
  EXPECT_EQ(p.diagnostics,
            "t.xml:9:193: error: elements are nested more than 64 deep here; an issue source "
            "needs fewer than 10 levels\n");
}

TEST(ReaderTest, HugeValuesAreCutInMessagesAndLines) {
  std::string text = Source();
  text.replace(text.find("id=\"t-1\""), 8, "id=\"" + std::string(1 << 20, 'x') + "!\"");
  Parsed p = Parse(text);
  EXPECT_EQ(p.diagnostics,
            "t.xml:2:8: error: issue id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' must be ASCII "
            "letters, digits, '-', '_' or '.' (it names the output files)\n"
            "  <issue id=\"" + std::string(149, 'x') + " …\n"
            "         ^\n");
}

TEST(ReaderTest, ErrorsStopAfterFifty) {
  std::string body;
  for (int i = 0; i < 80; ++i) body += "<x/>";
  Parsed p = Parse(Source(body));
  size_t errors = 0;
  for (size_t pos = 0; (pos = p.diagnostics.find(": error: ", pos)) != std::string::npos; ++pos) {
    ++errors;
  }
  EXPECT_EQ(errors, 50u);
  EXPECT_NE(p.diagnostics.find("t.xml: note: more errors follow; only the first 50 are shown\n"),
            std::string::npos);
}

TEST(ReaderTest, DatesMustBeStrictlyIso) {
  for (const char* date : {"+202-+1-+1", "2020- 1-01", "2020-1-1", "20201230"}) {
    Parsed p = Parse(Source("<p>甲</p>", std::string("<date>") + date + "</date>"));
    EXPECT_NE(p.diagnostics.find("error: <date> must be an ISO date like 2020-12-30"),
              std::string::npos)
        << date << "\n"
        << p.diagnostics;
  }
  EXPECT_NE(Parse(Source("<p>甲</p>", "<date>0000-01-01</date>")).diagnostics.find(
                "the date 0000-01-01 does not exist"),
            std::string::npos);
}

TEST(ReaderTest, IndentMustBeAFiniteNumber) {
  std::string text = Source();
  text.replace(text.find("<article id=\"a\""), 15, "<article id=\"a\" indent=\"nan\"");
  EXPECT_NE(Parse(text).diagnostics.find("error: indent must be a number of ems from 0 to 10, "
                                         "not 'nan'"),
            std::string::npos);
}

TEST(ReaderTest, TheSampleIssueReadsWithEveryPart) {
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(
      std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/cena-2020-12-30/issue.xml", diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  EXPECT_EQ(issue->publication.cn_number, "CN 11-0005");
  EXPECT_EQ(issue->publication.postal_code, "1-29");
  EXPECT_EQ(issue->publication.brand, "赛迪出版物");
  EXPECT_EQ(Furniture(*issue).IssueNumbers(), "第95期（总第4410期）");
  EXPECT_EQ(Furniture(*issue).PageCount(), "今日8版");
  ASSERT_EQ(issue->pages.size(), 1u);
  ASSERT_EQ(issue->pages[0].articles.size(), 3u);
  EXPECT_EQ(issue->pages[0].articles[0].continues_on_page, 4);
  EXPECT_EQ(PlainText(issue->pages[0].articles[1].kicker), "社论");
  // The paragraphs cut by the printed page's columns are whole again.
  std::string all = SourceText(*issue);
  for (const char* joined : {"强国的排头兵和第一方阵", "要突出抓好五个方面任务",
                             "全面贯彻党的十九大", "极为重要", "工业和信息化系统抗击"}) {
    EXPECT_NE(all.find(joined), std::string::npos) << joined;
  }
}

}  // namespace
}  // namespace paiban
