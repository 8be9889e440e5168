#include "compiler/image_probe.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace paiban {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxImageBytes = 64u << 20;

unsigned Byte(std::string_view b, size_t i) { return static_cast<unsigned char>(b[i]); }
unsigned Be16(std::string_view b, size_t i) { return Byte(b, i) << 8 | Byte(b, i + 1); }
unsigned long Be32(std::string_view b, size_t i) {
  return static_cast<unsigned long>(Be16(b, i)) << 16 | Be16(b, i + 2);
}

bool IsJpeg(std::string_view b) { return b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF"; }
bool IsPng(std::string_view b) { return b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8); }

// What a file that is not the expected type is instead, for the message.
std::string WhatItIs(std::string_view b) {
  if (IsJpeg(b)) return "it is a JPEG image";
  if (IsPng(b)) return "it is a PNG image";
  if (b.substr(0, 4) == "GIF8") return "it is a GIF image";
  if (b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "it is a WebP image";
  if (b.substr(0, 5) == "%PDF-") return "it is a PDF file";
  if (b.substr(0, 4) == "II*\0" || b.substr(0, 4) == "MM\0*") return "it is a TIFF image";
  if (b.empty()) return "the file is empty";
  return "its content is not an image paiban knows";
}

std::string ProbeJpeg(std::string_view b, Image& image) {
  // Markers follow the SOI: each FF xx, with a 2-byte length for all but the standalone ones,
  // until a frame header (SOFn) gives the size and components. The scan (SOS) must come after it.
  size_t i = 2;
  while (true) {
    while (i < b.size() && Byte(b, i) != 0xFF) ++i;  // tolerate junk between segments
    while (i < b.size() && Byte(b, i) == 0xFF) ++i;  // fill bytes
    if (i >= b.size()) return "is a damaged or truncated JPEG: it ends before its frame header";
    unsigned marker = Byte(b, i++);
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9 || marker == 0xDA) {
      return "is a damaged JPEG: it has no frame header before its image data";
    }
    if (i + 2 > b.size()) return "is a truncated JPEG";
    unsigned length = Be16(b, i);
    if (length < 2 || i + length > b.size()) return "is a damaged or truncated JPEG";
    bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                 marker != 0xCC;
    if (frame) {
      if (length < 8) return "is a damaged JPEG: its frame header is too short";
      if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF) {
        return "is a lossless JPEG, which PDF readers do not display; save it as a baseline JPEG";
      }
      if (marker >= 0xC9) {
        return "is an arithmetic-coded JPEG, which few PDF readers display; save it as a baseline "
               "JPEG";
      }
      image.height_px = static_cast<int>(Be16(b, i + 3));
      image.width_px = static_cast<int>(Be16(b, i + 5));
      image.components = Byte(b, i + 7);
      if (image.components != 1 && image.components != 3 && image.components != 4) {
        return "is a JPEG with " + std::to_string(image.components) +
               " colour components; paiban takes grey (1), colour (3) or CMYK (4)";
      }
      if (image.components == 4) {
        return "is a CMYK JPEG; paiban takes grey or RGB JPEGs (convert it, e.g. with "
               "gm convert -colorspace RGB)";
      }
      if (image.height_px == 0) {
        return "is a JPEG whose height is given later in the file (DNL), which paiban does not "
               "read; save it again";
      }
      return "";
    }
    i += length;
  }
}

std::string ProbePng(std::string_view b, Image& image) {
  // The IHDR chunk comes first: width, height, bit depth, colour type.
  if (b.size() < 33 || b.substr(12, 4) != "IHDR" || Be32(b, 8) != 13) {
    return "is a damaged or truncated PNG: no image header";
  }
  unsigned long width = Be32(b, 16), height = Be32(b, 20);
  if (width > 0x7FFFFFFF || height > 0x7FFFFFFF) return "is a damaged PNG: impossible size";
  image.width_px = static_cast<int>(width);
  image.height_px = static_cast<int>(height);
  unsigned colour_type = Byte(b, 25);
  switch (colour_type) {
    case 0:
      image.components = 1;
      break;
    case 4:
      image.components = 1;
      image.has_alpha = true;
      break;
    case 2:
    case 3:
      image.components = 3;
      break;
    case 6:
      image.components = 3;
      image.has_alpha = true;
      break;
    default:
      return "is a damaged PNG: unknown colour type " + std::to_string(colour_type);
  }
  // The bit depths each colour type allows (PNG §11.2.2): anything else is a damaged header,
  // which the decoder would only refuse later.
  const unsigned bit_depth = Byte(b, 24);
  const bool depth_ok = colour_type == 0   ? (bit_depth == 1 || bit_depth == 2 || bit_depth == 4 ||
                                              bit_depth == 8 || bit_depth == 16)
                        : colour_type == 3 ? (bit_depth == 1 || bit_depth == 2 || bit_depth == 4 ||
                                              bit_depth == 8)
                                           : (bit_depth == 8 || bit_depth == 16);
  if (!depth_ok) {
    static const char* const kAllowed[] = {"1, 2, 4, 8 or 16", "", "8 or 16", "1, 2, 4 or 8",
                                           "8 or 16", "", "8 or 16"};
    return "is a damaged PNG: bit depth " + std::to_string(bit_depth) +
           " is impossible for its colour type " + std::to_string(colour_type) + " (PNG allows " +
           kAllowed[colour_type] + ")";
  }
  // A tRNS chunk before the image data makes a grey, colour or palette image transparent too.
  for (size_t i = 33; i + 8 <= b.size();) {
    unsigned long length = Be32(b, i);
    std::string_view type = b.substr(i + 4, 4);
    if (type == "IDAT" || type == "IEND") break;
    if (type == "tRNS") image.has_alpha = true;
    if (length > b.size()) break;
    i += 12 + static_cast<size_t>(length);
  }
  return "";
}

}  // namespace

std::string ProbeImage(std::string_view bytes, Image::Format expected, Image& image) {
  image.format = expected;
  image.width_px = image.height_px = image.components = 0;
  image.has_alpha = false;
  std::string problem;
  if (expected == Image::Format::kJpeg) {
    if (!IsJpeg(bytes)) return "is not a JPEG image: " + WhatItIs(bytes);
    problem = ProbeJpeg(bytes, image);
  } else {
    if (!IsPng(bytes)) return "is not a PNG image: " + WhatItIs(bytes);
    problem = ProbePng(bytes, image);
  }
  if (!problem.empty()) return problem;
  if (image.width_px <= 0 || image.height_px <= 0) {
    return "has no pixels (" + std::to_string(image.width_px) + "×" +
           std::to_string(image.height_px) + ")";
  }
  if (image.width_px > kMaxImageSide || image.height_px > kMaxImageSide ||
      static_cast<long long>(image.width_px) * image.height_px > kMaxImagePixels) {
    return "is " + std::to_string(image.width_px) + "×" + std::to_string(image.height_px) +
           " pixels; paiban takes at most " + std::to_string(kMaxImageSide) +
           " pixels a side and 100 megapixels (a 300 dpi full page is about 3100×4500)";
  }
  return "";
}

std::string LocateImage(const std::string& base_dir, const std::string& src, Image& image) {
  image.src = src;
  if (src.empty()) return "the image path is empty";
  std::string quoted = "'" + src + "'";
  if (src.find("://") != std::string::npos || src.rfind("data:", 0) == 0) {
    return "images are files in the issue's folder, not URLs: " + quoted;
  }
  fs::path relative(src);
  if (relative.is_absolute() || src[0] == '/' || src[0] == '\\') {
    return "image paths are relative to the issue's folder; " + quoted + " is absolute";
  }
  fs::path normal = relative.lexically_normal();
  if (!normal.empty() && *normal.begin() == "..") {
    return quoted + " leaves the issue's folder; images must be inside it";
  }
  std::string extension = relative.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".jpg" || extension == ".jpeg") {
    image.format = Image::Format::kJpeg;
  } else if (extension == ".png") {
    image.format = Image::Format::kPng;
  } else {
    return "unsupported image type " + (extension.empty() ? quoted : "'" + extension + "'") +
           "; use JPEG (.jpg) or PNG (.png)";
  }
  fs::path base = base_dir.empty() ? fs::path(".") : fs::path(base_dir);
  fs::path full = base / normal;
  image.path = full.string();
  struct stat st;
  if (lstat(full.c_str(), &st) != 0 && errno == ENOENT) {
    return "no such image file: " + quoted + " (looked for " + full.string() + ")";
  }
  // Symbolic links are followed only when they stay inside the folder.
  std::error_code ec;
  fs::path real = fs::canonical(full, ec);
  if (ec) return "cannot open the image " + quoted + ": " + ec.message();
  fs::path real_base = fs::canonical(base, ec);
  if (ec) return "cannot open the issue's folder " + base.string() + ": " + ec.message();
  auto [base_end, real_it] = std::mismatch(real_base.begin(), real_base.end(), real.begin(),
                                           real.end());
  if (base_end != real_base.end()) {
    return quoted + " is a symbolic link that leads out of the issue's folder; images must be "
                    "inside it";
  }
  if (stat(real.c_str(), &st) != 0) {
    return "cannot open the image " + quoted + ": " + std::strerror(errno);
  }
  if (S_ISDIR(st.st_mode)) return quoted + " is a folder, not an image file";
  if (!S_ISREG(st.st_mode)) return quoted + " is not a regular file";
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxImageBytes) {
    return "the image " + quoted + " is " + std::to_string(st.st_size >> 20) +
           " MB; images may have at most 64 MB";
  }
  errno = 0;
  std::ifstream in(real, std::ios::binary);
  if (!in) {
    return "cannot read the image " + quoted +
           (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return "cannot read the image " + quoted;
  std::string bytes = buffer.str();
  std::string problem = ProbeImage(bytes, image.format, image);
  if (!problem.empty()) return "the image " + quoted + " " + problem;
  return "";
}

}  // namespace paiban
