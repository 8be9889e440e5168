// The issue-source reader: XML text → Issue, with every user error as a diagnostic.
//
// The reader is the only part that includes tinyxml2 (in compiler/xml_dom.cc); reader.cc says
// which file holds which of its stages. It reports every error it finds in one run (not only the
// first, up to 50), each at the line and column of the offending element or attribute. Errors in
// the bytes or in the XML itself stop it at the first: the rest would be echoes.
//
// What it takes from hostile or broken input (tests/bad-inputs/ pins every message):
//   - UTF-8 only. A UTF-8 byte order mark is accepted and skipped (columns count from after it);
//     UTF-16, UTF-32, another declared encoding (e.g. GBK), binary files and known file types
//     (PDF, EPUB/ZIP, PNG …) are refused by name; invalid UTF-8, NUL and other control characters
//     are refused at their line and column.
//   - No DOCTYPE, hence no entity declarations: internal entities (billion laughs) and external
//     ones (SYSTEM "file:…") are refused before anything is parsed, and no file other than the
//     source is ever opened. Of references, only &lt; &gt; &amp; &quot; &apos; and character
//     references to characters XML allows are read; any other is an error, not literal text.
//   - Elements nest at most 64 deep; deeper input is refused at once, without recursion.
//   - CRLF line endings read like LF ones, with the same lines and columns.
//   - Values quoted in messages, and source lines shown under them, are cut, so a megabyte
//     attribute gives a short message.
#ifndef PAIBAN_COMPILER_READER_H_
#define PAIBAN_COMPILER_READER_H_

#include <optional>
#include <string>

#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban {

// Parses `text`, which came from `file_name` (used in diagnostics only). Returns the issue when
// no error was reported.
std::optional<Issue> ReadIssueFromString(const std::string& text, const std::string& file_name,
                                         Diagnostics& diagnostics);

// Reads the file at `path` (a regular file of at most 64 MB, UTF-8) and parses it. A missing
// file, a folder, a device or a pipe are errors without a line.
std::optional<Issue> ReadIssueFile(const std::string& path, Diagnostics& diagnostics);

// Whether a whitespace run next to `cp` is dropped by the format's whitespace rule: CJK
// ideographs, kana, hangul and full-width punctuation take no spaces around them.
bool IsWideForSpacing(char32_t cp);

}  // namespace paiban

#endif  // PAIBAN_COMPILER_READER_H_
