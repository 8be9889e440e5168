#include "layout/page/geometry.h"

#include <algorithm>
#include <cmath>

namespace paiban::layout {
namespace {

// Tracks of whole ems across `room`, at least `min_gap` apart; the gaps take what is left, so the
// tracks fill the room exactly (the character grid of clreq §3.2.5).
void SplitIntoTracks(double room, int tracks, double em, double min_gap, PageGeometry& g) {
  g.tracks = std::max(1, tracks);
  g.thickness = std::floor((room - min_gap * (g.tracks - 1)) / g.tracks / em + 1e-9) * em;
  g.gap = g.tracks > 1 ? (room - g.thickness * g.tracks) / (g.tracks - 1) : 0;
}

PageGeometry Base(const PageTemplate& t) {
  PageGeometry g;
  g.em = t.body_size_pt;
  g.pitch = t.body_size_pt * t.line_pitch;
  g.left = t.margin_inner_pt;
  g.right = t.width_pt - t.margin_outer_pt;
  g.top = t.margin_top_pt;
  g.bottom = t.height_pt - t.margin_bottom_pt;
  return g;
}

}  // namespace

PageGeometry MakeGeometry(const PageTemplate& t, bool vertical, double body_top) {
  PageGeometry g = Base(t);
  g.vertical = vertical;
  if (!vertical) {
    // Columns side by side, at least 1 em apart; lines go down from the body's top.
    SplitIntoTracks(g.right - g.left, t.columns, g.em, g.em, g);
    g.u0 = g.left;
    g.v0 = body_top;
    g.v1 = g.bottom;
    g.cross_from_u_end = true;
    g.cross_shortest_em = 8;
  } else {
    // Bands stacked from the body's top, at least 2 em apart; lines go leftwards from the right.
    SplitIntoTracks(g.bottom - body_top, t.bands, g.em, 2 * g.em, g);
    g.u0 = body_top;
    g.v0 = 0;
    g.v1 = g.right - g.left;
    g.cross_from_u_end = false;
    g.cross_shortest_em = 6;
    g.min_module_tracks = 1;
  }
  return g;
}

PageGeometry FurnitureGeometry(const PageTemplate& t) {
  PageGeometry g = Base(t);
  g.tracks = 1;
  g.thickness = g.right - g.left;
  g.u0 = g.left;
  g.v0 = g.top;
  g.v1 = g.bottom;
  return g;
}

}  // namespace paiban::layout
