#include "output/png/png_writer.h"

#include <cairo.h>

#include <cmath>
#include <memory>

#include "output/render/page_painter.h"

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

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

bool WritePagePng(const LaidOutIssue& layout, size_t page_index, const PngOptions& options,
                  Diagnostics& diagnostics) {
  SurfacePtr surface = PaintPage(layout, page_index, options.dpi, diagnostics);
  if (!surface) return false;
  cairo_status_t status = cairo_surface_status(surface.get());
  if (status == CAIRO_STATUS_SUCCESS) {
    status = cairo_surface_write_to_png(surface.get(), options.path.c_str());
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    diagnostics.Error(SourceLoc{options.path, 0, 0},
                      std::string("cannot write the PNG: ") + cairo_status_to_string(status));
    return false;
  }
  return true;
}

std::string RenderPagePng(const LaidOutIssue& layout, size_t page_index, double dpi,
                          Diagnostics& diagnostics) {
  SurfacePtr surface = PaintPage(layout, page_index, dpi, diagnostics);
  if (!surface) return "";
  std::string png;
  cairo_status_t status = cairo_surface_status(surface.get());
  if (status == CAIRO_STATUS_SUCCESS) {
    status = cairo_surface_write_to_png_stream(surface.get(), AppendToString, &png);
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    diagnostics.Error(SourceLoc{}, "cannot render page " +
                                       std::to_string(layout.pages.at(page_index).number) +
                                       " as PNG: " + cairo_status_to_string(status));
    return {};
  }
  return png;
}

double CoverDpi(const LaidOutPage& page) {
  return page.height_pt > 0 ? kCoverHeightPx * 72.0 / page.height_pt : 72.0;
}

}  // namespace paiban
