// Test support: an issue source read, and laid out, in one call.
#ifndef PAIBAN_TESTS_SUPPORT_LAY_OUT_H_
#define PAIBAN_TESTS_SUPPORT_LAY_OUT_H_

#include <memory>
#include <optional>
#include <string>

#include "compiler/reader.h"
#include "layout/page/makeup.h"

namespace paiban::testing {

struct LaidOut {
  std::optional<Issue> issue;
  std::unique_ptr<fonts::FontSystem> fonts;
  std::optional<LaidOutIssue> layout;  // empty when the source or the layout had errors
  std::string errors;                  // the diagnostics, formatted
};

// Lays out `issue` in `mode` (the issue's own mode when not given).
inline LaidOut LayOutIssue(std::optional<Issue> issue, Diagnostics& diagnostics,
                           std::optional<WritingMode> mode) {
  LaidOut out;
  out.issue = std::move(issue);
  if (out.issue) out.fonts = fonts::FontSystem::Create(out.issue->language, diagnostics);
  if (out.fonts) {
    layout::LayoutOptions options;
    options.writing_mode = mode.value_or(out.issue->writing_mode);
    out.layout = layout::LayOutIssue({*out.issue, *out.fonts}, options, diagnostics);
  }
  out.errors = diagnostics.Format();
  return out;
}

inline LaidOut LayOutFile(const std::string& path, std::optional<WritingMode> mode = {}) {
  Diagnostics diagnostics;
  return LayOutIssue(ReadIssueFile(path, diagnostics), diagnostics, mode);
}

inline LaidOut LayOutString(const std::string& source, std::optional<WritingMode> mode = {}) {
  Diagnostics diagnostics;
  return LayOutIssue(ReadIssueFromString(source, "t.xml", diagnostics), diagnostics, mode);
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_LAY_OUT_H_
