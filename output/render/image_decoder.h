// Decodes a figure's image file into a Cairo surface for the page painter: the only user of
// libjpeg. JPEG surfaces carry the file's bytes as Cairo's JPEG mime data, so the PDF embeds the
// JPEG as it is (DCTDecode, no re-encoding) while PNG previews draw the decoded pixels. PNGs are
// decoded by png_codec.h, transparency flattened onto white: newsprint has none, and PDF/X-1a
// forbids it.
#ifndef PAIBAN_OUTPUT_RENDER_IMAGE_DECODER_H_
#define PAIBAN_OUTPUT_RENDER_IMAGE_DECODER_H_

#include <string>

#include "layout/laid_out_issue.h"

typedef struct _cairo_surface cairo_surface_t;

namespace paiban {

// The image's pixels as a CAIRO_FORMAT_RGB24 surface of its pixel size, or nullptr with `error`
// saying what is wrong (a damaged or truncated file, an unreadable one).
cairo_surface_t* DecodeImage(const PlacedImage& image, std::string& error);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_RENDER_IMAGE_DECODER_H_
