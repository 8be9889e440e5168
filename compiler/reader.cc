// The reader works in two passes over the bytes, then one walk over the tinyxml2 DOM.
//
// 1. The bytes: the encoding (UTF-8, with or without a byte order mark; UTF-16, other declared
//    encodings and binary files are refused by name), invalid UTF-8 and control characters.
// 2. The markup: a small scanner of our own checks what tinyxml2 accepts silently or reports
//    without a column — DOCTYPE and entity declarations (refused outright: no entity is ever
//    expanded and no external file is ever opened), unknown entity references, character
//    references to what XML forbids, end tags that do not match, unclosed elements, nesting
//    depth — and records where every start tag and every attribute begins, so that each
//    diagnostic carries an exact line and column (tinyxml2 keeps only lines).
// 3. The DOM: each element kind has a function that checks its attributes against the names it
//    knows, reads its children, and reports what is unknown or missing at the element's own
//    location, then carries on so that one run reports every error (up to kMaxErrors). Text goes
//    through the format's whitespace rule (docs/issue-format.md): runs of white space collapse to
//    one space, and a run next to a CJK character is dropped, so sources may be indented freely
//    without spaces leaking into Chinese text.
//
// Errors of passes 1 and 2 stop the reader before tinyxml2 sees the text: a source that is not
// well-formed gives one precise message instead of a cascade.
#include "compiler/reader.h"

#include <sys/stat.h>
#include <tinyxml2.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "compiler/image_probe.h"
#include "layout/text/kinsoku.h"
#include "model/text.h"

namespace paiban {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

// More errors than this in one source are not reported: past it they are echoes of one mistake,
// and a hostile file could otherwise print megabytes.
constexpr int kMaxErrors = 50;
// The format nests at most 8 deep (issue page article body sidebar list item em); anything much
// deeper is not an issue source, and refusing it early keeps every recursion shallow.
constexpr size_t kMaxDepth = 64;
// No element of the format has more than 9 attributes; tinyxml2 checks each new attribute against
// all earlier ones, so thousands on one element would take quadratic time.
constexpr size_t kMaxAttributes = 64;
// Issue and article ids name files (DIR/<id>-p12.png, and hidden temporaries beside it that add
// about 30 bytes), which most file systems limit to 255 bytes: ids stay well under that.
constexpr size_t kMaxIdLength = 100;
// Sources larger than this are refused before they are read into memory.
constexpr std::uintmax_t kMaxSourceBytes = 64u << 20;
// A diagnostic shows its source line whole up to kShownLine characters, and a longer one cut
// there (or kShownLineTail characters after the caret); when the caret stands further in than
// kShownLine, the line is not shown (its head cannot be cut without moving the caret). A value
// quoted in a message is cut after kShownValue characters.
constexpr size_t kShownLine = 160;
constexpr size_t kShownLineTail = 40;
constexpr size_t kShownValue = 40;

// Byte length of the UTF-8 sequence that starts with `c` (1 for a stray continuation byte, so a
// walk always advances).
size_t Utf8Length(unsigned char c) {
  return c < 0xC0 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
}

// The length of the valid UTF-8 sequence at text[i] and its code point, or 0 when the bytes there
// are not UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
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

// `value` for a message: at most kShownValue characters, control characters escaped.
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

// Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
// that the commonest typo, two letters swapped (knid), is as close as one wrong letter. Callers
// only compare names whose lengths differ by at most 2, so the table stays small.
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

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

// The known name `name` was most likely meant as: the same name in other letter case, else the
// nearest by edit distance (EditDistance) when it is at most 2 and at most half the longer name (so
// that <x> does not suggest <p>). Ties go to the earlier name in `known`. nullptr when none is
// close.
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

// Every element name of the format, to tell a misplaced element from an unknown one.
bool IsFormatElement(std::string_view name) {
  static const char* const kNames[] = {
      "issue",    "publication", "name",     "supervisor",  "sponsor", "publisher", "cn",
      "issn",     "postal-code", "url",      "brand",       "date",    "numbering", "page",
      "article",  "kicker",      "headline", "subheadline", "body",    "continues", "p",
      "subhead",  "list",        "item",     "sidebar",     "title",   "signature", "line",
      "dateline", "byline",      "em",       "tcy",         "br",      "figure",    "caption",
      "credit",   "dots",        "quote",    "nobr",        "a",       "ruby",      "rt"};
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](const char* k) { return name == k; });
}

// Line starts of a text, and byte offsets turned into 1-based lines and columns (columns count
// characters, not bytes, as editors do). Lines end at '\n'; a '\r' before it is part of no column
// anyone sees, so CRLF sources get the same columns as LF ones.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  // Line and column of `offset`, counted from the line start.
  std::pair<int, int> At(size_t offset) const {
    offset = std::min(offset, text_.size());
    size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                      starts_.begin());
    return {static_cast<int>(line), static_cast<int>(Chars(starts_[line - 1], offset)) + 1};
  }
  // The same for offsets given in increasing order, in time proportional to the text once.
  std::pair<int, int> AtForward(size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < cursor_) return At(offset);
    while (cursor_line_ < starts_.size() && starts_[cursor_line_] <= offset) {
      cursor_ = starts_[cursor_line_++];
      cursor_col_ = 1;
    }
    cursor_col_ += Chars(cursor_, offset);
    cursor_ = offset;
    return {static_cast<int>(cursor_line_), static_cast<int>(cursor_col_)};
  }
  size_t line_count() const { return starts_.size(); }
  // Line `line` (1-based) without its end of line.
  std::string_view Line(int line) const {
    size_t start = starts_[static_cast<size_t>(line) - 1];
    size_t end = static_cast<size_t>(line) < starts_.size() ? starts_[static_cast<size_t>(line)] - 1
                                                            : text_.size();
    return text_.substr(start, end - start);
  }

 private:
  size_t Chars(size_t from, size_t to) const {
    size_t chars = 0;
    for (size_t i = from; i < to; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++chars;
    }
    return chars;
  }

  std::string_view text_;
  std::vector<size_t> starts_;
  size_t cursor_ = 0;
  size_t cursor_line_ = 1;  // the line of cursor_, 1-based
  size_t cursor_col_ = 1;
};

// What is wrong with the bytes of a source before any XML is read, or "" when nothing is.
struct ByteProblem {
  size_t offset = 0;
  std::string message;
  bool show_line = true;  // false when the line is not text anyone could read
};

// A file of another kind given by mistake (an output of ours, an image) is named for what it is.
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

// The encoding named in the XML declaration, when there is one.
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

ByteProblem CheckBytes(std::string_view text) {
  auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
  if (starts(std::string_view("\xFF\xFE\x00\x00", 4)) ||
      starts(std::string_view("\x00\x00\xFE\xFF", 4))) {
    return {0,
            "the file is UTF-32; an issue source must be UTF-8 (convert it, e.g. with iconv -f "
            "UTF-32 -t UTF-8)",
            false};
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF") ||
      (text.size() >= 2 &&
       ((text[0] == '<' && text[1] == '\0') || (text[0] == '\0' && text[1] == '<')))) {
    return {0,
            "the file is UTF-16; an issue source must be UTF-8 (convert it, e.g. with iconv -f "
            "UTF-16 -t UTF-8)",
            false};
  }
  if (const char* kind = KnownBinaryKind(text)) {
    return {0, std::string("this is ") + kind + ", not an XML issue source", false};
  }
  if (auto encoding = DeclaredEncoding(text)) {
    if (!EqualsIgnoringCase(encoding->second, "UTF-8") &&
        !EqualsIgnoringCase(encoding->second, "UTF8")) {
      std::string name = Shown(encoding->second);
      return {encoding->first, "the XML declaration names the encoding '" + name +
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
      return {i,
              std::string("the file holds binary data (byte ") + byte +
                  "), not XML text; an issue source is a UTF-8 XML file",
              false};
    }
    if (len == 0) {
      return {i, std::string("invalid UTF-8 (byte ") + byte + "); the source must be UTF-8"};
    }
    // XML 1.0 allows no other control characters; tinyxml2 would stop reading at a NUL.
    if (cp == 0) return {i, "a NUL byte (0x00); an issue source is text and holds none"};
    char code[16];
    snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    return {i, std::string("the control character ") + code + " is not allowed in XML"};
  }
  return {std::string::npos, "", false};
}

// Where each start tag and each of its attributes begins, in document order (the order of a
// pre-order walk of the DOM).
struct StartTag {
  struct Attribute {
    std::string name;
    SourceLoc loc;
  };
  SourceLoc loc;
  std::vector<Attribute> attributes;
};

// The markup scanner (pass 2). It reads only as much XML as it must to check what tinyxml2 does
// not, and to find start tags and attribute names. Errors go to `error(offset, message)`;
// structural ones stop the scan.
class MarkupScanner {
 public:
  using ErrorSink = std::function<void(size_t, std::string)>;
  // `root_name` is the root element the file should have, for the messages.
  MarkupScanner(std::string_view text, LineIndex& lines, const std::string& file,
                std::string root_name, ErrorSink error)
      : text_(text),
        lines_(lines),
        file_(file),
        root_name_(std::move(root_name)),
        error_(std::move(error)) {}

  // Returns the start tags when the markup is sound, std::nullopt after any error.
  std::optional<std::vector<StartTag>> Scan();
  // The first element's name, once the scan has met it.
  const std::string& root() const { return root_; }

 private:
  struct Stop {};  // thrown by Fatal; caught in Scan

  [[noreturn]] void Fatal(size_t offset, std::string message) {
    error_(offset, std::move(message));
    throw Stop{};
  }
  void Report(size_t offset, std::string message) {
    error_(offset, std::move(message));
    failed_ = true;
  }
  bool StartsWith(size_t i, std::string_view prefix) const {
    return text_.substr(i, prefix.size()) == prefix;
  }
  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool IsNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (static_cast<unsigned char>(c) >= 0x80);
  }
  static bool IsNameChar(char c) {
    return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
  std::string CharAt(size_t i) const {
    return Shown(text_.substr(i, Utf8Length(static_cast<unsigned char>(text_[i]))));
  }
  std::string Where(size_t offset) const {
    auto [line, col] = lines_.At(offset);
    return "line " + std::to_string(line) + ", column " + std::to_string(col);
  }
  // Checks the reference at text_[i] == '&'; returns the offset after it.
  size_t Reference(size_t i);
  size_t Markup(size_t i);
  size_t StartTagAt(size_t i);

  std::string_view text_;
  LineIndex& lines_;
  const std::string& file_;
  std::string root_name_;
  ErrorSink error_;
  bool failed_ = false;
  bool in_body_ = false;  // past the prolog: an element or a comment was seen
  struct Open {
    std::string name;
    size_t offset;
  };
  std::vector<Open> open_;
  std::string root_;
  bool root_closed_ = false;
  std::vector<StartTag> tags_;
};

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
        Fatal(i, root_.empty() ? "text before the root element; the file must start with <" +
                                     root_name_ + ">"
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

// tinyxml2's error ids in words a newsroom editor can act on. The markup scanner catches nearly
// everything first; these remain for what it lets through.
const char* XmlErrorMessage(tinyxml2::XMLError error) {
  switch (error) {
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "an element's start tag is broken";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "an attribute is broken (name=\"value\" expected)";
    case tinyxml2::XML_ERROR_PARSING_TEXT:
      return "text could not be read (a stray '<' or '&'?)";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "a CDATA section is not closed";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "a comment is not closed";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "the XML declaration is broken";
    case tinyxml2::XML_ERROR_PARSING_UNKNOWN:
      return "an unknown construct starting with '<!'";
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT:
      return "the document is empty";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "an end tag does not match its start tag";
    case tinyxml2::XML_ERROR_PARSING:
      return "the document ends inside an element, or has text after the root element";
    case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED:
      return "elements are nested too deeply";
    default:
      return "the document is not well-formed XML";
  }
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& file, Diagnostics& diagnostics)
      : text_(text), file_(file), diagnostics_(diagnostics), lines_(text) {}

  std::optional<Issue> Read();
  // A template file (root <template>), named `name` by the issue.
  std::optional<PageTemplate> ReadTemplate(const std::string& name);
  int errors() const { return errors_; }
  // The name of the first element the markup scan met ("" before any): what the file claims to
  // be, even when it is broken.
  const std::string& scanned_root() const { return scanned_root_; }

 private:
  // Where `node` starts: the scanner's location for elements, else tinyxml2's line.
  SourceLoc Loc(const XMLNode* node) const {
    auto it = tag_of_.find(node);
    if (it != tag_of_.end()) return tags_[it->second].loc;
    return SourceLoc{file_, node->GetLineNum(), 0};
  }

  // Where attribute `name` of `element` starts, or the element's location.
  SourceLoc AttrLoc(const XMLElement* element, const char* name) const {
    auto it = tag_of_.find(element);
    if (it != tag_of_.end()) {
      for (const StartTag::Attribute& a : tags_[it->second].attributes) {
        if (a.name == name) return a.loc;
      }
    }
    return Loc(element);
  }

  // Where the visible part of text node `t` starts: tinyxml2 gives the line where the node (and
  // its leading white space) starts; the column is found on the line of the first visible
  // character (0, unknown, when entity references make the source differ from the value).
  SourceLoc TextLoc(const tinyxml2::XMLText* t) const {
    std::string_view value = t->Value();
    size_t first = value.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) first = 0;
    std::string_view lead = value.substr(0, first);
    int line = t->GetLineNum() + static_cast<int>(std::count(lead.begin(), lead.end(), '\n'));
    if (line <= 0 || static_cast<size_t>(line) > lines_.line_count()) {
      return SourceLoc{file_, t->GetLineNum(), 0};
    }
    std::string_view source_line = lines_.Line(line);
    std::string_view probe = value.substr(first, 12);
    while (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0xC0) == 0x80) {
      probe.remove_suffix(1);
    }
    if (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0x80) != 0) {
      probe.remove_suffix(1);  // the lead byte of the character cut off
    }
    size_t lead_newline = lead.rfind('\n');
    size_t from = lead_newline == std::string_view::npos ? 0 : lead.size() - lead_newline - 1;
    size_t at = probe.empty() ? std::string_view::npos : source_line.find(probe, from);
    if (at == std::string_view::npos) return SourceLoc{file_, line, 0};
    int col = 1;
    for (size_t i = 0; i < at; ++i) {
      if ((static_cast<unsigned char>(source_line[i]) & 0xC0) != 0x80) ++col;
    }
    return SourceLoc{file_, line, col};
  }

  // The checks every element that holds only elements shares: text directly in it would be lost
  // (an error, with `hint` saying where it belongs), and the children named in `single` may come
  // once only (a second would silently replace the first).
  void CheckStructure(const XMLElement* element, std::initializer_list<const char*> single,
                      const std::string& hint) {
    for (const XMLNode* node = element->FirstChild(); node; node = node->NextSibling()) {
      const tinyxml2::XMLText* t = node->ToText();
      if (t == nullptr) continue;
      std::string_view value = t->Value();
      size_t first = value.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos) continue;
      size_t last = value.find_last_not_of(" \t\r\n");
      Error(TextLoc(t), "text directly in <" + std::string(element->Value()) +
                            "> would be lost: '" +
                            Shown(value.substr(first, last - first + 1)) + "'; " + hint);
    }
    for (const char* name : single) {
      const XMLElement* first = element->FirstChildElement(name);
      if (first == nullptr) continue;
      for (const XMLElement* again = first->NextSiblingElement(name); again;
           again = again->NextSiblingElement(name)) {
        Error(Loc(again), "<" + std::string(element->Value()) + "> has more than one <" + name +
                              ">; it takes one");
      }
    }
  }

  // Reports an error with its source line already attached, so that a line of megabytes (one
  // huge attribute value) is shown only up to a little after the caret.
  void Error(const SourceLoc& loc, std::string message) {
    ++errors_;
    if (errors_ > kMaxErrors) {
      if (errors_ == kMaxErrors + 1) {
        diagnostics_.Add(
            {Severity::kNote,
             SourceLoc{file_, 0, 0},
             "more errors follow; only the first " + std::to_string(kMaxErrors) + " are shown",
             {}});
      }
      return;
    }
    Diagnostic diagnostic{Severity::kError, loc, std::move(message), {}};
    if (loc.file == file_ && loc.line > 0 &&
        static_cast<size_t>(loc.line) <= lines_.line_count()) {
      diagnostic.source_line = ShownLine(lines_.Line(loc.line), loc.col);
    }
    diagnostics_.Add(std::move(diagnostic));
  }

  // Errors at offsets come from the scans, mostly in increasing order: AtForward keeps finding
  // their columns linear in the text, even on one huge line.
  void ErrorAt(size_t offset, std::string message) {
    if (errors_ >= kMaxErrors) {
      Error(SourceLoc{file_, 0, 0}, std::move(message));  // counted, not shown
      return;
    }
    auto [line, col] = lines_.AtForward(offset);
    Error(SourceLoc{file_, line, col}, std::move(message));
  }

  // `line` for display (see kShownLine): carriage returns dropped, invalid UTF-8 shown as U+FFFD
  // and control characters as their Unicode pictures. Neither can stand before the caret: the
  // byte check reports the first and stops.
  static std::string ShownLine(std::string_view line, int col) {
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

  void CheckAttributes(const XMLElement* element, std::initializer_list<const char*> known) {
    for (const tinyxml2::XMLAttribute* a = element->FirstAttribute(); a; a = a->Next()) {
      if (errors_ > kMaxErrors) return;
      bool ok = std::any_of(known.begin(), known.end(),
                            [&](const char* k) { return std::string_view(k) == a->Name(); });
      if (ok) continue;
      std::string message =
          "unknown attribute '" + Shown(a->Name()) + "' on <" + Shown(element->Value()) + ">";
      if (const char* close = ClosestName(a->Name(), known)) {
        message += std::string("; did you mean '") + close + "'?";
      } else if (known.size() > 0) {
        message += "; known:";
        for (const char* k : known) message += std::string(" ") + k;
      }
      Error(AttrLoc(element, a->Name()), message);
    }
  }

  // An element of the format in the wrong place is named as such, with the elements that do
  // belong there; an unknown one gets the nearest known name when one is close (a typo), else the
  // whole list.
  void UnknownElement(const XMLElement* element, const XMLElement* parent,
                      std::initializer_list<const char*> known) {
    std::string name = element->Value();
    std::string message;
    const char* close = IsFormatElement(name) ? nullptr : ClosestName(name, known);
    if (IsFormatElement(name)) {
      message = "<" + name + "> does not belong in <" + parent->Value() + ">";
    } else {
      message = "unknown element <" + Shown(name) + "> in <" + parent->Value() + ">";
    }
    if (close != nullptr) {
      message += std::string("; did you mean <") + close + ">?";
    } else {
      message += "; expected one of:";
      for (const char* k : known) message += std::string(" <") + k + ">";
    }
    Error(Loc(element), message);
  }

  const char* RequiredAttribute(const XMLElement* element, const char* name) {
    const char* value = element->Attribute(name);
    if (value == nullptr) {
      Error(Loc(element),
            std::string("<") + element->Value() + "> needs the attribute '" + name + "'");
    }
    return value;
  }

  std::optional<int> IntAttribute(const XMLElement* element, const char* name, bool required,
                                  int min_value) {
    const char* value = required ? RequiredAttribute(element, name) : element->Attribute(name);
    if (value == nullptr) return std::nullopt;
    int result = 0;
    std::string_view sv(value);
    auto [ptr, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), result);
    if (ec != std::errc() || ptr != sv.data() + sv.size() || result < min_value) {
      Error(AttrLoc(element, name),
            std::string("attribute '") + name + "' must be a whole number" +
                (min_value > 0 ? " of at least " + std::to_string(min_value) : std::string()) +
                ", not '" + Shown(value) + "'");
      return std::nullopt;
    }
    return result;
  }

  // Text of an element that may hold only text (no child elements).
  std::string PlainElementText(const XMLElement* element) {
    Inlines inlines = ReadInlines(element, /*allow_markup=*/false);
    return PlainText(inlines);
  }

  Inlines ReadInlines(const XMLElement* element, bool allow_markup);
  void ReadTypography(const XMLElement* element, Typography& typography);
  void ReadInlineChildren(const XMLElement* element, Inline::Kind kind, bool allow_markup,
                          Inlines& out);
  void ReadRuby(const XMLElement* element, Inlines& out);
  void ReadPublication(const XMLElement* element, Publication& publication);
  void ReadDate(const XMLElement* element, Issue& issue);
  void ReadPage(const XMLElement* element, Issue& issue);
  std::optional<WritingMode> WritingModeAttribute(const XMLElement* element);
  void ReadArticle(const XMLElement* element, Article& article);
  void ReadBody(const XMLElement* element, std::vector<Block>& blocks, bool in_sidebar);
  Block ReadInlineBlock(const XMLElement* element, Block::Kind kind);
  Block ReadFigure(const XMLElement* element);
  // Bytes, markup and tinyxml2 (passes 1 and 2, then the DOM); the root element when it is
  // <root_name>, else nullptr after an error.
  const XMLElement* Parse(XMLDocument& doc, const char* root_name);
  // The template an <issue> or <page> names in its `template` attribute, found in templates/
  // beside the issue or one folder up, read once per name.
  std::optional<PageTemplate> TemplateAttribute(const XMLElement* element);
  std::optional<double> LengthAttribute(const XMLElement* element, const char* name,
                                        double min_pt, double max_pt, bool font_size);
  // Pairs each DOM element with its start tag, in document order.
  bool MapElements(const XMLDocument& doc);

  std::string_view text_;
  const std::string& file_;
  Diagnostics& diagnostics_;
  LineIndex lines_;
  std::vector<StartTag> tags_;
  std::unordered_map<const XMLNode*, size_t> tag_of_;
  int errors_ = 0;
  std::string scanned_root_;
  std::set<std::string> article_ids_;
  std::map<std::string, std::optional<PageTemplate>> templates_;  // by name, read once
};

// Applies the whitespace rule to a whole inline sequence, whose runs may start or end with space.
void NormalizeSpace(Inlines& inlines) {
  // Collapse runs inside each inline first.
  for (Inline& in : inlines) {
    std::string out;
    bool in_space = false;
    for (char c : in.text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        in_space = true;
        continue;
      }
      if (in_space) out.push_back(' ');
      in_space = false;
      out.push_back(c);
    }
    if (in_space) out.push_back(' ');
    in.text = std::move(out);
  }
  // Then decide each space with its neighbours, which may be in the next or previous inline.
  std::u32string all;
  std::vector<size_t> owner;
  for (size_t i = 0; i < inlines.size(); ++i) {
    if (inlines[i].kind == Inline::Kind::kLineBreak) {
      all.push_back(U'\n');  // a forced break acts like a block edge for spacing
      owner.push_back(i);
      continue;
    }
    for (char32_t cp : DecodeUtf8(inlines[i].text)) {
      all.push_back(cp);
      owner.push_back(i);
    }
  }
  std::vector<bool> keep(all.size(), true);
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k] != U' ') continue;
    char32_t prev = k > 0 ? all[k - 1] : U'\n';
    char32_t next = k + 1 < all.size() ? all[k + 1] : U'\n';
    if (prev == U'\n' || next == U'\n' || prev == U' ' || IsWideForSpacing(prev) ||
        IsWideForSpacing(next)) {
      keep[k] = false;
    }
  }
  for (Inline& in : inlines) {
    if (in.kind != Inline::Kind::kLineBreak) in.text.clear();
  }
  for (size_t k = 0; k < all.size(); ++k) {
    if (keep[k] && all[k] != U'\n') inlines[owner[k]].text += EncodeUtf8(all[k]);
  }
  std::erase_if(inlines, [](const Inline& in) {
    return in.kind != Inline::Kind::kLineBreak && in.text.empty();
  });
}

// An address a link may lead to: http(s)://host… or mailto:someone@…, printable ASCII without
// spaces, quotes or angle brackets.
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

// <ruby>base<rt>annotation</rt></ruby>: text, then one <rt> of text, both not blank.
void Reader::ReadRuby(const XMLElement* element, Inlines& out) {
  std::string base, annotation;
  int rts = 0;
  for (const XMLNode* node = element->FirstChild(); node; node = node->NextSibling()) {
    if (const tinyxml2::XMLText* t = node->ToText()) {
      if (rts > 0 && std::string_view(t->Value()).find_first_not_of(" \t\r\n") != std::string_view::npos) {
        Error(Loc(element), "<ruby> holds its base text, then one <rt>; no text after the <rt>");
      }
      if (rts == 0) base += t->Value();
      continue;
    }
    const XMLElement* child = node->ToElement();
    if (child == nullptr) continue;  // comments
    std::string name = child->Value();
    if (name != "rt") {
      Error(Loc(child), "<ruby> holds its base text and one <rt>, not <" + Shown(name) + ">");
      continue;
    }
    CheckAttributes(child, {});
    if (++rts > 1) {
      Error(Loc(child), "<ruby> has one <rt>; write one <ruby> per annotated group");
      continue;
    }
    Inlines rt;
    ReadInlineChildren(child, Inline::Kind::kText, /*allow_markup=*/false, rt);
    for (const Inline& in : rt) annotation += in.text;
  }
  auto trim = [](std::string s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  base = trim(base);
  annotation = trim(annotation);
  if (base.empty()) Error(Loc(element), "<ruby> needs the base text the annotation is for");
  if (rts == 0 || annotation.empty()) {
    Error(Loc(element), "<ruby> needs an <rt> with the annotation, e.g. <ruby>芯片<rt>xīnpiàn</rt></ruby>");
  }
  Inline in{Inline::Kind::kRuby, base, Loc(element), {}, {}};
  in.ruby = annotation;
  out.push_back(std::move(in));
}

void Reader::ReadInlineChildren(const XMLElement* element, Inline::Kind kind, bool allow_markup,
                                Inlines& out) {
  for (const XMLNode* node = element->FirstChild(); node; node = node->NextSibling()) {
    if (const tinyxml2::XMLText* t = node->ToText()) {
      out.push_back({kind, t->Value(), SourceLoc{file_, node->GetLineNum(), 0}, {}, {}});
      continue;
    }
    const XMLElement* child = node->ToElement();
    if (child == nullptr) continue;  // comments
    std::string name = child->Value();
    if (!allow_markup) {
      Error(Loc(child),
            "<" + std::string(element->Value()) + "> holds only text, not <" + Shown(name) + ">");
      continue;
    }
    if (name == "a") {
      CheckAttributes(child, {"href"});
    } else {
      CheckAttributes(child, {});
    }
    if (name == "br") {
      if (child->FirstChild()) Error(Loc(child), "<br/> must be empty");
      out.push_back({Inline::Kind::kLineBreak, "", Loc(child), {}, {}});
    } else if (name == "ruby") {
      ReadRuby(child, out);
    } else if (name == "a") {
      const char* href = RequiredAttribute(child, "href");
      size_t first = out.size();
      ReadInlineChildren(child, Inline::Kind::kLink, /*allow_markup=*/false, out);
      if (first == out.size()) Error(Loc(child), "<a> needs the text that carries the link");
      if (href != nullptr) {
        if (!IsLinkAddress(href)) {
          Error(AttrLoc(child, "href"),
                "href must be an absolute http, https or mailto address (ASCII, no spaces), not '" +
                    Shown(href) + "'");
        }
        for (size_t k = first; k < out.size(); ++k) out[k].href = href;
      }
    } else if (name == "dateline" || name == "byline" || name == "em" || name == "tcy" ||
               name == "dots" || name == "nobr") {
      Inline::Kind child_kind = name == "dateline" ? Inline::Kind::kDateline
                                : name == "byline" ? Inline::Kind::kByline
                                : name == "tcy"    ? Inline::Kind::kTcy
                                : name == "dots"   ? Inline::Kind::kDots
                                : name == "nobr"   ? Inline::Kind::kNoBreak
                                                   : Inline::Kind::kEmphasis;
      ReadInlineChildren(child, child_kind, /*allow_markup=*/false, out);
    } else {
      UnknownElement(child, element,
                     {"dateline", "byline", "em", "tcy", "dots", "nobr", "ruby", "a", "br"});
    }
  }
}

Inlines Reader::ReadInlines(const XMLElement* element, bool allow_markup) {
  Inlines inlines;
  ReadInlineChildren(element, Inline::Kind::kText, allow_markup, inlines);
  NormalizeSpace(inlines);
  return inlines;
}

// The typography attributes an <issue>, <page> or <article> may carry (docs/issue-format.md).
void Reader::ReadTypography(const XMLElement* element, Typography& t) {
  if (const char* v = element->Attribute("kinsoku")) {
    if (layout::ParseKinsokuLevel(v)) {
      t.kinsoku = v;
    } else {
      Error(AttrLoc(element, "kinsoku"),
            "unknown kinsoku level '" + Shown(v) +
                "'; known: none basic gb strict very-loose loose ja-strict very-strict");
    }
  }
  if (const char* v = element->Attribute("punctuation")) {
    if (layout::ParsePunctuationStyle(v)) {
      t.punctuation = v;
    } else {
      Error(AttrLoc(element, "punctuation"), "unknown punctuation style '" + Shown(v) +
                                                 "'; known: mainland taiwan hongkong japanese");
    }
  }
  for (auto [name, field] :
       {std::pair{"cjk-latin-space", &t.cjk_latin_space}, std::pair{"grid", &t.grid}}) {
    const char* v = element->Attribute(name);
    if (v == nullptr) continue;
    std::string value = v;
    if (value == "on" || value == "off") {
      *field = value == "on";
    } else {
      Error(AttrLoc(element, name),
            std::string(name) + " must be on or off, not '" + Shown(value) + "'");
    }
  }
  if (const char* v = element->Attribute("tate-chu-yoko")) {
    std::string value = v;
    if (value == "2" || value == "3" || value == "off") {
      t.tate_chu_yoko = value == "off" ? 0 : value[0] - '0';
    } else {
      Error(AttrLoc(element, "tate-chu-yoko"),
            "tate-chu-yoko must be 2, 3 or off, not '" + Shown(value) + "'");
    }
  }
  for (auto [name, field] :
       {std::pair{"font-body", &t.font_body}, std::pair{"font-headline", &t.font_headline},
        std::pair{"font-kai", &t.font_kai}, std::pair{"font-sans", &t.font_sans}}) {
    const char* v = element->Attribute(name);
    if (v == nullptr) continue;
    std::string value = v;
    // A family name as fontconfig lists it; not a pattern (no list, no properties).
    bool plain = !value.empty() && value.find_first_of(",:=\\-") == std::string::npos &&
                 value.front() != ' ' && value.back() != ' ';
    if (!plain) {
      Error(AttrLoc(element, name),
            std::string(name) +
                " must name one font family as fc-list shows it (e.g. 'Noto Serif "
                "CJK SC'), not '" +
                Shown(value) + "'");
    } else {
      *field = Typography::Family{value, AttrLoc(element, name)};
    }
  }
  if (const char* v = element->Attribute("indent")) {
    char* end = nullptr;
    double value = strtod(v, &end);
    if (end == v || *end != '\0' || !std::isfinite(value) || value < 0 || value > 10) {
      Error(AttrLoc(element, "indent"),
            "indent must be a number of ems from 0 to 10, not '" + Shown(v) + "'");
    } else {
      t.indent_em = value;
    }
  }
}

void Reader::ReadPublication(const XMLElement* element, Publication& pub) {
  CheckAttributes(element, {});
  CheckStructure(element,
                 {"name", "supervisor", "publisher", "cn", "issn", "postal-code", "url", "brand"},
                 "each field of the publication has its element, e.g. <name>");
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name != "sponsor" && child != element->FirstChildElement(name.c_str())) continue;
    CheckAttributes(child, {});
    std::string value = PlainElementText(child);
    if (name == "name") {
      pub.name = value;
    } else if (name == "supervisor") {
      pub.supervisor = value;
    } else if (name == "sponsor") {
      pub.sponsors.push_back(value);
    } else if (name == "publisher") {
      pub.publisher = value;
    } else if (name == "cn") {
      pub.cn_number = value;
    } else if (name == "issn") {
      pub.issn = value;
    } else if (name == "postal-code") {
      pub.postal_code = value;
    } else if (name == "url") {
      // Printed in the masthead and made a link in the PDF and the EPUB, which must be valid.
      if (!IsLinkAddress(value) || value.rfind("mailto:", 0) == 0) {
        Error(Loc(child), "<url> must be an absolute http or https address (ASCII, no spaces), "
                          "not '" + Shown(value) + "'");
      } else {
        pub.url = value;
      }
    } else if (name == "brand") {
      pub.brand = value;
    } else {
      UnknownElement(child, element,
                     {"name", "supervisor", "sponsor", "publisher", "cn", "issn", "postal-code",
                      "url", "brand"});
    }
  }
  if (pub.name.empty()) Error(Loc(element), "<publication> needs a <name>");
}

void Reader::ReadDate(const XMLElement* element, Issue& issue) {
  CheckAttributes(element, {"weekday"});
  std::string value = PlainElementText(element);
  Date date;
  // Exactly YYYY-MM-DD: sscanf alone would also take signs and spaces ("+202-+1-+1").
  bool iso = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
             std::all_of(value.begin(), value.end(),
                         [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!iso || sscanf(value.c_str(), "%4d-%2d-%2d", &date.year, &date.month, &date.day) != 3) {
    Error(Loc(element), "<date> must be an ISO date like 2020-12-30, not '" + Shown(value) + "'");
    return;
  }
  if (!IsValidDate(date)) {
    Error(Loc(element), "the date " + value + " does not exist");
    return;
  }
  issue.date = date;
  if (const char* weekday = element->Attribute("weekday")) {
    if (ChineseWeekday(date) != weekday) {
      Error(AttrLoc(element, "weekday"), "weekday '" + Shown(weekday) + "' does not match " +
                                             value + ", which is a " + ChineseWeekday(date));
    }
  }
}

Block Reader::ReadInlineBlock(const XMLElement* element, Block::Kind kind) {
  CheckAttributes(element, {});
  Block block;
  block.kind = kind;
  block.loc = Loc(element);
  block.inlines = ReadInlines(element, /*allow_markup=*/true);
  if (block.inlines.empty()) {
    Error(block.loc, std::string("<") + element->Value() + "> is empty");
  }
  return block;
}

void Reader::ReadBody(const XMLElement* element, std::vector<Block>& blocks, bool in_sidebar) {
  CheckStructure(element, {}, "put it in a <p>");
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name == "p") {
      blocks.push_back(ReadInlineBlock(child, Block::Kind::kParagraph));
    } else if (name == "subhead") {
      blocks.push_back(ReadInlineBlock(child, Block::Kind::kSubhead));
    } else if (name == "quote") {
      blocks.push_back(ReadInlineBlock(child, Block::Kind::kQuote));
    } else if (name == "list") {
      CheckAttributes(child, {});
      CheckStructure(child, {}, "put it in an <item>");
      Block list;
      list.kind = Block::Kind::kList;
      list.loc = Loc(child);
      for (const XMLElement* item = child->FirstChildElement(); item;
           item = item->NextSiblingElement()) {
        if (std::string(item->Value()) == "item") {
          list.children.push_back(ReadInlineBlock(item, Block::Kind::kListItem));
        } else {
          UnknownElement(item, child, {"item"});
        }
      }
      if (list.children.empty()) Error(list.loc, "<list> needs at least one <item>");
      blocks.push_back(std::move(list));
    } else if (name == "sidebar" && !in_sidebar) {
      CheckAttributes(child, {});
      Block sidebar;
      sidebar.kind = Block::Kind::kSidebar;
      sidebar.loc = Loc(child);
      const XMLElement* title = child->FirstChildElement("title");
      if (title) {
        CheckAttributes(title, {});
        sidebar.inlines = ReadInlines(title, /*allow_markup=*/true);
      }
      // The sidebar's other children are body blocks; ReadBody skips the title.
      for (const XMLElement* c = child->FirstChildElement(); c; c = c->NextSiblingElement()) {
        if (c == title) continue;
        if (std::string(c->Value()) == "title") {
          Error(Loc(c), "<sidebar> has more than one <title>");
        }
      }
      ReadBody(child, sidebar.children, /*in_sidebar=*/true);
      if (sidebar.children.empty()) Error(sidebar.loc, "<sidebar> is empty");
      blocks.push_back(std::move(sidebar));
    } else if (name == "title" && in_sidebar) {
      continue;  // read by the sidebar itself
    } else if (name == "signature") {
      CheckAttributes(child, {});
      CheckStructure(child, {}, "put it in a <line>");
      Block signature;
      signature.kind = Block::Kind::kSignature;
      signature.loc = Loc(child);
      for (const XMLElement* line = child->FirstChildElement(); line;
           line = line->NextSiblingElement()) {
        if (std::string(line->Value()) == "line") {
          signature.children.push_back(ReadInlineBlock(line, Block::Kind::kSignatureLine));
        } else {
          UnknownElement(line, child, {"line"});
        }
      }
      if (signature.children.empty()) Error(signature.loc, "<signature> needs a <line>");
      blocks.push_back(std::move(signature));
    } else if (name == "figure" && !in_sidebar) {
      blocks.push_back(ReadFigure(child));
    } else if (in_sidebar) {
      UnknownElement(child, element, {"title", "p", "subhead", "quote", "list", "signature"});
    } else {
      UnknownElement(child, element,
                     {"p", "subhead", "quote", "list", "sidebar", "signature", "figure"});
    }
  }
}

// Font sizes by their Chinese names (号), as newsrooms give them.
std::optional<double> ChineseFontSize(std::string_view name) {
  static const std::pair<const char*, double> kSizes[] = {
      {"初号", 42}, {"小初", 36},  {"一号", 26},  {"小一", 24}, {"二号", 22},  {"小二", 18},
      {"三号", 16}, {"小三", 15},  {"四号", 14},  {"小四", 12}, {"五号", 10.5}, {"小五", 9},
      {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5}, {"八号", 5}};
  for (const auto& [n, pt] : kSizes) {
    if (name == n) return pt;
  }
  return std::nullopt;
}

// A length: a number with mm, cm or pt (or, for a font size, a 号 name such as 小五), between
// min_pt and max_pt.
std::optional<double> Reader::LengthAttribute(const XMLElement* element, const char* name,
                                              double min_pt, double max_pt, bool font_size) {
  const char* value = element->Attribute(name);
  if (value == nullptr) return std::nullopt;
  std::string_view v(value);
  std::optional<double> pt;
  std::string_view shown_unit = "pt";  // the unit of the range in a message: the value's own
  double shown_factor = 1;
  if (font_size) pt = ChineseFontSize(v);
  if (!pt) {
    static const std::pair<std::string_view, double> kUnits[] = {
        {"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"pt", 1}};
    for (const auto& [unit, factor] : kUnits) {
      if (v.size() <= unit.size() || v.substr(v.size() - unit.size()) != unit) continue;
      shown_unit = unit;
      shown_factor = factor;
      std::string_view number = v.substr(0, v.size() - unit.size());
      double x = 0;
      auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
      if (ec == std::errc() && ptr == number.data() + number.size() && std::isfinite(x) &&
          number.find_first_not_of("0123456789.") == std::string_view::npos) {
        pt = x * factor;
      }
    }
  }
  auto format = [](double x) {
    char buffer[32];
    snprintf(buffer, sizeof buffer, "%g", std::round(x * 100) / 100);
    return std::string(buffer);
  };
  if (!pt) {
    Error(AttrLoc(element, name),
          std::string("attribute '") + name + "' must be a length such as 10mm, 1.5cm or 28pt" +
              (font_size ? " or a size such as 五号 or 小五" : "") + ", not '" + Shown(v) + "'");
    return std::nullopt;
  }
  if (*pt < min_pt - 1e-9 || *pt > max_pt + 1e-9) {
    std::string unit(shown_unit);
    Error(AttrLoc(element, name), std::string("attribute '") + name + "' must be from " +
                                      format(min_pt / shown_factor) + unit + " to " +
                                      format(max_pt / shown_factor) + unit + ", not " + Shown(v));
    return std::nullopt;
  }
  return pt;
}

std::optional<PageTemplate> Reader::ReadTemplate(const std::string& name) {
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  const XMLElement* root = Parse(doc, "template");
  if (root == nullptr) return std::nullopt;
  PageTemplate t;
  t.name = name;
  t.loc = Loc(root);
  CheckAttributes(root, {"name"});
  if (const char* given = root->Attribute("name"); given && given != name) {
    Error(AttrLoc(root, "name"), "the template in " + name + ".xml calls itself '" +
                                     Shown(given) + "'; the name is the file's");
  }
  CheckStructure(root, {"page-size", "margins", "grid", "print"},
                 "a template says everything in attributes");
  constexpr double kMm = 72 / 25.4;
  for (const XMLElement* child = root->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string element = child->Value();
    if (child != root->FirstChildElement(element.c_str())) continue;  // a second: reported
    CheckStructure(child, {}, "a template says everything in attributes");
    if (element == "page-size") {
      CheckAttributes(child, {"width", "height"});
      if (!child->Attribute("width") || !child->Attribute("height")) {
        Error(Loc(child), "<page-size> needs the attributes 'width' and 'height'");
      }
      if (auto w = LengthAttribute(child, "width", 50 * kMm, 1500 * kMm, false)) t.width_pt = *w;
      if (auto h = LengthAttribute(child, "height", 50 * kMm, 1500 * kMm, false)) t.height_pt = *h;
    } else if (element == "margins") {
      CheckAttributes(child, {"top", "bottom", "inner", "outer"});
      for (auto [attribute, field] :
           {std::pair{"top", &t.margin_top_pt}, std::pair{"bottom", &t.margin_bottom_pt},
            std::pair{"inner", &t.margin_inner_pt}, std::pair{"outer", &t.margin_outer_pt}}) {
        if (auto m = LengthAttribute(child, attribute, 0, 100 * kMm, false)) *field = *m;
      }
    } else if (element == "grid") {
      CheckAttributes(child, {"columns", "bands", "body-size", "line-pitch"});
      if (auto c = IntAttribute(child, "columns", false, 1)) {
        if (*c > 20) {
          Error(AttrLoc(child, "columns"), "at most 20 columns, not " + std::to_string(*c));
        } else {
          t.columns = *c;
        }
      }
      if (auto b = IntAttribute(child, "bands", false, 1)) {
        if (*b > 12) {
          Error(AttrLoc(child, "bands"), "at most 12 bands, not " + std::to_string(*b));
        } else {
          t.bands = *b;
        }
      }
      if (auto size = LengthAttribute(child, "body-size", 5, 24, true)) t.body_size_pt = *size;
      if (const char* pitch = child->Attribute("line-pitch")) {
        double x = 0;
        std::string_view v(pitch);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        if (ec != std::errc() || ptr != v.data() + v.size() || !(x >= 1 && x <= 3)) {
          Error(AttrLoc(child, "line-pitch"),
                "attribute 'line-pitch' must be a number of ems from 1 to 3, not '" + Shown(v) +
                    "'");
        } else {
          t.line_pitch = x;
        }
      }
    } else if (element == "print") {
      CheckAttributes(child, {"bleed", "marks"});
      if (auto bleed = LengthAttribute(child, "bleed", 0, 20 * kMm, false)) {
        t.bleed_mm = *bleed / kMm;
      }
      if (const char* marks = child->Attribute("marks")) {
        std::string_view m(marks);
        if (m == "on" || m == "off") {
          t.marks = m == "on";
        } else {
          Error(AttrLoc(child, "marks"), "attribute 'marks' must be on or off, not '" +
                                             Shown(m) + "'");
        }
      }
    } else {
      UnknownElement(child, root, {"page-size", "margins", "grid", "print"});
    }
  }
  // The live area must hold at least a few characters on every column and band.
  double live_width = t.width_pt - t.margin_inner_pt - t.margin_outer_pt;
  double live_height = t.height_pt - t.margin_top_pt - t.margin_bottom_pt;
  if (live_width < t.columns * 4 * t.body_size_pt || live_height < 20 * t.body_size_pt) {
    Error(t.loc, "the margins leave too little room: " + std::to_string(t.columns) +
                     " columns need at least 4 characters each, and a page at least 20 lines");
  }
  if (errors_ > 0) return std::nullopt;
  return t;
}

std::optional<PageTemplate> Reader::TemplateAttribute(const XMLElement* element) {
  const char* value = element->Attribute("template");
  if (value == nullptr) return std::nullopt;
  std::string name = value;
  bool valid = !name.empty() && name.size() <= 64 &&
               std::all_of(name.begin(), name.end(), [](char c) {
                 return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
               });
  if (!valid) {
    Error(AttrLoc(element, "template"),
          "template name '" + Shown(name) +
              "' must be lower-case ASCII letters, digits, '-' or '_' (it names the file "
              "templates/NAME.xml)");
    return std::nullopt;
  }
  auto cached = templates_.find(name);
  if (cached != templates_.end()) return cached->second;
  // templates/ beside the issue, then one folder up: a paper's issues share them.
  std::filesystem::path base = std::filesystem::path(file_).parent_path();
  std::vector<std::filesystem::path> candidates = {base / "templates" / (name + ".xml"),
                                                   base / ".." / "templates" / (name + ".xml")};
  std::optional<PageTemplate> result;
  bool found = false;
  for (const std::filesystem::path& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    found = true;
    std::string shown = path.lexically_normal().string();
    // Like figures, a symbolic link is followed only where it stays inside: a template beside
    // the issue inside the issue's folder, a shared one inside the real templates folder one up
    // (a templates folder that is itself a link out is refused too).
    std::filesystem::path real = std::filesystem::canonical(path, ec);
    std::filesystem::path inside =
        &path == &candidates[0]
            ? std::filesystem::canonical(base.empty() ? "." : base, ec)
            : std::filesystem::canonical(base / "..", ec) / "templates";
    if (ec || std::mismatch(inside.begin(), inside.end(), real.begin(), real.end()).first !=
                  inside.end()) {
      Error(AttrLoc(element, "template"),
            "the template " + shown +
                " is a symbolic link (or in a folder that is one) that leads out of " +
                (&path == &candidates[0] ? "the issue's folder" : "the shared templates folder") +
                "; templates must be inside it");
      break;
    }
    if (std::filesystem::file_size(real, ec) > (1u << 20) || ec) {
      Error(AttrLoc(element, "template"),
            "the template " + shown + " is over 1 MB or unreadable; a template is a small file");
      break;
    }
    std::ifstream in(real, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      Error(AttrLoc(element, "template"), "cannot read the template " + shown);
      break;
    }
    std::string bytes = text.str();
    std::string_view body(bytes);
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    // What a file that is not a template says is not shown: its names and lines are its content,
    // and nothing of a file the source did not mean to give may be printed.
    Diagnostics template_diagnostics;
    Reader reader(body, shown, template_diagnostics);
    result = reader.ReadTemplate(name);
    if (reader.scanned_root() == "template") {
      for (const Diagnostic& d : template_diagnostics.all()) diagnostics_.Add(d);
      errors_ += reader.errors();
    } else if (reader.errors() > 0) {
      Error(AttrLoc(element, "template"),
            "the template " + shown +
                " is not a page template (an XML file whose root element is <template>); "
                "nothing of it is shown");
    }
    break;
  }
  if (!found) {
    Error(AttrLoc(element, "template"),
          "unknown template '" + name + "': there is no " +
              candidates[0].lexically_normal().string() + " nor " +
              candidates[1].lexically_normal().string());
  }
  templates_[name] = result;
  return result;
}

// <figure src="photo.jpg" alt="…"><caption>…</caption><credit>…</credit></figure>: the image is
// checked here (inside the issue's folder, the type its extension says, its size read), so that
// `paiban check` finds every bad image without laying anything out.
Block Reader::ReadFigure(const XMLElement* element) {
  CheckAttributes(element, {"src", "alt"});
  Block figure;
  figure.kind = Block::Kind::kFigure;
  figure.loc = Loc(element);
  const char* src = element->Attribute("src");
  const char* alt = element->Attribute("alt");
  if (src == nullptr) {
    Error(figure.loc, "<figure> needs the attribute 'src' (the image file, relative to the "
                      "issue's folder)");
  } else {
    Image image;
    std::string base = std::filesystem::path(file_).parent_path().string();
    std::string problem = LocateImage(base, src, image);
    if (problem.empty()) {
      figure.image = std::move(image);
    } else {
      Error(AttrLoc(element, "src"), problem);
    }
  }
  if (alt == nullptr) {
    Error(figure.loc, "<figure> needs the attribute 'alt': what the image shows, for readers "
                      "who cannot see it (alt=\"\" only for a purely decorative image)");
  } else {
    Inlines alt_text{{Inline::Kind::kText, alt, figure.loc, {}, {}}};
    NormalizeSpace(alt_text);
    figure.alt = PlainText(alt_text);
  }
  CheckStructure(element, {}, "a figure's text goes in <caption> or <credit>");
  int captions = 0, credits = 0;
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name == "caption") {
      CheckAttributes(child, {});
      if (captions++ > 0) {
        Error(Loc(child), "<figure> has more than one <caption>");
        continue;
      }
      figure.inlines = ReadInlines(child, /*allow_markup=*/true);
      if (figure.inlines.empty()) Error(Loc(child), "<caption> is empty");
    } else if (name == "credit") {
      CheckAttributes(child, {});
      if (credits++ > 0) {
        Error(Loc(child), "<figure> has more than one <credit>");
        continue;
      }
      figure.credit = ReadInlines(child, /*allow_markup=*/false);
      if (figure.credit.empty()) Error(Loc(child), "<credit> is empty");
    } else {
      UnknownElement(child, element, {"caption", "credit"});
    }
  }
  return figure;
}

std::optional<ArticleKind> ParseArticleKind(const std::string& value) {
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

void Reader::ReadArticle(const XMLElement* element, Article& article) {
  CheckAttributes(element, {"id", "kind", "columns", "rows", "place", "writing-mode", "kinsoku",
                            "punctuation", "cjk-latin-space", "tate-chu-yoko", "indent", "grid",
                            "font-body", "font-headline", "font-kai", "font-sans"});
  article.loc = Loc(element);
  article.writing_mode = WritingModeAttribute(element);
  if (article.writing_mode) article.writing_mode_loc = AttrLoc(element, "writing-mode");
  article.rows = IntAttribute(element, "rows", /*required=*/false, 3);
  if (const char* place = element->Attribute("place")) {
    if (std::string_view(place) == "ear") {
      article.ear = true;
    } else {
      Error(AttrLoc(element, "place"),
            "unknown place '" + Shown(place) + "'; known: ear (the box beside the nameplate)");
    }
  }
  if (const char* columns = element->Attribute("columns")) {
    // "N" or "N-M": grid columns counted from 1 in reading order.
    std::string_view sv(columns);
    int first = 0, last = 0;
    auto [p1, e1] = std::from_chars(sv.data(), sv.data() + sv.size(), first);
    const char* end = sv.data() + sv.size();
    bool ok = e1 == std::errc() && p1 != sv.data();
    if (ok && p1 != end) {
      auto [p2, e2] = *p1 == '-' ? std::from_chars(p1 + 1, end, last)
                                 : std::from_chars_result{p1, std::errc::invalid_argument};
      ok = e2 == std::errc() && p2 == end && p2 != p1 + 1;
    } else {
      last = first;
    }
    if (!ok || first < 1 || last < first) {
      Error(AttrLoc(element, "columns"),
            "attribute 'columns' must be a column number or a range of columns such as '2-5' "
            "(from 1, first not after last), not '" +
                Shown(columns) + "'");
    } else {
      article.columns = Article::Columns{first, last, AttrLoc(element, "columns")};
    }
  }
  ReadTypography(element, article.typography);
  if (const char* id = RequiredAttribute(element, "id")) {
    article.id = id;
    bool valid = !article.id.empty() &&
                 std::all_of(article.id.begin(), article.id.end(),
                             [](char c) {
                               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                      (c >= '0' && c <= '9') || c == '-' || c == '_';
                             }) &&
                 ((article.id[0] >= 'a' && article.id[0] <= 'z') ||
                  (article.id[0] >= 'A' && article.id[0] <= 'Z'));
    if (!valid) {
      Error(AttrLoc(element, "id"), "article id '" + Shown(article.id) +
                                        "' must be ASCII letters, digits, '-' or '_', starting "
                                        "with a letter");
    } else if (article.id.size() > kMaxIdLength) {
      Error(AttrLoc(element, "id"), "article id '" + Shown(article.id) + "' has " +
                                        std::to_string(article.id.size()) +
                                        " characters; an id has at most " +
                                        std::to_string(kMaxIdLength));
    } else if (!article_ids_.insert(article.id).second) {
      Error(AttrLoc(element, "id"), "duplicate article id '" + Shown(article.id) + "'");
    }
  }
  if (const char* kind = element->Attribute("kind")) {
    if (auto parsed = ParseArticleKind(kind)) {
      article.kind = *parsed;
    } else {
      Error(AttrLoc(element, "kind"),
            "unknown article kind '" + Shown(kind) +
                "'; known: news editorial commentary notice brief photo-story");
    }
  }
  CheckStructure(element, {"kicker", "headline", "subheadline", "body", "continues"},
                 "an article's text goes in <headline>, <body> and the like");
  bool has_body = false;
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (child != element->FirstChildElement(name.c_str())) continue;  // reported as a second one
    if (name == "kicker" || name == "headline" || name == "subheadline") {
      CheckAttributes(child, {});
      Inlines inlines = ReadInlines(child, /*allow_markup=*/true);
      (name == "kicker"     ? article.kicker
       : name == "headline" ? article.headline
                            : article.subheadline) = inlines;
    } else if (name == "body") {
      CheckAttributes(child, {});
      has_body = true;
      ReadBody(child, article.blocks, /*in_sidebar=*/false);
    } else if (name == "continues") {
      CheckAttributes(child, {"page"});
      CheckStructure(child, {}, "<continues/> is empty: the compiler prints the jump line");
      article.continues_on_page = IntAttribute(child, "page", /*required=*/true, 1);
    } else {
      UnknownElement(child, element, {"kicker", "headline", "subheadline", "body", "continues"});
    }
  }
  if (article.headline.empty()) Error(article.loc, "<article> needs a <headline>");
  if (!has_body || article.blocks.empty()) Error(article.loc, "<article> needs a <body> with text");
}

std::optional<WritingMode> Reader::WritingModeAttribute(const XMLElement* element) {
  const char* mode = element->Attribute("writing-mode");
  if (mode == nullptr) return std::nullopt;
  std::string value = mode;
  if (value == "horizontal") return WritingMode::kHorizontal;
  if (value == "vertical") return WritingMode::kVertical;
  Error(AttrLoc(element, "writing-mode"),
        "unknown writing mode '" + Shown(value) + "'; known: horizontal vertical");
  return std::nullopt;
}

void Reader::ReadPage(const XMLElement* element, Issue& issue) {
  CheckAttributes(element, {"number", "section", "template", "writing-mode", "kinsoku",
                            "punctuation", "cjk-latin-space", "tate-chu-yoko", "indent", "grid",
                            "font-body", "font-headline", "font-kai", "font-sans"});
  Page page;
  page.loc = Loc(element);
  page.writing_mode = WritingModeAttribute(element);
  page.page_template = TemplateAttribute(element);
  ReadTypography(element, page.typography);
  if (auto number = IntAttribute(element, "number", /*required=*/true, 1)) page.number = *number;
  if (const char* section = element->Attribute("section")) page.section = section;
  CheckStructure(element, {}, "a page's text goes in its <article> elements");
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    if (std::string(child->Value()) == "article") {
      Article article;
      ReadArticle(child, article);
      page.articles.push_back(std::move(article));
    } else {
      UnknownElement(child, element, {"article"});
    }
  }
  if (page.articles.empty()) Error(page.loc, "<page> needs at least one <article>");
  issue.pages.push_back(std::move(page));
}

bool Reader::MapElements(const XMLDocument& doc) {
  // Pre-order walk without recursion: down to the first child, else on to the next sibling of the
  // nearest ancestor that has one.
  size_t index = 0;
  const XMLElement* element = doc.FirstChildElement();
  while (element != nullptr) {
    if (index >= tags_.size()) return false;
    tag_of_[element] = index++;
    if (const XMLElement* child = element->FirstChildElement()) {
      element = child;
      continue;
    }
    while (element != nullptr && element->NextSiblingElement() == nullptr) {
      const XMLNode* parent = element->Parent();
      element = parent ? parent->ToElement() : nullptr;
    }
    if (element != nullptr) element = element->NextSiblingElement();
  }
  return index == tags_.size();
}

const XMLElement* Reader::Parse(XMLDocument& doc, const char* root_name) {
  ByteProblem problem = CheckBytes(text_);
  if (problem.offset != std::string::npos) {
    if (problem.show_line) {
      ErrorAt(problem.offset, problem.message);
    } else {
      auto [line, col] = lines_.At(problem.offset);
      diagnostics_.Error(SourceLoc{file_, line, col}, problem.message);
      ++errors_;
    }
    return nullptr;
  }
  if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
    Error(SourceLoc{file_, 1, 1},
          std::string("the file is empty; expected an <") + root_name + "> document");
    return nullptr;
  }
  MarkupScanner scanner(text_, lines_, file_, root_name,
                        [this](size_t offset, std::string message) { ErrorAt(offset, message); });
  std::optional<std::vector<StartTag>> tags = scanner.Scan();
  scanned_root_ = scanner.root();
  if (!tags) return nullptr;
  tags_ = std::move(*tags);

  doc.Parse(text_.data(), text_.size());
  if (doc.Error()) {
    Error(SourceLoc{file_, doc.ErrorLineNum(), 0},
          std::string("malformed XML: ") + XmlErrorMessage(doc.ErrorID()));
    return nullptr;
  }
  // Should tinyxml2 ever see the elements differently from the scanner, locations fall back to
  // its lines (column unknown) rather than pointing at the wrong tag.
  if (!MapElements(doc)) tag_of_.clear();
  const XMLElement* root = doc.RootElement();
  if (root == nullptr || std::string(root->Value()) != root_name) {
    Error(root ? Loc(root) : SourceLoc{file_, 1, 1},
          std::string("the root element must be <") + root_name + ">, not <" +
              Shown(root ? root->Value() : "") + ">");
    return nullptr;
  }
  return root;
}

std::optional<Issue> Reader::Read() {
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  const XMLElement* root = Parse(doc, "issue");
  if (root == nullptr) return std::nullopt;
  Issue issue;
  issue.loc = Loc(root);
  CheckAttributes(root, {"id", "lang", "writing-mode", "template", "kinsoku", "punctuation",
                         "cjk-latin-space", "tate-chu-yoko", "indent", "grid", "font-body",
                         "font-headline", "font-kai", "font-sans"});
  issue.page_template = TemplateAttribute(root);
  ReadTypography(root, issue.typography);
  if (const char* id = RequiredAttribute(root, "id")) {
    issue.id = id;
    bool valid = !issue.id.empty() && issue.id[0] != '.' &&
                 std::all_of(issue.id.begin(), issue.id.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                 });
    if (!valid) {
      Error(AttrLoc(root, "id"), "issue id '" + Shown(issue.id) +
                                     "' must be ASCII letters, digits, '-', '_' or '.' (it names "
                                     "the output files)");
    } else if (issue.id.size() > kMaxIdLength) {
      Error(AttrLoc(root, "id"), "issue id '" + Shown(issue.id) + "' has " +
                                     std::to_string(issue.id.size()) +
                                     " characters; an id has at most " +
                                     std::to_string(kMaxIdLength) +
                                     " (it names the output files, whose names the file system "
                                     "limits)");
    }
  }
  if (const char* lang = root->Attribute("lang")) {
    std::string value = lang;
    if (value != "zh-Hans" && value != "zh-Hant" && value != "ja") {
      Error(AttrLoc(root, "lang"),
            "unknown language '" + Shown(value) + "'; known: zh-Hans zh-Hant ja");
    } else {
      issue.language = value;
    }
  }
  if (auto mode = WritingModeAttribute(root)) issue.writing_mode = *mode;
  CheckStructure(root, {"publication", "date", "numbering"},
                 "an issue's text goes in its <page> elements");
  bool has_publication = false, has_date = false, has_numbering = false;
  for (const XMLElement* child = root->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name != "page" && child != root->FirstChildElement(name.c_str())) continue;  // a second
    if (name == "publication") {
      has_publication = true;
      ReadPublication(child, issue.publication);
    } else if (name == "date") {
      has_date = true;
      ReadDate(child, issue);
    } else if (name == "numbering") {
      has_numbering = true;
      CheckAttributes(child, {"issue", "cumulative", "pages"});
      CheckStructure(child, {}, "<numbering/> is empty: its attributes say it all");
      issue.issue_number = IntAttribute(child, "issue", true, 1).value_or(0);
      issue.cumulative_number = IntAttribute(child, "cumulative", true, 1).value_or(0);
      issue.page_count = IntAttribute(child, "pages", true, 1).value_or(0);
    } else if (name == "page") {
      ReadPage(child, issue);
    } else {
      UnknownElement(child, root, {"publication", "date", "numbering", "page"});
    }
  }
  if (!has_publication) Error(issue.loc, "<issue> needs a <publication>");
  if (!has_date) Error(issue.loc, "<issue> needs a <date>");
  if (!has_numbering) Error(issue.loc, "<issue> needs a <numbering>");
  if (issue.pages.empty()) Error(issue.loc, "<issue> needs at least one <page>");

  // Cross-checks that need the whole issue.
  std::set<int> page_numbers;
  for (const Page& page : issue.pages) {
    if (page.number <= 0) continue;
    if (!page_numbers.insert(page.number).second) {
      Error(page.loc, "duplicate page number " + std::to_string(page.number));
    }
    if (issue.page_count > 0 && page.number > issue.page_count) {
      Error(page.loc, "page " + std::to_string(page.number) + " is beyond the issue's " +
                          std::to_string(issue.page_count) + " pages");
    }
    const PageTemplate& page_template = page.page_template    ? *page.page_template
                                        : issue.page_template ? *issue.page_template
                                                              : PageTemplate{};
    const Article* ear = nullptr;
    for (const Article& article : page.articles) {
      if (article.ear) {
        if (page.number != 1) {
          Error(article.loc, "article '" + Shown(article.id) + "' is placed in the ear, but only " +
                                 "page 1 has the nameplate and its ear; page " +
                                 std::to_string(page.number) + " has none");
        } else if (ear != nullptr) {
          Error(article.loc, "article '" + Shown(article.id) +
                                 "' is placed in the ear, which already holds article '" +
                                 Shown(ear->id) + "'");
        } else {
          ear = &article;
        }
        if (article.columns || article.rows) {
          Error(article.columns ? article.columns->loc : article.loc,
                "article '" + Shown(article.id) +
                    "' stands in the ear: it has no grid columns or rows");
        }
        if (article.continues_on_page) {
          Error(article.loc, "article '" + Shown(article.id) +
                                 "' stands in the ear: it cannot continue on another page");
        }
        if (article.writing_mode) {
          Error(article.writing_mode_loc,
                "article '" + Shown(article.id) +
                    "' stands in the ear, which is set in horizontal lines in either writing "
                    "mode: it takes no writing-mode");
        }
      }
      const WritingMode page_mode = page.writing_mode.value_or(issue.writing_mode);
      if (article.writing_mode && *article.writing_mode != page_mode &&
          article.continues_on_page) {
        Error(article.writing_mode_loc,
              "article '" + Shown(article.id) + "' is set " +
                  (page_mode == WritingMode::kVertical ? "horizontally on vertical"
                                                       : "vertically on horizontal") +
                  " page " + std::to_string(page.number) +
                  ": a block in the other writing mode is kept whole and cannot continue on "
                  "another page");
      }
      if (article.columns && article.columns->last > page_template.columns) {
        Error(article.columns->loc,
              "article '" + Shown(article.id) + "' spans columns " +
                  std::to_string(article.columns->first) + "-" +
                  std::to_string(article.columns->last) + ", but the page's template " +
                  (page_template.name.empty() ? std::string("(the built-in default)")
                                              : "'" + page_template.name + "'") +
                  " has " + std::to_string(page_template.columns) + " columns");
      }
      if (article.continues_on_page && issue.page_count > 0 &&
          *article.continues_on_page > issue.page_count) {
        Error(article.loc, "article '" + Shown(article.id) + "' continues on page " +
                               std::to_string(*article.continues_on_page) +
                               ", beyond the issue's " + std::to_string(issue.page_count) +
                               " pages");
      }
      if (article.continues_on_page) {
        // A story's rest is composed where it breaks: it continues in the same writing mode.
        for (const Page& target : issue.pages) {
          if (target.number != *article.continues_on_page) continue;
          WritingMode from = page.writing_mode.value_or(issue.writing_mode);
          WritingMode to = target.writing_mode.value_or(issue.writing_mode);
          if (from != to) {
            Error(article.loc, "article '" + Shown(article.id) + "' on page " +
                                   std::to_string(page.number) + " (" +
                                   (from == WritingMode::kVertical ? "vertical" : "horizontal") +
                                   ") cannot continue on page " + std::to_string(target.number) +
                                   " (" +
                                   (to == WritingMode::kVertical ? "vertical" : "horizontal") +
                                   "): a story continues in its writing mode");
          }
        }
      }
      if (article.continues_on_page && *article.continues_on_page <= page.number) {
        Error(article.loc, "article '" + Shown(article.id) + "' on page " +
                               std::to_string(page.number) + " cannot continue on page " +
                               std::to_string(*article.continues_on_page));
      }
    }
  }
  if (errors_ > 0) return std::nullopt;
  return issue;
}

}  // namespace

bool IsWideForSpacing(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x2014 ||
         cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x00B7;
}

std::optional<Issue> ReadIssueFromString(const std::string& text, const std::string& file_name,
                                         Diagnostics& diagnostics) {
  // A UTF-8 byte order mark is accepted and skipped (XML allows it, and Windows editors write
  // one); columns on the first line count from the character after it, as editors show them.
  std::string_view body(text);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  Reader reader(body, file_name, diagnostics);
  return reader.Read();
}

std::optional<Issue> ReadIssueFile(const std::string& path, Diagnostics& diagnostics) {
  auto fail = [&](std::string message) {
    diagnostics.Error(SourceLoc{path, 0, 0}, std::move(message));
    return std::nullopt;
  };
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return fail("cannot open the issue source: no such file");
    }
    return fail(std::string("cannot open the issue source: ") + strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return fail("is a directory; give the issue source file (e.g. DIR/issue.xml)");
  }
  // A device or a pipe could be endless (/dev/zero) or block forever.
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file; give the issue source file");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxSourceBytes) {
    return fail("the file is " + std::to_string(st.st_size >> 20) +
                " MB; an issue source may have at most " + std::to_string(kMaxSourceBytes >> 20) +
                " MB");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(std::string("cannot open the issue source for reading") +
                (errno != 0 ? std::string(": ") + strerror(errno) : std::string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return fail("cannot read the issue source");
  return ReadIssueFromString(buffer.str(), path, diagnostics);
}

}  // namespace paiban
