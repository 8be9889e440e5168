// Data safety of `paiban build`, run as a user would run it:
//  - on a full disk (a tmpfs of 200, 1,000 or 1,400 KB, with or without a good PDF already there)
//    for --pdf-only, a default build and --png: either every output is written whole (the same
//    bytes as a build with room) and the run succeeds, or it exits 3 naming the file and the
//    reason, and the folder holds exactly what it held before, byte for byte;
//  - with links planted in the output folder at every temporary name paiban could use: nothing
//    is written outside -o DIR and no output becomes a link.
// The tmpfs is mounted in a mount namespace of its own (`unshare -m`, or `unshare -rm` for a user
// who is not root), so the test leaves no mount behind.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/output_files.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::Quote;
using testing::RunCommand;

const std::string kPaiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban";
const fs::path kSource =
    fs::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "cena-2020-12-30" / "issue.xml";
const std::string kId = "cena-2020-12-30";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file in `dir` (names starting with '.' too) with its bytes.
std::map<std::string, std::string> Contents(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    files[entry.path().filename()] = fs::is_symlink(entry.symlink_status())
                                         ? "(link)"
                                         : ReadAll(entry.path());
  }
  return files;
}

class DataSafetyTest : public ::testing::Test {
 protected:
  // A folder of the test's own (CTest runs the tests in parallel processes), and in it the
  // outputs of the sample built with room to spare.
  void SetUp() override {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    root_ = fs::path(PAIBAN_BINARY_DIR) / "e2e-out" / "data-safety" / test;
    fs::remove_all(root_);
    fs::create_directories(root_);
    reference_ = root_ / "reference";
    testing::CommandResult r = RunCommand(Quote(kPaiban) + " build " + Quote(kSource.string()) +
                                          " --png -o " + Quote(reference_.string()));
    ASSERT_EQ(r.status, 0) << r.output;
  }
  std::string Reference(const std::string& name) { return ReadAll(reference_ / name); }

  fs::path root_, reference_;
};

struct DiskCase {
  int size_kb;
  std::string options;  // --pdf-only, "" or --png
  bool old_pdf;         // a good PDF is in the folder before the build
};

TEST_F(DataSafetyTest, AFullDiskNeverPassesAsSuccessNorDamagesWhatWasThere) {
  const std::string unshare = geteuid() == 0 ? "unshare -m" : "unshare -rm";
  ASSERT_EQ(RunCommand(unshare + " true").status, 0)
      << "this test needs mount namespaces (util-linux unshare)";
  std::vector<DiskCase> cases;
  for (int size : {200, 1000, 1400}) {
    for (const char* options : {"--pdf-only", "", "--png"}) {
      for (bool old_pdf : {false, true}) {
        if (old_pdf && size * 1024 < static_cast<int>(Reference(kId + ".pdf").size())) continue;
        cases.push_back({size, options, old_pdf});
      }
    }
  }
  int failed_runs = 0;
  for (const DiskCase& c : cases) {
    std::string label = std::to_string(c.size_kb) + " KB, '" + c.options + "'" +
                        (c.old_pdf ? ", a good PDF there" : "");
    SCOPED_TRACE(label);
    fs::path mount = root_ / "mnt", before = root_ / "before", after = root_ / "after";
    for (const fs::path& p : {mount, before, after}) {
      fs::remove_all(p);
      fs::create_directories(p);
    }
    fs::path status_file = root_ / "status", err_file = root_ / "stderr";
    // In the namespace: mount, put the old PDF there, keep a copy of the folder, build, copy the
    // folder out again (the tmpfs goes with the namespace).
    std::string script =
        "set -e; mount -t tmpfs -o size=" + std::to_string(c.size_kb) + "k tmpfs " +
        Quote(mount.string()) + "; " +
        (c.old_pdf ? "cp " + Quote((reference_ / (kId + ".pdf")).string()) + " " +
                         Quote(mount.string()) + "/; "
                   : "") +
        "cp -a " + Quote(mount.string()) + "/. " + Quote(before.string()) + "/; set +e; " +
        Quote(kPaiban) + " build " + Quote(kSource.string()) + " -o " + Quote(mount.string()) +
        " " + c.options + " >/dev/null 2>" + Quote(err_file.string()) + "; echo $? >" +
        Quote(status_file.string()) + "; cp -a " + Quote(mount.string()) + "/. " +
        Quote(after.string()) + "/";
    testing::CommandResult r = RunCommand(unshare + " sh -c " + Quote(script));
    ASSERT_EQ(r.status, 0) << r.output;
    int status = std::stoi(ReadAll(status_file));
    std::string err = ReadAll(err_file);

    // What the build needs and what the disk has, in 4 KB pages.
    std::vector<std::string> outputs = {kId + ".pdf"};
    if (c.options != "--pdf-only") outputs.push_back(kId + ".epub");
    if (c.options == "--png") outputs.push_back(kId + "-p1.png");
    long need = 0;
    for (const std::string& name : outputs) need += (Reference(name).size() + 4095) / 4096 * 4;
    long have = c.size_kb - (c.old_pdf ? (Reference(kId + ".pdf").size() + 4095) / 4096 * 4 : 0);

    std::map<std::string, std::string> old_files = Contents(before), new_files = Contents(after);
    if (status == 0) {
      EXPECT_LT(need, have + 16) << "a build that cannot fit passed as a success";
      for (const std::string& name : outputs) {
        EXPECT_TRUE(new_files[name] == Reference(name)) << name << " is not the whole file";
      }
      EXPECT_EQ(new_files.size(), outputs.size()) << "more files than outputs";
    } else {
      ++failed_runs;
      EXPECT_EQ(status, 3) << err;
      EXPECT_GT(need, have - 64) << "a build with room failed:\n" << err;
      EXPECT_NE(err.find(mount.string() + "/" + kId), std::string::npos)
          << "the message must name the file:\n" << err;
      EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
      EXPECT_TRUE(new_files == old_files) << "the folder changed on a failed run";
    }
  }
  EXPECT_GE(failed_runs, 8) << "the sizes no longer make the disk full";
}

// Runs `paiban build` with its output in `dir`, after `plant` has been called with the pid the
// build will have (the child waits on a pipe until the links are there). Returns the exit status.
int BuildWithPid(const fs::path& dir, const std::string& options,
                 const std::function<void(pid_t)>& plant, std::string& err) {
  int go[2];
  if (pipe(go) != 0) return -1;
  fs::path err_file = dir.parent_path() / "stderr";
  pid_t child = fork();
  if (child == 0) {
    close(go[1]);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(125);
    int fd = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_WRONLY);
    if (fd < 0 || null < 0) _exit(125);
    dup2(fd, 2);
    dup2(null, 1);
    std::vector<std::string> args = {kPaiban, "build", kSource.string(), "-o", dir.string()};
    std::istringstream more(options);
    for (std::string a; more >> a;) args.push_back(a);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(kPaiban.c_str(), argv.data());
    _exit(126);
  }
  close(go[0]);
  plant(child);
  ssize_t written = write(go[1], "x", 1);
  close(go[1]);
  int status = 0;
  waitpid(child, &status, 0);
  err = ReadAll(err_file);
  return written == 1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(DataSafetyTest, LinksPlantedAtTemporaryNamesAreNeverFollowed) {
  const fs::path dir = root_ / "out", outside = root_ / "outside";
  fs::create_directories(dir);
  fs::create_directories(outside);
  const std::vector<std::string> outputs = {kId + ".pdf", kId + ".epub", kId + "-p1.png"};
  // A victim file outside that must keep its bytes, and a name outside that must not appear.
  std::ofstream(outside / "victim") << "precious";
  auto plant = [&](int names) {
    return [&, names](pid_t pid) {
      for (const std::string& name : outputs) {
        // The names earlier versions used, then the ones paiban tries now.
        fs::create_symlink(outside / "victim",
                           dir / ("." + name + ".tmp-" + std::to_string(pid)));
        for (int k = 0; k < names; ++k) {
          fs::create_symlink(k % 2 ? outside / "victim" : outside / (name + std::to_string(k)),
                             dir / OutputFiles::TemporaryName(name, pid, k));
        }
      }
    };
  };
  auto remove_links = [&] {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (fs::is_symlink(entry.symlink_status())) fs::remove(entry.path());
    }
  };
  // Every name taken: the build fails, writing nothing anywhere, and what was there stays.
  std::ofstream(dir / (kId + ".pdf")) << "the previous PDF";
  std::string err;
  int status = BuildWithPid(dir, "--png", plant(OutputFiles::kTemporaryNames), err);
  EXPECT_EQ(status, 3) << err;
  EXPECT_NE(err.find("every temporary name for it is taken"), std::string::npos) << err;
  EXPECT_EQ(ReadAll(outside / "victim"), "precious");
  EXPECT_EQ(std::distance(fs::directory_iterator(outside), fs::directory_iterator()), 1);
  remove_links();
  EXPECT_EQ(Contents(dir), (std::map<std::string, std::string>{{kId + ".pdf", "the previous PDF"}}));

  // The first names taken: the build takes the next ones and succeeds; no output is a link.
  status = BuildWithPid(dir, "--png", plant(5), err);
  EXPECT_EQ(status, 0) << err;
  EXPECT_EQ(ReadAll(outside / "victim"), "precious");
  EXPECT_EQ(std::distance(fs::directory_iterator(outside), fs::directory_iterator()), 1);
  remove_links();
  std::map<std::string, std::string> files = Contents(dir);
  EXPECT_EQ(files.size(), outputs.size());
  for (const std::string& name : outputs) {
    EXPECT_FALSE(fs::is_symlink(fs::symlink_status(dir / name))) << name;
    EXPECT_TRUE(files[name] == Reference(name)) << name;
  }
}

}  // namespace
}  // namespace paiban
