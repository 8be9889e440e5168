// Track fill: lines into a module's tracks (grid columns, or bands on a vertical page). A track is
// filled along v up to a given extent; a boxed sidebar is kept whole in one track when it fits in
// one, floating to the next track's start while the lines after it fill the track (as a make-up
// editor moves a box rather than leave a track short); a jump line keeps its place. The same
// rules in both writing modes: they only know extents along the flow.
#ifndef PAIBAN_LAYOUT_PAGE_TRACK_FILL_H_
#define PAIBAN_LAYOUT_PAGE_TRACK_FILL_H_

#include <cstddef>
#include <utility>
#include <vector>

#include "layout/page/geometry.h"

namespace paiban::layout {

struct FlowLine;

// What filling tracks needs to know of a line.
struct LineBox {
  double pitch_pt = 0;
  double space_before_pt = 0;
  int box = -1;
  bool pinned = false;  // a jump line: it keeps its place (last, or first), no box moves past it
};
std::vector<LineBox> LineBoxes(const std::vector<FlowLine>& lines);

// The white before `line` in a track after `previous`: its own space, and half a line after a
// boxed sidebar's last line (which keeps the line clear of the box's frame).
double WhiteBefore(const LineBox& previous, const LineBox& line, const PageGeometry& geometry);

// Where the lines go: the order they are set in (source order but for boxes that float) and,
// per track, the range of that order it holds.
struct TrackPlan {
  std::vector<size_t> order;
  std::vector<std::pair<size_t, size_t>> ranges;
};

// How many of `lines` `tracks` tracks of `extent` take; with `plan`, where they go.
size_t FillTracks(const std::vector<LineBox>& lines, int tracks, double extent,
                  const PageGeometry& geometry, TrackPlan* plan);

// The least extent at which `tracks` tracks take all of `lines` (balanced tracks), in quarter
// lines above the even share.
double BalancedExtent(const std::vector<LineBox>& lines, int tracks,
                      const PageGeometry& geometry);

// A story that breaks keeps at least this many body lines before its jump line.
inline constexpr size_t kFewestLinesBeforeJump = 2;

// How many of `lines` fit in `tracks` tracks of `extent` when `jump` (the jump line) follows
// them; 0 when fewer than kFewestLinesBeforeJump would (then the story does not break here).
size_t KeepBeforeJump(const std::vector<LineBox>& lines, const std::vector<LineBox>& jump,
                      int tracks, double extent, const PageGeometry& geometry);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_TRACK_FILL_H_
