// Shared by the end-to-end EPUB tests: every issue in issue-sources/ in both writing modes, and
// its EPUB built by the paiban binary.
#ifndef PAIBAN_TESTS_E2E_EPUB_CASES_H_
#define PAIBAN_TESTS_E2E_EPUB_CASES_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "tests/support/run.h"

namespace paiban::testing {

struct IssueCase {
  std::string id;    // the folder under issue-sources/
  std::string mode;  // "horizontal" or "vertical"

  std::filesystem::path Source() const {
    return std::filesystem::path(PAIBAN_SOURCE_DIR) / "issue-sources" / id / "issue.xml";
  }
};

inline void PrintTo(const IssueCase& c, std::ostream* os) { *os << c.id << " " << c.mode; }

inline std::vector<IssueCase> IssueCases() {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources")) {
    if (fs::exists(entry.path() / "issue.xml")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  std::vector<IssueCase> cases;
  for (const fs::path& dir : dirs) {
    for (const char* mode : {"horizontal", "vertical"}) {
      cases.push_back({dir.filename().string(), mode});
    }
  }
  return cases;
}

inline std::string IssueCaseName(const ::testing::TestParamInfo<IssueCase>& info) {
  std::string name = info.param.id + "_" + info.param.mode;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// Builds the EPUB of `c` with build/compiler/paiban into PAIBAN_BINARY_DIR/e2e-out/<suite>/
// <id>-<mode>/ (a folder of its own: CTest runs the cases in parallel processes) and returns its
// path; fails the calling test (use ASSERT_NO_FATAL_FAILURE) when paiban does not write it.
inline void BuildEpub(const IssueCase& c, const std::string& suite, std::filesystem::path& epub) {
  namespace fs = std::filesystem;
  const fs::path out = fs::path(PAIBAN_BINARY_DIR) / "e2e-out" / suite / (c.id + "-" + c.mode);
  fs::remove_all(out);
  CommandResult build = RunCommand(std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban build " +
                                   Quote(c.Source().string()) + " --epub-only -o " +
                                   Quote(out.string()) + " --writing-mode " + c.mode);
  ASSERT_EQ(build.status, 0) << build.output;
  epub.clear();
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() == ".epub") epub = entry.path();
  }
  ASSERT_FALSE(epub.empty()) << "paiban wrote no EPUB into " << out << "\n" << build.output;
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_E2E_EPUB_CASES_H_
