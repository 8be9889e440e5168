#include "compiler/source_bytes.h"

#include <algorithm>
#include <cstdio>

#include "model/text.h"

namespace paiban::reader {

size_t Utf8Length(unsigned char c) {
  return c < 0xC0 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
}

size_t ValidUtf8At(std::string_view text, size_t i, char32_t& cp) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return len;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

std::string Shown(std::string_view value) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++chars) {
    if (chars == kShownValue) return out + "…";
    unsigned char c = static_cast<unsigned char>(value[i]);
    size_t len = std::min(Utf8Length(c), value.size() - i);
    if (c < 0x20) {
      char escaped[8];
      snprintf(escaped, sizeof escaped, "\\x%02X", c);
      out += escaped;
    } else {
      out.append(value.substr(i, len));
    }
    i += len;
  }
  return out;
}

// Neither invalid UTF-8 nor a control character can stand before the caret (the byte check reports
// the first and stops), so showing them as one character each never moves it.
std::string ShownLine(std::string_view line, int col) {
  if (col > static_cast<int>(kShownLine)) return "";
  std::string out;
  size_t chars = 0;
  size_t limit = std::max(kShownLine, static_cast<size_t>(std::max(col, 1)) + kShownLineTail);
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    char32_t cp = 0;
    size_t len = ValidUtf8At(line, i, cp);
    if (++chars > limit) return out + " …";
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      len = 1;
    } else if (c < 0x20 && c != '\t' && c != '\r') {
      out += EncodeUtf8(0x2400 + cp);
    } else if (c != '\r') {
      out.append(line.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t ByteOrderMarkLength(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

const char* KnownBinaryKind(std::string_view text) {
  static const std::pair<std::string_view, const char*> kMagic[] = {
      {"%PDF-", "a PDF file"},
      {"PK\x03\x04", "a ZIP archive (an EPUB?)"},
      {"\x89PNG", "a PNG image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"\x1F\x8B", "a gzip-compressed file"},
      {"\x7F"
       "ELF",
       "a program"}};
  for (const auto& [magic, kind] : kMagic) {
    if (text.substr(0, magic.size()) == magic) return kind;
  }
  return nullptr;
}

std::optional<std::pair<size_t, std::string>> DeclaredEncoding(std::string_view text) {
  if (text.substr(0, 6) != "<?xml " && text.substr(0, 6) != "<?xml\t" &&
      text.substr(0, 6) != "<?xml\n" && text.substr(0, 6) != "<?xml\r") {
    return std::nullopt;
  }
  size_t end = text.find("?>");
  std::string_view declaration = text.substr(0, end);
  size_t pos = declaration.find("encoding");
  if (pos == std::string_view::npos) return std::nullopt;
  size_t quote = declaration.find_first_of("\"'", pos);
  if (quote == std::string_view::npos) return std::nullopt;
  size_t close = declaration.find(declaration[quote], quote + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::pair{pos, std::string(declaration.substr(quote + 1, close - quote - 1))};
}

std::optional<ByteProblem> CheckBytes(std::string_view text) {
  auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
  if (starts(std::string_view("\xFF\xFE\x00\x00", 4)) ||
      starts(std::string_view("\x00\x00\xFE\xFF", 4))) {
    return ByteProblem{
        0,
        "the file is UTF-32; an issue source must be UTF-8 (convert it, e.g. with iconv -f "
        "UTF-32 -t UTF-8)",
        false};
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF") ||
      (text.size() >= 2 &&
       ((text[0] == '<' && text[1] == '\0') || (text[0] == '\0' && text[1] == '<')))) {
    return ByteProblem{
        0,
        "the file is UTF-16; an issue source must be UTF-8 (convert it, e.g. with iconv -f "
        "UTF-16 -t UTF-8)",
        false};
  }
  if (const char* kind = KnownBinaryKind(text)) {
    return ByteProblem{0, std::string("this is ") + kind + ", not an XML issue source", false};
  }
  if (auto encoding = DeclaredEncoding(text)) {
    if (!EqualsIgnoringCase(encoding->second, "UTF-8") &&
        !EqualsIgnoringCase(encoding->second, "UTF8")) {
      std::string name = Shown(encoding->second);
      return ByteProblem{encoding->first,
                         "the XML declaration names the encoding '" + name +
                             "'; an issue source must be UTF-8 (convert it, e.g. with "
                             "iconv -f " +
                             name + " -t UTF-8, and declare UTF-8)"};
    }
  }
  // A file that does not even start with markup and holds bytes no text has is binary.
  size_t first = text.find_first_not_of(" \t\r\n");
  bool starts_with_markup = first != std::string_view::npos && text[first] == '<';
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t len = ValidUtf8At(text, i, cp);
    bool control = len > 0 && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
                               cp == 0xFFFE || cp == 0xFFFF);
    if (len > 0 && !control) {
      i += len;
      continue;
    }
    char byte[8];
    snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[i]));
    if (!starts_with_markup) {
      return ByteProblem{i,
                         std::string("the file holds binary data (byte ") + byte +
                             "), not XML text; an issue source is a UTF-8 XML file",
                         false};
    }
    if (len == 0) {
      return ByteProblem{
          i, std::string("invalid UTF-8 (byte ") + byte + "); the source must be UTF-8"};
    }
    // XML 1.0 allows no other control characters; tinyxml2 would stop reading at a NUL.
    if (cp == 0) {
      return ByteProblem{i, "a NUL byte (0x00); an issue source is text and holds none"};
    }
    char code[16];
    snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    return ByteProblem{i, std::string("the control character ") + code + " is not allowed in XML"};
  }
  return std::nullopt;
}

}  // namespace paiban::reader
