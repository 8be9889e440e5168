// The composition service page makeup uses: paragraphs built from model inlines, composed with the
// typography in force, missing glyphs reported at their source. It holds what the whole issue
// shares (the fonts, the block numbering) and nothing of any page.
#ifndef PAIBAN_LAYOUT_PAGE_SETTER_H_
#define PAIBAN_LAYOUT_PAGE_SETTER_H_

#include <string>
#include <unordered_map>
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

// Compositions page makeup asks for more than once with the same inputs: a headline block tried
// at every span and set again at the one chosen, a headline tried size by size and counted again,
// a block in the other writing mode bisected for its length. Keyed by everything the composer is
// given (the spec with the typography's settings applied), so a hit is the composition itself.
class CompositionCache {
 public:
  struct Entry {
    std::vector<ComposedLine> lines;
    std::vector<MissingGlyph> missing;
  };
  // What identifies a composition: every field of `spec` (settings applied), as bytes.
  static std::string Key(const ParagraphSpec& spec);
  // The entry under `key`, or nullptr.
  const Entry* Find(const std::string& key) const;
  const Entry& Add(std::string key, Entry entry);
  void Clear() { entries_.clear(); }

 private:
  std::unordered_map<std::string, Entry> entries_;
};

class Setter {
 public:
  Setter(const Issue& issue, fonts::FontSystem& fonts, Diagnostics& diagnostics)
      : issue_(issue), words_(issue), fonts_(fonts), diagnostics_(diagnostics) {}
  Setter(const Setter&) = delete;
  Setter& operator=(const Setter&) = delete;

  // A setter for trial compositions: what it reports goes to `quiet`, its block numbers are its
  // own (the trial's lines are dropped), and it shares this setter's cache, so that the setting
  // finally chosen is not composed again.
  Setter Trial(Diagnostics& quiet) { return Setter(*this, quiet); }
  // The cache holds one page's compositions: the makeup repeats a composition only within a page,
  // and a whole issue's would keep every line twice.
  void ForgetCompositions() { cache_->Clear(); }

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
  size_t LineCount(ParagraphSpec spec, const Typography& typography);
  // Blocks (paragraphs, headlines …) are numbered through the issue, for the PDF's structure.
  int NextBlock() { return next_block_++; }

 private:
  Setter(Setter& parent, Diagnostics& quiet)
      : issue_(parent.issue_), words_(parent.issue_), fonts_(parent.fonts_), diagnostics_(quiet),
        cache_(parent.cache_), trial_(true) {}
  void ApplySettings(ParagraphSpec& spec, const Typography& typography);
  // The composition of `spec` (settings applied, `key` its key) from the cache, composed and
  // kept there first when it is not.
  const CompositionCache::Entry& Cached(std::string key, const ParagraphSpec& spec);

  const Issue& issue_;
  const Furniture words_;
  fonts::FontSystem& fonts_;
  Diagnostics& diagnostics_;
  CompositionCache own_cache_;
  CompositionCache* cache_ = &own_cache_;  // a trial's is its parent's
  bool trial_ = false;
  int next_block_ = 0;
};

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_SETTER_H_
