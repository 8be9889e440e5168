// What the format knows, for the reader's third stage (the DOM walk checks each element against
// it): takes names and attribute values as strings and gives whether the format has them, the
// known name a misspelt one most likely meant, and the values parsed (lengths and Chinese font
// sizes, link addresses, ids, article kinds, column ranges). Pure functions: no messages, no
// locations; the walk words the diagnostics.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_VALIDATION_H_
#define PAIBAN_COMPILER_VALIDATION_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

#include "model/issue.h"

namespace paiban::reader {

// Issue and article ids name files (DIR/<id>-p12.png, and hidden temporaries beside it that add
// about 30 bytes), which most file systems limit to 255 bytes: ids stay well under that.
constexpr size_t kMaxIdLength = 100;

// Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
// that the commonest typo, two letters swapped (knid), is as close as one wrong letter.
size_t EditDistance(std::string_view a, std::string_view b);

// The known name `name` was most likely meant as: the same name in other letter case, else the
// nearest by edit distance (EditDistance) when it is at most 2 and at most half the longer name (so
// that <x> does not suggest <p>). Ties go to the earlier name in `known`. nullptr when none is
// close.
const char* ClosestName(std::string_view name, std::initializer_list<const char*> known);

// Every element name of the format, to tell a misplaced element from an unknown one.
bool IsFormatElement(std::string_view name);

// Font sizes by their Chinese names (号), as newsrooms give them: 小五 is 9 pt.
std::optional<double> ChineseFontSize(std::string_view name);

// A length as the format writes it, in points, and the unit it was written in (for the range in a
// message, which is said in the value's own unit).
struct Length {
  double pt = 0;
  std::string_view unit = "pt";
  double pt_per_unit = 1;
};

// A number with mm, cm or pt (digits and a point only: no sign, no exponent), or, for a font size,
// a 号 name such as 小五 (whose unit is pt). std::nullopt for anything else.
std::optional<Length> ParseLength(std::string_view value, bool font_size);

// Whether `pt` is from min_pt to max_pt, with a little slack so that a bound given in mm and
// converted to points is itself inside.
bool LengthInRange(double pt, double min_pt, double max_pt);

// An address a link may lead to: http(s)://host… or mailto:someone@…, printable ASCII without
// spaces, quotes, angle brackets or the other characters RFC 3986 never allows unescaped.
bool IsLinkAddress(std::string_view href);

// An article id: ASCII letters, digits, '-' or '_', starting with a letter (length not checked:
// see kMaxIdLength).
bool IsArticleId(std::string_view id);

// An issue id: ASCII letters, digits, '-', '_' or '.', not starting with '.' (it names the output
// files; length not checked: see kMaxIdLength).
bool IsIssueId(std::string_view id);

// A template name: 1 to 64 lower-case ASCII letters, digits, '-' or '_' (it names the file
// templates/NAME.xml).
bool IsTemplateName(std::string_view name);

// One font family name as fontconfig lists it; not a pattern (no list, no properties).
bool IsFontFamilyName(std::string_view value);

// The article kind `value` names (news, editorial, …).
std::optional<ArticleKind> ParseArticleKind(std::string_view value);

// "N" or "N-M": grid columns counted from 1 in reading order, the first not after the last; the
// first and last column.
std::optional<std::pair<int, int>> ParseColumnRange(std::string_view value);

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_VALIDATION_H_
