#include "layout/text/kinsoku.h"

namespace paiban::layout {
namespace {

// Every set below holds only characters outside U+3400–U+FDFF, so the ideographs that make up
// most of a Chinese text are answered without a search.
bool Contains(std::u32string_view set, char32_t cp) {
  if (cp >= 0x3400 && cp < 0xFE00) return false;
  return set.find(cp) != std::u32string_view::npos;
}

// clreq §3.1.4, docs/typography.md §1.
constexpr std::u32string_view kStartBasic =
    U"、，；：。！？．‼⁇"  // pause and stop marks
    U"」』”’"              // closing quotes
    U"）］｝】〗〕"        // closing brackets
    U"》〉"                // closing book-title marks
    U"–～"                 // connectors
    U"·‧・"                // interpuncts
    U",.;:!?)]}"           // ASCII counterparts
    U"｡､｣";               // half-width forms
constexpr std::u32string_view kEndBasic =
    U"「『“‘"        // opening quotes
    U"（［｛【〖〔"  // opening brackets
    U"《〈"          // opening book-title marks
    U"([{"           // ASCII counterparts
    U"｢";
constexpr std::u32string_view kEndGb = U"/／";
constexpr std::u32string_view kStartStrict = U"—⸺…⋯";
// jlreq §3.1.7 and appendix: small kana, the prolonged sound mark, iteration marks.
constexpr std::u32string_view kStartJaSmallKana =
    U"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿー"
    U"ヽヾゝゞ々〻";
constexpr std::u32string_view kStartJaBase =
    U"、，。．：；」』）］｝〕〉》】〙〗〟’”｠»・゠–〜"
    U",.:;)]}";
constexpr std::u32string_view kStartJaQuestion = U"？！‼⁇⁈⁉";

}  // namespace

std::optional<KinsokuLevel> ParseKinsokuLevel(std::string_view name) {
  struct Entry {
    std::string_view name;
    KinsokuLevel level;
  };
  static constexpr Entry kLevels[] = {
      {"none", KinsokuLevel::kNone},           {"basic", KinsokuLevel::kBasic},
      {"gb", KinsokuLevel::kGb},               {"strict", KinsokuLevel::kStrict},
      {"very-loose", KinsokuLevel::kJaVeryLoose}, {"loose", KinsokuLevel::kJaLoose},
      {"ja-strict", KinsokuLevel::kJaStrict},  {"very-strict", KinsokuLevel::kJaVeryStrict}};
  for (const Entry& e : kLevels) {
    if (e.name == name) return e.level;
  }
  return std::nullopt;
}

const char* KinsokuLevelName(KinsokuLevel level) {
  switch (level) {
    case KinsokuLevel::kNone:
      return "none";
    case KinsokuLevel::kBasic:
      return "basic";
    case KinsokuLevel::kGb:
      return "gb";
    case KinsokuLevel::kStrict:
      return "strict";
    case KinsokuLevel::kJaVeryLoose:
      return "very-loose";
    case KinsokuLevel::kJaLoose:
      return "loose";
    case KinsokuLevel::kJaStrict:
      return "ja-strict";
    case KinsokuLevel::kJaVeryStrict:
      return "very-strict";
  }
  return "?";
}

bool IsLineStartProhibited(char32_t cp, KinsokuLevel level) {
  switch (level) {
    case KinsokuLevel::kNone:
      return false;
    case KinsokuLevel::kBasic:
    case KinsokuLevel::kGb:
      return Contains(kStartBasic, cp);
    case KinsokuLevel::kStrict:
      return Contains(kStartBasic, cp) || Contains(kStartStrict, cp);
    case KinsokuLevel::kJaVeryLoose:
      // Newspapers: small kana, ー and ？！ may start a line.
      return Contains(kStartJaBase, cp);
    case KinsokuLevel::kJaLoose:
      return Contains(kStartJaBase, cp) || Contains(kStartJaQuestion, cp);
    case KinsokuLevel::kJaStrict:
      return Contains(kStartJaBase, cp) || Contains(kStartJaQuestion, cp) ||
             Contains(kStartJaSmallKana, cp);
    case KinsokuLevel::kJaVeryStrict:
      return Contains(kStartJaBase, cp) || Contains(kStartJaQuestion, cp) ||
             Contains(kStartJaSmallKana, cp) || Contains(kStartStrict, cp);
  }
  return false;
}

bool IsLineEndProhibited(char32_t cp, KinsokuLevel level) {
  switch (level) {
    case KinsokuLevel::kNone:
      return false;
    case KinsokuLevel::kBasic:
      return Contains(kEndBasic, cp);
    case KinsokuLevel::kGb:
    case KinsokuLevel::kStrict:
      return Contains(kEndBasic, cp) || Contains(kEndGb, cp);
    case KinsokuLevel::kJaVeryLoose:
    case KinsokuLevel::kJaLoose:
    case KinsokuLevel::kJaStrict:
    case KinsokuLevel::kJaVeryStrict:
      return Contains(kEndBasic, cp) || Contains(U"〘〖〝｟«", cp);
  }
  return false;
}

std::optional<PunctuationStyle> ParsePunctuationStyle(std::string_view name) {
  if (name == "mainland") return PunctuationStyle::kMainland;
  if (name == "taiwan") return PunctuationStyle::kTaiwan;
  if (name == "hongkong") return PunctuationStyle::kHongKong;
  if (name == "japanese") return PunctuationStyle::kJapanese;
  return std::nullopt;
}

PunctClass ClassifyPunctuation(char32_t cp, PunctuationStyle style, bool vertical) {
  if ((cp >= 0x3400 && cp < 0xFE00) || (cp >= 'A' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
    return PunctClass::kNone;  // ideographs, kana, Latin letters, digits: the common case
  }
  if (Contains(U"「『“‘（［｛【〖〔《〈〘｟", cp)) return PunctClass::kOpening;
  if (Contains(U"」』”’）］｝】〗〕》〉〙｠", cp)) return PunctClass::kClosing;
  bool centred = style == PunctuationStyle::kTaiwan || style == PunctuationStyle::kHongKong;
  if (Contains(U"、，", cp)) return centred ? PunctClass::kFixed : PunctClass::kPause;
  if (Contains(U"；：", cp)) {
    return centred || vertical ? PunctClass::kFixed : PunctClass::kPause;
  }
  if (Contains(U"。．", cp)) return centred ? PunctClass::kFixed : PunctClass::kStop;
  if (Contains(U"？！", cp)) {
    return centred || vertical || style == PunctuationStyle::kJapanese ? PunctClass::kFixed
                                                                        : PunctClass::kStop;
  }
  if (Contains(U"·・‧", cp)) return PunctClass::kInterpunct;
  if (Contains(U"／～—⸺…⋯–", cp)) return PunctClass::kFixed;
  return PunctClass::kNone;
}

bool IsDashOrEllipsis(char32_t cp) { return Contains(U"—⸺…⋯", cp); }

}  // namespace paiban::layout
