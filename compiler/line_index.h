// Where an offset is, for diagnostics: takes a source's text and gives, for a byte offset, its
// 1-based line and column, and the text of a line. Columns count characters, not bytes, as
// editors do. Lines end at '\n'; a '\r' before it is part of no column anyone sees, so CRLF
// sources get the same lines and columns as LF ones.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_LINE_INDEX_H_
#define PAIBAN_COMPILER_LINE_INDEX_H_

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace paiban::reader {

// Line starts of a text (which must outlive the index), and offsets turned into lines and columns.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // Line and column of `offset`, counted from the line start.
  std::pair<int, int> At(size_t offset) const;
  // The same for offsets given in increasing order, in time proportional to the text once (an
  // offset before the last one is found by At).
  std::pair<int, int> AtForward(size_t offset);
  size_t line_count() const { return starts_.size(); }
  // Line `line` (1-based) without its '\n' (a '\r' before it stays).
  std::string_view Line(int line) const;

 private:
  // The characters of text_[from, to): the bytes that are not UTF-8 continuation bytes.
  size_t Chars(size_t from, size_t to) const;

  std::string_view text_;
  std::vector<size_t> starts_;
  size_t cursor_ = 0;
  size_t cursor_line_ = 1;  // the line of cursor_, 1-based
  size_t cursor_col_ = 1;
};

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_LINE_INDEX_H_
