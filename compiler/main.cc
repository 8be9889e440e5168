// paiban: the command line. Parses arguments and hands over to the driver.
#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "compiler/driver.h"

namespace {

constexpr const char* kUsage =
    "usage: paiban build ISSUE.xml [-o DIR] [--pdf-only|--epub-only]\n"
    "                    [--writing-mode horizontal|vertical] [--dump model|layout] [--png]\n"
    "                    [--bleed MM] [--marks] [--pdfx]\n"
    "       paiban check ISSUE.xml     a build that writes nothing: the same diagnostics and\n"
    "                                  exit status\n"
    "       paiban fonts               the font each role resolves to, with file and face index\n"
    "       paiban --help | --version\n"
    "\n"
    "Outputs: DIR/<issue-id>.pdf and DIR/<issue-id>.epub (DIR defaults to build/out/<issue-id>).\n"
    "Exit status: 0 success, 1 errors in the source (nothing written), 2 usage, 3 output error.\n";

// Cairo's PDF surface copies the whole CFF table of every font it embeds (about 20 MB for a Noto
// CJK face) into a fresh malloc block, first to see whether the font is CID-keyed and again to
// subset it: eight 20 MB blocks for the sample's four faces. With glibc's defaults each such block
// is a new mmap, and touching it costs 5,000 page faults, which made up 40% of a one-page build's
// wall time (bench/README.md). Here the heap is grown once by the size of such a table, marked
// for transparent huge pages and kept after free, so the copies reuse it: 29,000 page faults
// become about 3,000. A process setting, so it lives in the executable, not in the libraries.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PAIBAN_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PAIBAN_SANITIZED 1
#endif
#endif

void PrepareHeapForFontTables() {
#if defined(__GLIBC__) && !defined(PAIBAN_SANITIZED)
  constexpr size_t kBlock = size_t{64} << 20;
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  // Large blocks from the heap, which keeps them after free; a glibc that refuses either setting
  // keeps its defaults, and then growing the heap would only waste memory.
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(2 * kBlock)) != 1 ||
      mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * kBlock)) != 1) {
    return;
  }
  void* block = malloc(kBlock);
  if (block == nullptr) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(block) + kHugePage - 1) & ~(kHugePage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(block) + kBlock) & ~(kHugePage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  free(block);
#endif
}

int Usage(const std::string& message) {
  std::cerr << "paiban: error: " << message << "\n" << kUsage;
  return paiban::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage("no command given");
  const std::string& command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return paiban::kExitOk;
  }
  if (command == "--version") {
    std::cout << "paiban " PAIBAN_VERSION "\n";
    return paiban::kExitOk;
  }
  if (command == "fonts") {
    if (args.size() != 1) return Usage("'fonts' takes no arguments");
    return paiban::RunFonts(std::cout, std::cerr);
  }
  if (command == "check") {
    if (args.size() != 2) return Usage("'check' takes exactly one ISSUE.xml");
    return paiban::RunCheck(args[1], std::cout, std::cerr);
  }
  if (command != "build") return Usage("unknown command '" + command + "'");
  PrepareHeapForFontTables();

  paiban::BuildOptions options;
  std::string source;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> const std::string* {
      if (i + 1 >= args.size()) return nullptr;
      (void)flag;
      return &args[++i];
    };
    if (a == "-o") {
      const std::string* v = value("-o");
      if (!v) return Usage("-o needs a folder");
      options.output_dir = *v;
    } else if (a == "--pdf-only") {
      options.epub = false;
    } else if (a == "--epub-only") {
      options.pdf = false;
    } else if (a == "--png") {
      options.png = true;
    } else if (a == "--marks") {
      options.marks = true;
    } else if (a == "--pdfx") {
      options.pdfx = true;
    } else if (a == "--bleed") {
      const std::string* v = value("--bleed");
      char* end = nullptr;
      double mm = v ? strtod(v->c_str(), &end) : -1;
      if (!v || end == v->c_str() || *end != '\0' || mm < 0 || mm > 20) {
        return Usage("--bleed takes millimetres from 0 to 20, e.g. --bleed 3");
      }
      options.bleed_mm = mm;
    } else if (a == "--writing-mode") {
      const std::string* v = value("--writing-mode");
      if (v && *v == "horizontal") {
        options.writing_mode = paiban::WritingMode::kHorizontal;
      } else if (v && *v == "vertical") {
        options.writing_mode = paiban::WritingMode::kVertical;
      } else {
        return Usage("--writing-mode takes horizontal or vertical");
      }
    } else if (a == "--dump") {
      const std::string* v = value("--dump");
      if (v && *v == "model") {
        options.dump = paiban::BuildOptions::Dump::kModel;
      } else if (v && *v == "layout") {
        options.dump = paiban::BuildOptions::Dump::kLayout;
      } else {
        return Usage("--dump takes model or layout");
      }
    } else if (!a.empty() && a[0] == '-') {
      return Usage("unknown option '" + a + "'");
    } else if (source.empty()) {
      source = a;
    } else {
      return Usage("more than one issue source given");
    }
  }
  if (!options.pdf && !options.epub) return Usage("--pdf-only and --epub-only exclude each other");
  if (source.empty()) return Usage("'build' needs an ISSUE.xml");
  return paiban::RunBuild(source, options, std::cout, std::cerr);
}
