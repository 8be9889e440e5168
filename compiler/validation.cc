#include "compiler/validation.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "compiler/source_bytes.h"

namespace paiban::reader {

// Callers only compare names whose lengths differ by at most 2, so the table stays small.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

const char* ClosestName(std::string_view name, std::initializer_list<const char*> known) {
  for (const char* k : known) {
    if (EqualsIgnoringCase(name, k)) return k;
  }
  const char* best = nullptr;
  size_t best_distance = 3;
  for (const char* k : known) {
    std::string_view candidate(k);
    size_t longer = std::max(name.size(), candidate.size());
    if (longer - std::min(name.size(), candidate.size()) > 2) continue;
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance && distance <= longer / 2) {
      best = k;
      best_distance = distance;
    }
  }
  return best;
}

bool IsFormatElement(std::string_view name) {
  static const char* const kNames[] = {
      "issue",    "publication", "name",     "supervisor",  "sponsor", "publisher", "cn",
      "issn",     "postal-code", "url",      "brand",       "date",    "numbering", "page",
      "article",  "kicker",      "headline", "subheadline", "body",    "continues", "p",
      "subhead",  "list",        "item",     "sidebar",     "title",   "signature", "line",
      "dateline", "byline",      "em",       "tcy",         "br",      "figure",    "caption",
      "credit",   "dots",        "quote",    "nobr",        "a",       "ruby",      "rt",
      "tag",      "wbr"};
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](const char* k) { return name == k; });
}

std::optional<double> ChineseFontSize(std::string_view name) {
  static const std::pair<const char*, double> kSizes[] = {
      {"初号", 42},  {"小初", 36},  {"一号", 26},  {"小一", 24}, {"二号", 22},   {"小二", 18},
      {"三号", 16},  {"小三", 15},  {"四号", 14},  {"小四", 12}, {"五号", 10.5}, {"小五", 9},
      {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5}};
  for (const auto& [n, pt] : kSizes) {
    if (name == n) return pt;
  }
  return std::nullopt;
}

std::optional<Length> ParseLength(std::string_view value, bool font_size) {
  if (font_size) {
    if (std::optional<double> pt = ChineseFontSize(value)) return Length{*pt, "pt", 1};
  }
  static const std::pair<std::string_view, double> kUnits[] = {
      {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"pt", 1}};
  for (const auto& [unit, factor] : kUnits) {
    if (value.size() <= unit.size() || value.substr(value.size() - unit.size()) != unit) continue;
    std::string_view number = value.substr(0, value.size() - unit.size());
    double x = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
    if (ec == std::errc() && ptr == number.data() + number.size() && std::isfinite(x) &&
        number.find_first_not_of("0123456789.") == std::string_view::npos) {
      return Length{x * factor, unit, factor};
    }
  }
  return std::nullopt;
}

bool LengthInRange(double pt, double min_pt, double max_pt) {
  return !(pt < min_pt - 1e-9 || pt > max_pt + 1e-9);
}

bool IsLinkAddress(std::string_view href) {
  size_t rest = href.rfind("https://", 0) == 0  ? 8
                : href.rfind("http://", 0) == 0 ? 7
                : href.rfind("mailto:", 0) == 0 ? 7
                                                : 0;
  if (rest == 0 || rest >= href.size()) return false;
  // A web address names its host: http:/// has none.
  if (href[rest] == '/' && href.rfind("mailto:", 0) != 0) return false;
  // Characters RFC 3986 never allows unescaped in a URI.
  return std::all_of(href.begin(), href.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '{' &&
           c != '}' && c != '|' && c != '^' && c != '`';
  });
}

bool IsArticleId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  }) && ((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z'));
}

bool IsIssueId(std::string_view id) {
  return !id.empty() && id[0] != '.' && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

bool IsTemplateName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool IsFontFamilyName(std::string_view value) {
  return !value.empty() && value.find_first_of(",:=\\-") == std::string_view::npos &&
         value.front() != ' ' && value.back() != ' ';
}

std::optional<ArticleKind> ParseArticleKind(std::string_view value) {
  static const std::pair<const char*, ArticleKind> kKinds[] = {
      {"news", ArticleKind::kNews},
      {"editorial", ArticleKind::kEditorial},
      {"commentary", ArticleKind::kCommentary},
      {"notice", ArticleKind::kNotice},
      {"brief", ArticleKind::kBrief},
      {"photo-story", ArticleKind::kPhotoStory}};
  for (const auto& [name, kind] : kKinds) {
    if (value == name) return kind;
  }
  return std::nullopt;
}

std::optional<std::pair<int, int>> ParseColumnRange(std::string_view value) {
  int first = 0, last = 0;
  auto [p1, e1] = std::from_chars(value.data(), value.data() + value.size(), first);
  const char* end = value.data() + value.size();
  bool ok = e1 == std::errc() && p1 != value.data();
  if (ok && p1 != end) {
    auto [p2, e2] = *p1 == '-' ? std::from_chars(p1 + 1, end, last)
                               : std::from_chars_result{p1, std::errc::invalid_argument};
    ok = e2 == std::errc() && p2 == end && p2 != p1 + 1;
  } else {
    last = first;
  }
  if (!ok || first < 1 || last < first) return std::nullopt;
  return std::pair{first, last};
}

}  // namespace paiban::reader
