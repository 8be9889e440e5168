#include "output/pdf/grey_content.h"

#include <string>

namespace paiban {
namespace {

// ISO 32000-1 §7.2.2: the white-space and delimiter characters; every other byte is regular.
bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}
bool IsDelimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}
bool IsRegular(char c) { return !IsSpace(c) && !IsDelimiter(c); }

// §7.3.3: an integer or a real, `+`/`-` then digits with at most one period.
bool IsNumber(std::string_view word) {
  size_t i = word.empty() || (word[0] != '+' && word[0] != '-') ? 0 : 1;
  bool digit = false, period = false;
  for (; i < word.size(); ++i) {
    if (word[i] >= '0' && word[i] <= '9') {
      digit = true;
    } else if (word[i] == '.' && !period) {
      period = true;
    } else {
      return false;
    }
  }
  return digit;
}

// The end of the literal string starting at `begin` (its opening parenthesis): balanced
// parentheses, a backslash escaping the byte after it (§7.3.4.2).
size_t LiteralStringEnd(std::string_view s, size_t begin) {
  int depth = 0;
  for (size_t i = begin; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return s.size();
}

// The end of an inline image's data, `begin` just after its `ID` operator: the data starts after
// one white-space byte and ends before white space, `EI` and white space or a delimiter (or the
// end of the stream) (§8.9.7). Returns the position after `EI`.
size_t InlineImageEnd(std::string_view s, size_t begin) {
  for (size_t i = begin + 1; i + 2 <= s.size(); ++i) {
    if (IsSpace(s[i - 1]) && s[i] == 'E' && s[i + 1] == 'I' &&
        (i + 2 == s.size() || !IsRegular(s[i + 2]))) {
      return i + 2;
    }
  }
  return s.size();
}

}  // namespace

GreyResult GreyContent(std::string_view s) {
  GreyResult result;
  std::string& out = result.content;
  out.reserve(s.size());
  size_t written = 0;  // s[0, written) is in `out`
  // Since the last operator: whether every token was white space or one of at most three
  // numbers, and where those numbers are.
  bool operands = true;
  int numbers = 0;
  std::string_view number[3];
  size_t first_number = 0;
  auto restart = [&] {
    operands = true;
    numbers = 0;
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '%') {
      // A comment counts as white space (§7.2.4).
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
      continue;
    }
    if (!IsRegular(c)) {
      // Anything but a number or white space between two operators: no colour operands.
      operands = false;
      if (c == '(') {
        i = LiteralStringEnd(s, i);
      } else if (c == '<' && i + 1 < s.size() && s[i + 1] != '<') {
        while (i < s.size() && s[i] != '>') ++i;
        if (i < s.size()) ++i;
      } else if ((c == '<' || c == '>') && i + 1 < s.size() && s[i + 1] == c) {
        i += 2;
      } else if (c == '/') {
        for (++i; i < s.size() && IsRegular(s[i]);) ++i;
      } else {
        ++i;
      }
      continue;
    }
    size_t end = i;
    while (end < s.size() && IsRegular(s[end])) ++end;
    std::string_view word = s.substr(i, end - i);
    if (IsNumber(word)) {
      if (operands && numbers < 3) {
        if (numbers == 0) first_number = i;
        number[numbers++] = word;
      } else {
        operands = false;
      }
    } else if (word == "true" || word == "false" || word == "null") {
      operands = false;  // objects, not operators (§7.3.2, §7.3.9)
    } else {
      // An operator.
      if (operands && numbers == 3 && (word == "rg" || word == "RG")) {
        const double r = std::stod(std::string(number[0]));
        const double g = std::stod(std::string(number[1]));
        const double b = std::stod(std::string(number[2]));
        if (r == g && g == b) {
          out.append(s, written, first_number - written);
          out.append(number[0]);
          out.append(word == "rg" ? " g" : " G");
          written = end;
        } else {
          ++result.colour_operators;
        }
      } else if (word == "ID") {
        end = InlineImageEnd(s, end);
      }
      restart();
    }
    i = end;
  }
  out.append(s, written, s.size() - written);
  return result;
}

}  // namespace paiban
