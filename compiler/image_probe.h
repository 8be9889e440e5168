// What the reader needs to know about a figure's image file before anything is laid out: that it
// is a file inside the folder, that it is the type its extension names, and its pixel size
// and colour components, read from its header.
//
// No image library here: the header fields are read by hand (JPEG frame header, PNG IHDR), so that
// the compiler stays free of decoders; the pixels are decoded by the outputs (output/render).
#ifndef PAIBAN_COMPILER_IMAGE_PROBE_H_
#define PAIBAN_COMPILER_IMAGE_PROBE_H_

#include <string>
#include <string_view>

#include "model/issue.h"

namespace paiban {

// Images larger than this on either side, or in pixels, are refused (a decompression bomb would
// otherwise take gigabytes when the outputs decode it).
constexpr int kMaxImageSide = 20000;
constexpr long long kMaxImagePixels = 100'000'000;

// Reads the header of `bytes`, which should be an image of type `expected`, into `image` (format,
// size, components, alpha). Returns "" on success, else what is wrong, as a message fragment that
// follows the image's name: "is not a JPEG image: it is a PNG image".
std::string ProbeImage(std::string_view bytes, Image::Format expected, Image& image);

// Checks `src` (as written in the source) against the folder `base_dir` and probes the
// file: a relative path that stays inside the folder (no "..", no absolute path, no URL, no
// symbolic link leading out), a .jpg/.jpeg/.png extension, a readable regular file of at most
// 64 MB whose content is that type. Fills `image` and returns "", or returns the error message.
std::string LocateImage(const std::string& base_dir, const std::string& src, Image& image);

}  // namespace paiban

#endif  // PAIBAN_COMPILER_IMAGE_PROBE_H_
