#include "output/render/image_decoder.h"

#include <cairo.h>
#include <jpeglib.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "output/render/png_codec.h"

namespace paiban {
namespace {

// libjpeg reports fatal errors through error_exit, which must not return: jump back.
struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
  bool warned = false;
};

void OnJpegFatal(j_common_ptr info) {
  JpegError* error = reinterpret_cast<JpegError*>(info->err);
  (*info->err->format_message)(info, error->message);
  std::longjmp(error->jump, 1);
}

// Warnings (level -1) are corrupt data that libjpeg papered over with grey: a damaged image.
void OnJpegMessage(j_common_ptr info, int level) {
  JpegError* error = reinterpret_cast<JpegError*>(info->err);
  if (level < 0 && !error->warned) {
    error->warned = true;
    (*info->err->format_message)(info, error->message);
  }
}

void FreeBytes(void* data) { delete static_cast<std::string*>(data); }

cairo_surface_t* DecodeJpeg(const PlacedImage& image, std::string& error) {
  std::ifstream in(image.path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    error = "cannot read the image";
    return nullptr;
  }
  auto* bytes = new std::string(buffer.str());

  jpeg_decompress_struct info;
  JpegError jerr;
  info.err = jpeg_std_error(&jerr.manager);
  jerr.manager.error_exit = OnJpegFatal;
  jerr.manager.emit_message = OnJpegMessage;
  cairo_surface_t* surface = nullptr;
  // Everything setjmp may return to twice lives outside this block or is volatile.
  if (setjmp(jerr.jump) != 0) {
    jpeg_destroy_decompress(&info);
    if (surface) cairo_surface_destroy(surface);
    delete bytes;
    error = std::string("the JPEG is damaged: ") + jerr.message;
    return nullptr;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes->data()),
               static_cast<unsigned long>(bytes->size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&info);
  const int width = static_cast<int>(info.output_width);
  const int height = static_cast<int>(info.output_height);
  surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    jpeg_destroy_decompress(&info);
    cairo_surface_destroy(surface);
    delete bytes;
    error = "not enough memory to decode the image";
    return nullptr;
  }
  unsigned char* pixels = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const int channels = info.output_components;
  std::string row(static_cast<size_t>(width) * static_cast<size_t>(channels), '\0');
  while (info.output_scanline < info.output_height) {
    JSAMPROW rows[1] = {reinterpret_cast<JSAMPROW>(row.data())};
    int y = static_cast<int>(info.output_scanline);
    jpeg_read_scanlines(&info, rows, 1);
    auto* out = reinterpret_cast<uint32_t*>(pixels + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const unsigned char* p = reinterpret_cast<const unsigned char*>(row.data()) +
                               static_cast<ptrdiff_t>(x) * channels;
      uint32_t r = p[0], g = channels == 1 ? p[0] : p[1], b = channels == 1 ? p[0] : p[2];
      out[x] = r << 16 | g << 8 | b;
    }
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  if (jerr.warned) {
    cairo_surface_destroy(surface);
    delete bytes;
    error = std::string("the JPEG is damaged: ") + jerr.message;
    return nullptr;
  }
  cairo_surface_mark_dirty(surface);
  // The PDF embeds these bytes instead of the pixels; the same file used twice is embedded once.
  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_JPEG,
                              reinterpret_cast<const unsigned char*>(bytes->data()),
                              bytes->size(), FreeBytes, bytes);
  auto* id = new std::string(image.path);
  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID,
                              reinterpret_cast<const unsigned char*>(id->data()), id->size(),
                              FreeBytes, id);
  return surface;
}

cairo_surface_t* DecodePngFile(const PlacedImage& image, std::string& error) {
  std::ifstream in(image.path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    error = "cannot read the image";
    return nullptr;
  }
  cairo_surface_t* surface = DecodePng(buffer.str(), error);
  if (surface == nullptr) return nullptr;
  auto* id = new std::string(image.path);
  cairo_surface_set_mime_data(surface, CAIRO_MIME_TYPE_UNIQUE_ID,
                              reinterpret_cast<const unsigned char*>(id->data()), id->size(),
                              FreeBytes, id);
  return surface;
}

}  // namespace

cairo_surface_t* DecodeImage(const PlacedImage& image, std::string& error) {
  if (image.media_type == "image/jpeg") return DecodeJpeg(image, error);
  if (image.media_type == "image/png") return DecodePngFile(image, error);
  error = "unsupported image type " + image.media_type;
  return nullptr;
}

}  // namespace paiban
