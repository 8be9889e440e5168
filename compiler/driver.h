// The driver runs the stages in order — read, lay out, write — and owns everything the stages
// must not do themselves: reading the environment (SOURCE_DATE_EPOCH), creating the output
// folder, and writing outputs under temporary names that are renamed only when all are complete.
#ifndef PAIBAN_COMPILER_DRIVER_H_
#define PAIBAN_COMPILER_DRIVER_H_

#include <iosfwd>
#include <optional>
#include <string>

#include "model/issue.h"

namespace paiban {

// Exit statuses of the command line (DESIGN.md).
constexpr int kExitOk = 0;
constexpr int kExitSourceError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitOutputError = 3;

struct BuildOptions {
  std::string output_dir;  // empty: build/out/<issue-id>
  bool pdf = true;
  bool epub = true;
  bool png = false;
  std::optional<WritingMode> writing_mode;
  std::optional<double> bleed_mm;  // --bleed MM; unset: the issue's template says
  bool marks = false;              // --marks (or the issue's template)
  bool pdfx = false;    // --pdfx
  enum class Dump { kNone, kModel, kLayout };
  Dump dump = Dump::kNone;
  // Seconds since 1970 UTC for document dates; unset: SOURCE_DATE_EPOCH, else the issue date.
  std::optional<int64_t> date_epoch;
  // `paiban check`: everything a build does — composition, makeup, the PDF and the EPUB made in
  // memory with every diagnostic they give — but no file or folder is written.
  bool check_only = false;
};

int RunBuild(const std::string& source_path, const BuildOptions& options, std::ostream& out,
             std::ostream& err);
// A build with check_only: the same diagnostics and exit status as `build` with the default
// outputs, "FILE: ok" on success, and nothing written.
int RunCheck(const std::string& source_path, std::ostream& out, std::ostream& err);
int RunFonts(std::ostream& out, std::ostream& err);

// SOURCE_DATE_EPOCH when set to a valid number, otherwise midnight UTC of the issue date.
int64_t DocumentEpoch(const Date& issue_date, const char* source_date_epoch);

}  // namespace paiban

#endif  // PAIBAN_COMPILER_DRIVER_H_
