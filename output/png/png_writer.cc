#include "output/png/png_writer.h"

#include <cairo.h>

#include <cmath>

#include "output/render/page_painter.h"

namespace paiban {

bool WritePagePng(const LaidOutIssue& layout, size_t page_index, const PngOptions& options,
                  Diagnostics& diagnostics) {
  const LaidOutPage& page = layout.pages.at(page_index);
  double scale = options.dpi / 72.0;
  int width = static_cast<int>(std::ceil(page.width_pt * scale));
  int height = static_cast<int>(std::ceil(page.height_pt * scale));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  PagePainter painter(layout.faces);
  painter.Paint(cr, page);
  cairo_destroy(cr);
  cairo_status_t status = cairo_surface_write_to_png(surface, options.path.c_str());
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    diagnostics.Error(SourceLoc{options.path, 0, 0},
                      std::string("cannot write the PNG: ") + cairo_status_to_string(status));
    return false;
  }
  return true;
}

}  // namespace paiban
