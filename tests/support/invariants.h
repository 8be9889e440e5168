// Test support: the invariants every laid-out page keeps, in both writing modes:
//   - every glyph, image and frame stands inside the page's live area (the margins);
//   - no two glyphs are drawn on top of each other, and no glyph stands inside an image;
//   - no line's em box runs across the edge of a frame;
//   - no two modules (PageMap areas) overlap, and each stands inside the live area.
// `placed` gets, per article, the text of the runs laid out for it in the order they were.
#ifndef PAIBAN_TESTS_SUPPORT_INVARIANTS_H_
#define PAIBAN_TESTS_SUPPORT_INVARIANTS_H_

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "layout/laid_out_issue.h"
#include "layout/page/makeup.h"
#include "model/text.h"

namespace paiban::testing {

inline void ExpectPageInvariants(const LaidOutIssue& laid_out, const layout::PageTemplate& t,
                                 std::map<std::string, std::string>& placed) {
  for (const LaidOutPage& page : laid_out.pages) {
    SCOPED_TRACE("page " + std::to_string(page.number));
    const double left = t.margin_inner_pt, right = page.width_pt - t.margin_outer_pt;
    const double top = t.margin_top_pt, bottom = page.height_pt - t.margin_bottom_pt;
    const double slack = 0.5;
    auto inside = [&](double x, double y) {
      return x >= left - slack && x <= right + slack && y >= top - slack && y <= bottom + slack;
    };
    // Glyph origins on a grid of 2 pt cells, to find near neighbours without comparing all pairs.
    std::unordered_map<int64_t, std::vector<std::tuple<double, double, double, bool>>> grid;
    auto cell = [](double x, double y) {
      return (static_cast<int64_t>(std::floor(x / 2)) << 32) ^
             static_cast<int64_t>(std::floor(y / 2) + (1 << 20));
    };
    int reported = 0;
    for (const GlyphRun& run : page.runs) {
      placed[run.article_id] += run.text;
      // The character each glyph shows, from the cluster map.
      std::vector<char32_t> glyph_chars;
      size_t byte = 0;
      for (const TextCluster& cluster : run.clusters) {
        char32_t cp = DecodeUtf8(run.text.substr(byte, static_cast<size_t>(cluster.num_bytes)))
                          .substr(0, 1)[0];
        for (int k = 0; k < cluster.num_glyphs; ++k) glyph_chars.push_back(cp);
        byte += static_cast<size_t>(cluster.num_bytes);
      }
      glyph_chars.resize(run.glyphs.size(), U'?');
      for (size_t gi = 0; gi < run.glyphs.size(); ++gi) {
        const PositionedGlyph& g = run.glyphs[gi];
        // Compressed CJK punctuation (a half-width comma then an opening quote, an opening
        // bracket pulled into the margin at a line start, a half-width stop at the end of a
        // vertical line that ends at the bottom margin) shares its em box with a neighbour or the
        // margin: its origin moves by up to half an em while its ink does not collide.
        char32_t cp = glyph_chars[gi];
        const bool punctuation = (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF65) ||
                                 (cp >= 0x2010 && cp <= 0x2027) || cp == 0xB7;
        const double pad = punctuation ? run.size_pt / 2 : 0;
        if (!(g.x_pt >= left - slack - pad && g.x_pt <= right + slack + pad &&
              g.y_pt >= top - slack - pad && g.y_pt <= bottom + slack + pad) &&
            reported++ < 5) {
          ADD_FAILURE() << "glyph of '" << run.text << "' outside the live area at " << g.x_pt
                        << "," << g.y_pt;
        }
        for (const PlacedImage& image : page.images) {
          const RectPt& r = image.rect;
          if (g.x_pt > r.x_pt + 0.5 && g.x_pt < r.x_pt + r.width_pt - 0.5 &&
              g.y_pt > r.y_pt + 0.5 && g.y_pt < r.y_pt + r.height_pt - 0.5 && reported++ < 5) {
            ADD_FAILURE() << "glyph of '" << run.text << "' inside the image " << image.src;
          }
        }
        // A horizontal line's em box (0.88 em above the baseline, 0.12 below) lies inside a
        // frame or clear of it, never across its top or bottom edge (a regression: the line after
        // a boxed sidebar ran into the box's frame).
        const bool across = run.glyphs.size() > 1 &&
                            std::abs(run.glyphs[1].y_pt - run.glyphs[0].y_pt) < 0.01 &&
                            run.glyphs[1].x_pt > run.glyphs[0].x_pt;
        // So does a vertical line's (an upright glyph's origin is at the left edge of its em
        // box): never across a frame's left or right edge.
        const bool down = run.glyphs.size() > 1 &&
                          std::abs(run.glyphs[1].x_pt - run.glyphs[0].x_pt) < 0.01 &&
                          run.glyphs[1].y_pt > run.glyphs[0].y_pt &&
                          run.orientation == GlyphRun::Orientation::kUpright;
        for (const Frame& frame : page.frames) {
          const RectPt& r = frame.rect;
          if (across && g.x_pt > r.x_pt && g.x_pt < r.x_pt + r.width_pt) {
            const double em_top = g.y_pt - 0.88 * run.size_pt;
            const double em_bottom = g.y_pt + 0.12 * run.size_pt;
            for (double edge : {r.y_pt, r.y_pt + r.height_pt}) {
              if (em_top < edge - 0.5 && em_bottom > edge + 0.5 && reported++ < 5) {
                ADD_FAILURE() << "glyph of '" << run.text << "' across the edge of a frame at y "
                              << edge;
              }
            }
          }
          if (down && g.y_pt > r.y_pt && g.y_pt < r.y_pt + r.height_pt) {
            const double em_left = g.x_pt, em_right = g.x_pt + run.size_pt;
            for (double edge : {r.x_pt, r.x_pt + r.width_pt}) {
              if (em_left < edge - 0.5 && em_right > edge + 0.5 && reported++ < 5) {
                ADD_FAILURE() << "glyph of '" << run.text << "' across the edge of a frame at x "
                              << edge;
              }
            }
          }
        }
        // Two glyphs closer than 0.15 em are drawn over each other (the narrowest Latin letters
        // advance about 0.25 em).
        // A sideways glyph turns about its origin, so only glyphs of one orientation compare.
        const bool sideways = run.orientation == GlyphRun::Orientation::kSideways;
        const double near = punctuation ? 0 : 0.15 * run.size_pt;
        for (int dx = -1; dx <= 1; ++dx) {
          for (int dy = -1; dy <= 1; ++dy) {
            auto it = grid.find(cell(g.x_pt + dx * 2, g.y_pt + dy * 2));
            if (it == grid.end()) continue;
            for (const auto& [x, y, size, turned] : it->second) {
              if (turned == sideways && std::hypot(x - g.x_pt, y - g.y_pt) < std::min(near, 0.15 * size) &&
                  reported++ < 5) {
                ADD_FAILURE() << "two glyphs drawn at " << g.x_pt << "," << g.y_pt << " ('"
                              << run.text << "')";
              }
            }
          }
        }
        if (!punctuation) {
          grid[cell(g.x_pt, g.y_pt)].emplace_back(g.x_pt, g.y_pt, run.size_pt, sideways);
        }
      }
    }
    for (const PlacedImage& image : page.images) {
      const RectPt& r = image.rect;
      EXPECT_TRUE(inside(r.x_pt, r.y_pt) && inside(r.x_pt + r.width_pt, r.y_pt + r.height_pt))
          << image.src;
    }
    for (const Frame& frame : page.frames) {
      const RectPt& r = frame.rect;
      // Frames stand a third of an em around their text.
      EXPECT_GE(r.x_pt, left - t.body_size_pt);
      EXPECT_LE(r.x_pt + r.width_pt, right + t.body_size_pt);
      EXPECT_GE(r.y_pt, top - t.body_size_pt);
      EXPECT_LE(r.y_pt + r.height_pt, bottom + t.body_size_pt);
    }
  }
  // The articles are rectangular modules: no two overlap, and each stands inside the live area.
  {
    const std::vector<PageMapEntry>& map = laid_out.page_map;
    for (size_t i = 0; i < map.size(); ++i) {
      const RectPt& a = map[i].area;
      EXPECT_GE(a.x_pt, t.margin_inner_pt - 0.5) << map[i].article_id;
      EXPECT_LE(a.x_pt + a.width_pt, t.width_pt - t.margin_outer_pt + 0.5) << map[i].article_id;
      EXPECT_LE(a.y_pt + a.height_pt, t.height_pt - t.margin_bottom_pt + 0.5)
          << map[i].article_id;
      for (size_t j = i + 1; j < map.size(); ++j) {
        if (map[j].page != map[i].page) continue;
        const RectPt& b = map[j].area;
        bool apart = a.x_pt + a.width_pt <= b.x_pt + 0.5 || b.x_pt + b.width_pt <= a.x_pt + 0.5 ||
                     a.y_pt + a.height_pt <= b.y_pt + 0.5 || b.y_pt + b.height_pt <= a.y_pt + 0.5;
        EXPECT_TRUE(apart) << "modules " << map[i].article_id << " and " << map[j].article_id
                           << " overlap on page " << map[i].page;
      }
    }
  }
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_INVARIANTS_H_
