#include "compiler/line_index.h"

#include <algorithm>

namespace paiban::reader {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

std::pair<int, int> LineIndex::At(size_t offset) const {
  offset = std::min(offset, text_.size());
  size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                    starts_.begin());
  return {static_cast<int>(line), static_cast<int>(Chars(starts_[line - 1], offset)) + 1};
}

std::pair<int, int> LineIndex::AtForward(size_t offset) {
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

std::string_view LineIndex::Line(int line) const {
  size_t start = starts_[static_cast<size_t>(line) - 1];
  size_t end = static_cast<size_t>(line) < starts_.size() ? starts_[static_cast<size_t>(line)] - 1
                                                          : text_.size();
  return text_.substr(start, end - start);
}

size_t LineIndex::Chars(size_t from, size_t to) const {
  size_t chars = 0;
  for (size_t i = from; i < to; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

}  // namespace paiban::reader
