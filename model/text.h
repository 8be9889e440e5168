// Text helpers of the model: weekdays and ISO dates, the text every output must show, tate-chu-yoko
// digit groups, UTF-8.
#ifndef PAIBAN_MODEL_TEXT_H_
#define PAIBAN_MODEL_TEXT_H_

#include <string>
#include <string_view>

#include "model/issue.h"

namespace paiban {

// The printed furniture (dates, numbering, labels, jump lines) is model/furniture.h.
std::string ChineseWeekday(const Date& date);  // 星期三
std::string IsoDate(const Date& date);         // 2020-12-30

// Tate-chu-yoko in vertical text (clreq 纵中横): the byte ranges of `text` that hold a run of at
// most `max_digits` ASCII digits with no letter, digit, decimal point or comma next to it
// ("第95期" → "95"; "2020年" and "5G" stay sideways). Empty when max_digits <= 0.
std::vector<std::pair<size_t, size_t>> TateChuYokoDigitGroups(std::string_view text,
                                                              int max_digits);

// The text of `inlines` and, on lines of their own, their ruby annotations: both are printed.
std::string ShownText(const Inlines& inlines);

// Every piece of text the issue source holds (publication data, headlines, body, ruby
// annotations), joined with newlines: what every output must show, character for character.
std::string SourceText(const Issue& issue);

// Whether `cp` is a character whose presence tests check: everything but white space.
bool IsInkCharacter(char32_t cp);

// Decodes UTF-8; invalid bytes become U+FFFD.
std::u32string DecodeUtf8(const std::string& text);
std::string EncodeUtf8(char32_t cp);

// Decodes the code point starting at byte `i` of well-formed UTF-8 and sets `len` to its length.
inline char32_t DecodeUtf8At(std::string_view text, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
  if (i + len > text.size()) {
    len = 1;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  return cp;
}

}  // namespace paiban

#endif  // PAIBAN_MODEL_TEXT_H_
