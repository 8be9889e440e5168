// The element readers of the reader's DOM walk that more than one file calls: each takes the
// context of the source being read and an element, checks the element against what the format
// knows, reports what is unknown or missing at its own location and carries on, and gives what it
// read. reader.cc reads the issue and its pages with them; read_inlines.cc reads text with its
// inline markup, read_article.cc articles and their bodies, read_template.cc page templates.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_READ_ELEMENTS_H_
#define PAIBAN_COMPILER_READ_ELEMENTS_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "compiler/read_context.h"
#include "compiler/xml_dom.h"
#include "model/issue.h"

namespace paiban::reader {

// Applies the format's whitespace rule (docs/issue-format.md) to a whole inline sequence, whose
// runs may start or end with space: runs of white space collapse to one space, and a run next to
// a CJK character is dropped, so sources may be indented freely without spaces leaking into
// Chinese text.
void NormalizeSpace(Inlines& inlines);

// The text of `element` with its inline markup (<em>, <a href>, <ruby>, <br/> …) when
// `allow_markup`, else text only, the whitespace rule applied.
Inlines ReadInlines(ReadContext& ctx, XmlElement element, bool allow_markup);

// Text of an element that may hold only text (no child elements).
std::string PlainElementText(ReadContext& ctx, XmlElement element);

// An <article>; its id must not be in `article_ids` already (those of the issue so far), and is
// added to them.
void ReadArticle(ReadContext& ctx, XmlElement element, std::set<std::string>& article_ids,
                 Article& article);

// The templates an issue's source has named so far, by name, each read once (std::nullopt for one
// that could not be read, reported once).
using TemplateShelf = std::map<std::string, std::optional<PageTemplate>>;

// The template an <issue> or <page> names in its `template` attribute, found in templates/
// beside the issue or one folder up, read once per name.
std::optional<PageTemplate> TemplateAttribute(ReadContext& ctx, XmlElement element,
                                              TemplateShelf& templates);

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_READ_ELEMENTS_H_
