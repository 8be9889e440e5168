// Paints a laid-out page onto a Cairo context: the one drawing routine the PDF writer and the PNG
// previews share, so a preview shows exactly what the PDF holds.
#ifndef PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_
#define PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_

#include <vector>

#include "layout/laid_out_issue.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_font_face cairo_font_face_t;

namespace paiban {

class PagePainter {
 public:
  // Loads every face once; pages then share them.
  explicit PagePainter(const std::vector<FaceRef>& faces);
  ~PagePainter();
  PagePainter(const PagePainter&) = delete;
  PagePainter& operator=(const PagePainter&) = delete;

  // Draws `page` with the page's top-left corner at the context's origin, in points.
  void Paint(cairo_t* cr, const LaidOutPage& page) const;

 private:
  std::vector<cairo_font_face_t*> faces_;
};

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_
