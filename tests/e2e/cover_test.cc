// The EPUB's cover: the first page painted as PNG from the same display list as the PDF
// (output/png's RenderPagePng), made the manifest's cover-image and shown by a cover document
// first in the spine, for every issue in issue-sources/ in both writing modes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/reader.h"
#include "fonts/fonts.h"
#include "layout/page/makeup.h"
#include "model/furniture.h"
#include "model/text.h"
#include "output/epub/epub_writer.h"
#include "output/png/png_writer.h"
#include "tests/e2e/epub_cases.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::IssueCase;
using testing::Quote;
using testing::RunCommand;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

uint32_t BigEndian(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
  return value;
}

// One entry of an EPUB, through unzip.
std::string EpubEntry(const fs::path& epub, const std::string& name) {
  testing::CommandResult r = RunCommand("unzip -p " + Quote(epub.string()) + " " + Quote(name));
  EXPECT_EQ(r.status, 0) << name << ": " << r.output;
  return r.output;
}

class CoverTest : public ::testing::TestWithParam<IssueCase> {
 protected:
  void SetUp() override {
    const IssueCase& c = GetParam();
    Diagnostics diagnostics;
    issue_ = ReadIssueFile(c.Source().string(), diagnostics);
    ASSERT_TRUE(issue_) << diagnostics.Format();
    issue_->writing_mode = c.mode == "vertical" ? WritingMode::kVertical : WritingMode::kHorizontal;
    fonts_ = fonts::FontSystem::Create(issue_->language, diagnostics);
    ASSERT_TRUE(fonts_) << diagnostics.Format();
    layout::LayoutOptions options;
    options.writing_mode = issue_->writing_mode;
    layout_ = layout::LayOutIssue({*issue_, *fonts_}, options, diagnostics);
    ASSERT_TRUE(layout_) << diagnostics.Format();
    ASSERT_FALSE(layout_->pages.empty());
    dpi_ = CoverDpi(layout_->pages.front());
    cover_ = RenderPagePng(*layout_, 0, dpi_, diagnostics);
    ASSERT_FALSE(cover_.empty()) << diagnostics.Format();
    out_ = fs::path(PAIBAN_BINARY_DIR) / "e2e-out" / "cover" / (c.id + "-" + c.mode);
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& ch : test) {
      if (ch == '/') ch = '_';
    }
    out_ /= test;
    fs::remove_all(out_);
    fs::create_directories(out_);
  }

  std::optional<Issue> issue_;
  std::unique_ptr<fonts::FontSystem> fonts_;
  std::optional<LaidOutIssue> layout_;
  double dpi_ = 0;
  std::string cover_;
  fs::path out_;
};

TEST_P(CoverTest, IsAPngOfTheCoverHeight) {
  ASSERT_GE(cover_.size(), 24u);
  EXPECT_EQ(cover_.substr(0, 16), std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16));
  const LaidOutPage& page = layout_->pages.front();
  EXPECT_EQ(BigEndian(cover_, 20), static_cast<uint32_t>(kCoverHeightPx));
  EXPECT_EQ(BigEndian(cover_, 16),
            static_cast<uint32_t>(std::lround(std::ceil(page.width_pt * dpi_ / 72.0 - 1e-6))));
  EXPECT_GE(kCoverHeightPx, 1000);
  EXPECT_LE(kCoverHeightPx, 1600);
  // Not a blank page: PNG compresses white to almost nothing.
  EXPECT_GT(cover_.size(), 50000u);
}

TEST_P(CoverTest, SameBytesAsThePreviewAndAgain) {
  Diagnostics diagnostics;
  EXPECT_TRUE(cover_ == RenderPagePng(*layout_, 0, dpi_, diagnostics)) << "not deterministic";
  // The preview `paiban build --png` writes is the same painting at the preview resolution.
  const IssueCase& c = GetParam();
  testing::CommandResult build = RunCommand(
      std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban build " + Quote(c.Source().string()) +
      " --png --pdf-only -o " + Quote(out_.string()) + " --writing-mode " + c.mode);
  ASSERT_EQ(build.status, 0) << build.output;
  fs::path preview =
      out_ / (issue_->id + "-p" + std::to_string(layout_->pages.front().number) + ".png");
  EXPECT_TRUE(ReadFile(preview) == RenderPagePng(*layout_, 0, kPreviewDpi, diagnostics))
      << "the file " << preview << " and the bytes in memory differ";
}

// epubcheck sees the cover in the unit tests and, through the driver, in sample_issues_test.
TEST_P(CoverTest, EpubHoldsTheCoverWithItsTextAlternative) {
  EpubOptions options;
  options.path = (out_ / (issue_->id + ".epub")).string();
  options.modified_epoch = 1609286400;
  Diagnostics diagnostics;
  std::string epub;
  ASSERT_TRUE(WriteEpub({*issue_, layout_->page_map, cover_}, options, epub, diagnostics))
      << diagnostics.Format();
  std::ofstream(options.path, std::ios::binary) << epub;
  EXPECT_TRUE(EpubEntry(options.path, "EPUB/cover.png") == cover_);
  std::string xhtml = EpubEntry(options.path, "EPUB/cover.xhtml");
  EXPECT_NE(xhtml.find("alt=\"" + issue_->publication.name + " " + Furniture(*issue_).Date()),
            std::string::npos)
      << xhtml;
  EXPECT_NE(xhtml.find(" width=\"" + std::to_string(BigEndian(cover_, 16)) + "\" height=\"" +
                       std::to_string(BigEndian(cover_, 20)) + "\""),
            std::string::npos)
      << xhtml;
}

// The driver passes the cover: the EPUB paiban writes holds exactly this rendering of page 1.
TEST_P(CoverTest, PaibanPutsPageOneOnTheCover) {
  fs::path epub;
  ASSERT_NO_FATAL_FAILURE(testing::BuildEpub(GetParam(), "cover-paiban", epub));
  std::string opf = EpubEntry(epub, "EPUB/package.opf");
  EXPECT_NE(opf.find("<item id=\"cover-image\" href=\"cover.png\" media-type=\"image/png\" "
                     "properties=\"cover-image\"/>"),
            std::string::npos)
      << "paiban's EPUB has no cover-image: does compiler/driver.cc pass RenderPagePng's page 1 "
         "as EpubInput::cover_png?\n"
      << opf;
  EXPECT_NE(opf.find("<spine"), std::string::npos);
  EXPECT_NE(opf.find("\">\n<itemref idref=\"cover\"/>\n<itemref idref=\"masthead\"/>"),
            std::string::npos)
      << "the cover must come first in the spine:\n"
      << opf;
  EXPECT_TRUE(EpubEntry(epub, "EPUB/cover.png") == cover_)
      << "the cover is not page 1 as RenderPagePng paints it at CoverDpi";
}

INSTANTIATE_TEST_SUITE_P(IssueSources, CoverTest, ::testing::ValuesIn(testing::IssueCases()),
                         testing::IssueCaseName);

}  // namespace
}  // namespace paiban
