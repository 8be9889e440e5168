// Page makeup: the Issue's pages → positioned lines, rules and frames on print pages.
#ifndef PAIBAN_LAYOUT_PAGE_MAKEUP_H_
#define PAIBAN_LAYOUT_PAGE_MAKEUP_H_

#include <optional>

#include "fonts/fonts.h"
#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban::layout {

// The page grid: the model's page template (model/issue.h). A page uses its own template, else
// the issue's, else LayoutOptions::page_template.
using PageTemplate = paiban::PageTemplate;

struct LayoutOptions {
  // The issue's writing mode; a page may have its own (Page::writing_mode) unless
  // `writing_mode_everywhere` (the command line's --writing-mode) says every page takes this one.
  WritingMode writing_mode = WritingMode::kHorizontal;
  bool writing_mode_everywhere = false;
  PageTemplate page_template;
};

struct LayoutInput {
  const Issue& issue;
  fonts::FontSystem& fonts;
};

// Checks that every font family the source names for a role (font-body="…" and the like, on the
// issue, its pages and articles) is installed; each that is not is an error at its attribute.
// Returns whether all are.
bool CheckFontFamilies(const Issue& issue, fonts::FontSystem& fonts, Diagnostics& diagnostics);

// Lays out every page of the issue. Text that does not fit its page is an error diagnostic that
// names the article and how many characters are left; nothing is dropped silently.
std::optional<LaidOutIssue> LayOutIssue(const LayoutInput& input, const LayoutOptions& options,
                                        Diagnostics& diagnostics);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_MAKEUP_H_
