// The EPUB read back by another program: pandoc (`-f epub -t plain`) must find every character
// of the source in the book, counted as a multiset, for every issue in issue-sources/ in both
// writing modes. A reader that drops part of the book (pandoc skips a title page section, for
// one) shows up here. A missing pandoc fails the test and says so; nothing is skipped.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/reader.h"
#include "model/text.h"
#include "tests/e2e/epub_cases.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::CharCounts;
using testing::IssueCase;
using testing::Missing;
using testing::Quote;
using testing::RunCommand;

class PandocTest : public ::testing::TestWithParam<IssueCase> {};

TEST_P(PandocTest, PlainTextHoldsEverySourceCharacter) {
  ASSERT_EQ(RunCommand("command -v pandoc").status, 0)
      << "pandoc is not installed, so the EPUB cannot be read back (apt-get install -y pandoc)";
  const IssueCase& c = GetParam();
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(c.Source().string(), diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  fs::path epub;
  ASSERT_NO_FATAL_FAILURE(testing::BuildEpub(c, "pandoc", epub));

  // Standard error apart: a warning of pandoc's must not count as text of the book.
  fs::path errors = epub.string() + ".pandoc-stderr";
  testing::CommandResult text =
      RunCommand("{ pandoc -f epub -t plain --wrap=none " + Quote(epub.string()) + " 2>" +
                 Quote(errors.string()) + "; }");
  ASSERT_EQ(text.status, 0) << "pandoc failed:\n"
                            << RunCommand("cat " + Quote(errors.string())).output;
  ASSERT_FALSE(text.output.empty());
  EXPECT_EQ(Missing(CharCounts(SourceText(*issue)), CharCounts(text.output)), "")
      << "pandoc's text of " << epub << " lacks these characters of the source";
}

INSTANTIATE_TEST_SUITE_P(IssueSources, PandocTest, ::testing::ValuesIn(testing::IssueCases()),
                         testing::IssueCaseName);

}  // namespace
}  // namespace paiban
