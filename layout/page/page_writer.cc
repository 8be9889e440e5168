#include "layout/page/page_writer.h"

#include <utility>

namespace paiban::layout {

template <typename ToPage>
void PageWriter::Runs(const ComposedLine& line, const std::string& article, int block,
                      TextRole role, ToPage to_page) {
  for (const LineRun& lr : line.runs) {
    GlyphRun run{lr.face, lr.size_pt, lr.orientation, 0, {}, lr.text, lr.clusters, article,
                 block,   role};
    run.glyphs.reserve(lr.glyphs.size());
    for (const LineGlyph& g : lr.glyphs) {
      auto [x, y] = to_page(g);
      run.glyphs.push_back({g.id, x, y});
    }
    page_.runs.push_back(std::move(run));
  }
}

void PageWriter::Horizontal(const ComposedLine& line, double x, double baseline,
                            const std::string& article, int block, TextRole role) {
  Runs(line, article, block, role, [&](const LineGlyph& g) {
    return std::pair{x + g.inline_pt, baseline + g.cross_pt};
  });
  // Emphasis dots under the characters, in the gap below the ideographic em box.
  for (const auto& [centre, size] : line.dots) {
    page_.dots.push_back({x + centre, baseline + 0.26 * size, 0.055 * size});
  }
  // Links: the ideographic em box of their characters (0.88 em above the baseline, 0.12 below).
  for (const ComposedLine::LinkExtent& link : line.links) {
    page_.links.push_back({{x + link.from_pt, baseline - 0.88 * line.size_pt,
                            link.to_pt - link.from_pt, line.size_pt},
                           "", 0, 0, 0, link.uri});
  }
}

void PageWriter::Vertical(const ComposedLine& line, double center_x, double top,
                          const std::string& article, int block, TextRole role) {
  Runs(line, article, block, role, [&](const LineGlyph& g) {
    return std::pair{center_x + g.cross_pt, top + g.inline_pt};
  });
  // Emphasis dots to the right of the column (docs/typography.md §6).
  for (const auto& [centre, size] : line.dots) {
    page_.dots.push_back({center_x + 0.64 * size, top + centre, 0.055 * size});
  }
  // Links: the column's em width along their characters.
  for (const ComposedLine::LinkExtent& link : line.links) {
    page_.links.push_back({{center_x - line.size_pt / 2, top + link.from_pt, line.size_pt,
                            link.to_pt - link.from_pt},
                           "", 0, 0, 0, link.uri});
  }
}

void PageWriter::Line(const FlowLine& l, const LRect& logical, const PageGeometry& geometry) {
  const RectPt box = geometry.Physical(logical);
  if (l.figure) {
    const Image& image = *l.figure->image;
    // The image at the box's start along the flow, in the middle of the measure across it.
    RectPt rect = l.vertical ? RectPt{box.x_pt + box.width_pt - l.figure_along_pt,
                                      box.y_pt + l.inline_offset_pt +
                                          (box.height_pt - l.figure_across_pt) / 2,
                                      l.figure_along_pt, l.figure_across_pt}
                             : RectPt{box.x_pt + l.inline_offset_pt +
                                          (box.width_pt - l.figure_across_pt) / 2,
                                      box.y_pt, l.figure_across_pt, l.figure_along_pt};
    page_.images.push_back({rect, image.path, image.src, ImageMediaType(image.format),
                            image.width_px, image.height_px, image.components, image.has_alpha,
                            l.figure->alt, l.figure->loc});
  } else if (l.vertical) {
    // The ruby's room is on the right of a vertical line.
    Vertical(l.line, box.x_pt + box.width_pt - l.ruby_pt - (box.width_pt - l.ruby_pt) / 2,
             box.y_pt + l.inline_offset_pt, l.article_id, l.block, l.role);
  } else {
    Horizontal(l.line, box.x_pt + l.inline_offset_pt,
               Baseline(box.y_pt + l.ruby_pt, box.height_pt - l.ruby_pt, l.line.size_pt),
               l.article_id, l.block, l.role);
  }
  if (l.link_fragment >= 0) page_.links.push_back({box, l.article_id, l.link_fragment, 0, 0, ""});
}

void PageWriter::FurnitureLine(const ComposedLine& line, double x, double y, double pitch,
                               int block, TextRole role, const std::string& article_id) {
  Horizontal(line, x, Baseline(y + line.ruby_pt, pitch, line.size_pt), article_id, block, role);
}

void PageWriter::Rule(double u0, double v0, double u1, double v1, double width,
                      const PageGeometry& geometry) {
  double x0, y0, x1, y1;
  geometry.Physical(u0, v0, x0, y0);
  geometry.Physical(u1, v1, x1, y1);
  page_.rules.push_back({x0, y0, x1, y1, width, 0});
}

void PageWriter::BoxFrame(const LRect& r, const PageGeometry& geometry) {
  page_.frames.push_back({geometry.Physical(r), 0.8, 0, 0.93});
}

}  // namespace paiban::layout
