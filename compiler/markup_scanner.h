// The reader's second stage, the markup: takes the source's text (its bytes already checked) and
// gives where every start tag and every attribute begins, in document order, or its errors. A
// small scanner of our own checks what tinyxml2 accepts silently or reports without a column —
// DOCTYPE and entity declarations (refused outright: no entity is ever expanded and no external
// file is ever opened), unknown entity references, character references to what XML forbids, end
// tags that do not match, unclosed elements, nesting depth — so that each diagnostic carries an
// exact line and column (tinyxml2 keeps only lines). It does not build a tree.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_MARKUP_SCANNER_H_
#define PAIBAN_COMPILER_MARKUP_SCANNER_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/line_index.h"
#include "model/diagnostics.h"

namespace paiban::reader {

// The format nests at most 8 deep (issue page article body sidebar list item em); anything much
// deeper is not an issue source, and refusing it early keeps every recursion shallow.
constexpr size_t kMaxDepth = 64;
// No element of the format has more than 9 attributes; tinyxml2 checks each new attribute against
// all earlier ones, so thousands on one element would take quadratic time.
constexpr size_t kMaxAttributes = 64;

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

// The markup scanner (stage 2). It reads only as much XML as it must to check what tinyxml2 does
// not, and to find start tags and attribute names. Errors go to `error(offset, message)`, with the
// byte offset they are at, in the order of the text; structural ones stop the scan, a bad
// reference does not (the next one is reported too).
class MarkupScanner {
 public:
  using ErrorSink = std::function<void(size_t, std::string)>;
  // `root_name` is the root element the file should have, for the messages; `file` names the
  // source in the locations of the start tags. `text`, `lines` (its index) and `file` must outlive
  // the scanner.
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
  // The character at text_[i], quoted for a message.
  std::string CharAt(size_t i) const;
  // "line L, column C" of `offset`, for a message that points at a second place.
  std::string Where(size_t offset) const;
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

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_MARKUP_SCANNER_H_
