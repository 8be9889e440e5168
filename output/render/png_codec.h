// PNG in both directions, the only user of libpng: page images encoded for the previews, the EPUB
// cover and the web edition; figures' PNG files decoded for the page painter.
#ifndef PAIBAN_OUTPUT_RENDER_PNG_CODEC_H_
#define PAIBAN_OUTPUT_RENDER_PNG_CODEC_H_

#include <string>
#include <string_view>

typedef struct _cairo_surface cairo_surface_t;

namespace paiban {

// The surface (CAIRO_FORMAT_RGB24) as PNG bytes: 8-bit grey when every pixel is neutral, else
// 8-bit RGB; no alpha channel, no time stamp. Empty on failure.
std::string EncodePng(cairo_surface_t* surface);

// The PNG in `bytes` as a CAIRO_FORMAT_RGB24 surface, transparency flattened onto white, or
// nullptr with `error` saying what is wrong in libpng's words (a bad CRC, too little image data,
// an impossible header) or that there is not enough memory for the pixels.
cairo_surface_t* DecodePng(std::string_view bytes, std::string& error);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_RENDER_PNG_CODEC_H_
