// The page writer: the last makeup stage, the only one that writes the LaidOutPage. It takes what
// the stages placed — lines in their line boxes, images, frames, rules, links, article areas —
// in logical coordinates, maps them to the page once (PageGeometry::Physical) and draws each line
// in its own writing mode inside its box.
#ifndef PAIBAN_LAYOUT_PAGE_PAGE_WRITER_H_
#define PAIBAN_LAYOUT_PAGE_PAGE_WRITER_H_

#include <string>
#include <vector>

#include "layout/laid_out_issue.h"
#include "layout/page/article_lines.h"
#include "layout/page/geometry.h"

namespace paiban::layout {

class PageWriter {
 public:
  PageWriter(LaidOutPage& page, std::vector<PageMapEntry>& page_map)
      : page_(page), page_map_(page_map) {}

  // `line` in its line box `box` (logical in `geometry`): across the flow the line's measure,
  // along it the line's pitch. Text, emphasis dots and links in the line's own writing mode; a
  // figure's image in the middle of the measure at the box's start; a jump line's link over the
  // box.
  void Line(const FlowLine& line, const LRect& box, const PageGeometry& geometry);
  // A horizontal line of furniture (no article) with its box's top-left at (x, y), `pitch` deep.
  void FurnitureLine(const ComposedLine& line, double x, double y, double pitch, int block,
                     TextRole role, const std::string& article_id = "");

  void Rule(double u0, double v0, double u1, double v1, double width,
            const PageGeometry& geometry);
  // A sidebar's frame, grey-filled, around `r`.
  void BoxFrame(const LRect& r, const PageGeometry& geometry);
  // A plain frame at page coordinates (the ear).
  void Frame(const RectPt& r) { page_.frames.push_back({r, 0.8, 0, -1}); }
  // Where a fragment of an article stands.
  void Area(const std::string& article_id, int fragment, int page_number, const RectPt& r) {
    page_map_.push_back({article_id, fragment, page_number, r});
  }

 private:
  void Horizontal(const ComposedLine& line, double x, double baseline, const std::string& article,
                  int block, TextRole role);
  void Vertical(const ComposedLine& line, double center_x, double top, const std::string& article,
                int block, TextRole role);
  // The line's glyph runs, each glyph where `to_page` puts it (an (x, y) pair).
  template <typename ToPage>
  void Runs(const ComposedLine& line, const std::string& article, int block, TextRole role,
            ToPage to_page);

  LaidOutPage& page_;
  std::vector<PageMapEntry>& page_map_;
};

// The baseline of a horizontal line box of height `pitch` whose top is `top`: the ideographic em
// box (0.88 em above the baseline, 0.12 below in Noto CJK) is centred in the box.
inline double Baseline(double top, double pitch, double size) {
  return top + (pitch - size) / 2 + 0.88 * size;
}

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_PAGE_WRITER_H_
