// Page makeup: the Issue's pages → positioned lines, rules and frames on print pages.
#ifndef PAIBAN_LAYOUT_PAGE_MAKEUP_H_
#define PAIBAN_LAYOUT_PAGE_MAKEUP_H_

#include <optional>

#include "fonts/fonts.h"
#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban::layout {

// The page grid. The defaults are a Chinese 4开 tabloid front page set in 小五 (9 pt).
struct PageTemplate {
  double width_pt = 265 / 25.4 * 72;
  double height_pt = 380 / 25.4 * 72;
  double margin_top_pt = 10 / 25.4 * 72;
  double margin_bottom_pt = 10 / 25.4 * 72;
  double margin_inner_pt = 10 / 25.4 * 72;
  double margin_outer_pt = 10 / 25.4 * 72;
  int columns = 7;           // horizontal pages: columns side by side
  int bands = 5;             // vertical pages: bands (段) stacked top to bottom
  double body_size_pt = 9;   // 小五
  double line_pitch = 1.3;  // baseline-to-baseline distance in ems of the body size
};

struct LayoutOptions {
  WritingMode writing_mode = WritingMode::kHorizontal;
  PageTemplate page_template;
};

struct LayoutInput {
  const Issue& issue;
  fonts::FontSystem& fonts;
};

// Lays out every page of the issue. Text that does not fit its page is an error diagnostic that
// names the article and how many characters are left; nothing is dropped silently.
std::optional<LaidOutIssue> LayOutIssue(const LayoutInput& input, const LayoutOptions& options,
                                        Diagnostics& diagnostics);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_MAKEUP_H_
