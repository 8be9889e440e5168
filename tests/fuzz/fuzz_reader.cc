// libFuzzer target: the reader takes arbitrary bytes. It may answer with any diagnostic, never
// with a crash, a hang, a leak or a sanitizer report (HOUSE-STYLE habit 10). On success the model
// dump runs too, so what the reader built is walked once more; the diagnostics are formatted
// either way, which exercises the source-line and caret display on hostile lines.
//
// With PAIBAN_FUZZ_STRICT=1 in the environment an error without a column also stops the run: it
// means tinyxml2 refused something the reader's own markup scanner let through, so the user got a
// vaguer message than they should. That is a gap to close, not a crash, so CI does not set it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "compiler/reader.h"
#include "model/diagnostics.h"
#include "model/issue.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  paiban::Diagnostics diagnostics;
  std::optional<paiban::Issue> issue = paiban::ReadIssueFromString(text, "fuzz.xml", diagnostics);
  if (issue) {
    std::string dump = paiban::DumpModel(*issue);
    if (dump.empty()) __builtin_trap();  // a read issue always dumps something
  } else if (!diagnostics.HasErrors()) {
    __builtin_trap();  // a refused source must say why
  }
  static const bool strict = std::getenv("PAIBAN_FUZZ_STRICT") != nullptr;
  if (strict) {
    for (const paiban::Diagnostic& d : diagnostics.all()) {
      if (d.loc.line > 0 && d.loc.col == 0) __builtin_trap();
    }
  }
  std::string formatted = diagnostics.Format();
  (void)formatted;
  return 0;
}
