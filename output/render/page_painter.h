// Paints a laid-out page onto a Cairo context: the one drawing routine the PDF writer and the PNG
// previews share, so a preview shows exactly what the PDF holds.
#ifndef PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_
#define PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_

#include <map>
#include <string>
#include <vector>

#include "layout/laid_out_issue.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_font_face cairo_font_face_t;
typedef struct _cairo_surface cairo_surface_t;

namespace paiban {

// The PDF structure element a line of `role` goes into: H1 for headlines, H2 for subheads, H3
// for sidebar titles, Caption, BlockQuote, and P for everything else (kickers and subheadlines
// are paragraphs of the headline block; furniture is a P of its own).
const char* PdfStructureTag(TextRole role);

class PagePainter {
 public:
  // Loads every face once; pages then share them.
  explicit PagePainter(const std::vector<FaceRef>& faces);
  ~PagePainter();
  PagePainter(const PagePainter&) = delete;
  PagePainter& operator=(const PagePainter&) = delete;

  // Draws `page` with the page's top-left corner at the context's origin, in points. Returns
  // false when an image cannot be decoded; error() and error_loc() say which and why.
  // With `tagged` (the PDF), text goes into structure tags: Art per article, and per block its
  // role (P, H1 …); page furniture is a P of its own. The caller opens and closes the Document
  // tag around all pages.
  bool Paint(cairo_t* cr, const LaidOutPage& page, bool tagged = false);

  const std::string& error() const { return error_; }
  const SourceLoc& error_loc() const { return error_loc_; }

 private:
  // The decoded image of a file, decoded once for all the pages that show it.
  cairo_surface_t* Image(const PlacedImage& image);

  std::vector<cairo_font_face_t*> faces_;
  std::map<std::string, cairo_surface_t*> images_;
  std::string error_;
  SourceLoc error_loc_;
};

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_RENDER_PAGE_PAINTER_H_
