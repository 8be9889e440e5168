#include "compiler/markup_scanner.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include "compiler/source_bytes.h"

namespace paiban::reader {

std::string MarkupScanner::CharAt(size_t i) const {
  return Shown(text_.substr(i, Utf8Length(static_cast<unsigned char>(text_[i]))));
}

std::string MarkupScanner::Where(size_t offset) const {
  auto [line, col] = lines_.At(offset);
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

std::optional<std::vector<StartTag>> MarkupScanner::Scan() {
  try {
    for (size_t i = 0; i < text_.size();) {
      char c = text_[i];
      if (c == '<') {
        i = Markup(i);
      } else if (c == '&') {
        if (open_.empty()) Fatal(i, "text outside the root element");
        i = Reference(i);
      } else if (open_.empty() && !IsSpace(c)) {
        Fatal(i, root_.empty()
                     ? "text before the root element; the file must start with <" + root_name_ + ">"
                     : "text after the root element's end tag </" + Shown(root_) + ">");
      } else {
        ++i;
      }
    }
    if (!open_.empty()) {
      const Open& last = open_.back();
      Fatal(last.offset, "<" + Shown(last.name) + "> is not closed: the file ends before </" +
                             Shown(last.name) + ">; is it cut short?");
    }
    if (root_.empty()) {
      Fatal(0, "the file holds no element; expected an <" + root_name_ + "> document");
    }
  } catch (const Stop&) {
    return std::nullopt;
  }
  if (failed_) return std::nullopt;
  return std::move(tags_);
}

size_t MarkupScanner::Reference(size_t i) {
  size_t end = i + 1;
  while (end < text_.size() && end - i <= 32 && (IsNameChar(text_[end]) || text_[end] == '#')) {
    ++end;
  }
  if (end >= text_.size() || text_[end] != ';') {
    Report(i, "a bare '&'; write &amp; for an ampersand");
    return i + 1;
  }
  std::string_view name = text_.substr(i + 1, end - i - 1);
  std::string shown = "&" + Shown(name) + ";";
  if (name == "lt" || name == "gt" || name == "amp" || name == "quot" || name == "apos") {
    return end + 1;
  }
  if (name.empty() || name[0] != '#') {
    Report(i, "unknown entity '" + shown +
                  "'; only &lt; &gt; &amp; &quot; &apos; and character references such as "
                  "&#x3000; are read");
    return end + 1;
  }
  bool hex = name.size() > 1 && name[1] == 'x';
  std::string_view digits = name.substr(hex ? 2 : 1);
  uint32_t value = 0;
  auto [ptr, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (digits.empty() || ec == std::errc::invalid_argument || ptr != digits.data() + digits.size()) {
    Report(i, "the character reference '" + shown + "' is broken; write &#x3000; or &#12288;");
    return end + 1;
  }
  bool allowed =
      ec == std::errc() &&
      (value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF) ||
       (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF));
  if (!allowed) {
    Report(i, "the character reference '" + shown + "' names a character XML does not allow");
  }
  return end + 1;
}

size_t MarkupScanner::Markup(size_t i) {
  auto closed_by = [&](std::string_view opener, std::string_view closer, const char* what) {
    size_t end = text_.find(closer, i + opener.size());
    if (end == std::string_view::npos) {
      Fatal(i, std::string(what) + " is not closed: " + std::string(closer) + " is missing");
    }
    return end + closer.size();
  };
  if (StartsWith(i, "<?")) {
    // tinyxml2 takes every <?…?> for a declaration, and those may only open the file.
    if (in_body_) {
      Fatal(i, StartsWith(i, "<?xml")
                   ? "the XML declaration <?xml …?> may only stand at the very start of the file"
                   : "a processing instruction <?…?> may only stand at the start of the file, "
                     "before any element or comment");
    }
    return closed_by("<?", "?>", "a processing instruction (<?…)");
  }
  in_body_ = true;
  if (StartsWith(i, "<!--")) return closed_by("<!--", "-->", "a comment");
  if (StartsWith(i, "<![CDATA[")) {
    if (open_.empty()) Fatal(i, "a CDATA section outside the root element");
    return closed_by("<![CDATA[", "]]>", "a CDATA section");
  }
  if (StartsWith(i, "<!")) {
    // tinyxml2 would skip a DOCTYPE; the format refuses it so that no entity declaration, internal
    // (billion laughs) or external (SYSTEM "file:…"), is ever silently accepted.
    Fatal(i, "DOCTYPE and entity declarations are not allowed in an issue source");
  }
  if (StartsWith(i, "</")) {
    size_t j = i + 2;
    while (j < text_.size() && IsNameChar(text_[j])) ++j;
    std::string name(text_.substr(i + 2, j - i - 2));
    while (j < text_.size() && IsSpace(text_[j])) ++j;
    if (j >= text_.size()) Fatal(i, "the file ends inside this end tag; is it cut short?");
    if (name.empty() || text_[j] != '>') Fatal(i, "an end tag is broken; </name> expected");
    if (open_.empty()) Fatal(i, "the end tag </" + Shown(name) + "> closes no element");
    if (open_.back().name != name) {
      Fatal(i, "the end tag </" + Shown(name) + "> does not match <" + Shown(open_.back().name) +
                   "> (" + Where(open_.back().offset) + ")");
    }
    open_.pop_back();
    root_closed_ = open_.empty();
    return j + 1;
  }
  return StartTagAt(i);
}

size_t MarkupScanner::StartTagAt(size_t i) {
  size_t j = i + 1;
  if (j >= text_.size() || !IsNameStart(text_[j])) {
    Fatal(i, "a '<' that starts no tag; write &lt; for a '<' in text");
  }
  while (j < text_.size() && IsNameChar(text_[j])) ++j;
  std::string name(text_.substr(i + 1, j - i - 1));
  if (root_closed_) {
    Fatal(i, "a second root element <" + Shown(name) + ">; everything belongs inside <" +
                 Shown(root_) + ">");
  }
  if (open_.size() >= kMaxDepth) {
    Fatal(i, "elements are nested more than " + std::to_string(kMaxDepth) +
                 " deep here; an issue source needs fewer than 10 levels");
  }
  StartTag tag;
  auto [line, col] = lines_.AtForward(i);
  tag.loc = SourceLoc{file_, line, col};
  bool empty = false;
  for (;;) {
    size_t space = j;
    while (j < text_.size() && IsSpace(text_[j])) ++j;
    auto cut_short = [&] {
      if (j >= text_.size()) {
        Fatal(i, "the file ends inside the start tag <" + Shown(name) + ">; is it cut short?");
      }
    };
    cut_short();
    if (text_[j] == '>') {
      ++j;
      break;
    }
    if (text_[j] == '/') {
      if (j + 1 < text_.size() && text_[j + 1] == '>') {
        empty = true;
        j += 2;
        break;
      }
      Fatal(j, "a '/' in the start tag <" + Shown(name) + "> must be followed by '>'");
    }
    if (!IsNameStart(text_[j])) {
      Fatal(j, "unexpected '" + CharAt(j) + "' in the start tag <" + Shown(name) + ">");
    }
    if (j == space) {
      Fatal(j, "attributes of <" + Shown(name) + "> must be separated by white space");
    }
    size_t name_start = j;
    while (j < text_.size() && IsNameChar(text_[j])) ++j;
    std::string attribute(text_.substr(name_start, j - name_start));
    while (j < text_.size() && IsSpace(text_[j])) ++j;
    cut_short();
    if (text_[j] != '=') {
      Fatal(name_start, "the attribute '" + Shown(attribute) + "' of <" + Shown(name) +
                            "> needs a value: " + Shown(attribute) + "=\"…\"");
    }
    ++j;
    while (j < text_.size() && IsSpace(text_[j])) ++j;
    cut_short();
    if (text_[j] != '"' && text_[j] != '\'') {
      Fatal(name_start, "the value of the attribute '" + Shown(attribute) +
                            "' must be in quotes: " + Shown(attribute) + "=\"…\"");
    }
    char quote = text_[j];
    size_t value_start = j + 1;
    size_t value_end = text_.find(quote, value_start);
    if (value_end == std::string_view::npos) {
      Fatal(name_start, "the value of the attribute '" + Shown(attribute) +
                            "' is not closed: its closing " + quote + " is missing");
    }
    size_t lt = text_.substr(value_start, value_end - value_start).find('<');
    if (lt != std::string_view::npos) {
      Fatal(value_start + lt, "a '<' in the value of the attribute '" + Shown(attribute) +
                                  "' (a missing closing quote?); write &lt; for a '<'");
    }
    for (const StartTag::Attribute& a : tag.attributes) {
      if (a.name == attribute) {
        Fatal(name_start,
              "the attribute '" + Shown(attribute) + "' is given twice on <" + Shown(name) + ">");
      }
    }
    if (tag.attributes.size() == kMaxAttributes) {
      Fatal(name_start, "<" + Shown(name) + "> has more than " + std::to_string(kMaxAttributes) +
                            " attributes");
    }
    auto [attribute_line, attribute_col] = lines_.AtForward(name_start);
    tag.attributes.push_back({attribute, SourceLoc{file_, attribute_line, attribute_col}});
    for (size_t k = value_start; k < value_end; ++k) {
      if (text_[k] == '&') k = Reference(k) - 1;
    }
    j = value_end + 1;
    if (j < text_.size() && !IsSpace(text_[j]) && text_[j] != '>' && text_[j] != '/') {
      Fatal(j, "attributes of <" + Shown(name) + "> must be separated by white space");
    }
  }
  if (root_.empty()) root_ = name;
  tags_.push_back(std::move(tag));
  if (empty) {
    root_closed_ = open_.empty();
  } else {
    open_.push_back({name, i});
  }
  return j;
}

}  // namespace paiban::reader
