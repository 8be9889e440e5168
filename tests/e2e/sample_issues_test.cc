// End to end: every issue in issue-sources/ is built with the paiban binary, in both writing
// modes, and its outputs are checked with the tools a print shop and an e-book store use:
// qpdf --check, pdffonts (every font embedded, subset, with a Unicode map), pdftotext (every
// character of the source is in the PDF's text layer) and epubcheck (no error, no warning).
// A missing tool fails the test and says which; nothing is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "compiler/reader.h"
#include "model/text.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::CharCounts;
using testing::Missing;
using testing::Quote;
using testing::RunCommand;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Case {
  std::string id;
  std::string mode;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.id << " " << c.mode; }

std::vector<Case> Cases() {
  std::vector<Case> cases;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources")) {
    if (fs::exists(entry.path() / "issue.xml")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    for (const char* mode : {"horizontal", "vertical"}) {
      cases.push_back({dir.filename().string(), mode});
    }
  }
  return cases;
}

class SampleIssueTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const Case& c = GetParam();
    source_ = fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / c.id / "issue.xml";
    // One folder per test: CTest runs the tests of this suite in parallel processes.
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& ch : test) {
      if (ch == '/') ch = '_';
    }
    out_ = fs::path(PAIBAN_BINARY_DIR) / "e2e-out" / (c.id + "-" + c.mode) / test;
    fs::remove_all(out_);
    Diagnostics diagnostics;
    issue_ = ReadIssueFile(source_.string(), diagnostics);
    ASSERT_TRUE(issue_) << diagnostics.Format();
    auto build = RunCommand(std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban build " +
                     Quote(source_.string()) + " -o " + Quote(out_.string()) +
                     " --writing-mode " + c.mode);
    ASSERT_EQ(build.status, 0) << build.output;
    pdf_ = out_ / (issue_->id + ".pdf");
    epub_ = out_ / (issue_->id + ".epub");
    ASSERT_TRUE(fs::exists(pdf_));
    ASSERT_TRUE(fs::exists(epub_));
  }

  fs::path source_, out_, pdf_, epub_;
  std::optional<Issue> issue_;
};

TEST_P(SampleIssueTest, PdfPassesQpdfCheck) {
  auto check = RunCommand("qpdf --check " + Quote(pdf_.string()));
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_NE(check.output.find("No syntax or stream encoding errors"), std::string::npos)
      << check.output;
}

TEST_P(SampleIssueTest, PdfFontsAreEmbeddedSubsetWithUnicodeMaps) {
  auto fonts = RunCommand("pdffonts " + Quote(pdf_.string()));
  ASSERT_EQ(fonts.status, 0) << fonts.output;
  std::istringstream lines(fonts.output);
  std::string line;
  int font_lines = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
    ++font_lines;
    // Columns: name type encoding emb sub uni object ID; read emb/sub/uni from the end.
    std::istringstream words(line);
    std::vector<std::string> w;
    std::string word;
    while (words >> word) w.push_back(word);
    ASSERT_GE(w.size(), 6u) << line;
    size_t n = w.size();
    EXPECT_EQ(w[n - 5], "yes") << "not embedded: " << line;
    EXPECT_EQ(w[n - 4], "yes") << "not subset: " << line;
    EXPECT_EQ(w[n - 3], "yes") << "no Unicode map: " << line;
  }
  EXPECT_GT(font_lines, 0) << fonts.output;
}

TEST_P(SampleIssueTest, PdfTextHoldsEverySourceCharacter) {
  auto text = RunCommand("pdftotext -raw -enc UTF-8 " + Quote(pdf_.string()) + " -");
  ASSERT_EQ(text.status, 0) << text.output;
  auto have = CharCounts(text.output);
  EXPECT_EQ(Missing(CharCounts(SourceText(*issue_)), have), "");
  // The seed the sample was transcribed from, where the issue carries one.
  fs::path seed = source_.parent_path() / "seed.txt";
  if (fs::exists(seed)) {
    std::string seed_text = ReadFile(seed);
    // Markdown markers of the transcription are not text of the page.
    for (const char* marker : {"**", "# ", "#", "- "}) {
      for (size_t pos; (pos = seed_text.find(marker)) != std::string::npos;) {
        seed_text.erase(pos, strlen(marker));
      }
    }
    EXPECT_EQ(Missing(CharCounts(seed_text), have), "");
  }
}

// pdftotext -raw follows the content stream: each block's text must come out whole and in
// order — lines, columns and (vertical) bands set in reading order, vertical forms mapped back to
// the source characters by the cluster maps.
TEST_P(SampleIssueTest, PdfTextHoldsEachBlockInReadingOrder) {
  auto text = RunCommand("pdftotext -raw -enc UTF-8 " + Quote(pdf_.string()) + " -");
  ASSERT_EQ(text.status, 0) << text.output;
  auto squeeze = [](const std::string& in) {
    std::string out;
    for (char32_t cp : DecodeUtf8(in)) {
      if (IsInkCharacter(cp)) out += EncodeUtf8(cp);
    }
    return out;
  };
  std::string pdf_text = squeeze(text.output);
  // Ruby annotations are set beside their base and come out next to its line, wherever the
  // extractor puts them; they are checked present by the text tests, and taken out here.
  std::function<void(const Inlines&)> drop_ruby = [&](const Inlines& inlines) {
    for (const Inline& in : inlines) {
      if (in.kind != Inline::Kind::kRuby) continue;
      size_t at = pdf_text.find(squeeze(in.ruby));
      EXPECT_NE(at, std::string::npos) << "ruby not in the PDF text: " << in.ruby;
      if (at != std::string::npos) pdf_text.erase(at, squeeze(in.ruby).size());
    }
  };
  std::function<void(const Block&)> drop_block_ruby = [&](const Block& block) {
    drop_ruby(block.inlines);
    for (const Block& child : block.children) drop_block_ruby(child);
  };
  for (const Page& page : issue_->pages) {
    for (const Article& article : page.articles) {
      drop_ruby(article.kicker);
      drop_ruby(article.headline);
      drop_ruby(article.subheadline);
      for (const Block& block : article.blocks) drop_block_ruby(block);
    }
  }
  size_t blocks = 0;
  std::function<void(const Block&)> check = [&](const Block& block) {
    if (!block.inlines.empty() && block.kind != Block::Kind::kSidebar) {
      std::string want = squeeze(PlainText(block.inlines));
      EXPECT_NE(pdf_text.find(want), std::string::npos) << "not in reading order: " << want;
      ++blocks;
    }
    for (const Block& child : block.children) check(child);
  };
  for (const Page& page : issue_->pages) {
    for (const Article& article : page.articles) {
      for (const Block& block : article.blocks) check(block);
    }
  }
  EXPECT_GT(blocks, 5u);
}

TEST_P(SampleIssueTest, EpubPassesEpubcheck) {
  auto check = RunCommand("java -jar /usr/bin/epubcheck " + Quote(epub_.string()));
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_EQ(check.output.find("WARNING"), std::string::npos) << check.output;
  EXPECT_EQ(check.output.find("ERROR"), std::string::npos) << check.output;
  EXPECT_NE(check.output.find("No errors or warnings detected"), std::string::npos)
      << check.output;
}

TEST_P(SampleIssueTest, EpubHoldsEverySourceCharacter) {
  // The text content of every XHTML document, tags removed and entities decoded.
  auto xhtml = RunCommand("unzip -p " + Quote(epub_.string()) + " '*.xhtml'");
  ASSERT_EQ(xhtml.status, 0) << xhtml.output;
  std::string text;
  bool in_tag = false;
  for (char c : xhtml.output) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
      text += ' ';
    } else if (!in_tag) {
      text += c;
    }
  }
  for (auto [entity, value] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                               {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (size_t pos; (pos = text.find(entity)) != std::string::npos;) {
      text.replace(pos, strlen(entity), value);
    }
  }
  EXPECT_EQ(Missing(CharCounts(SourceText(*issue_)), CharCounts(text)), "");
}

TEST_P(SampleIssueTest, SameInputGivesSameBytes) {
  fs::path again = out_.string() + "-again";
  fs::remove_all(again);
  auto build = RunCommand(std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban build " +
                   Quote(source_.string()) + " -o " + Quote(again.string()) +
                   " --writing-mode " + GetParam().mode);
  ASSERT_EQ(build.status, 0) << build.output;
  EXPECT_EQ(ReadFile(pdf_), ReadFile(again / pdf_.filename())) << "PDF differs between builds";
  EXPECT_EQ(ReadFile(epub_), ReadFile(again / epub_.filename())) << "EPUB differs between builds";
}

// `check` is a build that writes nothing: on every issue it succeeds exactly when `build` does,
// with the same diagnostics (stderr; build prints its files on stdout, check "FILE: ok").
TEST(CheckTest, AgreesWithBuildOnEveryIssue) {
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources")) {
    fs::path source = entry.path() / "issue.xml";
    if (!fs::exists(source)) continue;
    fs::path out = fs::path(PAIBAN_BINARY_DIR) / "e2e-out" / "check-agrees" /
                   entry.path().filename();
    fs::remove_all(out);
    const std::string paiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban ";
    auto build = RunCommand(paiban + "build " + Quote(source.string()) + " -o " +
                            Quote(out.string()) + " 2>&1 >/dev/null");
    fs::path check_out = out.string() + "-check";
    fs::remove_all(check_out);
    fs::create_directories(check_out);
    auto check = RunCommand("cd " + Quote(check_out.string()) + " && " + paiban + "check " +
                            Quote(source.string()) + " 2>&1 >/dev/null");
    EXPECT_EQ(check.status, build.status) << source;
    EXPECT_EQ(check.output, build.output) << source;
    EXPECT_TRUE(fs::is_empty(check_out)) << "check wrote into " << check_out;
  }
}

INSTANTIATE_TEST_SUITE_P(IssueSources, SampleIssueTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.id + "_" + param_info.param.mode;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace paiban
