// Neutral colours in a page's content stream become grey (the print finisher's rewrite).
//
// Cairo has no grey colour space: it writes black as `0 0 0 rg`, which a press prints as
// four-colour rich black. GreyContent rewrites every `r r r rg` and `r r r RG` whose three
// components are equal as `r g` and `r G` (DeviceGray), and copies every other byte as it was.
//
// It reads the stream with PDF's own lexical rules (ISO 32000-1 §7.2 and §8.9.7): white space,
// comments (which count as white space), literal strings with nested parentheses and escapes,
// hex strings, names, dictionaries, arrays, numbers and operators, and the binary data of an
// inline image between `ID` and `EI`; so a `1 1 1 rg` inside a string, a comment or an image is
// not an operator. Only a run of exactly three numbers directly before the operator counts as
// its operands, as in the operator syntax. A hand scanner rather than qpdf's token filter: the
// filter made a token object of every glyph string and cost more than a third of a 100-page
// build.
#ifndef PAIBAN_OUTPUT_PDF_GREY_CONTENT_H_
#define PAIBAN_OUTPUT_PDF_GREY_CONTENT_H_

#include <string>
#include <string_view>

namespace paiban {

struct GreyResult {
  std::string content;       // the rewritten stream
  int colour_operators = 0;  // `rg`/`RG` with unequal components: colour that stays colour
};

GreyResult GreyContent(std::string_view content);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_PDF_GREY_CONTENT_H_
