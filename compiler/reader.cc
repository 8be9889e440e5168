// The reader walks the tinyxml2 DOM once, element by element. Each element kind has a function
// that checks its attributes against the names it knows, reads its children, and reports what is
// unknown or missing at the element's own location, then carries on so that one run reports every
// error. Text goes through the format's whitespace rule (docs/issue-format.md): runs of white
// space collapse to one space, and a run next to a CJK character is dropped, so sources may be
// indented freely without spaces leaking into Chinese text.
#include "compiler/reader.h"

#include <tinyxml2.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

#include "layout/text/kinsoku.h"
#include "model/text.h"

namespace paiban {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;


// The byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return i;
    char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += len;
  }
  return std::string::npos;
}

// tinyxml2's error ids in words a newsroom editor can act on.
const char* XmlErrorMessage(tinyxml2::XMLError error) {
  switch (error) {
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "an element's start tag is broken";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "an attribute is broken (name=\"value\" expected)";
    case tinyxml2::XML_ERROR_PARSING_TEXT:
      return "text could not be read (a stray '<' or '&'?)";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "a CDATA section is not closed";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "a comment is not closed";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "the XML declaration is broken";
    case tinyxml2::XML_ERROR_PARSING_UNKNOWN:
      return "an unknown construct starting with '<!'";
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT:
      return "the document is empty";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "an end tag does not match its start tag";
    case tinyxml2::XML_ERROR_PARSING:
      return "the document ends inside an element, or has text after the root element";
    case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED:
      return "elements are nested too deeply";
    default:
      return "the document is not well-formed XML";
  }
}

SourceLoc LocAtOffset(const std::string& file, const std::string& text, size_t offset) {
  SourceLoc loc{file, 1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++loc.line;
      loc.col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++loc.col;
    }
  }
  return loc;
}

class Reader {
 public:
  Reader(const std::string& text, const std::string& file, Diagnostics& diagnostics)
      : text_(text), file_(file), diagnostics_(diagnostics) {
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        lines_.push_back(text.substr(start, i - start));
        start = i + 1;
      }
    }
  }

  std::optional<Issue> Read();

 private:
  // Where `element` starts: its line from tinyxml2 and the column of the nth "<name" on that line
  // (counting the earlier elements of the same name on the same line).
  SourceLoc Loc(const XMLNode* node) {
    SourceLoc loc{file_, node->GetLineNum(), 0};
    const XMLElement* element = node->ToElement();
    if (element == nullptr || loc.line <= 0 || static_cast<size_t>(loc.line) > lines_.size()) {
      return loc;
    }
    int nth = 0;
    for (const XMLNode* prev = element->PreviousSibling(); prev; prev = prev->PreviousSibling()) {
      if (prev->GetLineNum() == loc.line && prev->ToElement() &&
          std::string(prev->Value()) == element->Value()) {
        ++nth;
      }
    }
    const XMLNode* parent = element->Parent();
    if (parent && parent->ToElement() && parent->GetLineNum() == loc.line &&
        std::string(parent->Value()) == element->Value()) {
      ++nth;
    }
    const std::string& line = lines_[static_cast<size_t>(loc.line) - 1];
    std::string needle = std::string("<") + element->Value();
    size_t pos = line.find(needle);
    while (pos != std::string::npos && nth-- > 0) pos = line.find(needle, pos + 1);
    if (pos != std::string::npos) loc.col = static_cast<int>(DecodeUtf8(line.substr(0, pos)).size()) + 1;
    return loc;
  }

  // The location of attribute `name` of `element`, found on the element's line when it is there.
  SourceLoc AttrLoc(const XMLElement* element, const char* name) {
    SourceLoc loc = Loc(element);
    if (loc.line <= 0 || static_cast<size_t>(loc.line) > lines_.size()) return loc;
    const std::string& line = lines_[static_cast<size_t>(loc.line) - 1];
    size_t from = loc.col > 0 ? line.size() : 0;
    // Column back to byte offset of the element start.
    size_t byte = 0;
    for (int chars = 1; byte < line.size() && chars < loc.col; ++chars) {
      unsigned char c = static_cast<unsigned char>(line[byte]);
      byte += c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    }
    from = byte;
    size_t pos = line.find(std::string(" ") + name + "=", from);
    if (pos != std::string::npos) {
      loc.col = static_cast<int>(DecodeUtf8(line.substr(0, pos + 1)).size()) + 1;
    }
    return loc;
  }

  void Error(const SourceLoc& loc, std::string message) {
    diagnostics_.Error(loc, std::move(message));
  }

  void CheckAttributes(const XMLElement* element, std::initializer_list<const char*> known) {
    for (const tinyxml2::XMLAttribute* a = element->FirstAttribute(); a; a = a->Next()) {
      bool ok = std::any_of(known.begin(), known.end(),
                            [&](const char* k) { return std::string(k) == a->Name(); });
      if (!ok) {
        std::string message = std::string("unknown attribute '") + a->Name() + "' on <" +
                              element->Value() + ">";
        if (known.size() > 0) {
          message += "; known:";
          for (const char* k : known) message += std::string(" ") + k;
        }
        Error(AttrLoc(element, a->Name()), message);
      }
    }
  }

  void UnknownElement(const XMLElement* element, const XMLElement* parent,
                      std::initializer_list<const char*> known) {
    std::string message = std::string("unknown element <") + element->Value() + "> in <" +
                          parent->Value() + ">; expected one of:";
    for (const char* k : known) message += std::string(" <") + k + ">";
    Error(Loc(element), message);
  }

  const char* RequiredAttribute(const XMLElement* element, const char* name) {
    const char* value = element->Attribute(name);
    if (value == nullptr) {
      Error(Loc(element), std::string("<") + element->Value() + "> needs the attribute '" + name +
                              "'");
    }
    return value;
  }

  std::optional<int> IntAttribute(const XMLElement* element, const char* name, bool required,
                                  int min_value) {
    const char* value = required ? RequiredAttribute(element, name) : element->Attribute(name);
    if (value == nullptr) return std::nullopt;
    int result = 0;
    std::string_view sv(value);
    auto [ptr, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), result);
    if (ec != std::errc() || ptr != sv.data() + sv.size() || result < min_value) {
      Error(AttrLoc(element, name), std::string("attribute '") + name + "' must be a whole number" +
                                        (min_value > 0 ? " of at least " + std::to_string(min_value)
                                                       : std::string()) +
                                        ", not '" + value + "'");
      return std::nullopt;
    }
    return result;
  }

  // Text of an element that may hold only text (no child elements).
  std::string PlainElementText(const XMLElement* element) {
    Inlines inlines = ReadInlines(element, /*allow_markup=*/false);
    return PlainText(inlines);
  }

  Inlines ReadInlines(const XMLElement* element, bool allow_markup);
  void ReadTypography(const XMLElement* element, Typography& typography);
  void ReadInlineChildren(const XMLElement* element, Inline::Kind kind, bool allow_markup,
                          Inlines& out);
  void ReadPublication(const XMLElement* element, Publication& publication);
  void ReadDate(const XMLElement* element, Issue& issue);
  void ReadPage(const XMLElement* element, Issue& issue);
  void ReadArticle(const XMLElement* element, Article& article);
  void ReadBody(const XMLElement* element, std::vector<Block>& blocks, bool in_sidebar);
  Block ReadInlineBlock(const XMLElement* element, Block::Kind kind);

  const std::string& text_;
  const std::string& file_;
  Diagnostics& diagnostics_;
  std::vector<std::string> lines_;
  std::set<std::string> article_ids_;
};

// Applies the whitespace rule to a whole inline sequence, whose runs may start or end with space.
void NormalizeSpace(Inlines& inlines) {
  // Collapse runs inside each inline first.
  for (Inline& in : inlines) {
    std::string out;
    bool in_space = false;
    for (char c : in.text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        in_space = true;
        continue;
      }
      if (in_space) out.push_back(' ');
      in_space = false;
      out.push_back(c);
    }
    if (in_space) out.push_back(' ');
    in.text = std::move(out);
  }
  // Then decide each space with its neighbours, which may be in the next or previous inline.
  std::u32string all;
  std::vector<size_t> owner;
  for (size_t i = 0; i < inlines.size(); ++i) {
    if (inlines[i].kind == Inline::Kind::kLineBreak) {
      all.push_back(U'\n');  // a forced break acts like a block edge for spacing
      owner.push_back(i);
      continue;
    }
    for (char32_t cp : DecodeUtf8(inlines[i].text)) {
      all.push_back(cp);
      owner.push_back(i);
    }
  }
  std::vector<bool> keep(all.size(), true);
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k] != U' ') continue;
    char32_t prev = k > 0 ? all[k - 1] : U'\n';
    char32_t next = k + 1 < all.size() ? all[k + 1] : U'\n';
    if (prev == U'\n' || next == U'\n' || prev == U' ' || IsWideForSpacing(prev) ||
        IsWideForSpacing(next)) {
      keep[k] = false;
    }
  }
  for (Inline& in : inlines) {
    if (in.kind != Inline::Kind::kLineBreak) in.text.clear();
  }
  for (size_t k = 0; k < all.size(); ++k) {
    if (keep[k] && all[k] != U'\n') inlines[owner[k]].text += EncodeUtf8(all[k]);
  }
  std::erase_if(inlines, [](const Inline& in) {
    return in.kind != Inline::Kind::kLineBreak && in.text.empty();
  });
}

void Reader::ReadInlineChildren(const XMLElement* element, Inline::Kind kind, bool allow_markup,
                                Inlines& out) {
  for (const XMLNode* node = element->FirstChild(); node; node = node->NextSibling()) {
    if (const tinyxml2::XMLText* t = node->ToText()) {
      out.push_back({kind, t->Value(), SourceLoc{file_, node->GetLineNum(), 0}});
      continue;
    }
    const XMLElement* child = node->ToElement();
    if (child == nullptr) continue;  // comments
    std::string name = child->Value();
    if (!allow_markup) {
      Error(Loc(child), "<" + std::string(element->Value()) + "> holds only text, not <" + name +
                            ">");
      continue;
    }
    CheckAttributes(child, {});
    if (name == "br") {
      if (child->FirstChild()) Error(Loc(child), "<br/> must be empty");
      out.push_back({Inline::Kind::kLineBreak, "", Loc(child)});
    } else if (name == "dateline" || name == "byline" || name == "em" || name == "tcy") {
      Inline::Kind child_kind = name == "dateline" ? Inline::Kind::kDateline
                                : name == "byline" ? Inline::Kind::kByline
                                : name == "tcy"    ? Inline::Kind::kTcy
                                                   : Inline::Kind::kEmphasis;
      ReadInlineChildren(child, child_kind, /*allow_markup=*/false, out);
    } else {
      UnknownElement(child, element, {"dateline", "byline", "em", "tcy", "br"});
    }
  }
}

Inlines Reader::ReadInlines(const XMLElement* element, bool allow_markup) {
  Inlines inlines;
  ReadInlineChildren(element, Inline::Kind::kText, allow_markup, inlines);
  NormalizeSpace(inlines);
  return inlines;
}

// The typography attributes an <issue>, <page> or <article> may carry (docs/issue-format.md).
void Reader::ReadTypography(const XMLElement* element, Typography& t) {
  if (const char* v = element->Attribute("kinsoku")) {
    if (layout::ParseKinsokuLevel(v)) {
      t.kinsoku = v;
    } else {
      Error(AttrLoc(element, "kinsoku"),
            std::string("unknown kinsoku level '") + v +
                "'; known: none basic gb strict very-loose loose ja-strict very-strict");
    }
  }
  if (const char* v = element->Attribute("punctuation")) {
    if (layout::ParsePunctuationStyle(v)) {
      t.punctuation = v;
    } else {
      Error(AttrLoc(element, "punctuation"),
            std::string("unknown punctuation style '") + v +
                "'; known: mainland taiwan hongkong japanese");
    }
  }
  for (auto [name, field] : {std::pair{"cjk-latin-space", &t.cjk_latin_space},
                              std::pair{"grid", &t.grid}}) {
    const char* v = element->Attribute(name);
    if (v == nullptr) continue;
    std::string value = v;
    if (value == "on" || value == "off") {
      *field = value == "on";
    } else {
      Error(AttrLoc(element, name), std::string(name) + " must be on or off, not '" + value + "'");
    }
  }
  if (const char* v = element->Attribute("tate-chu-yoko")) {
    std::string value = v;
    if (value == "2" || value == "3" || value == "off") {
      t.tate_chu_yoko = value == "off" ? 0 : value[0] - '0';
    } else {
      Error(AttrLoc(element, "tate-chu-yoko"),
            "tate-chu-yoko must be 2, 3 or off, not '" + value + "'");
    }
  }
  if (const char* v = element->Attribute("indent")) {
    char* end = nullptr;
    double value = strtod(v, &end);
    if (end == v || *end != '\0' || value < 0 || value > 10) {
      Error(AttrLoc(element, "indent"),
            std::string("indent must be a number of ems from 0 to 10, not '") + v + "'");
    } else {
      t.indent_em = value;
    }
  }
}

void Reader::ReadPublication(const XMLElement* element, Publication& pub) {
  CheckAttributes(element, {});
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    CheckAttributes(child, {});
    std::string value = PlainElementText(child);
    if (name == "name") {
      pub.name = value;
    } else if (name == "supervisor") {
      pub.supervisor = value;
    } else if (name == "sponsor") {
      pub.sponsors.push_back(value);
    } else if (name == "publisher") {
      pub.publisher = value;
    } else if (name == "cn") {
      pub.cn_number = value;
    } else if (name == "issn") {
      pub.issn = value;
    } else if (name == "postal-code") {
      pub.postal_code = value;
    } else if (name == "url") {
      pub.url = value;
    } else if (name == "brand") {
      pub.brand = value;
    } else {
      UnknownElement(child, element,
                     {"name", "supervisor", "sponsor", "publisher", "cn", "issn", "postal-code",
                      "url", "brand"});
    }
  }
  if (pub.name.empty()) Error(Loc(element), "<publication> needs a <name>");
}

void Reader::ReadDate(const XMLElement* element, Issue& issue) {
  CheckAttributes(element, {"weekday"});
  std::string value = PlainElementText(element);
  Date date;
  if (sscanf(value.c_str(), "%4d-%2d-%2d", &date.year, &date.month, &date.day) != 3 ||
      value.size() != 10) {
    Error(Loc(element), "<date> must be an ISO date like 2020-12-30, not '" + value + "'");
    return;
  }
  if (!IsValidDate(date)) {
    Error(Loc(element), "the date " + value + " does not exist");
    return;
  }
  issue.date = date;
  if (const char* weekday = element->Attribute("weekday")) {
    if (ChineseWeekday(date) != weekday) {
      Error(AttrLoc(element, "weekday"), std::string("weekday '") + weekday + "' does not match " +
                                             value + ", which is a " + ChineseWeekday(date));
    }
  }
}

Block Reader::ReadInlineBlock(const XMLElement* element, Block::Kind kind) {
  CheckAttributes(element, {});
  Block block;
  block.kind = kind;
  block.loc = Loc(element);
  block.inlines = ReadInlines(element, /*allow_markup=*/true);
  if (block.inlines.empty()) {
    Error(block.loc, std::string("<") + element->Value() + "> is empty");
  }
  return block;
}

void Reader::ReadBody(const XMLElement* element, std::vector<Block>& blocks, bool in_sidebar) {
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name == "p") {
      blocks.push_back(ReadInlineBlock(child, Block::Kind::kParagraph));
    } else if (name == "subhead") {
      blocks.push_back(ReadInlineBlock(child, Block::Kind::kSubhead));
    } else if (name == "list") {
      CheckAttributes(child, {});
      Block list;
      list.kind = Block::Kind::kList;
      list.loc = Loc(child);
      for (const XMLElement* item = child->FirstChildElement(); item;
           item = item->NextSiblingElement()) {
        if (std::string(item->Value()) == "item") {
          list.children.push_back(ReadInlineBlock(item, Block::Kind::kListItem));
        } else {
          UnknownElement(item, child, {"item"});
        }
      }
      if (list.children.empty()) Error(list.loc, "<list> needs at least one <item>");
      blocks.push_back(std::move(list));
    } else if (name == "sidebar" && !in_sidebar) {
      CheckAttributes(child, {});
      Block sidebar;
      sidebar.kind = Block::Kind::kSidebar;
      sidebar.loc = Loc(child);
      const XMLElement* title = child->FirstChildElement("title");
      if (title) {
        CheckAttributes(title, {});
        sidebar.inlines = ReadInlines(title, /*allow_markup=*/true);
      }
      // The sidebar's other children are body blocks; ReadBody skips the title.
      for (const XMLElement* c = child->FirstChildElement(); c; c = c->NextSiblingElement()) {
        if (c == title) continue;
        if (std::string(c->Value()) == "title") {
          Error(Loc(c), "<sidebar> has more than one <title>");
        }
      }
      ReadBody(child, sidebar.children, /*in_sidebar=*/true);
      if (sidebar.children.empty()) Error(sidebar.loc, "<sidebar> is empty");
      blocks.push_back(std::move(sidebar));
    } else if (name == "title" && in_sidebar) {
      continue;  // read by the sidebar itself
    } else if (name == "signature") {
      CheckAttributes(child, {});
      Block signature;
      signature.kind = Block::Kind::kSignature;
      signature.loc = Loc(child);
      for (const XMLElement* line = child->FirstChildElement(); line;
           line = line->NextSiblingElement()) {
        if (std::string(line->Value()) == "line") {
          signature.children.push_back(ReadInlineBlock(line, Block::Kind::kSignatureLine));
        } else {
          UnknownElement(line, child, {"line"});
        }
      }
      if (signature.children.empty()) Error(signature.loc, "<signature> needs a <line>");
      blocks.push_back(std::move(signature));
    } else if (in_sidebar) {
      UnknownElement(child, element, {"title", "p", "subhead", "list", "signature"});
    } else {
      UnknownElement(child, element, {"p", "subhead", "list", "sidebar", "signature"});
    }
  }
}

std::optional<ArticleKind> ParseArticleKind(const std::string& value) {
  static const std::pair<const char*, ArticleKind> kKinds[] = {
      {"news", ArticleKind::kNews},       {"editorial", ArticleKind::kEditorial},
      {"commentary", ArticleKind::kCommentary}, {"notice", ArticleKind::kNotice},
      {"brief", ArticleKind::kBrief},     {"photo-story", ArticleKind::kPhotoStory}};
  for (const auto& [name, kind] : kKinds) {
    if (value == name) return kind;
  }
  return std::nullopt;
}

void Reader::ReadArticle(const XMLElement* element, Article& article) {
  CheckAttributes(element, {"id", "kind", "kinsoku", "punctuation", "cjk-latin-space",
                            "tate-chu-yoko", "indent", "grid"});
  article.loc = Loc(element);
  ReadTypography(element, article.typography);
  if (const char* id = RequiredAttribute(element, "id")) {
    article.id = id;
    bool valid = !article.id.empty() && std::all_of(article.id.begin(), article.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    }) && !(article.id[0] >= '0' && article.id[0] <= '9');
    if (!valid) {
      Error(AttrLoc(element, "id"), "article id '" + article.id +
                                        "' must be ASCII letters, digits, '-' or '_', starting "
                                        "with a letter");
    } else if (!article_ids_.insert(article.id).second) {
      Error(AttrLoc(element, "id"), "duplicate article id '" + article.id + "'");
    }
  }
  if (const char* kind = element->Attribute("kind")) {
    if (auto parsed = ParseArticleKind(kind)) {
      article.kind = *parsed;
    } else {
      Error(AttrLoc(element, "kind"),
            std::string("unknown article kind '") + kind +
                "'; known: news editorial commentary notice brief photo-story");
    }
  }
  bool has_body = false;
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name == "kicker" || name == "headline" || name == "subheadline") {
      CheckAttributes(child, {});
      Inlines inlines = ReadInlines(child, /*allow_markup=*/true);
      (name == "kicker" ? article.kicker : name == "headline" ? article.headline
                                                              : article.subheadline) = inlines;
    } else if (name == "body") {
      CheckAttributes(child, {});
      has_body = true;
      ReadBody(child, article.blocks, /*in_sidebar=*/false);
    } else if (name == "continues") {
      CheckAttributes(child, {"page"});
      article.continues_on_page = IntAttribute(child, "page", /*required=*/true, 1);
    } else {
      UnknownElement(child, element, {"kicker", "headline", "subheadline", "body", "continues"});
    }
  }
  if (article.headline.empty()) Error(article.loc, "<article> needs a <headline>");
  if (!has_body || article.blocks.empty()) Error(article.loc, "<article> needs a <body> with text");
}

void Reader::ReadPage(const XMLElement* element, Issue& issue) {
  CheckAttributes(element, {"number", "section", "kinsoku", "punctuation", "cjk-latin-space",
                            "tate-chu-yoko", "indent", "grid"});
  Page page;
  page.loc = Loc(element);
  ReadTypography(element, page.typography);
  if (auto number = IntAttribute(element, "number", /*required=*/true, 1)) page.number = *number;
  if (const char* section = element->Attribute("section")) page.section = section;
  for (const XMLElement* child = element->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    if (std::string(child->Value()) == "article") {
      Article article;
      ReadArticle(child, article);
      page.articles.push_back(std::move(article));
    } else {
      UnknownElement(child, element, {"article"});
    }
  }
  if (page.articles.empty()) Error(page.loc, "<page> needs at least one <article>");
  issue.pages.push_back(std::move(page));
}

std::optional<Issue> Reader::Read() {
  size_t bad = FindInvalidUtf8(text_);
  if (bad != std::string::npos) {
    char byte[8];
    snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text_[bad]));
    Error(LocAtOffset(file_, text_, bad),
          std::string("invalid UTF-8 (byte ") + byte + "); the source must be UTF-8");
    return std::nullopt;
  }
  if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
    Error(SourceLoc{file_, 1, 1}, "the file is empty; expected an <issue> document");
    return std::nullopt;
  }
  // tinyxml2 skips DOCTYPE declarations; the format refuses them outright so that no entity
  // declaration is ever silently accepted.
  size_t doctype = text_.find("<!DOCTYPE");
  if (doctype != std::string::npos) {
    Error(LocAtOffset(file_, text_, doctype),
          "DOCTYPE and entity declarations are not allowed in an issue source");
    return std::nullopt;
  }
  XMLDocument doc(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  doc.Parse(text_.data(), text_.size());
  if (doc.Error()) {
    Error(SourceLoc{file_, doc.ErrorLineNum(), 0},
          std::string("malformed XML: ") + XmlErrorMessage(doc.ErrorID()));
    return std::nullopt;
  }
  const XMLElement* root = doc.RootElement();
  if (root == nullptr || std::string(root->Value()) != "issue") {
    Error(root ? Loc(root) : SourceLoc{file_, 1, 1},
          std::string("the root element must be <issue>, not <") + (root ? root->Value() : "") +
              ">");
    return std::nullopt;
  }
  Issue issue;
  issue.loc = Loc(root);
  CheckAttributes(root, {"id", "lang", "writing-mode", "kinsoku", "punctuation", "cjk-latin-space",
                         "tate-chu-yoko", "indent", "grid"});
  ReadTypography(root, issue.typography);
  if (const char* id = RequiredAttribute(root, "id")) {
    issue.id = id;
    bool valid = !issue.id.empty() && issue.id[0] != '.' &&
                 std::all_of(issue.id.begin(), issue.id.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                 });
    if (!valid) {
      Error(AttrLoc(root, "id"), "issue id '" + issue.id +
                                     "' must be ASCII letters, digits, '-', '_' or '.' (it names "
                                     "the output files)");
    }
  }
  if (const char* lang = root->Attribute("lang")) {
    std::string value = lang;
    if (value != "zh-Hans" && value != "zh-Hant" && value != "ja") {
      Error(AttrLoc(root, "lang"), "unknown language '" + value + "'; known: zh-Hans zh-Hant ja");
    } else {
      issue.language = value;
    }
  }
  if (const char* mode = root->Attribute("writing-mode")) {
    std::string value = mode;
    if (value == "horizontal") {
      issue.writing_mode = WritingMode::kHorizontal;
    } else if (value == "vertical") {
      issue.writing_mode = WritingMode::kVertical;
    } else {
      Error(AttrLoc(root, "writing-mode"),
            "unknown writing mode '" + value + "'; known: horizontal vertical");
    }
  }
  bool has_publication = false, has_date = false, has_numbering = false;
  for (const XMLElement* child = root->FirstChildElement(); child;
       child = child->NextSiblingElement()) {
    std::string name = child->Value();
    if (name == "publication") {
      has_publication = true;
      ReadPublication(child, issue.publication);
    } else if (name == "date") {
      has_date = true;
      ReadDate(child, issue);
    } else if (name == "numbering") {
      has_numbering = true;
      CheckAttributes(child, {"issue", "cumulative", "pages"});
      issue.issue_number = IntAttribute(child, "issue", true, 1).value_or(0);
      issue.cumulative_number = IntAttribute(child, "cumulative", true, 1).value_or(0);
      issue.page_count = IntAttribute(child, "pages", true, 1).value_or(0);
    } else if (name == "page") {
      ReadPage(child, issue);
    } else {
      UnknownElement(child, root, {"publication", "date", "numbering", "page"});
    }
  }
  if (!has_publication) Error(issue.loc, "<issue> needs a <publication>");
  if (!has_date) Error(issue.loc, "<issue> needs a <date>");
  if (!has_numbering) Error(issue.loc, "<issue> needs a <numbering>");
  if (issue.pages.empty()) Error(issue.loc, "<issue> needs at least one <page>");

  // Cross-checks that need the whole issue.
  std::set<int> page_numbers;
  for (const Page& page : issue.pages) {
    if (page.number <= 0) continue;
    if (!page_numbers.insert(page.number).second) {
      Error(page.loc, "duplicate page number " + std::to_string(page.number));
    }
    if (issue.page_count > 0 && page.number > issue.page_count) {
      Error(page.loc, "page " + std::to_string(page.number) + " is beyond the issue's " +
                          std::to_string(issue.page_count) + " pages");
    }
    for (const Article& article : page.articles) {
      if (article.continues_on_page && issue.page_count > 0 &&
          *article.continues_on_page > issue.page_count) {
        Error(article.loc, "article '" + article.id + "' continues on page " +
                               std::to_string(*article.continues_on_page) +
                               ", beyond the issue's " + std::to_string(issue.page_count) +
                               " pages");
      }
      if (article.continues_on_page && *article.continues_on_page <= page.number) {
        Error(article.loc, "article '" + article.id + "' on page " + std::to_string(page.number) +
                               " cannot continue on page " +
                               std::to_string(*article.continues_on_page));
      }
    }
  }
  if (diagnostics_.HasErrors()) return std::nullopt;
  return issue;
}

}  // namespace

bool IsWideForSpacing(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x2014 ||
         cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x00B7;
}

std::optional<Issue> ReadIssueFromString(const std::string& text, const std::string& file_name,
                                         Diagnostics& diagnostics) {
  Reader reader(text, file_name, diagnostics);
  std::optional<Issue> issue = reader.Read();
  diagnostics.AttachSourceLines(file_name, text);
  return issue;
}

std::optional<Issue> ReadIssueFile(const std::string& path, Diagnostics& diagnostics) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    diagnostics.Error(SourceLoc{path, 0, 0}, "cannot open the issue source: no such file");
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    diagnostics.Error(SourceLoc{path, 0, 0},
                      "is a directory; give the issue source file (e.g. DIR/issue.xml)");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.Error(SourceLoc{path, 0, 0}, "cannot open the issue source for reading");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ReadIssueFromString(buffer.str(), path, diagnostics);
}

}  // namespace paiban
