#include "output/epub/epub_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "model/furniture.h"
#include "model/text.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// A small but complete issue

Inline Run(Inline::Kind kind, std::string text) { return Inline{kind, std::move(text), {}, {}, {}}; }
Inline Text(std::string text) { return Run(Inline::Kind::kText, std::move(text)); }
Inline LineBreak() { return Run(Inline::Kind::kLineBreak, ""); }

Block MakeBlock(Block::Kind kind, Inlines inlines, std::vector<Block> children = {}) {
  Block block;
  block.kind = kind;
  block.inlines = std::move(inlines);
  block.children = std::move(children);
  return block;
}
Block Paragraph(std::string text) { return MakeBlock(Block::Kind::kParagraph, {Text(text)}); }
Block Item(std::string text) { return MakeBlock(Block::Kind::kListItem, {Text(text)}); }

constexpr char kScript[] = "<script>alert(1)</script> & \"q\"";
constexpr char kScriptEscaped[] = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;";

Issue SampleIssue() {
  Issue issue;
  issue.id = "cena-2020-12-30";
  issue.publication = {"中国电子报",   "工业和信息化部",  {"中国电子信息产业发展研究院"},
                       "中国电子报社", "CN 11-0005",      "",
                       "1-42",         "www.cena.com.cn", "赛迪出版物"};
  issue.date = {2020, 12, 30};
  issue.issue_number = 95;
  issue.cumulative_number = 4410;
  issue.page_count = 8;

  Article a1;
  a1.id = "a1";
  a1.kicker = {Text("聚焦产业新发展")};
  a1.headline = {Text("集成电路产业"), LineBreak(), Text("迈向高质量发展")};
  a1.subheadline = {Text("——2020年产业回顾")};
  a1.blocks.push_back(MakeBlock(
      Block::Kind::kParagraph,
      {Run(Inline::Kind::kDateline, "本报讯"), Run(Inline::Kind::kByline, "记者胡春民报道"),
       Text("　2020年，我国集成电路产业销售额突破8000亿元，"),
       Run(Inline::Kind::kEmphasis, "同比增长17%"), Text("。")}));
  a1.blocks.push_back(MakeBlock(Block::Kind::kSubhead, {Text("一、产能持续扩张")}));
  a1.blocks.push_back(
      MakeBlock(Block::Kind::kList, {},
                {Item("12英寸晶圆产能提升"), Item("先进封装快速发展"), Item("设计业占比超过40%")}));
  a1.blocks.push_back(Paragraph("展望明年，产业将保持增长态势。"));
  a1.blocks.push_back(MakeBlock(Block::Kind::kParagraph,
                                {Text("人工智能（"), Run(Inline::Kind::kTcy, "AI"), Text("）芯片")}));
  a1.continues_on_page = 4;

  Article a2;
  a2.id = "a2";
  a2.kind = ArticleKind::kEditorial;
  a2.kicker = {Text("社论")};
  a2.headline = {Text("以创新驱动发展")};
  a2.blocks.push_back(Paragraph("科技自立自强是国家发展的战略支撑。"));
  a2.blocks.push_back(Paragraph(std::string("有读者来信写道：") + kScript + "，我们照登。"));
  a2.blocks.push_back(
      MakeBlock(Block::Kind::kSignature, {},
                {MakeBlock(Block::Kind::kSignatureLine, {Text("本报编辑部")}),
                 MakeBlock(Block::Kind::kSignatureLine, {Text("2020年12月29日")})}));

  Article a3;
  a3.id = "a3";
  a3.headline = {Text("5G基站建设提速")};
  a3.blocks.push_back(Paragraph("截至11月底，全国已开通5G基站71.8万个。"));
  a3.blocks.push_back(
      MakeBlock(Block::Kind::kSidebar, {Text("链接")},
                {Paragraph("5G是第五代移动通信技术。"),
                 MakeBlock(Block::Kind::kList, {}, {Item("峰值速率高"), Item("时延低")})}));
  a3.blocks.push_back(Paragraph("运营商将继续加大投入。"));

  issue.pages.push_back(Page{1, "要闻", {a1, a2}, {}, {}, {}, {}});
  issue.pages.push_back(Page{2, "综合", {a3}, {}, {}, {}, {}});
  return issue;
}

// Article a3 starts on page 2 and continues on page 3, where nothing else starts.
std::vector<PageMapEntry> SamplePageMap() {
  return {{"a1", 0, 1, {}}, {"a2", 0, 1, {}}, {"a3", 0, 2, {}}, {"a3", 1, 3, {}}};
}

constexpr int64_t kEpoch = 1609286400;  // 2020-12-30T00:00:00Z

// A real PNG of 3 × 4 red pixels, standing in for the cover that output/png paints.
const std::string kCoverPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x03\x00"
    "\x00\x00\x04\x08\x02\x00\x00\x00\xc4\x4f\x12\x50\x00\x00\x00\x10\x49\x44\x41\x54\x78"
    "\xda\x63\xf8\xcf\xc0\x00\x41\x0c\x78\x59\x00\xfb\x2c\x0b\xf5\x16\xbe\x10\xb4\x00\x00"
    "\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    73);

// ---------------------------------------------------------------------------------------------
// Helpers

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "epub_writer_test.XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

uint32_t LittleEndian(const std::string& bytes, size_t offset, int size) {
  uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(offset + static_cast<size_t>(i)));
  }
  return value;
}

struct CentralEntry {
  std::string name;
  uint32_t method = 0;
};

// The entries of the zip's central directory, in order.
std::vector<CentralEntry> CentralDirectory(const std::string& zip) {
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return {};
  uint32_t count = LittleEndian(zip, eocd + 10, 2);
  size_t offset = LittleEndian(zip, eocd + 16, 4);
  std::vector<CentralEntry> entries;
  for (uint32_t i = 0; i < count; ++i) {
    if (zip.compare(offset, 4, "PK\x01\x02", 4) != 0) return {};
    size_t name_length = LittleEndian(zip, offset + 28, 2);
    size_t extra_length = LittleEndian(zip, offset + 30, 2);
    size_t comment_length = LittleEndian(zip, offset + 32, 2);
    entries.push_back({zip.substr(offset + 46, name_length), LittleEndian(zip, offset + 10, 2)});
    offset += 46 + name_length + extra_length + comment_length;
  }
  return entries;
}

const EpubFile* FindFile(const std::vector<EpubFile>& files, const std::string& name) {
  for (const EpubFile& file : files) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

std::string FileData(const std::vector<EpubFile>& files, const std::string& name) {
  const EpubFile* file = FindFile(files, name);
  return file == nullptr ? std::string() : file->data;
}

// The text content of an XHTML document's body: tags dropped, character references decoded.
std::string BodyText(const std::string& xhtml) {
  size_t begin = xhtml.find("<body");
  size_t end = xhtml.rfind("</body>");
  if (begin == std::string::npos || end == std::string::npos) return {};
  std::string text;
  for (size_t i = begin; i < end;) {
    if (xhtml[i] == '<') {
      i = xhtml.find('>', i) + 1;
    } else if (xhtml[i] == '&') {
      size_t semicolon = xhtml.find(';', i);
      std::string name = xhtml.substr(i + 1, semicolon - i - 1);
      if (name == "amp") text += '&';
      if (name == "lt") text += '<';
      if (name == "gt") text += '>';
      if (name == "quot") text += '"';
      if (name == "apos") text += '\'';
      if (name.size() > 1 && name[0] == '#') {
        bool hex = name[1] == 'x';
        text += EncodeUtf8(
            static_cast<char32_t>(std::stoul(name.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10)));
      }
      i = semicolon + 1;
    } else {
      text += xhtml[i++];
    }
  }
  return text;
}

std::u32string Ink(const std::string& text) {
  std::u32string ink;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsInkCharacter(cp)) ink.push_back(cp);
  }
  return ink;
}

void CollectInlines(const Inlines& inlines, std::vector<std::string>& out) {
  for (const Inline& in : inlines) out.push_back(in.text);
}

void CollectBlock(const Block& block, std::vector<std::string>& out) {
  CollectInlines(block.inlines, out);
  for (const Block& child : block.children) CollectBlock(child, out);
}

// Every string of the model, in reading order.
std::vector<std::string> ModelStrings(const Issue& issue) {
  const Publication& pub = issue.publication;
  std::vector<std::string> out = {pub.name, pub.supervisor};
  out.insert(out.end(), pub.sponsors.begin(), pub.sponsors.end());
  for (const std::string& s :
       {pub.publisher, pub.cn_number, pub.issn, pub.postal_code, pub.url, pub.brand}) {
    out.push_back(s);
  }
  for (const Page& page : issue.pages) {
    for (const Article& article : page.articles) {
      CollectInlines(article.kicker, out);
      CollectInlines(article.headline, out);
      CollectInlines(article.subheadline, out);
      for (const Block& block : article.blocks) CollectBlock(block, out);
    }
  }
  return out;
}

// The hrefs of the spine's documents, in spine order, read from the package document.
std::vector<std::string> SpineHrefs(const std::string& opf) {
  std::map<std::string, std::string> href_by_id;
  std::regex item(R"re(<item id="([^"]+)" href="([^"]+)")re");
  for (auto it = std::sregex_iterator(opf.begin(), opf.end(), item); it != std::sregex_iterator();
       ++it) {
    href_by_id[(*it)[1]] = (*it)[2];
  }
  std::vector<std::string> hrefs;
  std::regex itemref(R"re(<itemref idref="([^"]+)")re");
  for (auto it = std::sregex_iterator(opf.begin(), opf.end(), itemref);
       it != std::sregex_iterator(); ++it) {
    hrefs.push_back(href_by_id[(*it)[1]]);
  }
  return hrefs;
}

int CountOf(const std::string& haystack, const std::string& needle) {
  int count = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

struct CommandResult {
  int exit_status = -1;
  std::string output;
};

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

constexpr char kEpubcheckJar[] = "/usr/bin/epubcheck";

// Runs epubcheck and fails the test (never skips it) when epubcheck cannot run or complains.
void ExpectEpubcheckPasses(const fs::path& epub) {
  ASSERT_EQ(RunCommand("command -v java").exit_status, 0)
      << "java is not installed, so epubcheck cannot run (apt-get install -y epubcheck)";
  ASSERT_TRUE(fs::exists(kEpubcheckJar))
      << kEpubcheckJar << " is missing (apt-get install -y epubcheck)";
  CommandResult result =
      RunCommand(std::string("java -jar ") + kEpubcheckJar + " '" + epub.string() + "'");
  EXPECT_EQ(result.exit_status, 0) << result.output;
  EXPECT_EQ(result.output.find("ERROR"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("WARNING"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("FATAL"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("No errors or warnings detected"), std::string::npos)
      << result.output;
}

class EpubWriterTest : public ::testing::Test {
 protected:
  EpubWriterTest() : issue_(SampleIssue()), page_map_(SamplePageMap()) {}

  EpubOptions Options(const std::string& name) const {
    EpubOptions options;
    options.path = (dir_.path() / name).string();
    options.modified_epoch = kEpoch;
    return options;
  }

  std::vector<EpubFile> Files(std::optional<WritingMode> mode = std::nullopt) const {
    EpubOptions options = Options("unused.epub");
    options.writing_mode = mode;
    return BuildEpubFiles({issue_, page_map_, cover_}, options);
  }

  // Writes the sample issue and returns the file's path; fails the test on a diagnostic.
  fs::path Write(const std::string& name, std::optional<WritingMode> mode = std::nullopt) {
    EpubOptions options = Options(name);
    options.writing_mode = mode;
    Diagnostics diagnostics;
    std::string epub;
    EXPECT_TRUE(WriteEpub({issue_, page_map_, cover_}, options, epub, diagnostics))
        << diagnostics.Format();
    EXPECT_FALSE(diagnostics.HasErrors()) << diagnostics.Format();
    std::ofstream(options.path, std::ios::binary) << epub;
    return options.path;
  }

  TempDir dir_;
  Issue issue_;
  std::vector<PageMapEntry> page_map_;
  std::string cover_;  // none unless a test sets one
};

// ---------------------------------------------------------------------------------------------
// The container

TEST_F(EpubWriterTest, MimetypeIsFirstStoredAndWithoutExtraField) {
  ASSERT_FALSE(dir_.path().empty());
  std::string zip = ReadBytes(Write("issue.epub"));
  ASSERT_GE(zip.size(), 58u);
  EXPECT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(LittleEndian(zip, 8, 2), 0u) << "mimetype must be stored";
  EXPECT_EQ(LittleEndian(zip, 26, 2), 8u);
  EXPECT_EQ(LittleEndian(zip, 28, 2), 0u) << "mimetype must have no extra field";
  EXPECT_EQ(zip.substr(30, 8), "mimetype");
  EXPECT_EQ(zip.substr(38, 20), "application/epub+zip");

  // The archive holds exactly the planned files, in their order, the rest deflated.
  std::vector<EpubFile> files = Files();
  std::vector<CentralEntry> entries = CentralDirectory(zip);
  ASSERT_EQ(entries.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(entries[i].name, files[i].name);
    EXPECT_EQ(entries[i].method, i == 0 ? 0u : 8u) << files[i].name;
  }
}

TEST_F(EpubWriterTest, RebuildIsByteIdenticalInAnyTimeZone) {
  std::string first = ReadBytes(Write("first.epub"));
  std::string old_tz = getenv("TZ") ? getenv("TZ") : "";
  bool had_tz = getenv("TZ") != nullptr;
  setenv("TZ", "Asia/Shanghai", 1);
  tzset();
  std::string second = ReadBytes(Write("second.epub"));
  if (had_tz) {
    setenv("TZ", old_tz.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(first == second) << "two builds of the same issue differ";
}

// ---------------------------------------------------------------------------------------------
// The content

// Regression: the article's paragraph indent from the source (here 0 for poems) reaches the EPUB.
TEST_F(EpubWriterTest, ParagraphIndentFollowsTheSource) {
  issue_.pages[0].typography.indent_em = 0;
  std::string first, other;
  for (const EpubFile& file : Files()) {
    if (file.name.find("article-001") != std::string::npos) first = file.data;
    if (file.name.find("article-003") != std::string::npos) other = file.data;
  }
  ASSERT_FALSE(first.empty());
  EXPECT_NE(first.find("article > p, aside > p { text-indent: 0em; }"), std::string::npos);
  // Page 2's article keeps the stylesheet's 2 em.
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(other.find("text-indent"), std::string::npos);
}

TEST_F(EpubWriterTest, MarkupInTheModelComesOutAsText) {
  std::vector<EpubFile> files = Files();
  bool found = false;
  for (const EpubFile& file : files) {
    EXPECT_EQ(file.data.find("<script"), std::string::npos) << file.name;
    found |= file.data.find(kScriptEscaped) != std::string::npos;
  }
  EXPECT_TRUE(found);
  EXPECT_NE(BodyText(FileData(files, "EPUB/article-002.xhtml")).find(kScript), std::string::npos);
}

TEST_F(EpubWriterTest, EveryCharacterOfTheModelIsInTheText) {
  std::vector<EpubFile> files = Files();
  std::string text;
  std::vector<std::string> spine = SpineHrefs(FileData(files, "EPUB/package.opf"));
  ASSERT_EQ(spine.size(), 5u);  // masthead, navigation (not linear) and three articles
  for (const std::string& href : spine) {
    if (href != "nav.xhtml") text += BodyText(FileData(files, "EPUB/" + href));
  }
  std::u32string book = Ink(text);

  // The model's characters appear in the book's text in reading order (a subsequence).
  size_t at = 0;
  for (const std::string& s : ModelStrings(issue_)) {
    for (char32_t cp : Ink(s)) {
      at = book.find(cp, at);
      ASSERT_NE(at, std::u32string::npos)
          << "missing or out of order: " << EncodeUtf8(cp) << " of \"" << s << '"';
      ++at;
    }
  }
}

TEST_F(EpubWriterTest, GeneratedTextUsesTheModelSpelling) {
  std::vector<EpubFile> files = Files();
  std::string masthead = BodyText(FileData(files, "EPUB/masthead.xhtml"));
  // The furniture's words, as the PDF prints them (model/furniture.h).
  const Furniture words(issue_);
  std::vector<std::string> expected = {words.DateAndWeekday(), words.IssueNumbers(),
                                       words.PageCount()};
  for (const MastheadLine& line : words.MastheadData()) expected.push_back(line.text);
  ASSERT_EQ(expected.size(), 9u);
  EXPECT_EQ(expected[5], "中国电子报社出版");
  for (const std::string& s : expected) {
    EXPECT_NE(masthead.find(s), std::string::npos) << s;
  }
  std::string a1 = FileData(files, "EPUB/article-001.xhtml");
  EXPECT_NE(a1.find("<h1>集成电路产业<br/>迈向高质量发展</h1>"), std::string::npos);
  EXPECT_NE(a1.find("<strong class=\"dateline\">本报讯</strong>"), std::string::npos);
  EXPECT_NE(a1.find("<span class=\"byline\">记者胡春民报道</span>"), std::string::npos);
  EXPECT_NE(a1.find("<h2 class=\"subhead\">一、产能持续扩张</h2>"), std::string::npos);
  EXPECT_NE(a1.find("<li>先进封装快速发展</li>"), std::string::npos);
  EXPECT_NE(a1.find("（下转第4版）"), std::string::npos);
  std::string a2 = FileData(files, "EPUB/article-002.xhtml");
  EXPECT_NE(a2.find("<div class=\"signature\">\n<p>本报编辑部</p>"), std::string::npos);
  EXPECT_EQ(a2.find("下转"), std::string::npos);
  std::string a3 = FileData(files, "EPUB/article-003.xhtml");
  EXPECT_NE(a3.find("<aside class=\"sidebar\">\n<h2 class=\"sidebar-title\">链接</h2>"),
            std::string::npos);
}

TEST_F(EpubWriterTest, EveryDocumentDeclaresItsLanguageTwice) {
  for (const EpubFile& file : Files()) {
    if (!file.name.ends_with(".xhtml")) continue;
    EXPECT_NE(file.data.find("<html xmlns=\"http://www.w3.org/1999/xhtml\""), std::string::npos);
    EXPECT_NE(file.data.find(" lang=\"zh-Hans\" xml:lang=\"zh-Hans\">"), std::string::npos)
        << file.name;
  }
}

TEST_F(EpubWriterTest, PackageMetadata) {
  std::vector<EpubFile> files = Files();
  std::string opf = FileData(files, "EPUB/package.opf");
  std::string uuid = "urn:uuid:" + NameBasedUuid(kUuidNamespaceUrl, "中国电子报/2020-12-30");
  EXPECT_NE(opf.find("version=\"3.0\""), std::string::npos);
  EXPECT_NE(opf.find("<dc:identifier id=\"uid\">" + uuid + "</dc:identifier>"), std::string::npos);
  EXPECT_NE(opf.find(">中国电子报 2020年12月30日 第95期（总第4410期）</dc:title>"), std::string::npos);
  EXPECT_NE(opf.find("<dc:language>zh-Hans</dc:language>"), std::string::npos);
  EXPECT_NE(opf.find("<dc:date>2020-12-30</dc:date>"), std::string::npos);
  EXPECT_NE(opf.find("<dc:publisher>中国电子报社</dc:publisher>"), std::string::npos);
  EXPECT_NE(opf.find("<dc:source id=\"src\">CN 11-0005</dc:source>"), std::string::npos);
  EXPECT_NE(opf.find("<meta refines=\"#src\" property=\"source-of\">pagination</meta>"),
            std::string::npos);
  EXPECT_NE(opf.find("property=\"dcterms:modified\">2020-12-30T00:00:00Z<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"belongs-to-collection\" id=\"collection\">中国电子报<"),
            std::string::npos);
  EXPECT_NE(opf.find("property=\"collection-type\">series<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"group-position\">4410<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"schema:accessibilityFeature\">printPageNumbers<"),
            std::string::npos);
  EXPECT_NE(opf.find("property=\"schema:accessibilityHazard\">none<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA<"),
            std::string::npos);
  EXPECT_NE(opf.find("property=\"a11y:certifiedBy\">"), std::string::npos);
  // The NCX's uid must equal the package identifier.
  EXPECT_NE(
      FileData(files, "EPUB/toc.ncx").find("<meta name=\"dtb:uid\" content=\"" + uuid + "\"/>"),
      std::string::npos);
}

TEST_F(EpubWriterTest, PageBreaksAndPageList) {
  std::vector<EpubFile> files = Files();
  auto marker = [](int page) {
    return "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-" +
           std::to_string(page) + "\" aria-label=\"第" + std::to_string(page) + "版\"></span>";
  };
  auto starts_with_marker = [&](const std::string& name, int page) {
    std::string data = FileData(files, name);
    return data.find("<body epub:type=\"bodymatter\">\n" + marker(page)) != std::string::npos;
  };
  EXPECT_NE(FileData(files, "EPUB/masthead.xhtml").find(marker(1)), std::string::npos);
  // One marker per print page, where the page begins in reading order: page 1 begins at the
  // masthead, so the articles of page 1 carry none (DAISY Ace wants every marker in the page-list).
  EXPECT_EQ(FileData(files, "EPUB/article-001.xhtml").find("pagebreak"), std::string::npos);
  EXPECT_EQ(FileData(files, "EPUB/article-002.xhtml").find("pagebreak"), std::string::npos);
  EXPECT_TRUE(starts_with_marker("EPUB/article-003.xhtml", 2));
  // Page 3 holds only the continuation of a3: its marker ends that article.
  EXPECT_NE(FileData(files, "EPUB/article-003.xhtml").find(marker(3) + "\n</article>"),
            std::string::npos);

  std::string nav = FileData(files, "EPUB/nav.xhtml");
  size_t page_list = nav.find("<nav epub:type=\"page-list\"");
  ASSERT_NE(page_list, std::string::npos);
  std::string list = nav.substr(page_list);
  EXPECT_NE(list.find("<li><a href=\"masthead.xhtml#page-1\">第1版</a></li>\n"
                      "<li><a href=\"article-003.xhtml#page-2\">第2版</a></li>\n"
                      "<li><a href=\"article-003.xhtml#page-3\">第3版</a></li>\n</ol>"),
            std::string::npos)
      << list;
  EXPECT_NE(
      nav.find("<a href=\"masthead.xhtml#page-1\">第1版 要闻</a>\n<ol>\n"
               "<li><a href=\"article-001.xhtml#article-001\">集成电路产业迈向高质量发展</a></li>"),
      std::string::npos)
      << nav;
  EXPECT_NE(nav.find("<a epub:type=\"bodymatter\" href=\"article-001.xhtml#article-001\">"),
            std::string::npos);

  // Every marker of the book is in the page-list, once.
  int markers = 0;
  for (const EpubFile& file : files) markers += CountOf(file.data, "role=\"doc-pagebreak\"");
  EXPECT_EQ(markers, CountOf(list, "<li>"));

  std::string ncx = FileData(files, "EPUB/toc.ncx");
  EXPECT_EQ(CountOf(ncx, "<pageTarget "), 3);
  EXPECT_NE(ncx.find("<content src=\"article-003.xhtml#page-3\"/>"), std::string::npos);
}

// The section of a page is named in the reading text where the page begins, not only in the
// table of contents, which readers do not show as text (pandoc's plain text lacked it).
TEST_F(EpubWriterTest, PageSectionsFollowThePageMarkers) {
  std::vector<EpubFile> files = Files();
  auto marker = [](int page) {
    return "id=\"page-" + std::to_string(page) + "\" aria-label=\"第" + std::to_string(page) +
           "版\"></span>\n";
  };
  EXPECT_NE(FileData(files, "EPUB/masthead.xhtml")
                .find(marker(1) + "<p class=\"page-section\">第1版　要闻</p>\n"),
            std::string::npos);
  EXPECT_NE(FileData(files, "EPUB/article-003.xhtml")
                .find(marker(2) + "<p class=\"page-section\">第2版　综合</p>\n<article"),
            std::string::npos);
  EXPECT_EQ(FileData(files, "EPUB/article-001.xhtml").find("page-section"), std::string::npos);
}

TEST_F(EpubWriterTest, WithoutPageMapTheModelPagesAreUsed) {
  std::vector<PageMapEntry> no_map;
  std::vector<EpubFile> files = BuildEpubFiles({issue_, no_map}, Options("x.epub"));
  std::string nav = FileData(files, "EPUB/nav.xhtml");
  EXPECT_NE(nav.find("<li><a href=\"article-003.xhtml#page-2\">第2版</a></li>\n</ol>"),
            std::string::npos);
  EXPECT_EQ(nav.find("page-3"), std::string::npos);
}

TEST_F(EpubWriterTest, WritingModes) {
  std::vector<EpubFile> horizontal = Files();
  EXPECT_NE(FileData(horizontal, "EPUB/package.opf").find("page-progression-direction=\"ltr\""),
            std::string::npos);
  EXPECT_NE(FileData(horizontal, "EPUB/style.css").find("writing-mode: horizontal-tb"),
            std::string::npos);

  issue_.writing_mode = WritingMode::kVertical;
  std::vector<EpubFile> vertical = Files();
  EXPECT_NE(FileData(vertical, "EPUB/package.opf").find("page-progression-direction=\"rtl\""),
            std::string::npos);
  std::string css = FileData(vertical, "EPUB/style.css");
  for (const char* property : {"\n  writing-mode: vertical-rl;", "-epub-writing-mode: vertical-rl;",
                               "-webkit-writing-mode: vertical-rl;"}) {
    EXPECT_NE(css.find(property), std::string::npos) << property;
  }
  EXPECT_NE(css.find("html, body {"), std::string::npos);

  // The option overrides the issue.
  EXPECT_NE(FileData(Files(WritingMode::kHorizontal), "EPUB/style.css").find("horizontal-tb"),
            std::string::npos);
}

TEST_F(EpubWriterTest, VerticalBooksSetShortDigitGroupsAcrossTheColumn) {
  // The rule the PDF follows (clreq 纵中横): up to two digits across, longer numbers and digits
  // next to letters sideways; the article's setting governs, and horizontal books have none.
  issue_.pages[0].articles[0].blocks.insert(
      issue_.pages[0].articles[0].blocks.begin(),
      Paragraph("12月28日—29日，2020年，5G基站，增长3.5%，第95期。"));
  issue_.writing_mode = WritingMode::kVertical;
  std::string article = FileData(Files(), "EPUB/article-001.xhtml");
  EXPECT_NE(article.find("<p><span class=\"tcy\">12</span>月<span class=\"tcy\">28</span>日—"
                         "<span class=\"tcy\">29</span>日，2020年，5G基站，增长3.5%，第"
                         "<span class=\"tcy\">95</span>期。</p>"),
            std::string::npos)
      << article;
  std::string masthead = FileData(Files(), "EPUB/masthead.xhtml");
  EXPECT_NE(masthead.find("年<span class=\"tcy\">12</span>月"), std::string::npos) << masthead;

  issue_.pages[0].articles[0].typography.tate_chu_yoko = 0;
  EXPECT_EQ(FileData(Files(), "EPUB/article-001.xhtml").find("<span class=\"tcy\">12"),
            std::string::npos);
  issue_.pages[0].articles[0].typography.tate_chu_yoko = 2;
  EXPECT_EQ(FileData(Files(WritingMode::kHorizontal), "EPUB/article-001.xhtml")
                .find("<span class=\"tcy\">12"),
            std::string::npos);
}

TEST_F(EpubWriterTest, QuotationIsABlockquote) {
  issue_.pages[0].articles[0].blocks.push_back(
      MakeBlock(Block::Kind::kQuote, {Text("坚持把发展经济着力点放在实体经济上。")}));
  EXPECT_NE(FileData(Files(), "EPUB/article-001.xhtml")
                .find("<blockquote>\n<p>坚持把发展经济着力点放在实体经济上。</p>\n</blockquote>"),
            std::string::npos);
}

TEST_F(EpubWriterTest, EmphasisDotsAreTextEmphasis) {
  Block p;
  p.inlines = {Text("会议强调"), paiban::Run(Inline::Kind::kDots, "重点任务"), Text("。")};
  issue_.pages[0].articles[0].blocks.insert(issue_.pages[0].articles[0].blocks.begin(), p);
  std::vector<EpubFile> files = Files();
  EXPECT_NE(FileData(files, "EPUB/article-001.xhtml")
                .find("<p>会议强调<em class=\"dots\">重点任务</em>。</p>"),
            std::string::npos);
  std::string css = FileData(files, "EPUB/style.css");
  EXPECT_NE(css.find("em.dots {"), std::string::npos);
  EXPECT_NE(css.find("  text-emphasis: filled dot;"), std::string::npos);
  EXPECT_NE(css.find("  text-emphasis-position: under right;"), std::string::npos);
}

TEST_F(EpubWriterTest, RubyWithFallbackParentheses) {
  Block p;
  Inline ruby = paiban::Run(Inline::Kind::kRuby, "明月");
  ruby.ruby = "míngyuè";
  p.inlines = {Text("举头望"), ruby, Text("。")};
  issue_.pages[0].articles[0].blocks.insert(issue_.pages[0].articles[0].blocks.begin(), p);
  std::vector<EpubFile> files = Files();
  EXPECT_NE(FileData(files, "EPUB/article-001.xhtml")
                .find("<p>举头望<ruby>明月<rp>（</rp><rt>míngyuè</rt><rp>）</rp></ruby>。</p>"),
            std::string::npos);
}

TEST_F(EpubWriterTest, LinksAndNoBreakGroups) {
  Block p;
  Inline link = paiban::Run(Inline::Kind::kLink, "工业和信息化部网站");
  link.href = "https://www.miit.gov.cn/?a=1&b=2";
  p.inlines = {Text("详见"), link, Text("，"), paiban::Run(Inline::Kind::kNoBreak, "5G基站"),
               Text("。")};
  issue_.pages[0].articles[0].blocks.insert(issue_.pages[0].articles[0].blocks.begin(), p);
  std::vector<EpubFile> files = Files();
  EXPECT_NE(FileData(files, "EPUB/article-001.xhtml")
                .find("<p>详见<a href=\"https://www.miit.gov.cn/?a=1&amp;b=2\">工业和信息化部网站"
                      "</a>，<span class=\"nobr\">5G基站</span>。</p>"),
            std::string::npos);
  EXPECT_NE(FileData(files, "EPUB/style.css").find(".nobr, .tag {\n  white-space: nowrap;"),
            std::string::npos);
}

TEST_F(EpubWriterTest, AHeadlinesTagAndPreferredBreak) {
  Article& a = issue_.pages[0].articles[0];
  a.headline = {Text("加快建设"), paiban::Run(Inline::Kind::kWordBreak, ""), Text("现代化产业体系"),
                paiban::Run(Inline::Kind::kTag, "（上）")};
  std::vector<EpubFile> files = Files();
  EXPECT_NE(FileData(files, "EPUB/article-001.xhtml")
                .find("<h1>加快建设<wbr/>现代化产业体系<span class=\"tag\">（上）</span></h1>"),
            std::string::npos)
      << FileData(files, "EPUB/article-001.xhtml");
  const std::string css = FileData(files, "EPUB/style.css");
  EXPECT_NE(css.find("word-break: auto-phrase;\n  text-wrap: balance;"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The cover

TEST_F(EpubWriterTest, CoverComesFirstWithATextAlternative) {
  cover_ = kCoverPng;
  std::vector<EpubFile> files = Files();
  EXPECT_TRUE(FileData(files, "EPUB/cover.png") == kCoverPng);
  std::vector<std::string> spine = SpineHrefs(FileData(files, "EPUB/package.opf"));
  ASSERT_EQ(spine.size(), 6u);
  EXPECT_EQ(spine[0], "cover.xhtml");
  EXPECT_EQ(spine[1], "masthead.xhtml");
  std::string cover = FileData(files, "EPUB/cover.xhtml");
  // The alternative names the paper, the day and the page; the size comes from the PNG header.
  EXPECT_NE(cover.find("<img epub:type=\"cover\" role=\"doc-cover\" src=\"cover.png\" "
                       "alt=\"中国电子报 2020年12月30日 第95期（总第4410期） 第1版版面\" width=\"3\" "
                       "height=\"4\"/>"),
            std::string::npos)
      << cover;
  EXPECT_NE(FileData(files, "EPUB/nav.xhtml")
                .find("<li><a epub:type=\"cover\" href=\"cover.xhtml\">封面</a></li>"),
            std::string::npos);
  EXPECT_NE(FileData(files, "EPUB/style.css").find("body.cover {"), std::string::npos);
}

TEST_F(EpubWriterTest, CoverMetadata) {
  cover_ = kCoverPng;
  std::string opf = FileData(Files(), "EPUB/package.opf");
  EXPECT_NE(opf.find("<item id=\"cover-image\" href=\"cover.png\" media-type=\"image/png\" "
                     "properties=\"cover-image\"/>"),
            std::string::npos);
  EXPECT_NE(opf.find("<item id=\"cover\" href=\"cover.xhtml\" "
                     "media-type=\"application/xhtml+xml\"/>"),
            std::string::npos);
  EXPECT_NE(opf.find("<meta name=\"cover\" content=\"cover-image\"/>"), std::string::npos);
  EXPECT_NE(opf.find("property=\"schema:accessMode\">visual<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"schema:accessModeSufficient\">textual<"), std::string::npos);
  EXPECT_NE(opf.find("property=\"schema:accessibilityFeature\">alternativeText<"),
            std::string::npos);
  EXPECT_NE(opf.find("封面是印刷版第1版的版面图，有替代文字"), std::string::npos);
}

TEST_F(EpubWriterTest, WithoutACoverTheBookHasNoImage) {
  std::vector<EpubFile> files = Files();
  EXPECT_EQ(FindFile(files, "EPUB/cover.png"), nullptr);
  EXPECT_EQ(FindFile(files, "EPUB/cover.xhtml"), nullptr);
  std::string opf = FileData(files, "EPUB/package.opf");
  EXPECT_EQ(opf.find("cover"), std::string::npos);
  EXPECT_EQ(opf.find(">visual<"), std::string::npos);
  EXPECT_EQ(opf.find("alternativeText"), std::string::npos);
  EXPECT_NE(opf.find("没有图像"), std::string::npos);
}

TEST_F(EpubWriterTest, CoverImageIsStoredNotDeflated) {
  cover_ = kCoverPng;
  std::string zip = ReadBytes(Write("cover.epub"));
  std::vector<CentralEntry> entries = CentralDirectory(zip);
  std::vector<EpubFile> files = Files();
  ASSERT_EQ(entries.size(), files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(entries[i].name, files[i].name);
    bool stored = i == 0 || files[i].name == "EPUB/cover.png";
    EXPECT_EQ(entries[i].method, stored ? 0u : 8u) << files[i].name;
  }
}

// Regression (pandoc drops a section marked titlepage, and with it the imprint): the masthead
// document as a whole is the title page.
TEST_F(EpubWriterTest, MastheadIsTheTitlePageOnItsBody) {
  std::string masthead = FileData(Files(), "EPUB/masthead.xhtml");
  EXPECT_NE(masthead.find("<body epub:type=\"frontmatter titlepage\">"), std::string::npos);
  EXPECT_EQ(CountOf(masthead, "titlepage"), 1);
}

// ---------------------------------------------------------------------------------------------
// epubcheck

TEST_F(EpubWriterTest, EpubcheckPassesHorizontal) {
  ExpectEpubcheckPasses(Write("horizontal.epub", WritingMode::kHorizontal));
}

TEST_F(EpubWriterTest, EpubcheckPassesVertical) {
  issue_.writing_mode = WritingMode::kVertical;
  ExpectEpubcheckPasses(Write("vertical.epub"));
}

TEST_F(EpubWriterTest, EpubcheckPassesWithACover) {
  cover_ = kCoverPng;
  ExpectEpubcheckPasses(Write("cover-horizontal.epub", WritingMode::kHorizontal));
  ExpectEpubcheckPasses(Write("cover-vertical.epub", WritingMode::kVertical));
}

TEST_F(EpubWriterTest, EpubcheckPassesWithoutPageMap) {
  page_map_.clear();
  ExpectEpubcheckPasses(Write("no-page-map.epub"));
}

TEST_F(EpubWriterTest, EpubcheckPassesForAnEmptyIssue) {
  Issue empty;
  empty.id = "empty";
  std::vector<PageMapEntry> no_map;
  EpubOptions options = Options("empty.epub");
  Diagnostics diagnostics;
  std::string epub;
  ASSERT_TRUE(WriteEpub({empty, no_map}, options, epub, diagnostics)) << diagnostics.Format();
  std::ofstream(options.path, std::ios::binary) << epub;
  ExpectEpubcheckPasses(options.path);
}

// Regression: a page map whose order of pages disagrees with the model's must not put the table
// of contents out of reading order (epubcheck NAV-011).
TEST_F(EpubWriterTest, EpubcheckPassesWhenThePageMapDisagreesWithTheModel) {
  page_map_ = {{"a1", 0, 2, {}}, {"a2", 0, 1, {}}, {"a3", 0, 1, {}}, {"a1", 1, 5, {}}};
  fs::path epub = Write("disagreeing.epub");
  std::string nav = FileData(Files(), "EPUB/nav.xhtml");
  EXPECT_NE(nav.find("<a href=\"article-003.xhtml#article-003\">5G基站建设提速</a>"),
            std::string::npos);
  ExpectEpubcheckPasses(epub);
}

// ---------------------------------------------------------------------------------------------
// Helpers of the writer

std::string Hex(const std::array<uint8_t, 20>& digest) {
  std::string hex;
  char buffer[3];
  for (uint8_t byte : digest) {
    std::snprintf(buffer, sizeof buffer, "%02x", byte);
    hex += buffer;
  }
  return hex;
}

TEST(Sha1Test, KnownAnswers) {
  // FIPS 180-4 examples.
  EXPECT_EQ(Hex(Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Hex(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(Sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Hex(Sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(NameBasedUuidTest, MatchesRfc4122Version5) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
  const UuidBytes kDns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  EXPECT_EQ(NameBasedUuid(kDns, "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  EXPECT_NE(NameBasedUuid(kUuidNamespaceUrl, "中国电子报/2020-12-30"),
            NameBasedUuid(kUuidNamespaceUrl, "中国电子报/2020-12-31"));
}

TEST(UtcTimeTest, FromEpoch) {
  UtcTime t = UtcTimeFromEpoch(kEpoch + 3723);
  EXPECT_EQ(t.year, 2020);
  EXPECT_EQ(t.month, 12);
  EXPECT_EQ(t.day, 30);
  EXPECT_EQ(t.hour, 1);
  EXPECT_EQ(t.minute, 2);
  EXPECT_EQ(t.second, 3);
  UtcTime leap = UtcTimeFromEpoch(951782400);  // 2000-02-29T00:00:00Z
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
  UtcTime before = UtcTimeFromEpoch(-1);
  EXPECT_EQ(before.year, 1969);
  EXPECT_EQ(before.second, 59);
}

}  // namespace
}  // namespace paiban
