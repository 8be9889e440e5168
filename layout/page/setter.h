// The composition service page makeup uses: paragraphs built from model inlines, composed with the
// typography in force, missing glyphs reported at their source. It holds what the whole issue
// shares (the fonts, the block numbering) and nothing of any page.
#ifndef PAIBAN_LAYOUT_PAGE_SETTER_H_
#define PAIBAN_LAYOUT_PAGE_SETTER_H_

#include <string>
#include <vector>

#include "fonts/fonts.h"
#include "layout/text/composer.h"
#include "model/diagnostics.h"
#include "model/furniture.h"
#include "model/issue.h"

namespace paiban::layout {

struct TextStyle {
  fonts::Role role = fonts::Role::kBody;
  bool bold = false;
  double size_pt = 9;
};

// A paragraph from model inlines: run-in datelines and emphasis are bold; a dateline is followed
// by an ideographic space (U+3000) before the byline, as newspapers set it.
ParagraphSpec MakeSpec(const Inlines& inlines, const TextStyle& style, double measure_pt,
                       double indent_pt, Align align, bool vertical);
ParagraphSpec MakeSpec(const std::string& text, const TextStyle& style, double measure_pt,
                       Align align, bool vertical);
// The parts of `inlines` between forced line breaks (headlines).
std::vector<Inlines> SplitAtBreaks(const Inlines& inlines);

class Setter {
 public:
  Setter(const Issue& issue, fonts::FontSystem& fonts, Diagnostics& diagnostics)
      : issue_(issue), words_(issue), fonts_(fonts), diagnostics_(diagnostics) {}

  const Issue& issue() const { return issue_; }
  const Furniture& words() const { return words_; }
  fonts::FontSystem& fonts() { return fonts_; }
  Diagnostics& diagnostics() { return diagnostics_; }

  // The typography in force for an article of a page (the issue's, the page's, the article's).
  Typography Resolve(const Typography& page, const Typography& article = {}) const {
    return ResolvedTypography(issue_.language, issue_.typography, page, article);
  }
  // Composes `spec` with `typography`. With `report`, a character no installed font covers is an
  // error at `loc` (the element the text came from); trial compositions do not report.
  std::vector<ComposedLine> Compose(ParagraphSpec spec, const Typography& typography,
                                    const SourceLoc& loc = {}, bool report = true);
  // How many lines `spec` takes (a trial: nothing reported).
  size_t LineCount(const ParagraphSpec& spec, const Typography& typography) {
    return Compose(spec, typography, {}, false).size();
  }
  // Blocks (paragraphs, headlines …) are numbered through the issue, for the PDF's structure.
  int NextBlock() { return next_block_++; }

 private:
  void ApplySettings(ParagraphSpec& spec, const Typography& typography);

  const Issue& issue_;
  const Furniture words_;
  fonts::FontSystem& fonts_;
  Diagnostics& diagnostics_;
  int next_block_ = 0;
};

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_SETTER_H_
