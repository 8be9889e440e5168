// The page's body in logical coordinates, and the one map from them to the page.
//
// Page makeup is one problem in both writing modes, transposed (docs/architecture.md, "Page
// makeup"): the body is a row of tracks — grid columns on a horizontal page, bands (段) on a
// vertical one — and every stage works in two logical axes:
//   u  across the tracks, in the direction the tracks follow each other: left to right over the
//      columns of a horizontal page, top to bottom over the bands of a vertical one; a body line
//      runs along u inside its track;
//   v  along the tracks, in the direction lines follow each other: down a horizontal page,
//      leftwards from the right edge of a vertical one.
// Modules, lines, frames, rules and areas are placed as rectangles and points in (u, v); only
// Physical() turns them into page coordinates, which PageWriter then draws. What differs between
// the modes is data here (the axis map, the track sizes, where lines of the other writing mode
// start), never a branch in the stages.
#ifndef PAIBAN_LAYOUT_PAGE_GEOMETRY_H_
#define PAIBAN_LAYOUT_PAGE_GEOMETRY_H_

#include "layout/laid_out_issue.h"
#include "model/issue.h"

namespace paiban::layout {

// A rectangle in logical coordinates: from (u, v), du across the tracks and dv along them.
struct LRect {
  double u = 0, v = 0, du = 0, dv = 0;
};

struct PageGeometry {
  bool vertical = false;  // the page's writing mode
  double em = 9;          // the body size
  double pitch = 11.7;    // the body's line pitch
  // The live area of the page, physical.
  double left = 0, right = 0, top = 0, bottom = 0;
  // The body's tracks: how many, how thick (a column's width, a band's depth: whole ems of the
  // body size, so Han characters fill a line exactly), the gap between two, where the first
  // starts on u; and the stretch of v the tracks cover.
  int tracks = 1;
  double thickness = 0;
  double gap = 0;
  double u0 = 0;
  double v0 = 0, v1 = 0;
  // Lines of the other writing mode than the page's (a block of vertical lines on a horizontal
  // page, of horizontal lines on a vertical one) follow each other along u from its end (right
  // to left, as vertical lines do) or from its start (top to bottom, as horizontal lines do).
  bool cross_from_u_end = true;
  // The shortest line such a block gets, in ems: vertical lines of fewer than 8 characters read
  // as a list; horizontal ones may be as short as 6.
  double cross_shortest_em = 8;
  // The fewest tracks a module the makeup places takes (not the lead, nor a block in the other
  // mode): two columns on a horizontal page; one band on a vertical page, where a brief in one
  // band (段) is common and an odd band would otherwise stay empty.
  int min_module_tracks = 2;

  double TrackStart(int track) const { return u0 + track * (thickness + gap); }
  // The width across `span` tracks and the gaps between them.
  double SpanWidth(int span) const { return span * thickness + (span - 1) * gap; }
  // The white between a boxed sidebar's frame and a line after it along v.
  double AfterBoxWhite() const { return pitch / 2; }

  RectPt Physical(const LRect& r) const {
    if (!vertical) return {r.u, r.v, r.du, r.dv};
    return {right - r.v - r.dv, r.u, r.dv, r.du};
  }
  // A point (for rules).
  void Physical(double u, double v, double& x, double& y) const {
    x = vertical ? right - v : u;
    y = vertical ? u : v;
  }
};

// The body below `body_top` of a page set with template `t` in the given mode.
PageGeometry MakeGeometry(const PageTemplate& t, bool vertical, double body_top);

// The same page's live area as a horizontal page whose one track is its whole measure: the frame
// for furniture, which is set horizontally in both writing modes.
PageGeometry FurnitureGeometry(const PageTemplate& t);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_GEOMETRY_H_
