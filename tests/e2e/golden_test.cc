// Golden text dumps: the model and the layout of every issue in issue-sources/, compared line by
// line with tests/golden/. After an intended change, run tests/update-goldens.sh and read the diff.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first differing line, for a readable failure.
std::string FirstDifference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, la));
    bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "";
    if (la != lb || more_a != more_b) {
      return "line " + std::to_string(line) + ":\n  golden: " + (more_a ? la : "<end>") +
             "\n  now:    " + (more_b ? lb : "<end>");
    }
  }
}

void CheckDump(const std::string& id, const std::string& args, const std::string& golden_name) {
  fs::path source = fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / id / "issue.xml";
  fs::path golden = fs::path(PAIBAN_SOURCE_DIR) / "tests" / "golden" / golden_name;
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run tests/update-goldens.sh";
  auto dump = testing::RunCommand(std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban build " +
                                  testing::Quote(source.string()) + " " + args);
  ASSERT_EQ(dump.status, 0) << dump.output;
  std::string want = ReadFile(golden);
  EXPECT_TRUE(want == dump.output) << golden_name << " differs at "
                                   << FirstDifference(want, dump.output)
                                   << "\n(run tests/update-goldens.sh and read the diff)";
}

// Every issue in issue-sources/ has its three dumps.
TEST(GoldenTest, EveryIssueModelAndLayoutInBothModes) {
  int issues = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(PAIBAN_SOURCE_DIR) / "issue-sources")) {
    if (!fs::exists(entry.path() / "issue.xml")) continue;
    std::string id = entry.path().filename().string();
    SCOPED_TRACE(id);
    CheckDump(id, "--dump model", id + ".model.txt");
    CheckDump(id, "--writing-mode horizontal --dump layout", id + ".layout-horizontal.txt");
    CheckDump(id, "--writing-mode vertical --dump layout", id + ".layout-vertical.txt");
    ++issues;
  }
  EXPECT_GE(issues, 2);
}

}  // namespace
}  // namespace paiban
