// The reader's third stage, the DOM walk, in what its parts share: one source being read. Takes
// the source's text (after its byte order mark) and gives its root element once the bytes, the
// markup and tinyxml2 found nothing wrong (Parse), where each element and attribute is, and an
// error count with the diagnostics capped at kMaxErrors. The checks every element reader uses
// (attributes against the names it knows, text or a child where none belongs, numbers, lengths,
// writing modes, typography) take the context and an element and report at the element's own
// location, so that one run reports every error.
//
// Internal to compiler/ (reader.h is the reader's interface).
#ifndef PAIBAN_COMPILER_READ_CONTEXT_H_
#define PAIBAN_COMPILER_READ_CONTEXT_H_

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/line_index.h"
#include "compiler/markup_scanner.h"
#include "compiler/xml_dom.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban::reader {

// More errors than this in one source are not reported: past it they are echoes of one mistake,
// and a hostile file could otherwise print megabytes.
constexpr int kMaxErrors = 50;

class ReadContext {
 public:
  // `text` (the source after its byte order mark), `file` (its name in diagnostics) and
  // `diagnostics` must outlive the context.
  ReadContext(std::string_view text, const std::string& file, Diagnostics& diagnostics)
      : text_(text), file_(file), diagnostics_(diagnostics), lines_(text) {}

  // Bytes, markup and tinyxml2 (stages 1 and 2, then the DOM); the root element when it is
  // <root_name>, else nullptr after an error.
  XmlElement Parse(XmlDocument& doc, const char* root_name);

  const std::string& file() const { return file_; }
  int errors() const { return errors_; }
  // The name of the first element the markup scan met ("" before any): what the file claims to
  // be, even when it is broken.
  const std::string& scanned_root() const { return scanned_root_; }

  // Where `element` starts: the scanner's location, else tinyxml2's line.
  SourceLoc Loc(XmlElement element) const;
  // Where attribute `name` of `element` starts, or the element's location.
  SourceLoc AttrLoc(XmlElement element, const char* name) const;
  // Where the visible part of text node `t` starts: tinyxml2 gives the line where the node (and
  // its leading white space) starts; the column is found on the line of the first visible
  // character (0, unknown, when entity references make the source differ from the value).
  SourceLoc TextLoc(XmlText t) const;

  // Reports an error with its source line already attached, so that a line of megabytes (one
  // huge attribute value) is shown only up to a little after the caret.
  void Error(const SourceLoc& loc, std::string message);
  // The same at a byte offset of the text.
  void ErrorAt(size_t offset, std::string message);
  // Takes over the diagnostics of another source read for this one (a template), as they are,
  // and counts its `errors`.
  void Adopt(const Diagnostics& other, int errors);

 private:
  // Pairs each DOM element with its start tag, in document order.
  bool MapElements(const XmlDocument& doc);

  std::string_view text_;
  const std::string& file_;
  Diagnostics& diagnostics_;
  LineIndex lines_;
  std::vector<StartTag> tags_;
  std::unordered_map<const void*, size_t> tag_of_;  // by XmlElement::id()
  int errors_ = 0;
  std::string scanned_root_;
};

// The checks every element that holds only elements shares: text directly in it would be lost
// (an error, with `hint` saying where it belongs), and the children named in `single` may come
// once only (a second would silently replace the first).
void CheckStructure(ReadContext& ctx, XmlElement element, std::initializer_list<const char*> single,
                    const std::string& hint);

// Every attribute of `element` is one of `known`; an unknown one gets the nearest known name
// when one is close (a typo), else the whole list.
void CheckAttributes(ReadContext& ctx, XmlElement element,
                     std::initializer_list<const char*> known);

// An element of the format in the wrong place is named as such, with the elements that do
// belong there; an unknown one gets the nearest known name when one is close (a typo), else the
// whole list.
void UnknownElement(ReadContext& ctx, XmlElement element, XmlElement parent,
                    std::initializer_list<const char*> known);

// The value of attribute `name`, or nullptr after an error.
const char* RequiredAttribute(ReadContext& ctx, XmlElement element, const char* name);

// Attribute `name` as a whole number of at least `min_value`; std::nullopt when it is absent
// (an error when `required`) or after an error.
std::optional<int> IntAttribute(ReadContext& ctx, XmlElement element, const char* name,
                                bool required, int min_value);

// A length: a number with mm, cm or pt (or, for a font size, a 号 name such as 小五), between
// min_pt and max_pt; std::nullopt when it is absent or after an error.
std::optional<double> LengthAttribute(ReadContext& ctx, XmlElement element, const char* name,
                                      double min_pt, double max_pt, bool font_size);

// The writing-mode attribute of an <issue>, <page> or <article>, when it has one.
std::optional<WritingMode> WritingModeAttribute(ReadContext& ctx, XmlElement element);

// The typography attributes an <issue>, <page> or <article> may carry (docs/issue-format.md).
void ReadTypography(ReadContext& ctx, XmlElement element, Typography& t);

}  // namespace paiban::reader

#endif  // PAIBAN_COMPILER_READ_CONTEXT_H_
