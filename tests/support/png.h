// Test support: small PNG files made without a library (a stored deflate block), for figures.
#ifndef PAIBAN_TESTS_SUPPORT_PNG_H_
#define PAIBAN_TESTS_SUPPORT_PNG_H_

#include <array>
#include <cstdint>
#include <string>

namespace paiban::testing {

inline uint32_t Crc32(const std::string& bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

inline void AppendBe32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

// A PNG of `channels` 8-bit samples per pixel (1 grey, 4 RGBA), its pixels a gradient, written
// with a stored (uncompressed) deflate block: small enough, and no library needed.
inline std::string MakePng(int width, int height, int channels) {
  std::string raw;
  for (int y = 0; y < height; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        raw += static_cast<char>(c == 3 ? (x * 255 / width) : (x * 4 + y * 2 + c * 40) % 256);
      }
    }
  }
  std::string zlib("\x78\x01", 2);
  zlib += '\x01';  // final stored block
  uint16_t len = static_cast<uint16_t>(raw.size());
  zlib += static_cast<char>(len & 0xFF);
  zlib += static_cast<char>(len >> 8);
  zlib += static_cast<char>(~len & 0xFF);
  zlib += static_cast<char>((~len >> 8) & 0xFF);
  zlib += raw;
  uint32_t a = 1, b = 0;
  for (unsigned char ch : raw) {
    a = (a + ch) % 65521;
    b = (b + a) % 65521;
  }
  AppendBe32(zlib, b << 16 | a);
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string out;
    AppendBe32(out, static_cast<uint32_t>(data.size()));
    out += type + data;
    AppendBe32(out, Crc32(type + data));
    return out;
  };
  std::string ihdr;
  AppendBe32(ihdr, static_cast<uint32_t>(width));
  AppendBe32(ihdr, static_cast<uint32_t>(height));
  ihdr += '\x08';
  ihdr += static_cast<char>(channels == 1 ? 0 : 6);
  ihdr += std::string("\0\0\0", 3);
  return std::string("\x89PNG\r\n\x1A\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", zlib) +
         chunk("IEND", "");
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_PNG_H_
