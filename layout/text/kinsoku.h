// Character classes of CJK composition: kinsoku (line-breaking prohibitions, clreq §3.1.4,
// jlreq §3.1.7) as data per level, and the punctuation classes that decide how a mark's blank
// may be compressed (clreq §3.1.6, jlreq §3.1.2–3.1.4). docs/typography.md §1–§2 list them.
#ifndef PAIBAN_LAYOUT_TEXT_KINSOKU_H_
#define PAIBAN_LAYOUT_TEXT_KINSOKU_H_

#include <optional>
#include <string_view>

namespace paiban::layout {

enum class KinsokuLevel {
  kNone,    // only unbreakables hold (Taiwan/Hong Kong newspapers)
  kBasic,   // clreq basic: the default for zh-Hans
  kGb,      // basic, and the solidus never ends a line
  kStrict,  // gb, and ——/…… never start a line
  // jlreq's four levels; Japanese newspapers use very-loose.
  kJaVeryLoose,
  kJaLoose,
  kJaStrict,
  kJaVeryStrict,
};

std::optional<KinsokuLevel> ParseKinsokuLevel(std::string_view name);
const char* KinsokuLevelName(KinsokuLevel level);

// Whether `cp` may not start a line at `level`.
bool IsLineStartProhibited(char32_t cp, KinsokuLevel level);
// Whether `cp` may not end a line at `level`.
bool IsLineEndProhibited(char32_t cp, KinsokuLevel level);

enum class PunctuationStyle { kMainland, kTaiwan, kHongKong, kJapanese };

std::optional<PunctuationStyle> ParsePunctuationStyle(std::string_view name);

// How a full-width mark behaves when space is adjusted (clreq §3.1.6).
enum class PunctClass {
  kNone,        // not a full-width mark
  kOpening,     // opening brackets, quotes, book-title marks: blank before the ink
  kClosing,     // closing brackets, quotes, book-title marks: blank after the ink
  kPause,       // 、，；： (mainland: blank after the ink)
  kStop,        // 。．？！ — compressed last (docs/typography.md §3)
  kInterpunct,  // ·・ : blank on both sides
  kFixed,       // solidus, connectors, dashes, ellipsis: never compressed
};

// The class of `cp` in `style`. Marks whose ink is centred in the style (Taiwan/Hong Kong pause
// and stop marks, ！？ in Taiwan/Hong Kong and Japanese) are kFixed.
PunctClass ClassifyPunctuation(char32_t cp, PunctuationStyle style, bool vertical);

// The two-em dash (two U+2014 or U+2E3A) and the ellipsis (two U+2026 or U+22EF): never split.
bool IsDashOrEllipsis(char32_t cp);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_TEXT_KINSOKU_H_
