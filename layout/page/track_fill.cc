#include "layout/page/track_fill.h"

#include <algorithm>

#include "layout/page/article_lines.h"

namespace paiban::layout {

std::vector<LineBox> LineBoxes(const std::vector<FlowLine>& lines) {
  std::vector<LineBox> boxes;
  boxes.reserve(lines.size());
  for (const FlowLine& l : lines) {
    boxes.push_back({l.pitch_pt, l.space_before_pt, l.box, l.role == TextRole::kJump});
  }
  return boxes;
}

double WhiteBefore(const LineBox& previous, const LineBox& line, const PageGeometry& geometry) {
  return line.space_before_pt +
         (previous.box >= 0 && previous.box != line.box ? geometry.AfterBoxWhite() : 0);
}

namespace {

// FillTracks for lines without boxed sidebars: nothing floats, so the lines stay in order.
size_t FillInOrder(const std::vector<LineBox>& lines, int tracks, double extent,
                   const PageGeometry& geometry, TrackPlan* plan) {
  size_t i = 0;
  for (int c = 0; c < std::max(1, tracks); ++c) {
    double used = 0;
    const size_t begin = i;
    for (; i < lines.size(); ++i) {
      const double need =
          (i == begin ? 0 : WhiteBefore(lines[i - 1], lines[i], geometry)) + lines[i].pitch_pt;
      if (used + need > extent + 1e-6) break;
      used += need;
    }
    if (plan) plan->ranges.emplace_back(begin, i);
  }
  if (plan) {
    plan->order.resize(lines.size());
    for (size_t k = 0; k < lines.size(); ++k) plan->order[k] = k;
  }
  return i;
}

}  // namespace

size_t FillTracks(const std::vector<LineBox>& lines, int tracks, double extent,
                  const PageGeometry& geometry, TrackPlan* plan) {
  if (plan) plan->ranges.clear();
  if (std::none_of(lines.begin(), lines.end(), [](const LineBox& b) { return b.box >= 0; })) {
    return FillInOrder(lines, tracks, extent, geometry, plan);
  }
  std::vector<size_t> seq(lines.size());
  for (size_t k = 0; k < seq.size(); ++k) seq[k] = k;
  auto at = [&](size_t k) -> const LineBox& { return lines[seq[k]]; };
  auto box_end = [&](size_t first) {
    size_t k = first;
    while (k < seq.size() && at(k).box == at(first).box) ++k;
    return k;
  };
  auto box_extent = [&](size_t first) {
    double h = 0;
    for (size_t k = first; k < box_end(first); ++k) {
      h += (k == first ? 0 : at(k).space_before_pt) + at(k).pitch_pt;
    }
    return h;
  };
  size_t i = 0;
  for (int c = 0; c < std::max(1, tracks); ++c) {
    double used = 0;
    size_t begin = i;
    while (i < seq.size()) {
      const double space = i == begin ? 0 : WhiteBefore(at(i - 1), at(i), geometry);
      bool box_starts = at(i).box >= 0 && (i == 0 || at(i - 1).box != at(i).box);
      if (box_starts && i != begin && used + space + box_extent(i) > extent + 1e-6 &&
          box_extent(i) <= extent + 1e-6) {
        // The lines after the box that fit here come before it.
        size_t from = box_end(i), to = from;
        double room = used;
        if (c + 1 < tracks) {
          while (to < seq.size() && at(to).box < 0 && !at(to).pinned) {
            const LineBox& before = to == from ? at(i - 1) : at(to - 1);
            double n = WhiteBefore(before, at(to), geometry) + at(to).pitch_pt;
            if (room + n > extent + 1e-6) break;
            room += n;
            ++to;
          }
        }
        if (to == from) break;
        std::rotate(seq.begin() + static_cast<ptrdiff_t>(i),
                    seq.begin() + static_cast<ptrdiff_t>(from),
                    seq.begin() + static_cast<ptrdiff_t>(to));
        continue;
      }
      const double need = space + at(i).pitch_pt;
      if (used + need > extent + 1e-6) break;
      used += need;
      ++i;
    }
    if (plan) plan->ranges.emplace_back(begin, i);
  }
  if (plan) plan->order = std::move(seq);
  return i;
}

double BalancedExtent(const std::vector<LineBox>& lines, int tracks,
                      const PageGeometry& geometry) {
  double total = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    total += lines[i].pitch_pt + (i > 0 ? WhiteBefore(lines[i - 1], lines[i], geometry)
                                        : lines[i].space_before_pt);
  }
  double extent = total / std::max(1, tracks);
  while (FillTracks(lines, tracks, extent, geometry, nullptr) < lines.size() &&
         extent < total + geometry.pitch) {
    extent += geometry.pitch / 4;
  }
  return extent;
}

size_t KeepBeforeJump(const std::vector<LineBox>& lines, const std::vector<LineBox>& jump,
                      int tracks, double extent, const PageGeometry& geometry) {
  size_t keep = FillTracks(lines, tracks, extent, geometry, nullptr);
  std::vector<LineBox> v;
  v.reserve(keep + jump.size());
  while (keep > 0) {
    v.assign(lines.begin(), lines.begin() + static_cast<ptrdiff_t>(keep));
    v.insert(v.end(), jump.begin(), jump.end());
    if (FillTracks(v, tracks, extent, geometry, nullptr) == v.size()) break;
    --keep;
  }
  return keep >= std::min(kFewestLinesBeforeJump, lines.size()) ? keep : 0;
}

}  // namespace paiban::layout
