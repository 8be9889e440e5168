// Kinsoku (line-breaking prohibitions), clreq §3.1.4 level "basic" — the default for zh-Hans.
// CJK-RULES.md §1 lists the classes; the other levels come with the composition engine.
#ifndef PAIBAN_LAYOUT_TEXT_KINSOKU_H_
#define PAIBAN_LAYOUT_TEXT_KINSOKU_H_

namespace paiban::layout {

// Marks that never start a line: pause/stop marks, closing quotes and brackets, connectors,
// interpuncts (and their ASCII and half-width counterparts).
bool IsLineStartProhibited(char32_t cp);

// Marks that never end a line: opening quotes, brackets and book-title marks.
bool IsLineEndProhibited(char32_t cp);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_TEXT_KINSOKU_H_
