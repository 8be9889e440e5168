#include "layout/text/kinsoku.h"

#include <string_view>

namespace paiban::layout {
namespace {

bool Contains(std::u32string_view set, char32_t cp) {
  return set.find(cp) != std::u32string_view::npos;
}

}  // namespace

bool IsLineStartProhibited(char32_t cp) {
  static constexpr std::u32string_view kBasic =
      U"、，；：。！？．‼⁇"  // pause and stop marks
      U"」』”’"              // closing quotes
      U"）］｝】〗〕"        // closing brackets
      U"》〉"                // closing book-title marks
      U"–～"                 // connectors
      U"·‧・"                // interpuncts
      U",.;:!?)]}"           // ASCII counterparts
      U"｡､｣";               // half-width forms
  return Contains(kBasic, cp);
}

bool IsLineEndProhibited(char32_t cp) {
  static constexpr std::u32string_view kBasic =
      U"「『“‘"      // opening quotes
      U"（［｛【〖〔"  // opening brackets
      U"《〈"        // opening book-title marks
      U"([{"         // ASCII counterparts
      U"｢";
  return Contains(kBasic, cp);
}

}  // namespace paiban::layout
