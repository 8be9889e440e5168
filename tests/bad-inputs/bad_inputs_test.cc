// Hostile and broken inputs, run through the real command line: `paiban build NAME.EXT -o DIR`
// with this folder as the working directory, so that the file names in the diagnostics are the
// same on every machine. Each case checks
//   - stderr, byte for byte, against NAME.expected (one `file:line:col: error: message` with the
//     source line and a caret per error);
//   - the exit status: 1 for a source error, 2 for a usage error, 3 when an output cannot be
//     written (0 for the few sources that must be accepted, run with `check`);
//   - that nothing was written: the output folder does not exist, and this folder is unchanged.
//
// A case is a file NAME.EXT (any extension but .expected) beside NAME.expected. A few cases have
// no file of their own (a missing file, a folder, a device, inputs too large to keep in the tree):
// kSpecialCases below makes or names their input and runs them in a scratch folder.
//
// PAIBAN_UPDATE_GOLDENS=1 rewrites the .expected files from what paiban prints now; read every
// changed message before committing: each must say clearly what is wrong and where.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace paiban {
namespace {

namespace fs = std::filesystem;

const fs::path kCasesDir = fs::path(PAIBAN_SOURCE_DIR) / "tests" / "bad-inputs";
const std::string kPaiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban";
const fs::path kScratch = fs::path(PAIBAN_BINARY_DIR) / "bad-inputs-test";

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteAll(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A small valid issue whose body holds `body`.
std::string Issue(const std::string& body, const std::string& issue_attributes = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<issue id=\"t-1\" lang=\"zh-Hans\"" +
         issue_attributes +
         ">\n"
         "  <publication><name>报</name></publication>\n"
         "  <date weekday=\"星期三\">2020-12-30</date>\n"
         "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n"
         "  <page number=\"1\">\n"
         "    <article id=\"a\">\n"
         "      <headline>标题</headline>\n"
         "      <body>" +
         body +
         "</body>\n"
         "    </article>\n"
         "  </page>\n"
         "</issue>\n";
}

// A case without a file in this folder: `prepare` makes its input in the scratch folder (the
// working directory of the run) and `args` are paiban's arguments; OUT, where they have it,
// stands for the output folder.
struct SpecialCase {
  SpecialCase(std::string name_, std::function<void(const fs::path&)> prepare_, std::string args_,
              int status_, bool first_line_only_ = false, std::string env_ = "")
      : name(std::move(name_)),
        prepare(std::move(prepare_)),
        args(std::move(args_)),
        status(status_),
        first_line_only(first_line_only_),
        env(std::move(env_)) {}
  std::string name;
  std::function<void(const fs::path& dir)> prepare;
  std::string args;
  int status;
  // Only the first line of stderr is compared: the usage text after it belongs to main.cc.
  bool first_line_only = false;
  // Environment assignments put before the command, e.g. FONTCONFIG_FILE=….
  std::string env;
};

const std::vector<SpecialCase>& SpecialCases() {
  static const std::vector<SpecialCase> cases = {
      {"missing-file", [](const fs::path&) {}, "build no-such-issue.xml -o OUT", 1},
      {"directory", [](const fs::path& dir) { fs::create_directories(dir / "issue-folder"); },
       "build issue-folder -o OUT", 1},
      {"device", [](const fs::path&) {}, "build /dev/zero -o OUT", 1},
      {"usage-no-source", [](const fs::path&) {}, "build -o OUT", 2, true},
      {"usage-unknown-option",
       [](const fs::path& dir) { WriteAll(dir / "issue.xml", Issue("<p>正文。</p>")); },
       "build issue.xml --colour -o OUT", 2, true},
      {"deep-nesting",
       [](const fs::path& dir) {
         // 100000 nested <p>: the reader must refuse it at once, without deep recursion.
         std::string p;
         for (int i = 0; i < 100000; ++i) p += "<p>";
         p += "正文";
         for (int i = 0; i < 100000; ++i) p += "</p>";
         WriteAll(dir / "deep-nesting.xml", Issue(p));
       },
       "build deep-nesting.xml -o OUT", 1},
      {"deep-nesting-unclosed",
       [](const fs::path& dir) {
         std::string p;
         for (int i = 0; i < 100000; ++i) p += "<p>";
         WriteAll(dir / "deep-nesting-unclosed.xml", p);
       },
       "build deep-nesting-unclosed.xml -o OUT", 1},
      {"huge-attribute",
       [](const fs::path& dir) {
         // A 4 MB attribute value: quoted in part, and its source line cut after the caret.
         WriteAll(dir / "huge-attribute.xml",
                  Issue("<p>正文。</p>", " section=\"" + std::string(4 << 20, 'x') + "\""));
       },
       "build huge-attribute.xml -o OUT", 1},
      {"huge-text",
       [](const fs::path& dir) {
         // 16 MB of text in one element with one unknown entity at its end: still one message,
         // found in linear time.
         WriteAll(dir / "huge-text.xml", Issue("<p>" + std::string(16 << 20, 'x') + "&nbsp;</p>"));
       },
       "build huge-text.xml -o OUT", 1},
      {"huge-line-many-errors",
       [](const fs::path& dir) {
         // Four million bare '&' on one 8 MB line: 50 errors shown, the rest counted, in linear
         // time (no column is counted from the line start again for each error).
         std::string p = "<p>";
         for (int i = 0; i < (4 << 20); ++i) p += "& ";
         WriteAll(dir / "huge-line-many-errors.xml", Issue(p + "</p>"));
       },
       "build huge-line-many-errors.xml -o OUT", 1},
      {"many-elements-one-line",
       [](const fs::path& dir) {
         // 64000 paragraphs on one line, then one unknown element. The first reader found each
         // element's column by searching its line again (7.7 s for 8000, 437 s for these); now
         // every location comes from one pass.
         std::string p;
         for (int i = 0; i < 64000; ++i) p += "<p>正文。</p>";
         WriteAll(dir / "many-elements-one-line.xml", Issue(p + "<x/>"));
       },
       "build many-elements-one-line.xml -o OUT", 1},
      {"missing-fonts",
       [](const fs::path& dir) {
         // A fontconfig that knows no font: every role is named with what fontconfig was asked.
         WriteAll(dir / "missing-fonts.xml", Issue("<p>正文。</p>"));
         WriteAll(dir / "no-fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
       },
       "build missing-fonts.xml -o OUT", 1, false, "FONTCONFIG_FILE=\"$PWD/no-fonts.conf\""},
      {"text-cannot-be-placed",
       [](const fs::path& dir) {
         // 400 paragraphs of 80 characters on one page: far more than the page holds. The error
         // names the article, the page and how many characters are left; nothing is written.
         std::string p;
         for (int i = 0; i < 400; ++i) {
           p += "<p>";
           for (int k = 0; k < 8; ++k) p += "新一代信息技术产业持续发展。";
           p += "</p>\n";
         }
         WriteAll(dir / "text-cannot-be-placed.xml", Issue(p));
       },
       "build text-cannot-be-placed.xml -o OUT", 1},
      {"output-name-too-long",
       [](const fs::path& dir) { WriteAll(dir / "issue.xml", Issue("<p>正文。</p>")); },
       // A folder name past the file system's limit: the folders made on the way are removed.
       "build issue.xml -o new/" + std::string(300, 'x'), 3},
      {"template-folder-link",
       [](const fs::path& dir) {
         // The issue's templates/ is a link to a folder outside the issue's: refused, and
         // nothing of the file there shown.
         fs::create_directories(dir / "secret");
         fs::create_directories(dir / "issue");
         WriteAll(dir / "secret" / "house.xml",
                  "<?xml version=\"1.0\"?>\n<template name=\"house\"><TOP-SECRET/></template>\n");
         fs::create_directory_symlink("../secret", dir / "issue" / "templates");
         WriteAll(dir / "issue" / "issue.xml", Issue("<p>正文。</p>", " template=\"house\""));
       },
       "build issue/issue.xml -o OUT", 1},
      {"template-broken-xml",
       [](const fs::path& dir) {
         // A file in templates/ that is broken XML and no template: its element names are its
         // content, and no message quotes them.
         fs::create_directories(dir / "templates");
         WriteAll(dir / "templates" / "house.xml",
                  "<TOP-SECRET-a><b>&TOP-SECRET-c;</TOP-SECRET-d>\n");
         WriteAll(dir / "issue.xml", Issue("<p>正文。</p>", " template=\"house\""));
       },
       "build issue.xml -o OUT", 1},
      {"too-large",
       [](const fs::path& dir) {
         // Past the size limit the file is refused before it is read.
         std::ofstream out(dir / "too-large.xml", std::ios::binary);
         out.seekp((65 << 20) - 1);
         out.put('\n');
       },
       "build too-large.xml -o OUT", 1},
  };
  return cases;
}

struct CaseResult {
  int status = -1;
  std::string out, err;
};

// Runs paiban in `cwd`; its stdout and stderr go through files named after the case, beside (not
// in) the case's scratch folder, as CTest runs the cases in parallel.
CaseResult RunPaiban(const std::string& name, const fs::path& cwd, const std::string& args,
                     const std::string& env = "") {
  fs::path out_file = kScratch / (name + ".stdout"), err_file = kScratch / (name + ".stderr");
  std::string command = "cd " + Quote(cwd.string()) + " && " + env + (env.empty() ? "" : " ") +
                        Quote(kPaiban) + " " + args + " >" +
                        Quote(out_file.string()) + " 2>" + Quote(err_file.string());
  int status = std::system(command.c_str());
  CaseResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadAll(out_file);
  result.err = ReadAll(err_file);
  return result;
}

std::set<std::string> Listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

bool IsCaseFolderFile(const fs::path& path) {
  std::string file = path.filename();
  return file == "CMakeLists.txt" || file == "bad_inputs_test.cc";
}

// The cases with a file: every NAME.EXT in this folder but the .expected files.
std::vector<std::string> FileCases() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCasesDir)) {
    if (entry.is_directory()) continue;  // images/: the files the figure cases point at
    if (entry.path().extension() != ".expected" && !IsCaseFolderFile(entry.path())) {
      names.push_back(entry.path().stem());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path InputOf(const std::string& name) {
  for (const auto& entry : fs::directory_iterator(kCasesDir)) {
    if (entry.path().stem() == name && entry.path().extension() != ".expected" &&
        entry.is_regular_file()) {
      return entry.path();
    }
  }
  return {};
}

// The exit status a file case expects: 0 for the sources that must be accepted (their names end
// in -ok and they run with `check`), 3 for the unwritable output folder, else 1.
int FileCaseStatus(const std::string& name) {
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "-ok") == 0) return 0;
  if (name == "unwritable-output") return 3;
  return 1;
}

void CheckExpected(const std::string& name, const std::string& err) {
  fs::path expected = kCasesDir / (name + ".expected");
  if (std::getenv("PAIBAN_UPDATE_GOLDENS")) {
    WriteAll(expected, err);
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " is missing: run with PAIBAN_UPDATE_GOLDENS=1";
  EXPECT_EQ(ReadAll(expected), err) << "stderr of case " << name;
}

class BadInputTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputTest, PrintsItsDiagnosticsAndWritesNothing) {
  const std::string& name = GetParam();
  fs::path dir = kScratch / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path out = dir / "out";

  const SpecialCase* special = nullptr;
  for (const SpecialCase& c : SpecialCases()) {
    if (c.name == name) special = &c;
  }
  CaseResult result;
  int want_status;
  std::string output_arg = Quote(out.string());
  if (special != nullptr) {
    special->prepare(dir);
    std::set<std::string> before = Listing(dir);
    std::string args = special->args;
    if (size_t at = args.find("OUT"); at != std::string::npos) args.replace(at, 3, output_arg);
    auto start = std::chrono::steady_clock::now();
    result = RunPaiban(name, dir, args, special->env);
    // Hostile input must not make the reader slow (generous: sanitizer builds are slower).
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
    want_status = special->status;
    EXPECT_EQ(Listing(dir), before) << "the run left files beside its input";
  } else {
    fs::path input = InputOf(name);
    ASSERT_FALSE(input.empty()) << "case " << name << " has no input file";
    want_status = FileCaseStatus(name);
    std::string file = Quote(input.filename().string());
    std::string args = want_status == 0   ? "check " + file
                       : want_status == 3 ? "build " + file + " -o " + file + "/out"
                                          : "build " + file + " -o " + output_arg;
    std::set<std::string> before = Listing(kCasesDir);
    result = RunPaiban(name, kCasesDir, args);
    EXPECT_EQ(Listing(kCasesDir), before) << "the run left files in the source tree";
    if (want_status == 1) {
      // `check` is a build that writes nothing: the same messages, the same status.
      CaseResult checked = RunPaiban(name, kCasesDir, "check " + file);
      EXPECT_EQ(checked.status, result.status) << checked.err;
      EXPECT_EQ(checked.err, result.err) << "check and build disagree on case " << name;
      EXPECT_EQ(Listing(kCasesDir), before) << "check left files in the source tree";
    }
  }
  EXPECT_EQ(result.status, want_status) << result.err;
  EXPECT_FALSE(fs::exists(out)) << "a failed run created its output folder";
  if (want_status != 0) {
    EXPECT_EQ(result.out, "") << "a failed run printed output files";
    EXPECT_NE(result.err, "") << "a failed run must say why";
  }
  // No diagnostic may leak the content of a file the source tried to pull in: /etc/passwd, the
  // project's README behind templates/escape.xml, templates/not-a-template.xml.
  for (const char* leak : {"root:", "paiban 排版", "TOP-SECRET"}) {
    EXPECT_EQ(result.err.find(leak), std::string::npos) << leak << " leaked into\n" << result.err;
  }
  if (special != nullptr && special->first_line_only) {
    EXPECT_NE(result.err.find("\nusage: paiban build"), std::string::npos) << result.err;
    result.err.erase(result.err.find('\n') + 1);
  }
  CheckExpected(name, result.err);
  fs::remove_all(dir);
  fs::remove(kScratch / (name + ".stdout"));
  fs::remove(kScratch / (name + ".stderr"));
}

std::vector<std::string> AllCases() {
  std::vector<std::string> names = FileCases();
  for (const SpecialCase& c : SpecialCases()) {
    if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The expected file of every case exists, and no input is left without one.
TEST(BadInputsFolderTest, EveryInputHasItsExpectedOutput) {
  std::set<std::string> inputs, expected;
  for (const auto& entry : fs::directory_iterator(kCasesDir)) {
    if (IsCaseFolderFile(entry.path()) || entry.is_directory()) continue;
    if (entry.path().extension() == ".expected") {
      expected.insert(entry.path().stem());
    } else {
      inputs.insert(entry.path().stem());
    }
  }
  for (const SpecialCase& c : SpecialCases()) inputs.insert(c.name);
  EXPECT_EQ(inputs, expected);
}

}  // namespace
}  // namespace paiban
