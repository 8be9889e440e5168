#include "model/text.h"

namespace paiban {

std::string ChineseWeekday(const Date& d) {
  static const char* kNames[] = {"星期日", "星期一", "星期二", "星期三",
                                 "星期四", "星期五", "星期六"};
  return kNames[DayOfWeek(d)];
}

std::string IsoDate(const Date& d) {
  char buffer[16];
  snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

std::string ShownText(const Inlines& inlines) {
  std::string out = PlainText(inlines);
  for (const Inline& in : inlines) {
    if (in.kind == Inline::Kind::kRuby) out += "\n" + in.ruby;
  }
  return out;
}

namespace {

void AppendBlockText(const Block& block, std::string& out) {
  out += ShownText(block.inlines) + "\n";
  if (!block.credit.empty()) out += ShownText(block.credit) + "\n";
  for (const Block& child : block.children) AppendBlockText(child, out);
}

}  // namespace

std::vector<std::pair<size_t, size_t>> TateChuYokoDigitGroups(std::string_view text,
                                                              int max_digits) {
  std::vector<std::pair<size_t, size_t>> groups;
  if (max_digits <= 0) return groups;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto alnum = [&](char c) {
    return digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == ',';
  };
  for (size_t i = 0; i < text.size();) {
    if (!digit(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && digit(text[j])) ++j;
    bool bounded = (i == 0 || !alnum(text[i - 1])) && (j == text.size() || !alnum(text[j]));
    if (bounded && j - i <= static_cast<size_t>(max_digits)) groups.emplace_back(i, j);
    i = j;
  }
  return groups;
}

std::string SourceText(const Issue& issue) {
  const Publication& pub = issue.publication;
  std::string out;
  for (const std::string* s : {&pub.name, &pub.supervisor, &pub.publisher, &pub.cn_number,
                               &pub.issn, &pub.postal_code, &pub.url, &pub.brand}) {
    out += *s + "\n";
  }
  for (const std::string& s : pub.sponsors) out += s + "\n";
  for (const Page& page : issue.pages) {
    out += page.section + "\n";
    for (const Article& article : page.articles) {
      out += ShownText(article.kicker) + "\n" + ShownText(article.headline) + "\n" +
             ShownText(article.subheadline) + "\n";
      for (const Block& block : article.blocks) AppendBlockText(block, out);
    }
  }
  return out;
}

bool IsInkCharacter(char32_t cp) {
  return !(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xA0 ||
           cp == 0x200B || cp == 0xFEFF);
}

std::u32string DecodeUtf8(const std::string& text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<size_t>(len) > text.size()) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

std::string EncodeUtf8(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

}  // namespace paiban
