// Word boundaries through ICU (the only file that includes it).
//
// ICU's word break iterator finds Chinese and Japanese words with its dictionary-based break
// engine (the CJ dictionary serves every locale, so the root locale is used) and the words of other
// scripts by UAX #29. It reads the UTF-8 text through a UText, so its boundaries are byte offsets.
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <memory>

#include "fonts/fonts.h"

namespace paiban::fonts {

void FindWordStarts(Text& text) {
  if (text.chars.empty()) return;
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UText, decltype(&utext_close)> utext(
      utext_openUTF8(nullptr, text.utf8.data(), static_cast<int64_t>(text.utf8.size()), &error),
      &utext_close);
  std::unique_ptr<UBreakIterator, decltype(&ubrk_close)> words(
      ubrk_open(UBRK_WORD, "", nullptr, 0, &error), &ubrk_close);
  if (U_SUCCESS(error)) ubrk_setUText(words.get(), utext.get(), &error);
  if (U_FAILURE(error)) {
    // ICU without its data cannot segment: every character starts a word, so a headline breaks
    // where a body line may (kinsoku still applies) instead of not at all.
    for (TextChar& c : text.chars) c.word_start = true;
    return;
  }
  size_t k = 0;
  for (int32_t b = ubrk_first(words.get()); b != UBRK_DONE; b = ubrk_next(words.get())) {
    while (k < text.chars.size() && text.chars[k].byte < static_cast<uint32_t>(b)) ++k;
    if (k == text.chars.size()) break;
    if (text.chars[k].byte == static_cast<uint32_t>(b)) text.chars[k].word_start = true;
  }
}

}  // namespace paiban::fonts
