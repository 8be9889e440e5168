// libFuzzer target: the reader takes arbitrary bytes. It may answer with any diagnostic, never
// with a crash, a hang, a leak or a sanitizer report (HOUSE-STYLE habit 10). On success the model
// dump runs too, so what the reader built is walked once more; the diagnostics are formatted
// either way, which exercises the source-line and caret display on hostile lines.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "compiler/reader.h"
#include "model/diagnostics.h"
#include "model/issue.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  paiban::Diagnostics diagnostics;
  std::optional<paiban::Issue> issue =
      paiban::ReadIssueFromString(text, "fuzz.xml", diagnostics);
  if (issue) {
    std::string dump = paiban::DumpModel(*issue);
    if (dump.empty()) __builtin_trap();  // a read issue always dumps something
  } else if (!diagnostics.HasErrors()) {
    __builtin_trap();  // a refused source must say why
  }
  std::string formatted = diagnostics.Format();
  (void)formatted;
  return 0;
}
