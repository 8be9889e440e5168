// Article lines: the first makeup stage. Every block of an article composed at the measure it will
// stand at — body lines at a track's thickness, the headline block across a module, jump lines,
// a whole article in the other writing mode — as FlowLines: composed lines that know the room
// they take along the flow and what they are, but not yet where they go.
#ifndef PAIBAN_LAYOUT_PAGE_ARTICLE_LINES_H_
#define PAIBAN_LAYOUT_PAGE_ARTICLE_LINES_H_

#include <memory>
#include <string>
#include <vector>

#include "layout/page/geometry.h"
#include "layout/page/setter.h"

namespace paiban::layout {

// A composed line waiting for its place.
struct FlowLine {
  ComposedLine line;
  bool vertical = false;        // a vertical line (set top to bottom), else horizontal
  double pitch_pt = 0;          // the room the line takes along the flow (ruby included)
  double space_before_pt = 0;   // white before it, dropped at the start of a track
  double inline_offset_pt = 0;  // from the start of its measure
  int box = -1;                 // the boxed sidebar the line belongs to (its index), or -1
  std::string article_id;
  // A figure's image instead of a line of text: its extent across the flow (within the measure,
  // centred) and along it; pitch_pt holds it and the gap to its caption.
  const Block* figure = nullptr;
  double figure_across_pt = 0;
  double figure_along_pt = 0;
  double ruby_pt = 0;      // room for ruby annotations, part of pitch_pt, before the line box
  int link_fragment = -1;  // a jump line: a link to the article's fragment with this number
  // The block the line belongs to and what it is (GlyphRun::block, GlyphRun::role); a jump line
  // keeps its place, first or last.
  int block = -1;
  TextRole role = TextRole::kBody;
};

// What an article's lines are set with: the typography in force, the page's geometry (its body
// size, pitch and writing mode), whether the lines are in the other writing mode than the page.
struct LineContext {
  const Typography& typography;
  const PageGeometry& geometry;
  bool vertical = false;  // the lines' own writing mode
};

// The article's body at `measure`: paragraphs, subheads, quotations, lists, signatures, figures
// with their captions, boxed sidebars; with `jump_out` a jump line （下转第N版） to a page this
// source does not carry.
std::vector<FlowLine> BodyLines(Setter& setter, const Article& article, double measure,
                                const LineContext& context, bool jump_out);

// A generated jump line of `article` (（下转第N版） or （上接第N版）) at `measure`, linking to the
// article's fragment `link_fragment`.
std::vector<FlowLine> JumpLines(Setter& setter, const Article& article, const std::string& text,
                                double measure, Align align, int link_fragment,
                                const LineContext& context);

// The headline block of a module `measure` wide, in the lines' writing mode: the kicker, the
// headline (the lead's larger; set smaller, down to three quarters, rather than broken, and when
// it must break, balanced and centred) and the subheadline; for the rest of a story that jumped
// here, its headline again, smaller. `report`: missing glyphs are errors (the final setting).
std::vector<FlowLine> HeaderLines(Setter& setter, const Article& article, bool lead, bool rest,
                                  double measure, const LineContext& context, bool report);
// How much room the header lines take along the flow, with the white below them.
double HeaderExtent(const std::vector<FlowLine>& header, const PageGeometry& geometry);

// An article in the other writing mode than its page, as one block of lines `measure` long: its
// kicker, headline and subheadline centred, then its body.
std::vector<FlowLine> CrossLines(Setter& setter, const Article& article, double measure,
                                 const LineContext& context);

// Such a block: its line length, whether it fits the room asked for across its lines, and what
// it takes across them.
struct CrossBlock {
  double measure = 0;
  bool fits = false;
  double extent = 0;
  std::vector<FlowLine> lines;
};
// The shortest line length, in whole ems from `shortest` to `longest`, at which the block takes
// at most `room` across its lines; the block at `longest` (not fitting) when none does. Trial
// compositions report nothing: the caller composes the chosen one again.
CrossBlock SetCross(Setter& setter, const Article& article, double room, double shortest,
                    double longest, const LineContext& context);

// Lines with ruby take the room of their annotations on top of their pitch (off the line grid: a
// newspaper uses ruby rarely, in headlines and names).
void AddRubyRoom(std::vector<FlowLine>& lines);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_ARTICLE_LINES_H_
