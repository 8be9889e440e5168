#include "layout/page/arrangement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace paiban::layout {
namespace {

// How many partial arrangements the search keeps after each module.
constexpr size_t kBeamWidth = 24;

// When every track ends a little short of the page's end, the white goes into the gaps between
// stacked modules (when two lines more each or less closes it), as a make-up editor spreads it,
// rather than after the last ones: each module moves along by its level (the modules stacked
// before it) times an equal share. Not on a page where a story breaks (it is full) or where a
// module's depth is fixed.
void Feather(const std::vector<Module>& modules, std::vector<Slot>& slots,
             const PageGeometry& g) {
  const double top = g.v0, bottom = g.v1;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].keep < modules[i].lines.size() || modules[i].depth_pt > 0) return;
  }
  auto overlap = [](const Slot& a, const Slot& b) {
    return a.first < b.first + b.span && b.first < a.first + a.span;
  };
  // The white under the lowest module of each column that has one; the least of them.
  std::vector<double> lowest(static_cast<size_t>(std::max(1, g.tracks)), -1);
  for (const Slot& slot : slots) {
    for (int c = slot.first; c < slot.first + slot.span; ++c) {
      double& l = lowest[static_cast<size_t>(c)];
      l = std::max(l, slot.top + slot.height);
    }
  }
  double slack = bottom - top;
  bool any = false;
  for (double l : lowest) {
    if (l < 0) continue;
    slack = std::min(slack, bottom - l);
    any = true;
  }
  if (!any || slack < g.pitch / 4) return;
  std::vector<size_t> by_top(slots.size());
  for (size_t i = 0; i < by_top.size(); ++i) by_top[i] = i;
  std::stable_sort(by_top.begin(), by_top.end(),
                   [&](size_t a, size_t b) { return slots[a].top < slots[b].top; });
  std::vector<int> level(slots.size(), 0);
  int levels = 0;
  for (size_t k = 0; k < by_top.size(); ++k) {
    size_t i = by_top[k];
    for (size_t m = 0; m < k; ++m) {
      size_t j = by_top[m];
      if (overlap(slots[i], slots[j]) && slots[j].top < slots[i].top - 1e-6) {
        level[i] = std::max(level[i], level[j] + 1);
      }
    }
    levels = std::max(levels, level[i]);
  }
  // Only a shortfall the gaps can close: a page with much less text than room keeps its white
  // at the bottom rather than holes between its modules.
  if (levels == 0 || slack / levels > 2 * g.pitch) return;
  double share = slack / levels;
  for (size_t i = 0; i < slots.size(); ++i) {
    slots[i].top += level[i] * share;
    if (level[i] > 0) slots[i].feather = share;
  }
}

}  // namespace

std::pair<int, int> SpanRange(const Module& m, const PageGeometry& g) {
  const int tracks = std::max(1, g.tracks);
  int min_span = m.first >= 0 ? m.span
                 : m.lead     ? (tracks + 1) / 2
                 : m.cross    ? 1
                              : std::min(g.min_module_tracks, tracks);
  // A module chosen here has at least four lines in each of its tracks (or two tracks); a block
  // in the other writing mode may take any width, and is the shallower the wider.
  int max_span =
      m.first >= 0 ? m.span
      : m.cross    ? tracks
                   : std::max(min_span, std::min(tracks, static_cast<int>(m.lines.size() / 4)));
  return {min_span, max_span};
}

std::vector<Slot> Arrange(const std::vector<Module>& modules, const PageGeometry& g) {
  const double top = g.v0, bottom = g.v1;
  const int columns = std::max(1, g.tracks);
  const double gap = ModuleGap(g);
  struct State {
    std::vector<double> tops;
    std::vector<Slot> slots;
    double white = 0;    // column-points left empty above modules and in their columns
    size_t left = 0;     // lines that fit nowhere
    int breaks = 0;      // stories broken without a stated jump
  };
  // A state the search may keep: the state it extends, the module's slot, and its sums; its
  // skyline is kept with the other candidates' (`columns` tops each), and only the states kept
  // are made (most candidates are dropped, and copying each one's slots cost more than the
  // search itself).
  struct Candidate {
    size_t from = 0;
    Slot slot;
    double white = 0;
    size_t left = 0;
    int breaks = 0;
    double rank_white = 0, spread = 0;  // the sort's keys, worked out once per candidate
  };
  // The white of a whole arrangement: inside and between its modules, and half of what it
  // leaves after the last ones (there anyway when the page has less text than room, but a page
  // that is full to its end looks made).
  auto score = [&](const State& s) {
    double white = s.white;
    for (double t : s.tops) white += std::max(0.0, bottom + gap - t) / 2;
    return white;
  };
  std::vector<State> beam{
      State{std::vector<double>(static_cast<size_t>(columns), top), {}, 0, 0, 0}};
  for (const Module& m : modules) {
    std::vector<double> balanced(static_cast<size_t>(columns) + 1, -1);
    // States whose skylines share a top leave the module the same room: what its tracks take
    // of its lines there is worked out once per span and extent.
    std::map<std::pair<int, double>, size_t> kept, fitted;
    auto keep_before_jump = [&](int span, double extent) {
      auto [it, fresh] = kept.try_emplace({span, extent}, 0);
      if (fresh) it->second = KeepBeforeJump(m.boxes, m.jump_boxes, span, extent, g);
      return it->second;
    };
    auto fill = [&](int span, double extent) {
      auto [it, fresh] = fitted.try_emplace({span, extent}, 0);
      if (fresh) it->second = FillTracks(m.boxes, span, extent, g, nullptr);
      return it->second;
    };
    auto [min_span, max_span] = SpanRange(m, g);
    std::vector<Candidate> next;
    std::vector<double> next_tops;
    for (size_t from = 0; from < beam.size(); ++from) {
      const State& s = beam[from];
      for (int span = min_span; span <= max_span; ++span) {
        auto place_at = [&](int first) {
          auto b = s.tops.begin() + first;
          double t = *std::max_element(b, b + span);
          double hole = 0;
          for (auto c = b; c != b + span; ++c) hole += t - *c;
          return std::pair<double, double>(t, hole);
        };
        int first = m.first;
        if (first < 0) {
          first = 0;
          auto best = place_at(0);
          for (int f = 1; f + span <= columns; ++f) {
            auto p = place_at(f);
            if (p.first < best.first - 1e-6 ||
                (p.first < best.first + 1e-6 && p.second < best.second - 1e-6)) {
              best = p;
              first = f;
            }
          }
        }
        auto [t, hole] = place_at(first);
        double header = m.cross ? 0 : m.header[static_cast<size_t>(span)];
        double room = bottom - t - header;
        double& natural = balanced[static_cast<size_t>(span)];
        if (natural < 0) natural = BalancedExtent(m.boxes, span, g);
        auto add = [&](double body_height, size_t keep, size_t left) {
          Candidate n{from, {}, s.white, s.left, s.breaks};
          // A module of fixed depth keeps it, whatever its text takes.
          double height = m.depth_pt > 0 ? m.depth_pt : header + body_height;
          n.slot = {first, span, t, body_height, height, keep};
          // The white in the module's columns: what its lines leave of them (a vertical block
          // leaves the white beyond its last line).
          double text = m.cross ? span * height *
                                      std::min(1.0, m.cross_blocks[static_cast<size_t>(span)].extent /
                                                        g.SpanWidth(span))
                                : std::min(m.extent[std::min(keep, m.lines.size())] +
                                               (keep < m.lines.size() ? m.jump_extent : 0),
                                           span * (height - header));
          n.white += hole + span * (height - header) - text;
          n.left += left;
          // A rest that breaks again breaks where the source said nothing.
          if (keep < m.lines.size() && (m.from_page > 0 || !m.article->continues_on_page)) {
            ++n.breaks;
          }
          const size_t at = next_tops.size();
          next_tops.insert(next_tops.end(), s.tops.begin(), s.tops.end());
          for (int c = first; c < first + span; ++c) {
            next_tops[at + static_cast<size_t>(c)] = t + height + gap;
          }
          next.push_back(n);
        };
        if (m.cross) {
          // A vertical block is kept whole: as deep as its lines are long (or the source's
          // rows), or left over.
          const CrossBlock& block = m.cross_blocks[static_cast<size_t>(span)];
          double need = block.measure + 2 * CrossPad(g);
          double height = m.depth_pt > 0 ? m.depth_pt : need;
          bool fits = block.fits && height <= bottom - t + 1e-6;
          add(std::min(height, std::max(0.0, bottom - t)), 0,
              fits ? 0 : std::max<size_t>(1, block.lines.size()));
        } else if (m.depth_pt > 0) {
          // The source's depth: the text fits in it, breaks at its end, or is left over.
          double depth_room = m.depth_pt - header;
          if (m.depth_pt > bottom - t + 1e-6 || depth_room < g.pitch - 1e-6) {
            add(std::max(0.0, std::min(room, depth_room)), m.lines.size(), m.lines.size());
          } else if (natural <= depth_room + 1e-6) {
            add(natural, m.lines.size(), 0);
          } else {
            // A break keeps at least two lines before its jump line; short of that the story
            // does not break here and what does not fit is left over.
            size_t keep = m.jump_to > 0
                              ? keep_before_jump(span, depth_room)
                              : 0;
            if (keep > 0) {
              add(depth_room, keep, 0);
            } else {
              size_t fit = fill(span, depth_room);
              add(depth_room, m.lines.size(), m.lines.size() - fit);
            }
          }
        } else if (natural <= room + 1e-6) {
          add(natural, m.lines.size(), 0);
        } else {
          bool broke = false;
          if (m.jump_to > 0 && room >= 3 * g.pitch) {
            for (double share : {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2}) {
              double height = room * share;
              if (height < 3 * g.pitch) break;  // the shares only get smaller
              size_t keep = keep_before_jump(span, height);
              if (keep == 0) break;  // less room keeps no more lines
              add(height, keep, 0);
              broke = true;
            }
          }
          // No break possible: what does not fit is left over (every span gives a state, so
          // the beam never runs empty).
          if (!broke) {
            double height = std::max(0.0, room);
            size_t fit = fill(span, height);
            add(height, m.lines.size(), m.lines.size() - fit);
          }
        }
      }
    }
    // The best states: fewest lines left over, then fewest stories broken that the source did
    // not say continue, then least white, then the flattest skyline; of states with the same
    // skyline, the best only.
    // After the last module the white left after the modules is known, and counts (half, as
    // in the final choice): a breaking story that leaves tracks empty beside it is not kept
    // over one that fills them.
    const bool last = &m == &modules.back();
    const size_t stride = static_cast<size_t>(columns);
    auto tops_of = [&](size_t k) { return next_tops.begin() + static_cast<ptrdiff_t>(k * stride); };
    for (size_t k = 0; k < next.size(); ++k) {
      Candidate& n = next[k];
      double white = n.white;
      if (last) {
        for (auto t = tops_of(k); t != tops_of(k + 1); ++t) {
          white += std::max(0.0, bottom + gap - *t) / 2;
        }
      }
      // White counts in half lines of one column.
      n.rank_white = std::round(white / (g.pitch / 2));
      auto [lo, hi] = std::minmax_element(tops_of(k), tops_of(k + 1));
      n.spread = *hi - *lo;
    }
    std::vector<size_t> order(next.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t ka, size_t kb) {
      const Candidate& a = next[ka];
      const Candidate& b = next[kb];
      if (a.left != b.left) return a.left < b.left;
      if (a.breaks != b.breaks) return a.breaks < b.breaks;
      if (a.rank_white != b.rank_white) return a.rank_white < b.rank_white;
      return a.spread < b.spread - 1e-6;
    });
    std::vector<size_t> chosen;
    for (size_t k : order) {
      bool seen = std::any_of(chosen.begin(), chosen.end(), [&](size_t j) {
        return std::equal(tops_of(k), tops_of(k + 1), tops_of(j),
                          [](double x, double y) { return !(std::abs(y - x) > 1e-6); });
      });
      if (!seen) chosen.push_back(k);
      if (chosen.size() == kBeamWidth) break;
    }
    std::vector<State> kept_states;
    kept_states.reserve(chosen.size());
    for (size_t k : chosen) {
      const Candidate& n = next[k];
      State state{std::vector<double>(tops_of(k), tops_of(k + 1)), beam[n.from].slots, n.white,
                  n.left, n.breaks};
      state.slots.push_back(n.slot);
      kept_states.push_back(std::move(state));
    }
    beam = std::move(kept_states);
  }
  // Of the last states, the one with the least white, where the white left below the last
  // modules counts half: it is there anyway when the page has less text than room (and a story
  // that breaks takes it, below), but a page that is full to the bottom looks made.
  const State* best = &beam.front();
  for (const State& s : beam) {
    if (std::tie(s.left, s.breaks) < std::tie(best->left, best->breaks) ||
        (s.left == best->left && s.breaks == best->breaks && score(s) < score(*best) - 1e-6)) {
      best = &s;
    }
  }
  // A story that breaks takes the white under it as far as the module below (or the page's
  // bottom): more of it stays here.
  std::vector<Slot> slots = best->slots;
  for (size_t i = 0; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.keep >= modules[i].lines.size() || modules[i].depth_pt > 0) continue;
    double limit = bottom;
    for (size_t j = 0; j < slots.size(); ++j) {
      const Slot& other = slots[j];
      bool overlap = other.first < slot.first + slot.span && slot.first < other.first + other.span;
      if (j != i && overlap && other.top > slot.top) limit = std::min(limit, other.top - gap);
    }
    double body_height = limit - slot.top - (slot.height - slot.body_height);
    if (body_height > slot.body_height + 1e-6) {
      size_t keep =
          KeepBeforeJump(modules[i].boxes, modules[i].jump_boxes, slot.span, body_height, g);
      if (keep >= slot.keep) {
        slot.height += body_height - slot.body_height;
        slot.body_height = body_height;
        slot.keep = keep;
      }
    }
  }
  Feather(modules, slots, g);
  return slots;
}

}  // namespace paiban::layout
