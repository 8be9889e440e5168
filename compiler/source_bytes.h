// The reader's first stage, the bytes: takes a source's bytes and gives where its text starts
// (after a UTF-8 byte order mark) and what is wrong with the bytes — the encoding (UTF-16, UTF-32,
// another declared encoding, a file of a known binary kind), invalid UTF-8, control characters —
// or nothing. Also how source bytes are quoted in messages (Shown, ShownLine), which every later
// stage uses, and the UTF-8 walk they share.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_SOURCE_BYTES_H_
#define PAIBAN_COMPILER_SOURCE_BYTES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace paiban::reader {

// A diagnostic shows its source line whole up to kShownLine characters, and a longer one cut
// there (or kShownLineTail characters after the caret); when the caret stands further in than
// kShownLine, the line is not shown (its head cannot be cut without moving the caret). A value
// quoted in a message is cut after kShownValue characters.
constexpr size_t kShownLine = 160;
constexpr size_t kShownLineTail = 40;
constexpr size_t kShownValue = 40;

// Byte length of the UTF-8 sequence that starts with `c` (1 for a stray continuation byte, so a
// walk always advances).
size_t Utf8Length(unsigned char c);

// The length of the valid UTF-8 sequence at text[i] and its code point, or 0 when the bytes there
// are not UTF-8 (overlong forms, surrogates and values past U+10FFFF included).
size_t ValidUtf8At(std::string_view text, size_t i, char32_t& cp);

// ASCII letters compared without their case; other bytes as they are.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

// `value` for a message: at most kShownValue characters, control characters escaped.
std::string Shown(std::string_view value);

// `line` for display under a diagnostic whose caret is at column `col` (see kShownLine): carriage
// returns dropped, invalid UTF-8 shown as U+FFFD and control characters as their Unicode
// pictures; "" when the caret stands too far in.
std::string ShownLine(std::string_view line, int col);

// The length of the UTF-8 byte order mark `text` starts with (3), or 0. XML allows one and
// Windows editors write one; the reader skips it, so columns on the first line count from the
// character after it, as editors show them.
size_t ByteOrderMarkLength(std::string_view text);

// What is wrong with the bytes of a source before any XML is read.
struct ByteProblem {
  size_t offset = 0;
  std::string message;
  bool show_line = true;  // false when the line is not text anyone could read
};

// A file of another kind given by mistake (an output of ours, an image), named for what it is
// ("a PDF file"), or nullptr.
const char* KnownBinaryKind(std::string_view text);

// The offset of `encoding` in the XML declaration and the encoding it names, when there is one.
std::optional<std::pair<size_t, std::string>> DeclaredEncoding(std::string_view text);

// The first problem of `text` (the source after its byte order mark), or nothing when its bytes
// are UTF-8 text that XML allows.
std::optional<ByteProblem> CheckBytes(std::string_view text);

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_SOURCE_BYTES_H_
