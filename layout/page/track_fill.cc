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
    for (size_t k = first, end = box_end(first); k < end; ++k) {
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
      const double box = box_starts && i != begin ? box_extent(i) : 0;
      if (box_starts && i != begin && used + space + box > extent + 1e-6 &&
          box <= extent + 1e-6) {
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

namespace {

// KeepBeforeJump for lines without boxed sidebars, as FillInOrder sets them: the first `keep`
// lines followed by the jump line fill the tracks as the lines alone do until the jump line
// comes, so one fill of the lines, remembering where each line was first tried, answers for
// every `keep` (the search asks for hundreds of extents per page, and refilling the tracks for
// each `keep` was most of its cost).
size_t KeepInOrder(const std::vector<LineBox>& lines, const std::vector<LineBox>& jump,
                   int tracks, double extent, const PageGeometry& geometry) {
  const int count = std::max(1, tracks);
  struct Tried {
    int track;
    double used;
    size_t begin;
  };
  std::vector<Tried> tried;  // [i]: where line i (or, at the end, the jump line) is first tried
  tried.reserve(lines.size() + 1);
  size_t i = 0;
  for (int c = 0; c < count; ++c) {
    double used = 0;
    const size_t begin = i;
    for (;; ++i) {
      if (tried.size() == i) tried.push_back({c, used, begin});
      if (i == lines.size()) break;
      const double need =
          (i == begin ? 0 : WhiteBefore(lines[i - 1], lines[i], geometry)) + lines[i].pitch_pt;
      if (used + need > extent + 1e-6) break;
      used += need;
    }
  }
  // Whether the jump line still fits after the first `keep` lines.
  auto jump_fits = [&](size_t keep) {
    auto [c, used, begin] = tried[keep];
    size_t j = 0;
    for (; c < count; ++c) {
      for (; j < jump.size(); ++j) {
        const size_t at = keep + j;
        const LineBox& previous = j == 0 ? lines[keep - 1] : jump[j - 1];
        const double need =
            (at == begin ? 0 : WhiteBefore(previous, jump[j], geometry)) + jump[j].pitch_pt;
        if (used + need > extent + 1e-6) break;
        used += need;
      }
      if (j == jump.size()) return true;
      used = 0;
      begin = keep + j;
    }
    return false;
  };
  size_t keep = i;
  while (keep > 0 && !jump_fits(keep)) --keep;
  return keep >= std::min(kFewestLinesBeforeJump, lines.size()) ? keep : 0;
}

}  // namespace

size_t KeepBeforeJump(const std::vector<LineBox>& lines, const std::vector<LineBox>& jump,
                      int tracks, double extent, const PageGeometry& geometry) {
  auto boxed = [](const LineBox& b) { return b.box >= 0; };
  if (std::none_of(lines.begin(), lines.end(), boxed) &&
      std::none_of(jump.begin(), jump.end(), boxed)) {
    return KeepInOrder(lines, jump, tracks, extent, geometry);
  }
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
