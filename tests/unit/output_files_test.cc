// OutputFiles (compiler/output_files.h): outputs appear whole or not at all, the previous ones stay
// untouched when a run fails, and nothing is ever written through a link planted in the folder.
// Each case runs with anonymous temporaries (O_TMPFILE) and with named ones (the fallback).
// A full disk is tested end to end, on a small tmpfs (tests/e2e/data_safety_test.cc).
#include "compiler/output_files.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace paiban {
namespace {

namespace fs = std::filesystem;
using Temporaries = OutputFiles::Temporaries;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

class OutputFilesTest : public ::testing::TestWithParam<Temporaries> {
 protected:
  void SetUp() override {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : test) {
      if (c == '/') c = '_';
    }
    root_ = fs::path(PAIBAN_BINARY_DIR) / "output-files-test" / test;
    fs::remove_all(root_);
    dir_ = root_ / "out";
    outside_ = root_ / "outside";
    fs::create_directories(dir_);
    fs::create_directories(outside_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Links at every temporary name `name` could get in this process (the first `count` of them),
  // each to a file of its own outside the folder that must not come into being.
  void PlantLinks(const std::string& name, int count) {
    for (int k = 0; k < count; ++k) {
      fs::create_symlink(outside_ / (name + "-" + std::to_string(k)),
                         dir_ / OutputFiles::TemporaryName(name, getpid(), k));
    }
  }

  fs::path root_, dir_, outside_;
};

TEST_P(OutputFilesTest, FilesAppearOnlyOnCommitWithTheirBytesAndUsualMode) {
  std::set<std::string> before = Listing(dir_);
  {
    OutputFiles files(dir_.string(), GetParam());
    Diagnostics d;
    ASSERT_TRUE(files.Write("a.pdf", "pdf bytes", d)) << d.Format();
    ASSERT_TRUE(files.Write("a.epub", std::string(1 << 20, 'e'), d)) << d.Format();
    EXPECT_FALSE(fs::exists(dir_ / "a.pdf")) << "a final name before Commit";
    EXPECT_FALSE(fs::exists(dir_ / "a.epub"));
    ASSERT_TRUE(files.Commit(d)) << d.Format();
    EXPECT_EQ(files.paths(), (std::vector<std::string>{(dir_ / "a.pdf").string(),
                                                        (dir_ / "a.epub").string()}));
  }
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "pdf bytes");
  EXPECT_EQ(ReadAll(dir_ / "a.epub"), std::string(1 << 20, 'e'));
  // The mode a file made by open(…, 0666) gets: the umask applies, as for any other tool.
  mode_t mask = umask(0);
  umask(mask);
  struct stat st;
  ASSERT_EQ(stat((dir_ / "a.pdf").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  std::set<std::string> after = before;
  after.insert({"a.pdf", "a.epub"});
  EXPECT_EQ(Listing(dir_), after) << "a temporary was left behind";
}

TEST_P(OutputFilesTest, WithoutCommitNothingChanges) {
  std::ofstream(dir_ / "a.pdf") << "the previous PDF";
  {
    OutputFiles files(dir_.string(), GetParam());
    Diagnostics d;
    ASSERT_TRUE(files.Write("a.pdf", "new", d));
  }
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "the previous PDF");
  EXPECT_EQ(Listing(dir_), std::set<std::string>{"a.pdf"});
}

TEST_P(OutputFilesTest, PlantedLinksAreNeverFollowed) {
  std::ofstream(dir_ / "a.pdf") << "the previous PDF";
  PlantLinks("a.pdf", 5);
  PlantLinks("a.epub", 5);
  OutputFiles files(dir_.string(), GetParam());
  Diagnostics d;
  ASSERT_TRUE(files.Write("a.pdf", "new PDF", d)) << d.Format();
  ASSERT_TRUE(files.Write("a.epub", "new EPUB", d)) << d.Format();
  ASSERT_TRUE(files.Commit(d)) << d.Format();
  EXPECT_TRUE(fs::is_empty(outside_)) << "something was written outside the output folder";
  for (const char* name : {"a.pdf", "a.epub"}) {
    EXPECT_FALSE(fs::is_symlink(dir_ / name)) << name << " became a link";
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << name;
  }
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "new PDF");
  EXPECT_EQ(ReadAll(dir_ / "a.epub"), "new EPUB");
}

TEST_P(OutputFilesTest, EveryNameTakenIsAnErrorThatChangesNothing) {
  std::ofstream(dir_ / "a.pdf") << "the previous PDF";
  std::ofstream(dir_ / "a.epub") << "the previous EPUB";
  PlantLinks("a.epub", OutputFiles::kTemporaryNames);
  std::set<std::string> before = Listing(dir_);
  {
    OutputFiles files(dir_.string(), GetParam());
    Diagnostics d;
    bool written = files.Write("a.pdf", "new PDF", d) && files.Write("a.epub", "new EPUB", d);
    EXPECT_FALSE(written && files.Commit(d));
    ASSERT_EQ(d.all().size(), 1u) << d.Format();
    EXPECT_EQ(d.all()[0].loc.file, (dir_ / "a.epub").string());
    EXPECT_EQ(d.all()[0].message,
              "cannot write: every temporary name for it is taken (.a.epub.tmp-*)");
  }
  EXPECT_TRUE(fs::is_empty(outside_));
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "the previous PDF") << "one output replaced, not the other";
  EXPECT_EQ(ReadAll(dir_ / "a.epub"), "the previous EPUB");
  EXPECT_EQ(Listing(dir_), before);
}

TEST_P(OutputFilesTest, AFolderAtAFinalNameStopsTheCommitBeforeAnyRename) {
  std::ofstream(dir_ / "a.pdf") << "the previous PDF";
  fs::create_directories(dir_ / "a.epub");
  OutputFiles files(dir_.string(), GetParam());
  Diagnostics d;
  ASSERT_TRUE(files.Write("a.pdf", "new PDF", d));
  ASSERT_TRUE(files.Write("a.epub", "new EPUB", d));
  EXPECT_FALSE(files.Commit(d));
  EXPECT_EQ(d.Format().find((dir_ / "a.epub").string() + ": error: cannot write: a folder has "
                                                          "that name"),
            0u)
      << d.Format();
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "the previous PDF");
  files.Discard();
  EXPECT_EQ(Listing(dir_), (std::set<std::string>{"a.pdf", "a.epub"}));
}

TEST_P(OutputFilesTest, AMissingFolderIsAnErrorNamingIt) {
  OutputFiles files((root_ / "no-such-folder").string(), GetParam());
  Diagnostics d;
  EXPECT_FALSE(files.Write("a.pdf", "x", d));
  EXPECT_EQ(d.Format(), (root_ / "no-such-folder").string() +
                            ": error: cannot open the output folder: No such file or directory\n");
}

// An exchange that fails midway (here: the second final name is immutable) puts the first
// output's old file back: the folder holds the old set, not a mix.
TEST_P(OutputFilesTest, AFailedRenameMidwayPutsEveryOldFileBack) {
  std::ofstream(dir_ / "a.pdf") << "the previous PDF";
  std::ofstream(dir_ / "a.epub") << "the previous EPUB";
  ASSERT_EQ(std::system(("chattr +i " + (dir_ / "a.epub").string()).c_str()), 0)
      << "needs chattr (e2fsprogs) and a file system with the immutable flag, as root";
  bool failed;
  std::string message;
  {
    OutputFiles files(dir_.string(), GetParam());
    Diagnostics d;
    ASSERT_TRUE(files.Write("a.pdf", "new PDF", d)) << d.Format();
    ASSERT_TRUE(files.Write("a.epub", "new EPUB", d)) << d.Format();
    failed = !files.Commit(d);
    message = d.Format();
  }
  std::system(("chattr -i " + (dir_ / "a.epub").string()).c_str());
  EXPECT_TRUE(failed);
  EXPECT_EQ(message.find((dir_ / "a.epub").string() + ": error: cannot write: "), 0u) << message;
  EXPECT_EQ(message.find("could not be put back"), std::string::npos) << message;
  EXPECT_EQ(ReadAll(dir_ / "a.pdf"), "the previous PDF") << "a new PDF beside the old EPUB";
  EXPECT_EQ(ReadAll(dir_ / "a.epub"), "the previous EPUB");
  EXPECT_EQ(Listing(dir_), (std::set<std::string>{"a.pdf", "a.epub"}));
}

// Hidden names a killed run left (its process is gone) are removed; a live run's are not.
TEST_P(OutputFilesTest, WhatKilledRunsLeftIsRemoved) {
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);  // a pid that is gone
  const std::string dead = std::to_string(child), alive = std::to_string(getppid());
  for (const std::string& name :
       {".a.pdf.tmp-" + dead + "-0", ".a.epub.tmp-" + dead, ".a.pdf.tmp-" + alive + "-0"}) {
    std::ofstream(dir_ / name) << "left over";
  }
  fs::create_symlink(outside_ / "kept", dir_ / (".a-p1.png.tmp-" + dead + "-3"));
  std::ofstream(outside_ / "kept") << "outside";
  OutputFiles files(dir_.string(), GetParam());
  Diagnostics d;
  ASSERT_TRUE(files.Open(d)) << d.Format();
  EXPECT_EQ(Listing(dir_), std::set<std::string>{".a.pdf.tmp-" + alive + "-0"});
  EXPECT_EQ(ReadAll(outside_ / "kept"), "outside") << "a link's target was removed";
}

// A thousand-page --png run under a low descriptor limit: files past the first few are named
// and closed as they are written.
TEST_P(OutputFilesTest, ManyOutputsDoNotRunOutOfDescriptors) {
  rlimit old_limit;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old_limit), 0);
  rlimit low = old_limit;
  low.rlim_cur = 48;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  bool ok = true;
  std::string message;
  {
    OutputFiles files(dir_.string(), GetParam());
    Diagnostics d;
    for (int i = 0; i < 200 && ok; ++i) {
      ok = files.Write("p" + std::to_string(i) + ".png", "page " + std::to_string(i), d);
    }
    ok = ok && files.Commit(d);
    message = d.Format();
  }
  setrlimit(RLIMIT_NOFILE, &old_limit);
  ASSERT_TRUE(ok) << message;
  EXPECT_EQ(Listing(dir_).size(), 200u);
  EXPECT_EQ(ReadAll(dir_ / "p199.png"), "page 199");
}

// The folder is held from Open on: swapped for a link to elsewhere before the outputs are
// written, it still receives them, and elsewhere nothing.
TEST_P(OutputFilesTest, AFolderSwappedForALinkIsNotFollowed) {
  OutputFiles files(dir_.string(), GetParam());
  Diagnostics d;
  ASSERT_TRUE(files.Open(d));
  fs::rename(dir_, root_ / "moved");
  fs::create_directory_symlink(outside_, dir_);
  ASSERT_TRUE(files.Write("a.pdf", "new PDF", d) && files.Commit(d)) << d.Format();
  EXPECT_TRUE(fs::is_empty(outside_));
  EXPECT_EQ(ReadAll(root_ / "moved" / "a.pdf"), "new PDF");
}

INSTANTIATE_TEST_SUITE_P(BothKinds, OutputFilesTest,
                         ::testing::Values(Temporaries::kAnonymousWherePossible,
                                           Temporaries::kNamed),
                         [](const ::testing::TestParamInfo<Temporaries>& kind) {
                           return kind.param == Temporaries::kNamed ? std::string("Named")
                                                                    : std::string("Anonymous");
                         });

}  // namespace
}  // namespace paiban
