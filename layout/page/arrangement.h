// Arrangement: where each module goes on the page's tracks. Modules are articles (or the rests of
// stories that jumped here), each a rectangle of whole tracks: columns on a horizontal page,
// bands on a vertical one. They go in reading order, each where its tracks reach least far along
// the flow, nearest the first track among equals; the lead across at least half the tracks; the
// source may fix a module's tracks and depth. A beam search over the spans keeps the arrangement
// with the fewest lines left over, the fewest stories broken without a stated jump, and the least
// white between and inside the modules; a story that may jump gives up lines to the page it
// continues on and takes the white after it; a small shortfall at the end of the page is spread
// over the gaps between stacked modules (feathering).
#ifndef PAIBAN_LAYOUT_PAGE_ARRANGEMENT_H_
#define PAIBAN_LAYOUT_PAGE_ARRANGEMENT_H_

#include <utility>
#include <vector>

#include "layout/page/article_lines.h"
#include "layout/page/track_fill.h"

namespace paiban::layout {

struct Module {
  const Article* article = nullptr;
  Typography typography;       // in force for the article on its page in the source
  bool lead = false;           // the page's lead story, whose headline is the largest
  int from_page = 0;           // > 0: the rest of a story that jumped here from this page
  int fragment = 0;            // the story's fragment: 0 its start, 1 its first rest, …
  std::vector<FlowLine> lines; // the body at the track thickness
  std::vector<LineBox> boxes;  // their sizes
  std::vector<double> extent;  // extent[i]: the length of the first i lines along the flow
  int jump_to = 0;             // > 0: the story may break and continue on this page
  std::vector<FlowLine> jump;  // the （下转第N版） line for that break
  std::vector<LineBox> jump_boxes;
  double jump_extent = 0;
  int first = -1, span = 0;  // the tracks the source fixes (from 0), or first -1
  double depth_pt = 0;       // the module's extent the source fixes (rows), or 0
  // Per span (index = number of tracks): the headline block's extent along the flow.
  std::vector<double> header;
  // An article in the other writing mode: no lines above; its block per span.
  bool cross = false;
  std::vector<CrossBlock> cross_blocks;
};

// Where a module goes: its tracks, its start along the flow, its extents (the body's and the
// whole module's), how many body lines it sets (the rest jumps), and the white feathering added
// before it.
struct Slot {
  int first = 0, span = 0;
  double top = 0, body_height = 0, height = 0;
  size_t keep = 0;
  double feather = 0;
};

// The white kept between modules stacked along the flow.
inline double ModuleGap(const PageGeometry& g) { return g.pitch * 2 / 3; }
// The white before and after a block of lines in the other writing mode, along the flow.
inline double CrossPad(const PageGeometry& g) { return g.pitch / 3; }

// The spans the search tries for `m`: what the source fixes; else the lead at least half the
// tracks, others at least geometry.min_module_tracks (a block in the other writing mode any), and at most what leaves
// four lines in each track (a block in the other writing mode up to all tracks).
std::pair<int, int> SpanRange(const Module& m, const PageGeometry& geometry);

// The slots of `modules` (which are ready: lines, boxes, extents, headers and cross blocks for
// every span) on the page's tracks from geometry.v0 to geometry.v1.
std::vector<Slot> Arrange(const std::vector<Module>& modules, const PageGeometry& geometry);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_ARRANGEMENT_H_
