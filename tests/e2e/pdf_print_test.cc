// The PDF a print shop receives: boxes, grey colour, no needless transparency groups, a trailer
// /ID, and bleed with crop marks on request. Checked with qpdf and poppler's pdfinfo.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/jump_issue.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const std::string kPaiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban";

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Page boxes from `pdfinfo -box` (first page; the sample issues have one layout for all pages).
std::map<std::string, Box> Boxes(const fs::path& pdf) {
  auto info = RunCommand("pdfinfo -box " + Quote(pdf.string()));
  EXPECT_EQ(info.status, 0) << info.output;
  std::map<std::string, Box> boxes;
  std::istringstream lines(info.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name;
    Box b;
    if (words >> name >> b.x0 >> b.y0 >> b.x1 >> b.y1 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, "Box:") == 0) {
      boxes[name.substr(0, name.size() - 1)] = b;
    }
  }
  return boxes;
}

// The file with every stream uncompressed, so content streams can be read as text.
std::string Uncompressed(const fs::path& pdf) {
  fs::path qdf = pdf.string() + ".qdf";
  auto r = RunCommand("qpdf --qdf --object-streams=disable " + Quote(pdf.string()) + " " +
                      Quote(qdf.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  std::ifstream in(qdf, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every `a b c rg|RG` with three equal numbers: a neutral colour written as RGB.
std::vector<std::string> NeutralRgb(const std::string& text) {
  std::vector<std::string> found;
  for (const char* op : {" rg", " RG"}) {
    for (size_t pos = text.find(op); pos != std::string::npos; pos = text.find(op, pos + 1)) {
      size_t end = pos + 3;
      if (end < text.size() && !isspace(static_cast<unsigned char>(text[end]))) continue;
      // The three tokens before the operator.
      std::vector<std::string> tokens;
      size_t i = pos;
      while (tokens.size() < 3 && i > 0) {
        while (i > 0 && text[i - 1] == ' ') --i;
        size_t stop = i;
        while (i > 0 && !isspace(static_cast<unsigned char>(text[i - 1]))) --i;
        tokens.push_back(text.substr(i, stop - i));
      }
      bool numbers = tokens.size() == 3;
      for (const std::string& t : tokens) {
        numbers = numbers && !t.empty() &&
                  t.find_first_not_of("0123456789.-") == std::string::npos;
      }
      if (numbers && std::stod(tokens[0]) == std::stod(tokens[1]) &&
          std::stod(tokens[1]) == std::stod(tokens[2])) {
        found.push_back(tokens[2] + " " + tokens[1] + " " + tokens[0] + op);
      }
    }
  }
  return found;
}

fs::path Build(const std::string& id, const std::string& name, const std::string& args) {
  fs::path out = fs::path(PAIBAN_BINARY_DIR) / "pdf-print-test" / name;
  fs::remove_all(out);
  auto build = RunCommand(kPaiban + " build " +
                          Quote(std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/" + id +
                                "/issue.xml") +
                          " --pdf-only -o " + Quote(out.string()) + " " + args);
  EXPECT_EQ(build.status, 0) << build.output;
  return out / (id + ".pdf");
}

TEST(PdfPrintTest, NewspaperPageAtTrimSizeGreyAndWithoutGroups) {
  for (const char* id : {"cena-2020-12-30", "fukan-tang300"}) {
    SCOPED_TRACE(id);
    fs::path pdf = Build(id, std::string(id) + "-default", "");
    auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
    EXPECT_EQ(check.status, 0) << check.output;
    auto boxes = Boxes(pdf);
    ASSERT_TRUE(boxes.count("TrimBox") && boxes.count("MediaBox"));
    EXPECT_NEAR(boxes["TrimBox"].x1, boxes["MediaBox"].x1, 0.01);
    EXPECT_NEAR(boxes["TrimBox"].y1, boxes["MediaBox"].y1, 0.01);
    std::string text = Uncompressed(pdf);
    EXPECT_EQ(NeutralRgb(text), std::vector<std::string>{});
    EXPECT_NE(text.find("0 g "), std::string::npos);  // black text, as g (K only)
    EXPECT_EQ(text.find("/Group"), std::string::npos);
    EXPECT_NE(text.find("/ID ["), std::string::npos);
    EXPECT_NE(text.find("/TrimBox"), std::string::npos);
  }
}

// The e-paper PDF is tagged: one Document element holding an Art per article with its H1
// headline and P paragraphs, in reading order, with the catalog's /Lang and /MarkInfo; poppler
// reads the structure without a warning. (PDF/X-1a, PDF 1.3, has no structure tree.)
TEST(PdfPrintTest, TaggedWithDocumentArticlesHeadlinesAndParagraphs) {
  for (const char* id : {"cena-2020-12-30", "fukan-tang300"}) {
    SCOPED_TRACE(id);
    fs::path pdf = Build(id, std::string(id) + "-tagged", "");
    auto info = RunCommand("pdfinfo " + Quote(pdf.string()));
    EXPECT_NE(info.output.find("Tagged:          yes"), std::string::npos) << info.output;
    auto structure = RunCommand("pdfinfo -struct-text " + Quote(pdf.string()));
    ASSERT_EQ(structure.status, 0) << structure.output;
    EXPECT_EQ(structure.output.find("Warning"), std::string::npos) << structure.output;
    EXPECT_EQ(structure.output.rfind("Document\n", 0), 0u) << structure.output.substr(0, 200);
    EXPECT_NE(structure.output.find("\n  Art\n    H1 (block)\n"), std::string::npos)
        << structure.output.substr(0, 2000);
    std::string qdf = Uncompressed(pdf);
    EXPECT_NE(qdf.find("/Lang (zh-Hans)"), std::string::npos);
    EXPECT_NE(qdf.find("/Marked true"), std::string::npos);
  }
  // The sample's lead headline is the first H1's text.
  auto structure = RunCommand(
      "pdfinfo -struct-text " +
      Quote(Build("cena-2020-12-30", "cena-tagged-text", "").string()));
  size_t h1 = structure.output.find("H1 (block)\n");
  ASSERT_NE(h1, std::string::npos);
  EXPECT_NE(structure.output.substr(h1, 200).find("全国工业和信息化工作会议在京召开"),
            std::string::npos)
      << structure.output.substr(h1, 200);
}

TEST(PdfPrintTest, BleedAndCropMarks) {
  fs::path pdf = Build("cena-2020-12-30", "bleed", "--bleed 3 --marks");
  auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
  EXPECT_EQ(check.status, 0) << check.output;
  auto boxes = Boxes(pdf);
  ASSERT_TRUE(boxes.count("TrimBox") && boxes.count("MediaBox") && boxes.count("BleedBox"));
  const double kBleed = 3 / 25.4 * 72;
  Box trim = boxes["TrimBox"], bleed = boxes["BleedBox"], media = boxes["MediaBox"];
  EXPECT_NEAR(trim.x0 - bleed.x0, kBleed, 0.02);
  EXPECT_NEAR(bleed.x1 - trim.x1, kBleed, 0.02);
  EXPECT_NEAR(trim.y0 - bleed.y0, kBleed, 0.02);
  EXPECT_GT(bleed.x0, media.x0 + 10);  // room for the marks outside the bleed
  EXPECT_GT(media.x1, bleed.x1 + 10);
  // Trim size unchanged: 265 × 380 mm.
  EXPECT_NEAR(trim.x1 - trim.x0, 265 / 25.4 * 72, 0.02);
  EXPECT_NEAR(trim.y1 - trim.y0, 380 / 25.4 * 72, 0.02);
  std::string text = Uncompressed(pdf);
  EXPECT_NE(text.find("0 G 0.25 w"), std::string::npos);  // the crop marks, in K only
  EXPECT_EQ(NeutralRgb(text), std::vector<std::string>{});
}

// A template of the paper's own: A3 pages on five columns in 五号, for a commercial printer with
// 3 mm bleed and marks; one page names another template (A4, four columns). The page sizes,
// columns, bleed and marks come from the templates; --bleed on the command line overrides.
TEST(PdfPrintTest, PageGeometryComesFromTheTemplates) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "pdf-template-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "issue" / "templates");
  std::ofstream(dir / "issue" / "templates" / "a3.xml")
      << "<template name=\"a3\"><page-size width=\"297mm\" height=\"420mm\"/>"
         "<margins top=\"12mm\" bottom=\"12mm\" inner=\"12mm\" outer=\"12mm\"/>"
         "<grid columns=\"5\" body-size=\"五号\"/><print bleed=\"3mm\" marks=\"on\"/></template>";
  std::ofstream(dir / "issue" / "templates" / "a4.xml")
      << "<template><page-size width=\"210mm\" height=\"297mm\"/><grid columns=\"4\"/></template>";
  // Each article spans all the columns of its page's template (a short story placed
  // automatically would take fewer).
  std::string article =
      "<article id=\"A\" columns=\"1-5\"><headline>标题</headline><body><p>2020年，全国工业和"
      "信息化系统坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展。</p></body></article>";
  std::string article2 = article;
  article2.replace(article2.find("1-5"), 3, "1-4");
  std::ofstream(dir / "issue" / "issue.xml")
      << "<issue id=\"t\" template=\"a3\"><publication><name>报</name></publication>"
         "<date>2020-12-30</date><numbering issue=\"1\" cumulative=\"2\" pages=\"2\"/>"
         "<page number=\"1\">" + article + "</page><page number=\"2\" template=\"a4\">" +
             article2.replace(13, 1, "B") + "</page></issue>";
  const double mm = 72 / 25.4;
  auto build = RunCommand(kPaiban + " build " + Quote((dir / "issue" / "issue.xml").string()) +
                          " --pdf-only -o " + Quote((dir / "out").string()));
  ASSERT_EQ(build.status, 0) << build.output;
  fs::path pdf = dir / "out" / "t.pdf";
  auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
  EXPECT_EQ(check.status, 0) << check.output;
  auto boxes = Boxes(pdf);  // page 1
  ASSERT_TRUE(boxes.count("TrimBox") && boxes.count("BleedBox"));
  EXPECT_NEAR(boxes["TrimBox"].x1 - boxes["TrimBox"].x0, 297 * mm, 0.02);
  EXPECT_NEAR(boxes["TrimBox"].y1 - boxes["TrimBox"].y0, 420 * mm, 0.02);
  EXPECT_NEAR(boxes["TrimBox"].x0 - boxes["BleedBox"].x0, 3 * mm, 0.02);
  // Page 2 is A4 at trim (its sheet has the file's bleed and marks around it).
  auto info = RunCommand("pdfinfo -f 2 -l 2 -box " + Quote(pdf.string()));
  std::istringstream lines(info.output);
  std::string line;
  bool seen = false;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string page, number, box;
    Box b;
    if (words >> page >> number >> box >> b.x0 >> b.y0 >> b.x1 >> b.y1 && number == "2" &&
        box == "TrimBox:") {
      seen = true;
      EXPECT_NEAR(b.x1 - b.x0, 210 * mm, 0.02);
      EXPECT_NEAR(b.y1 - b.y0, 297 * mm, 0.02);
    }
  }
  EXPECT_TRUE(seen) << info.output;
  // Five columns on page 1 (four rules between them), four on page 2 (three).
  auto dump = RunCommand(kPaiban + " build " + Quote((dir / "issue" / "issue.xml").string()) +
                         " --dump layout");
  ASSERT_EQ(dump.status, 0) << dump.output;
  size_t page2 = dump.output.find("\npage 2 ");
  ASSERT_NE(page2, std::string::npos);
  auto rules = [&](size_t from, size_t to) {
    size_t n = 0;
    for (size_t at = dump.output.find(" w 0.30", from); at < to;
         at = dump.output.find(" w 0.30", at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(rules(0, page2), 4u);
  EXPECT_EQ(rules(page2, dump.output.size()), 3u);
  // The command line overrides the template's bleed (the marks stay: the template asks for them).
  auto no_bleed = RunCommand(kPaiban + " build " + Quote((dir / "issue" / "issue.xml").string()) +
                             " --pdf-only --bleed 0 -o " + Quote((dir / "out0").string()));
  ASSERT_EQ(no_bleed.status, 0) << no_bleed.output;
  auto zero = Boxes(dir / "out0" / "t.pdf");
  EXPECT_NEAR(zero["BleedBox"].x0, zero["TrimBox"].x0, 0.01);
  EXPECT_NEAR(zero["BleedBox"].x1, zero["TrimBox"].x1, 0.01);
}

TEST(PdfPrintTest, PdfX1aForTheGreyNewspaperPage) {
  fs::path pdf = Build("cena-2020-12-30", "pdfx", "--pdfx");
  auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
  EXPECT_EQ(check.status, 0) << check.output;
  std::string text = Uncompressed(pdf);
  EXPECT_EQ(text.rfind("%PDF-1.3", 0), 0u);
  EXPECT_NE(text.find("/GTS_PDFXVersion (PDF/X-1a:2001)"), std::string::npos);
  EXPECT_NE(text.find("/S /GTS_PDFX"), std::string::npos);
  EXPECT_NE(text.find("/OutputConditionIdentifier (IFRA26)"), std::string::npos);
  EXPECT_NE(text.find("/Trapped /False"), std::string::npos);
  EXPECT_EQ(text.find("/Group"), std::string::npos);
  EXPECT_EQ(text.find("/CA "), std::string::npos);  // no PDF 1.4 transparency keys at all
  EXPECT_EQ(text.find("/Annots"), std::string::npos);
  auto fonts = RunCommand("pdffonts " + Quote(pdf.string()));
  EXPECT_EQ(fonts.output.find(" no "), std::string::npos) << fonts.output;
}

TEST(PdfPrintTest, BadBleedIsAUsageError) {
  auto r = RunCommand(kPaiban + " build " +
                      Quote(std::string(PAIBAN_SOURCE_DIR) +
                            "/issue-sources/cena-2020-12-30/issue.xml") +
                      " --bleed lots");
  EXPECT_EQ(r.status, 2) << r.output;
}

// A story that jumps from page 1 to page 4: its （下转第4版） links to the continuation and its
// （上接第1版） back, as link annotations whose destinations are the other page; the masthead's
// address links to the paper's site; none under --pdfx (PDF/X-1a allows no annotations in the trim
// area).
TEST(PdfLinksTest, JumpLinesLinkTheTwoPartsOfAStory) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "pdf-links-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  testing::WriteJumpIssue(dir / "jump.xml");
  for (const char* args : {"", "--pdfx"}) {
    SCOPED_TRACE(args);
    fs::path out = dir / (std::string(args).empty() ? "plain" : "pdfx");
    auto r = RunCommand(Quote(kPaiban) + " build " + Quote((dir / "jump.xml").string()) +
                        " --pdf-only -o " + Quote(out.string()) + " " + args);
    ASSERT_EQ(r.status, 0) << r.output;
    fs::path pdf = out / "cena-2020-12-30.pdf";
    auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
    EXPECT_EQ(check.status, 0) << check.output;
    std::string qdf = Uncompressed(pdf);
    size_t links = 0;
    for (size_t at = qdf.find("/Subtype /Link"); at != std::string::npos;
         at = qdf.find("/Subtype /Link", at + 1)) {
      ++links;
    }
    if (std::string(args).empty()) {
      // The two jump lines, and the paper's site in the masthead (a URI action).
      EXPECT_EQ(links, 3u);
      EXPECT_NE(qdf.find("/URI (http://www.cena.com.cn)"), std::string::npos);
      // The destinations name both pages: qpdf --qdf writes "%% Page N" before each page object.
      std::set<std::string> pages, targets;
      for (size_t at = qdf.find("%% Page "); at != std::string::npos;
           at = qdf.find("%% Page ", at + 1)) {
        size_t obj = qdf.find(" 0 obj", at);
        size_t line = qdf.rfind('\n', obj) + 1;
        pages.insert(qdf.substr(line, obj - line));
      }
      for (size_t at = qdf.find("/Dest ["); at != std::string::npos;
           at = qdf.find("/Dest [", at + 1)) {
        std::istringstream words(qdf.substr(at + 7, 40));
        std::string object;
        words >> object;
        targets.insert(object);
      }
      EXPECT_EQ(pages.size(), 2u);
      EXPECT_EQ(targets, pages);
      auto text = RunCommand("pdftotext -raw " + Quote(pdf.string()) + " -");
      std::string ink;
      for (char c : text.output) {
        if (c != ' ' && c != '\n') ink += c;
      }
      EXPECT_NE(ink.find("（下转第4版）"), std::string::npos);
      EXPECT_NE(ink.find("（上接第1版）"), std::string::npos);
    } else {
      EXPECT_EQ(links, 0u);
    }
  }
}

}  // namespace
}  // namespace paiban
