#include "output/png/png_writer.h"

#include <cairo.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "output/render/page_painter.h"
#include "output/render/png_codec.h"

namespace paiban {

namespace {

struct SurfaceDestroyer {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDestroyer>;

// The page painted on white at `dpi`, in an image surface; check its status before use.
// An image that cannot be decoded is an error in `diagnostics` and gives a null surface.
SurfacePtr PaintPage(const LaidOutIssue& layout, size_t page_index, double dpi,
                     Diagnostics& diagnostics) {
  const LaidOutPage& page = layout.pages.at(page_index);
  const double scale = dpi / 72.0;
  // Less a hair, so that a dpi computed for an exact height does not round up by a pixel.
  const int width = static_cast<int>(std::ceil(page.width_pt * scale - 1e-6));
  const int height = static_cast<int>(std::ceil(page.height_pt * scale - 1e-6));
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return surface;
  cairo_t* cr = cairo_create(surface.get());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  PagePainter painter(layout.faces);
  bool painted = painter.Paint(cr, page);
  cairo_destroy(cr);
  if (!painted) {
    diagnostics.Error(painter.error_loc(), painter.error());
    return nullptr;
  }
  cairo_surface_flush(surface.get());
  return surface;
}

}  // namespace

std::string RenderPagePng(const LaidOutIssue& layout, size_t page_index, double dpi,
                          Diagnostics& diagnostics) {
  SurfacePtr surface = PaintPage(layout, page_index, dpi, diagnostics);
  if (!surface) return "";
  cairo_status_t status = cairo_surface_status(surface.get());
  std::string png;
  if (status == CAIRO_STATUS_SUCCESS) png = EncodePng(surface.get());
  if (png.empty()) {
    diagnostics.Error(SourceLoc{}, "cannot render page " +
                                       std::to_string(layout.pages.at(page_index).number) +
                                       " as PNG" +
                                       (status != CAIRO_STATUS_SUCCESS
                                            ? std::string(": ") + cairo_status_to_string(status)
                                            : std::string(": out of memory")));
    return {};
  }
  return png;
}

double CoverDpi(const LaidOutPage& page) {
  return page.height_pt > 0 ? kCoverHeightPx * 72.0 / page.height_pt : 72.0;
}

}  // namespace paiban
