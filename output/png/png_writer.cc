#include "output/png/png_writer.h"

#include <cairo.h>
#include <png.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

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

void AppendPngData(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data),
                                                        length);
}

// The surface (CAIRO_FORMAT_RGB24) as PNG bytes, written with libpng rather than cairo's PNG
// writer: 8-bit grey when every pixel is neutral (a newspaper page without colour photos: a third
// of the data), else 8-bit RGB; no alpha channel, no time stamp; zlib at a fast level, since the
// pages are mostly white and compress well anyway. Empty on failure.
std::string EncodePng(cairo_surface_t* surface) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  if (data == nullptr || width <= 0 || height <= 0) return "";
  bool grey = true;
  for (int y = 0; y < height && grey; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      uint32_t p = row[x];
      if (((p >> 16) & 0xFF) != (p & 0xFF) || ((p >> 8) & 0xFF) != (p & 0xFF)) {
        grey = false;
        break;
      }
    }
  }
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return "";
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return "";
  }
  const int channels = grey ? 1 : 3;
  std::vector<unsigned char> row(static_cast<size_t>(width) * static_cast<size_t>(channels));
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return "";
  }
  png_set_write_fn(png, &out, AppendPngData, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               grey ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 3);
  // One filter for every row: a page is mostly white, where "Sub" does as well as the adaptive
  // choice libpng would otherwise make by trying all five filters on every row.
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    const auto* pixels =
        reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      uint32_t p = pixels[x];
      if (grey) {
        row[static_cast<size_t>(x)] = static_cast<unsigned char>(p & 0xFF);
      } else {
        row[static_cast<size_t>(x) * 3] = static_cast<unsigned char>((p >> 16) & 0xFF);
        row[static_cast<size_t>(x) * 3 + 1] = static_cast<unsigned char>((p >> 8) & 0xFF);
        row[static_cast<size_t>(x) * 3 + 2] = static_cast<unsigned char>(p & 0xFF);
      }
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace

bool WritePagePng(const LaidOutIssue& layout, size_t page_index, const PngOptions& options,
                  Diagnostics& diagnostics) {
  std::string png = RenderPagePng(layout, page_index, options.dpi, diagnostics);
  if (png.empty()) return false;
  std::ofstream out(options.path, std::ios::binary);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  out.close();
  if (!out) {
    diagnostics.Error(SourceLoc{options.path, 0, 0}, "cannot write the PNG");
    return false;
  }
  return true;
}

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
