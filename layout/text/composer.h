// The line composer: one paragraph of styled text → lines set to a measure.
//
// Lines come out in line-local coordinates so that the same lines serve horizontal and vertical
// pages: `inline_pt` runs along the line (left to right, or top to bottom in a vertical column)
// from the line's start, and `cross_pt` is the offset across it (below the baseline for
// horizontal lines; right of the column's centre line for vertical ones). Page makeup turns them
// into page coordinates.
#ifndef PAIBAN_LAYOUT_TEXT_COMPOSER_H_
#define PAIBAN_LAYOUT_TEXT_COMPOSER_H_

#include <string>
#include <vector>

#include "fonts/fonts.h"
#include "layout/laid_out_issue.h"
#include "layout/text/kinsoku.h"

namespace paiban::layout {

enum class Align { kJustify, kStart, kCenter, kEnd };

struct ParagraphSpec {
  std::string text;                      // UTF-8, no line breaks
  std::vector<fonts::StyleSpan> spans;   // cover text without gaps
  double measure_pt = 0;                 // line length
  double first_indent_pt = 0;            // 2 em for zh body paragraphs
  Align align = Align::kJustify;         // the last line of a justified paragraph is set start
  bool vertical = false;
  KinsokuLevel kinsoku = KinsokuLevel::kBasic;
  PunctuationStyle punctuation = PunctuationStyle::kMainland;
  bool cjk_latin_space = true;     // ¼ em between Han/kana and Latin letters or digits
  int tate_chu_yoko_digits = 2;    // vertical: numbers of up to this many digits set across; 0 off
  bool drop_line_start_blank = true;  // an opening bracket at line start loses its leading ½ em
  bool grid = false;  // Han characters on the character grid of the measure (clreq §3.2.5)
  // Headlines, kickers, subheadlines: lines break only between words (ICU's dictionary), never
  // inside a bracketed or quoted group that fits on a line, preferring the strongest breaks (after
  // a comma, around a bracketed group, at a space) and the most even lines, with as few lines as
  // the measure allows (docs/typography.md §9). A word longer than the measure still breaks.
  bool phrase_breaks = false;
  // Byte offsets of `text` where the source prefers a break (<wbr/>): the strongest of all.
  std::vector<size_t> preferred_breaks;
  // Byte ranges of `text` that carry emphasis dots (着重号): one dot for each character that is
  // not punctuation or a space (clreq §3.1.8).
  std::vector<std::pair<size_t, size_t>> emphasis_dots;
  // Byte ranges of `text` that no line break divides (the source's <nobr>); a group longer than
  // the measure still breaks where it must.
  std::vector<std::pair<size_t, size_t>> no_break;
  // Byte ranges of `text` that are links, with their addresses; each line reports where on it
  // they are (ComposedLine::links).
  struct Link {
    size_t start = 0, end = 0;
    std::string uri;
  };
  std::vector<Link> links;
  // Ruby: byte ranges of `text` (the base, kept on one line where it fits) and the annotation set
  // at half the base's size, centred above it (to its right in vertical text); a base narrower
  // than its annotation is spaced out to the annotation's width.
  struct Ruby {
    size_t start = 0, end = 0;
    std::string text;
  };
  std::vector<Ruby> rubies;
};

// A character no installed font has a glyph for.
struct MissingGlyph {
  char32_t cp = 0;
  size_t byte = 0;  // offset in the paragraph text
};

struct LineGlyph {
  uint32_t id = 0;
  double inline_pt = 0;
  double cross_pt = 0;
};

struct LineRun {
  int face = 0;
  double size_pt = 0;
  GlyphRun::Orientation orientation = GlyphRun::Orientation::kUpright;
  std::vector<LineGlyph> glyphs;
  std::string text;
  std::vector<TextCluster> clusters;
};

struct ComposedLine {
  std::vector<LineRun> runs;
  size_t start = 0;  // byte range of the paragraph text on this line
  size_t end = 0;
  double natural_pt = 0;  // inline extent before justification
  double width_pt = 0;    // inline extent as set (the measure, for a justified line)
  double size_pt = 0;     // the largest font size on the line
  // Emphasis dots: for each dotted character, the centre of its em box along the line and its
  // font size; makeup puts the dot under it (horizontal) or to its right (vertical).
  std::vector<std::pair<double, double>> dots;
  // The links on the line: address and extent along the line, from its start.
  struct LinkExtent {
    std::string uri;
    double from_pt = 0;
    double to_pt = 0;
  };
  std::vector<LinkExtent> links;
  // The size of the largest ruby annotation on the line (0: none): the room it needs above the
  // line (beside it, on the right, in vertical text).
  double ruby_pt = 0;
  bool last = false;      // the paragraph's last line
};

// Composes `spec` into lines. Every character of the text is on exactly one line. Characters
// that no font covers are listed in `missing` when it is given.
std::vector<ComposedLine> ComposeParagraph(const ParagraphSpec& spec, fonts::FontSystem& fonts,
                                           std::vector<MissingGlyph>* missing = nullptr);

// A text dump of composed lines for golden tests: per line its extent and every character with
// its position along the line (and across it, for vertical lines), rounded to 0.01 pt.
std::string DumpLines(const std::vector<ComposedLine>& lines);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_TEXT_COMPOSER_H_
