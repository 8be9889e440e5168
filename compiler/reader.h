// The issue-source reader: XML text → Issue, with every user error as a diagnostic.
//
// This is the only file that includes tinyxml2. The reader reports every error it finds in one
// run (not only the first), each at the line and column of the offending element or attribute.
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

// Reads the file at `path` (a regular file, UTF-8) and parses it.
std::optional<Issue> ReadIssueFile(const std::string& path, Diagnostics& diagnostics);

// Whether a whitespace run next to `cp` is dropped by the format's whitespace rule: CJK
// ideographs, kana, hangul and full-width punctuation take no spaces around them.
bool IsWideForSpacing(char32_t cp);

}  // namespace paiban

#endif  // PAIBAN_COMPILER_READER_H_
