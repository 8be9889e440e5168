// The command line's contract (DESIGN.md): commands, exit statuses, and that a failed run writes
// nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const std::string kPaiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban";
const std::string kSample =
    std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/cena-2020-12-30/issue.xml";

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "cli-test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(CliTest, VersionAndHelp) {
  auto version = RunCommand(kPaiban + " --version");
  EXPECT_EQ(version.status, 0);
  EXPECT_EQ(version.output.rfind("paiban ", 0), 0u) << version.output;
  auto help = RunCommand(kPaiban + " --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.output.find("paiban build ISSUE.xml"), std::string::npos);
}

TEST(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunCommand(kPaiban).status, 2);
  EXPECT_EQ(RunCommand(kPaiban + " frobnicate").status, 2);
  EXPECT_EQ(RunCommand(kPaiban + " build").status, 2);
  EXPECT_EQ(RunCommand(kPaiban + " build " + Quote(kSample) + " --writing-mode diagonal").status,
            2);
  EXPECT_EQ(RunCommand(kPaiban + " build " + Quote(kSample) + " --pdf-only --epub-only").status,
            2);
}

TEST(CliTest, CheckAcceptsTheSample) {
  auto check = RunCommand(kPaiban + " check " + Quote(kSample));
  EXPECT_EQ(check.status, 0) << check.output;
}

// `check` reports a font family the source names that is not installed, without laying out.
TEST(CliTest, CheckReportsAFontFamilyThatIsNotInstalled) {
  auto check = RunCommand(kPaiban + " check " +
                          Quote(std::string(PAIBAN_SOURCE_DIR) +
                                "/tests/bad-inputs/font-not-installed.xml"));
  EXPECT_EQ(check.status, 1) << check.output;
  EXPECT_NE(check.output.find("font-not-installed.xml:8:21: error: no installed font family "
                              "'Fang Zheng Shu Song' for the body role"),
            std::string::npos)
      << check.output;
  EXPECT_EQ(check.output.find(": ok"), std::string::npos) << check.output;
}

TEST(CliTest, FontsNamesEveryRoleWithItsFile) {
  auto fonts = RunCommand(kPaiban + " fonts");
  EXPECT_EQ(fonts.status, 0) << fonts.output;
  for (const char* role : {"zh-Hans body:", "zh-Hans headline bold:", "zh-Hans kai:",
                           "zh-Hans sans:", "ja body:"}) {
    EXPECT_NE(fonts.output.find(role), std::string::npos) << role << "\n" << fonts.output;
  }
  EXPECT_NE(fonts.output.find("Noto Serif CJK SC"), std::string::npos);
  EXPECT_NE(fonts.output.find(".ttc #"), std::string::npos);
}

TEST(CliTest, SourceErrorsExitWithOneAndWriteNothing) {
  fs::path dir = TempDir("source-error");
  fs::path bad = dir / "bad.xml";
  std::ofstream(bad) << "<issue id=\"x\">\n  <page number=\"1\"><bogus/></page>\n</issue>\n";
  fs::path out = dir / "out";
  auto build = RunCommand(kPaiban + " build " + Quote(bad.string()) + " -o " + Quote(out.string()));
  EXPECT_EQ(build.status, 1) << build.output;
  EXPECT_NE(build.output.find(bad.string() + ":2:20: error: unknown element <bogus> in <page>"),
            std::string::npos)
      << build.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(CliTest, CharacterNoFontHasIsAnErrorAtItsElement) {
  fs::path dir = TempDir("missing-glyph");
  std::ifstream in(kSample);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  size_t pos = text.find("召开。会议以");
  ASSERT_NE(pos, std::string::npos);
  text.insert(pos + 3, "\U0010FFFD");  // after 召
  fs::path source = dir / "issue.xml";
  std::ofstream(source) << text;
  // The sample names its paper's template, which a copy must find beside it.
  fs::copy(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "templates", dir / "templates");
  fs::path out = dir / "out";
  auto build = RunCommand(kPaiban + " build " + Quote(source.string()) + " -o " + Quote(out.string()));
  EXPECT_EQ(build.status, 1) << build.output;
  EXPECT_NE(build.output.find(":22:9: error: no installed font has the character U+10FFFD"),
            std::string::npos)
      << build.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(CliTest, BuildWritesPdfAndEpubAndNothingElse) {
  fs::path out = TempDir("build");
  auto build = RunCommand(kPaiban + " build " + Quote(kSample) + " -o " + Quote(out.string()));
  ASSERT_EQ(build.status, 0) << build.output;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"cena-2020-12-30.epub", "cena-2020-12-30.pdf"}));
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(CliTest, ParallelBuildWritesTheBytesOfSerialOnes) {
  // `build` writes the EPUB (and its cover) on a second thread beside the PDF; the files must be
  // byte for byte those of --pdf-only and --epub-only run one after the other, for both samples.
  for (const char* id : {"cena-2020-12-30", "fukan-tang300"}) {
    std::string source =
        std::string(PAIBAN_SOURCE_DIR) + "/issue-sources/" + id + "/issue.xml";
    fs::path both = TempDir(std::string("parallel-") + id);
    fs::path serial = TempDir(std::string("serial-") + id);
    auto build = RunCommand(kPaiban + " build " + Quote(source) + " -o " + Quote(both.string()));
    ASSERT_EQ(build.status, 0) << build.output;
    for (const char* only : {" --pdf-only", " --epub-only"}) {
      auto one = RunCommand(kPaiban + " build " + Quote(source) + only + " -o " +
                            Quote(serial.string()));
      ASSERT_EQ(one.status, 0) << one.output;
    }
    for (const char* ext : {".pdf", ".epub"}) {
      std::string name = std::string(id) + ext;
      std::string a = ReadBytes(both / name), b = ReadBytes(serial / name);
      EXPECT_FALSE(a.empty()) << name;
      EXPECT_TRUE(a == b) << name << " differs between the parallel and the serial build";
    }
  }
}

TEST(CliTest, PdfOnlyAndPng) {
  fs::path out = TempDir("pdf-only");
  auto build =
      RunCommand(kPaiban + " build " + Quote(kSample) + " --pdf-only --png -o " + Quote(out.string()));
  ASSERT_EQ(build.status, 0) << build.output;
  EXPECT_TRUE(fs::exists(out / "cena-2020-12-30.pdf"));
  EXPECT_TRUE(fs::exists(out / "cena-2020-12-30-p1.png"));
  EXPECT_FALSE(fs::exists(out / "cena-2020-12-30.epub"));
}

TEST(CliTest, UnwritableOutputFolderExitsWithThree) {
  fs::path dir = TempDir("unwritable");
  std::ofstream(dir / "a-file") << "x";
  fs::path out = dir / "a-file" / "sub";  // a folder inside a regular file cannot exist
  auto build = RunCommand(kPaiban + " build " + Quote(kSample) + " -o " + Quote(out.string()));
  EXPECT_EQ(build.status, 3) << build.output;
  EXPECT_NE(build.output.find("error: cannot create the output folder"), std::string::npos)
      << build.output;
}

}  // namespace
}  // namespace paiban
