#include "output/render/png_codec.h"

#include <cairo.h>
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <vector>

namespace paiban {
namespace {

void AppendPngData(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data),
                                                        length);
}

}  // namespace

// Written with libpng rather than cairo's PNG writer: 8-bit grey when every pixel is neutral (a
// newspaper page without colour photos: a third of the data); zlib at a fast level, since the
// pages are mostly white and compress well anyway.
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

namespace {

// libpng reports errors through a function that must not return: keep the message, jump back.
struct PngReadState {
  std::string_view bytes;
  size_t offset = 0;
  std::string message;
};

void OnPngError(png_structp png, png_const_charp message) {
  auto* state = static_cast<PngReadState*>(png_get_error_ptr(png));
  if (state->message.empty()) state->message = message;
  png_longjmp(png, 1);
}

// Warnings are what libpng repairs or skips (an ancillary chunk with a bad CRC, an sRGB profile
// it knows to be wrong): the image is still whole.
void OnPngWarning(png_structp, png_const_charp) {}

void ReadPngData(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<PngReadState*>(png_get_io_ptr(png));
  if (state->bytes.size() - state->offset < length) png_error(png, "the file ends too early");
  std::memcpy(data, state->bytes.data() + state->offset, length);
  state->offset += length;
}

struct ReadStructs {
  png_structp png = nullptr;
  png_infop info = nullptr;
  ~ReadStructs() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
};

// The decoding proper, after the caller's setjmp: libpng errors jump back over this frame, so
// everything that must be cleaned up lives in the caller (`pixels`, `surface`).
void DecodeRows(png_structp png, png_infop info, std::vector<unsigned char>& pixels,
                cairo_surface_t* volatile& surface, std::string& error) {
  png_read_info(png, info);
  const png_uint_32 width = png_get_image_width(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  // Every PNG as 8-bit RGBA: palettes and low bit depths expanded, tRNS made alpha, 16 bits
  // scaled, grey made RGB, opaque images given an alpha of 255.
  png_set_expand(png);
  png_set_scale_16(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const size_t row_bytes = static_cast<size_t>(width) * 4;
  if (png_get_rowbytes(png, info) != row_bytes) {
    png_error(png, "unexpected row layout after conversion");
  }
  surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width),
                                       static_cast<int>(height));
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    error = "not enough memory to decode the image";
    return;
  }
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  // An interlaced image is only whole after the last pass, so its passes need every row.
  pixels.resize(passes > 1 ? row_bytes * height : row_bytes);
  auto flatten = [&](const unsigned char* rgba, png_uint_32 y) {
    // Onto white: newsprint has no transparency, and PDF/X-1a forbids it.
    auto* out = reinterpret_cast<uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (png_uint_32 x = 0; x < width; ++x) {
      const unsigned char* p = rgba + static_cast<size_t>(x) * 4;
      const uint32_t a = p[3];
      auto over_white = [a](uint32_t c) { return (c * a + 255 * (255 - a) + 127) / 255; };
      out[x] = over_white(p[0]) << 16 | over_white(p[1]) << 8 | over_white(p[2]);
    }
  };
  if (passes > 1) {
    for (int pass = 0; pass < passes; ++pass) {
      for (png_uint_32 y = 0; y < height; ++y) {
        png_read_row(png, pixels.data() + static_cast<size_t>(y) * row_bytes, nullptr);
      }
    }
    for (png_uint_32 y = 0; y < height; ++y) {
      flatten(pixels.data() + static_cast<size_t>(y) * row_bytes, y);
    }
  } else {
    for (png_uint_32 y = 0; y < height; ++y) {
      png_read_row(png, pixels.data(), nullptr);
      flatten(pixels.data(), y);
    }
  }
  // The chunks after the image data are checked too (their CRCs, IEND).
  png_read_end(png, nullptr);
  cairo_surface_mark_dirty(surface);
}

}  // namespace

cairo_surface_t* DecodePng(std::string_view bytes, std::string& error) {
  PngReadState state{bytes, 0, ""};
  ReadStructs s;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, OnPngError, OnPngWarning);
  if (s.png != nullptr) s.info = png_create_info_struct(s.png);
  if (s.png == nullptr || s.info == nullptr) {
    error = "not enough memory to decode the image";
    return nullptr;
  }
  std::vector<unsigned char> pixels;
  cairo_surface_t* volatile surface = nullptr;
  error.clear();
  if (setjmp(png_jmpbuf(s.png)) == 0) {
    png_set_read_fn(s.png, &state, ReadPngData);
    DecodeRows(s.png, s.info, pixels, surface, error);
  } else {
    error = "the PNG is damaged: " + state.message;
  }
  if (!error.empty()) {
    if (surface != nullptr) cairo_surface_destroy(surface);
    return nullptr;
  }
  return surface;
}

}  // namespace paiban
