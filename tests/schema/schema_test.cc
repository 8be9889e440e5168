// The RELAX NG schema of the issue source, docs/issue.rng, checked with xmllint: every issue in
// issue-sources/ and the example of docs/issue-format.md are valid, small variations that the
// format allows are valid, and small variations that it forbids are rejected for the right reason.
//
// xmllint (Debian package libxml2-utils) is required: without it every test fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const fs::path kSourceDir = PAIBAN_SOURCE_DIR;
const fs::path kSchema = kSourceDir / "docs" / "issue.rng";

// xmllint's exit status when the document is well-formed but does not validate (it is 5 when the
// schema itself does not compile, 1 when the document is not well-formed).
constexpr int kXmllintInvalid = 3;

// A small complete issue; the cases below change one part of it.
const std::string kMinimal =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<issue id=\"t-1\">\n"
    "  <publication><name>报</name></publication>\n"
    "  <date weekday=\"星期三\">2020-12-30</date>\n"
    "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n"
    "  <page number=\"1\">\n"
    "    <article id=\"a\">\n"
    "      <headline>标题</headline>\n"
    "      <body><p>正文。</p></body>\n"
    "    </article>\n"
    "  </page>\n"
    "</issue>\n";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool XmllintFound() { return RunCommand("command -v xmllint").status == 0; }

struct Validation {
  int status = -1;
  std::string output;
};

// xmllint's verdict on `file`, its messages with the file's path shortened to its name
// ("issue.xml:9: element p: Relax-NG validity error : ...").
Validation Validate(const fs::path& file, const fs::path& schema = kSchema) {
  auto result = RunCommand("xmllint --noout --relaxng " + Quote(schema.string()) + " " +
                           Quote(file.string()));
  std::string output = result.output;
  const std::string path = file.string(), name = file.filename().string();
  for (size_t at = output.find(path); at != std::string::npos; at = output.find(path, at)) {
    output.replace(at, path.size(), name);
    at += name.size();
  }
  return {result.status, output};
}

// A fresh folder for one test's files.
fs::path TempDir(const std::string& name) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "schema-test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(XmllintFound())
        << "xmllint is not installed: the schema tests need it. Install the Debian package "
           "libxml2-utils (apt-get install libxml2-utils).";
    ASSERT_TRUE(fs::exists(kSchema)) << kSchema << " is missing";
  }
};

TEST_F(SchemaTest, EveryIssueSourceIsValid) {
  std::vector<fs::path> sources;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "issue-sources")) {
    fs::path issue = entry.path() / "issue.xml";
    if (entry.is_directory() && fs::exists(issue)) sources.push_back(issue);
  }
  std::sort(sources.begin(), sources.end());
  ASSERT_FALSE(sources.empty()) << "no issue-sources/*/issue.xml found";
  for (const fs::path& source : sources) {
    Validation v = Validate(source);
    EXPECT_EQ(v.status, 0) << source << " does not validate against docs/issue.rng:\n" << v.output;
  }
}

// Page templates (docs/template.rng): every template in issue-sources/templates/ is valid, and
// the schema refuses what the reader refuses in form.
TEST_F(SchemaTest, EveryTemplateIsValidAndBadOnesAreNot) {
  const fs::path schema = kSourceDir / "docs" / "template.rng";
  std::vector<fs::path> templates;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "issue-sources" / "templates")) {
    if (entry.path().extension() == ".xml") templates.push_back(entry.path());
  }
  ASSERT_FALSE(templates.empty()) << "no issue-sources/templates/*.xml found";
  for (const fs::path& t : templates) {
    Validation v = Validate(t, schema);
    EXPECT_EQ(v.status, 0) << t << " does not validate against docs/template.rng:\n" << v.output;
  }
  fs::path dir = TempDir("templates");
  const std::pair<const char*, const char*> bad[] = {
      {"unit", "<template><page-size width=\"265\" height=\"380mm\"/></template>"},
      {"element", "<template><paper width=\"265mm\"/></template>"},
      {"size", "<template><grid body-size=\"大五\"/></template>"},
      {"marks", "<template><print marks=\"yes\"/></template>"},
      {"text", "<template>A4</template>"}};
  for (const auto& [name, text] : bad) {
    std::ofstream(dir / (std::string(name) + ".xml")) << text;
    EXPECT_NE(Validate(dir / (std::string(name) + ".xml"), schema).status, 0) << name;
  }
  std::ofstream(dir / "good.xml") << "<template name=\"good\"><grid body-size=\"五号\" "
                                     "columns=\"6\"/><print bleed=\"3mm\" marks=\"on\"/></template>";
  EXPECT_EQ(Validate(dir / "good.xml", schema).status, 0) << Validate(dir / "good.xml", schema).output;
}

TEST_F(SchemaTest, TheFormatDocumentsExampleIsValid) {
  // The first ```xml block after "## Example" in docs/issue-format.md.
  std::istringstream doc(ReadFile(kSourceDir / "docs" / "issue-format.md"));
  std::string line, example;
  bool in_section = false, in_block = false;
  while (std::getline(doc, line)) {
    if (line.rfind("## Example", 0) == 0) in_section = true;
    if (in_section && !in_block && line == "```xml") {
      in_block = true;
    } else if (in_block && line == "```") {
      break;
    } else if (in_block) {
      example += line + "\n";
    }
  }
  ASSERT_NE(example.find("<issue"), std::string::npos)
      << "no ```xml example under \"## Example\" in docs/issue-format.md";
  fs::path file = TempDir("example") / "issue.xml";
  WriteFile(file, example);
  Validation v = Validate(file);
  EXPECT_EQ(v.status, 0) << "the example of docs/issue-format.md does not validate:\n" << v.output;
}

// One variation of kMinimal: `from` (which must occur in it) replaced by `to`.
struct Case {
  const char* name;
  const char* from;
  const char* to;
  // For a rejected case: text xmllint's messages must contain, so that the file is rejected for
  // the reason the case is about: "element NAME:" (where libxml2 reports the error), "attribute
  // NAME" ("Invalid attribute NAME for element ..."), or the refused value. Empty for a case
  // that must validate.
  const char* reason;
};

std::string Apply(const Case& c) {
  std::string text = kMinimal;
  size_t at = text.find(c.from);
  if (at == std::string::npos) return "";
  return text.replace(at, std::string(c.from).size(), c.to);
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class SchemaCaseTest : public SchemaTest, public ::testing::WithParamInterface<Case> {};

TEST_P(SchemaCaseTest, Validates) {
  const Case& c = GetParam();
  std::string text = Apply(c);
  ASSERT_FALSE(text.empty()) << "'" << c.from << "' does not occur in the minimal issue";
  fs::path file = TempDir(c.name) / "issue.xml";
  WriteFile(file, text);
  Validation v = Validate(file);
  if (std::string(c.reason).empty()) {
    EXPECT_EQ(v.status, 0) << c.name << ": the schema should accept\n" << text << v.output;
  } else {
    EXPECT_EQ(v.status, kXmllintInvalid)
        << c.name << ": the schema should reject (xmllint exit status 3)\n"
        << text << v.output;
    EXPECT_NE(v.output.find(c.reason), std::string::npos)
        << c.name << ": rejected, but the errors do not mention '" << c.reason << "'\n"
        << v.output;
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

// What the format allows beyond the minimal issue.
const Case kValid[] = {
    {"Minimal", "", "", ""},
    {"IssueChildrenInAnyOrder",
     "  <publication><name>报</name></publication>\n"
     "  <date weekday=\"星期三\">2020-12-30</date>\n"
     "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n",
     "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n"
     "  <date weekday=\"星期三\">2020-12-30</date>\n"
     "  <publication><name>报</name></publication>\n",
     ""},
    {"ArticlePartsInAnyOrder", "<headline>标题</headline>\n      <body><p>正文。</p></body>",
     "<continues page=\"3\"/><body><p>正文。</p></body><subheadline>副题</subheadline>"
     "<headline>标题</headline><kicker>引题</kicker>",
     ""},
    {"HeadlineWithTagAndPreferredBreak", "<headline>标题</headline>",
     "<kicker><tag>数字中国</tag></kicker><headline>加快建设<wbr/>现代化产业体系<tag>（上）</tag>"
     "</headline>",
     ""},
    {"PreferredBreakInAParagraph", "<p>正文。</p>", "<p>正文<wbr/>。</p>", ""},
    {"DateWithWhiteSpaceAround", "<date weekday=\"星期三\">2020-12-30</date>",
     "<date>\n    2020-12-30\n  </date>", ""},
    {"LeapDay", "<date weekday=\"星期三\">2020-12-30</date>", "<date>2020-02-29</date>", ""},
    {"EveryTypographySetting", "<issue id=\"t-1\">",
     "<issue id=\"t-1\" lang=\"ja\" writing-mode=\"vertical\" kinsoku=\"very-strict\" "
     "punctuation=\"japanese\" cjk-latin-space=\"off\" tate-chu-yoko=\"off\" indent=\"1\" "
     "grid=\"on\">",
     ""},
    {"FontFamiliesPerRole", "<page number=\"1\">\n    <article id=\"a\">",
     "<page number=\"1\" font-headline=\"Noto Sans CJK SC\">\n"
     "    <article id=\"a\" font-body=\"AR PL UKai CN\" font-kai=\"Noto Serif CJK SC\" "
     "font-sans=\"Noto Sans CJK SC\" columns=\"2-5\" rows=\"40\">",
     ""},
    {"LinksAndNoBreakGroups", "<p>正文。</p>",
     "<p>见<a href=\"https://www.miit.gov.cn/zwgk/?a=1&amp;b=2\">网站</a>，"
     "<a href=\"mailto:news@example.cn\">来信</a>，<nobr>5G基站</nobr>。</p>",
     ""},
    {"Ruby", "<p>正文。</p>", "<p>举头望<ruby>明月<rt>míngyuè</rt></ruby>。</p>", ""},
    {"EarArticle", "<article id=\"a\">", "<article id=\"a\" place=\"ear\">", ""},
    {"PageAndArticleSettings", "<page number=\"1\">\n    <article id=\"a\">",
     "<page number=\"1\" section=\"要闻\" writing-mode=\"vertical\" kinsoku=\"gb\" "
     "tate-chu-yoko=\"3\" indent=\"0\">\n"
     "    <article id=\"a\" kind=\"photo-story\" punctuation=\"taiwan\" indent=\".5\" "
     "cjk-latin-space=\"on\">",
     ""},
    {"IssueIdWithDotsAndLeadingDigit", "id=\"t-1\"", "id=\"2020.12_30-a\"", ""},
    {"InlineMarkup", "<p>正文。</p>",
     "<p><dateline>本报讯</dateline> <byline>记者</byline>：<em>强调</em><tcy>AI</tcy><br/>正文</p>"
     "<subhead><em>小标题</em></subhead>",
     ""},
    {"Figure", "<p>正文。</p>",
     "<p>正文。</p><figure src=\"photos/a.jpg\" alt=\"会场\"><credit>本报记者 摄</credit>"
     "<caption>会议现场。</caption></figure><figure src=\"b.PNG\" alt=\"\"/>",
     ""},
    {"EveryBlock", "<p>正文。</p>",
     "<p>正文。</p><subhead>小标题</subhead><list><item>条目</item></list>"
     "<sidebar><title>框题</title><p>框内</p><list><item>框内条目</item></list>"
     "<signature><line>署名</line></signature></sidebar>"
     "<signature><line>工业和信息化部</line><line>2020年12月22日</line></signature>",
     ""},
    {"EveryPublicationFieldAnyOrder", "<publication><name>报</name></publication>",
     "<publication><url>http://example.com</url><sponsor>甲</sponsor><name>报</name>"
     "<sponsor>乙</sponsor><supervisor>部</supervisor><publisher>社</publisher><cn>CN 11-0005</cn>"
     "<issn>1234-5678</issn><postal-code>1-29</postal-code><brand>品牌</brand></publication>",
     ""},
    {"SecondArticle", "    </article>\n",
     "    </article>\n    <article id=\"b\"><headline>二</headline><body><p>二</p></body>"
     "</article>\n",
     ""},  // the control of DuplicateArticleId
    {"PagesAmongOtherChildren", "<numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>",
     "<page number=\"2\"><article id=\"b\"><headline>二</headline><body><p>二</p></body>"
     "</article></page>\n  <numbering issue=\"1\" cumulative=\"0010\" pages=\"4\"/>",
     ""},
};
INSTANTIATE_TEST_SUITE_P(Allowed, SchemaCaseTest, ::testing::ValuesIn(kValid), CaseName);

// What the format forbids; each must be rejected, and the errors must name the culprit.
const Case kInvalid[] = {
    {"UnknownElement", "<p>正文。</p>", "<p>正文。</p><table/>", "element table:"},
    {"UnknownAttribute", "<page number=\"1\">", "<page number=\"1\" colour=\"red\">",
     "attribute colour"},
    {"UnknownAttributeOnInline", "<p>正文。</p>", "<p><em class=\"x\">正文</em></p>",
     "attribute class"},
    {"BadKinsokuValue", "<issue id=\"t-1\">", "<issue id=\"t-1\" kinsoku=\"tight\">",
     "attribute kinsoku"},
    {"FontFamilyList", "<issue id=\"t-1\">",
     "<issue id=\"t-1\" font-body=\"Noto Serif CJK SC,DejaVu Serif\">", "attribute font-body"},
    {"FontFamilyWithSize", "<issue id=\"t-1\">",
     "<issue id=\"t-1\" font-sans=\"Noto Sans CJK SC-12\">", "attribute font-sans"},
    {"LinkWithoutAddress", "<p>正文。</p>", "<p><a>网站</a></p>", "element a"},
    {"LinkToFtp", "<p>正文。</p>", "<p><a href=\"ftp://example.cn/\">网站</a></p>",
     "Element a failed to validate attributes"},
    {"MastheadUrlWithoutScheme", "<publication><name>报</name></publication>",
     "<publication><name>报</name><url>www.cena.com.cn</url></publication>", "element url"},
    {"MastheadUrlMailto", "<publication><name>报</name></publication>",
     "<publication><name>报</name><url>mailto:a@example.cn</url></publication>", "element url"},
    {"IssueIdTooLong", "<issue id=\"t-1\">", "<issue id=\"t-111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\">",
     "Element issue failed to validate attributes"},
    {"ArticleIdTooLong", "<article id=\"a\">", "<article id=\"abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\">",
     "Element article failed to validate attributes"},
    {"TagInAParagraph", "<p>正文。</p>", "<p><tag>栏目</tag>正文。</p>", "tag"},
    {"EmptyTag", "<headline>标题</headline>", "<headline>标题<tag/></headline>", "tag"},
    {"PreferredBreakWithText", "<headline>标题</headline>", "<headline>标<wbr>x</wbr>题</headline>",
     "wbr"},
    {"MarkupInsideNoBreak", "<p>正文。</p>", "<p><nobr>不可<em>断</em></nobr></p>", "nobr"},
    {"RubyWithoutAnnotation", "<p>正文。</p>", "<p><ruby>明月</ruby></p>", "ruby"},
    {"ColumnsNotARange", "<article id=\"a\">", "<article id=\"a\" columns=\"2-\">",
     "attribute columns"},
    {"UnknownPlace", "<article id=\"a\">", "<article id=\"a\" place=\"eye\">",
     "attribute place"},
    {"KinsokuValueWithSpace", "<issue id=\"t-1\">", "<issue id=\"t-1\" kinsoku=\" gb\">",
     "attribute kinsoku"},
    {"MissingHeadline", "<headline>标题</headline>", "", "element headline"},
    {"BlankHeadline", "<headline>标题</headline>", "<headline>  </headline>", "element headline:"},
    {"BadDateFormat", "2020-12-30", "2020/12/30", "2020/12/30"},
    {"DateThatDoesNotExist", "2020-12-30", "2021-02-29", "2021-02-29"},
    {"DateWithTimeZone", "2020-12-30", "2020-12-30Z", "element date:"},
    {"UnknownWeekday", "weekday=\"星期三\"", "weekday=\"Wednesday\"", "attribute weekday"},
    {"TextInNumbering", "pages=\"4\"/>", "pages=\"4\">今日4版</numbering>", "element numbering:"},
    {"NumberingZero", "pages=\"4\"", "pages=\"0\"", "element numbering:"},
    {"NumberingSigned", "issue=\"1\"", "issue=\"+1\"", "element numbering:"},
    {"NumberingMissingAttribute", " cumulative=\"2\"", "", "element numbering:"},
    {"PageNumberNotANumber", "<page number=\"1\">", "<page number=\"一\">", "element page:"},
    {"MissingPublication", "<publication><name>报</name></publication>", "", "element publication"},
    {"MissingPublicationName", "<name>报</name>", "<publisher>社</publisher>", "element name"},
    {"MarkupInPublicationField", "<name>报</name>", "<name>中国<em>电子</em>报</name>",
     "element name:"},
    {"SecondDate", "<numbering ", "<date>2020-12-31</date>\n  <numbering ", "element date"},
    {"NoPage",
     "  <page number=\"1\">\n    <article id=\"a\">\n      <headline>标题</headline>\n"
     "      <body><p>正文。</p></body>\n    </article>\n  </page>\n",
     "", "element page"},
    {"BadLang", "<issue id=\"t-1\">", "<issue id=\"t-1\" lang=\"en\">", "attribute lang"},
    {"BadWritingMode", "<issue id=\"t-1\">", "<issue id=\"t-1\" writing-mode=\"diagonal\">",
     "attribute writing-mode"},
    {"BadTateChuYoko", "<page number=\"1\">", "<page number=\"1\" tate-chu-yoko=\"4\">",
     "attribute tate-chu-yoko"},
    {"IndentAboveTen", "<article id=\"a\">", "<article id=\"a\" indent=\"10.5\">",
     "attribute indent"},
    {"IndentExponent", "<article id=\"a\">", "<article id=\"a\" indent=\"1e0\">",
     "attribute indent"},
    {"GridYes", "<article id=\"a\">", "<article id=\"a\" grid=\"yes\">", "attribute grid"},
    {"BadArticleKind", "<article id=\"a\">", "<article id=\"a\" kind=\"opinion\">",
     "attribute kind"},
    {"IssueIdWithSpace", "id=\"t-1\"", "id=\"t 1\"", "issue.xml:2: element issue:"},
    {"IssueIdStartingWithDot", "id=\"t-1\"", "id=\".t\"", "issue.xml:2: element issue:"},
    {"ArticleIdStartingWithDigit", "<article id=\"a\">", "<article id=\"1a\">", "element article:"},
    {"DuplicateArticleId", "    </article>\n",
     "    </article>\n    <article id=\"a\"><headline>二</headline><body><p>二</p></body>"
     "</article>\n",
     "issue.xml:11: element article:"},
    {"MissingBody", "<body><p>正文。</p></body>", "", "element body"},
    {"EmptyBody", "<body><p>正文。</p></body>", "<body/>", "element body:"},
    {"BlankParagraph", "<p>正文。</p>", "<p>正文。</p><p> </p>", "element p:"},
    {"TextBetweenBlocks", "<p>正文。</p>", "<p>正文。</p>漏掉的字", "element body:"},
    {"EmptyList", "<p>正文。</p>", "<list/>", "element list:"},
    {"FigureWithoutAlt", "<p>正文。</p>", "<figure src=\"a.jpg\"/>", "element figure:"},
    {"FigureAbsolutePath", "<p>正文。</p>", "<figure src=\"/a.jpg\" alt=\"图\"/>",
     "element figure:"},
    {"FigureGif", "<p>正文。</p>", "<figure src=\"a.gif\" alt=\"图\"/>", "element figure:"},
    {"FigureInSidebar", "<p>正文。</p>",
     "<sidebar><figure src=\"a.jpg\" alt=\"图\"/><p>框</p></sidebar>", "element figure:"},
    {"SidebarInSidebar", "<p>正文。</p>", "<sidebar><sidebar><p>框</p></sidebar></sidebar>",
     "element sidebar:"},
    {"SidebarOnlyTitle", "<p>正文。</p>", "<sidebar><title>框题</title></sidebar>",
     "element sidebar:"},
    {"TitleOutsideSidebar", "<p>正文。</p>", "<title>框题</title><p>正文。</p>", "element title:"},
    {"MarkupInsideEm", "<p>正文。</p>", "<p><em>强<tcy>AI</tcy></em></p>", "element tcy:"},
    {"TextInBr", "<headline>标题</headline>", "<headline>标<br>x</br>题</headline>", "element br:"},
    {"ContinuesWithoutPage", "<body><p>正文。</p></body>", "<body><p>正文。</p></body><continues/>",
     "element continues:"},
};
INSTANTIATE_TEST_SUITE_P(Forbidden, SchemaCaseTest, ::testing::ValuesIn(kInvalid), CaseName);

}  // namespace
}  // namespace paiban
