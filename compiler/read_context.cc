#include "compiler/read_context.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>

#include "compiler/source_bytes.h"
#include "compiler/validation.h"
#include "layout/text/kinsoku.h"

namespace paiban::reader {

XmlElement ReadContext::Parse(XmlDocument& doc, const char* root_name) {
  if (std::optional<ByteProblem> problem = CheckBytes(text_)) {
    if (problem->show_line) {
      ErrorAt(problem->offset, problem->message);
    } else {
      auto [line, col] = lines_.At(problem->offset);
      diagnostics_.Error(SourceLoc{file_, line, col}, problem->message);
      ++errors_;
    }
    return nullptr;
  }
  if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
    Error(SourceLoc{file_, 1, 1},
          std::string("the file is empty; expected an <") + root_name + "> document");
    return nullptr;
  }
  MarkupScanner scanner(text_, lines_, file_, root_name,
                        [this](size_t offset, std::string message) { ErrorAt(offset, message); });
  std::optional<std::vector<StartTag>> tags = scanner.Scan();
  scanned_root_ = scanner.root();
  if (!tags) return nullptr;
  tags_ = std::move(*tags);

  if (!doc.Parse(text_)) {
    Error(SourceLoc{file_, doc.ErrorLineNum(), 0},
          std::string("malformed XML: ") + doc.ErrorMessage());
    return nullptr;
  }
  // Should tinyxml2 ever see the elements differently from the scanner, locations fall back to
  // its lines (column unknown) rather than pointing at the wrong tag.
  if (!MapElements(doc)) tag_of_.clear();
  XmlElement root = doc.RootElement();
  if (root == nullptr || std::string(root.Value()) != root_name) {
    Error(root ? Loc(root) : SourceLoc{file_, 1, 1}, std::string("the root element must be <") +
                                                         root_name + ">, not <" +
                                                         Shown(root ? root.Value() : "") + ">");
    return nullptr;
  }
  return root;
}

bool ReadContext::MapElements(const XmlDocument& doc) {
  // Pre-order walk without recursion: down to the first child, else on to the next sibling of the
  // nearest ancestor that has one.
  size_t index = 0;
  XmlElement element = doc.FirstChildElement();
  while (element != nullptr) {
    if (index >= tags_.size()) return false;
    tag_of_[element.id()] = index++;
    if (XmlElement child = element.FirstChildElement()) {
      element = child;
      continue;
    }
    while (element != nullptr && element.NextSiblingElement() == nullptr) {
      element = element.ParentElement();
    }
    if (element != nullptr) element = element.NextSiblingElement();
  }
  return index == tags_.size();
}

SourceLoc ReadContext::Loc(XmlElement element) const {
  auto it = tag_of_.find(element.id());
  if (it != tag_of_.end()) return tags_[it->second].loc;
  return SourceLoc{file_, element.GetLineNum(), 0};
}

SourceLoc ReadContext::AttrLoc(XmlElement element, const char* name) const {
  auto it = tag_of_.find(element.id());
  if (it != tag_of_.end()) {
    for (const StartTag::Attribute& a : tags_[it->second].attributes) {
      if (a.name == name) return a.loc;
    }
  }
  return Loc(element);
}

SourceLoc ReadContext::TextLoc(XmlText t) const {
  std::string_view value = t.Value();
  size_t first = value.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) first = 0;
  std::string_view lead = value.substr(0, first);
  int line = t.GetLineNum() + static_cast<int>(std::count(lead.begin(), lead.end(), '\n'));
  if (line <= 0 || static_cast<size_t>(line) > lines_.line_count()) {
    return SourceLoc{file_, t.GetLineNum(), 0};
  }
  std::string_view source_line = lines_.Line(line);
  std::string_view probe = value.substr(first, 12);
  while (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0xC0) == 0x80) {
    probe.remove_suffix(1);
  }
  if (!probe.empty() && (static_cast<unsigned char>(probe.back()) & 0x80) != 0) {
    probe.remove_suffix(1);  // the lead byte of the character cut off
  }
  size_t lead_newline = lead.rfind('\n');
  size_t from = lead_newline == std::string_view::npos ? 0 : lead.size() - lead_newline - 1;
  size_t at = probe.empty() ? std::string_view::npos : source_line.find(probe, from);
  if (at == std::string_view::npos) return SourceLoc{file_, line, 0};
  int col = 1;
  for (size_t i = 0; i < at; ++i) {
    if ((static_cast<unsigned char>(source_line[i]) & 0xC0) != 0x80) ++col;
  }
  return SourceLoc{file_, line, col};
}

void ReadContext::Error(const SourceLoc& loc, std::string message) {
  ++errors_;
  if (errors_ > kMaxErrors) {
    if (errors_ == kMaxErrors + 1) {
      diagnostics_.Add(
          {Severity::kNote,
           SourceLoc{file_, 0, 0},
           "more errors follow; only the first " + std::to_string(kMaxErrors) + " are shown",
           {}});
    }
    return;
  }
  Diagnostic diagnostic{Severity::kError, loc, std::move(message), {}};
  if (loc.file == file_ && loc.line > 0 && static_cast<size_t>(loc.line) <= lines_.line_count()) {
    diagnostic.source_line = ShownLine(lines_.Line(loc.line), loc.col);
  }
  diagnostics_.Add(std::move(diagnostic));
}

void ReadContext::ErrorAt(size_t offset, std::string message) {
  if (errors_ >= kMaxErrors) {
    Error(SourceLoc{file_, 0, 0}, std::move(message));  // counted, not shown
    return;
  }
  auto [line, col] = lines_.AtForward(offset);
  Error(SourceLoc{file_, line, col}, std::move(message));
}

void ReadContext::Adopt(const Diagnostics& other, int errors) {
  for (const Diagnostic& d : other.all()) diagnostics_.Add(d);
  errors_ += errors;
}

void CheckStructure(ReadContext& ctx, XmlElement element, std::initializer_list<const char*> single,
                    const std::string& hint) {
  for (XmlNode node = element.FirstChild(); node; node = node.NextSibling()) {
    XmlText t = node.ToText();
    if (t == nullptr) continue;
    std::string_view value = t.Value();
    size_t first = value.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) continue;
    size_t last = value.find_last_not_of(" \t\r\n");
    ctx.Error(ctx.TextLoc(t), "text directly in <" + std::string(element.Value()) +
                                  "> would be lost: '" +
                                  Shown(value.substr(first, last - first + 1)) + "'; " + hint);
  }
  for (const char* name : single) {
    XmlElement first = element.FirstChildElement(name);
    if (first == nullptr) continue;
    for (XmlElement again = first.NextSiblingElement(name); again;
         again = again.NextSiblingElement(name)) {
      ctx.Error(ctx.Loc(again), "<" + std::string(element.Value()) + "> has more than one <" +
                                    name + ">; it takes one");
    }
  }
}

void CheckAttributes(ReadContext& ctx, XmlElement element,
                     std::initializer_list<const char*> known) {
  for (XmlAttribute a = element.FirstAttribute(); a; a = a.Next()) {
    if (ctx.errors() > kMaxErrors) return;
    bool ok = std::any_of(known.begin(), known.end(),
                          [&](const char* k) { return std::string_view(k) == a.Name(); });
    if (ok) continue;
    std::string message =
        "unknown attribute '" + Shown(a.Name()) + "' on <" + Shown(element.Value()) + ">";
    if (const char* close = ClosestName(a.Name(), known)) {
      message += std::string("; did you mean '") + close + "'?";
    } else if (known.size() > 0) {
      message += "; known:";
      for (const char* k : known) message += std::string(" ") + k;
    }
    ctx.Error(ctx.AttrLoc(element, a.Name()), message);
  }
}

void UnknownElement(ReadContext& ctx, XmlElement element, XmlElement parent,
                    std::initializer_list<const char*> known) {
  std::string name = element.Value();
  std::string message;
  const char* close = IsFormatElement(name) ? nullptr : ClosestName(name, known);
  if (IsFormatElement(name)) {
    message = "<" + name + "> does not belong in <" + parent.Value() + ">";
  } else {
    message = "unknown element <" + Shown(name) + "> in <" + parent.Value() + ">";
  }
  if (close != nullptr) {
    message += std::string("; did you mean <") + close + ">?";
  } else {
    message += "; expected one of:";
    for (const char* k : known) message += std::string(" <") + k + ">";
  }
  ctx.Error(ctx.Loc(element), message);
}

const char* RequiredAttribute(ReadContext& ctx, XmlElement element, const char* name) {
  const char* value = element.Attribute(name);
  if (value == nullptr) {
    ctx.Error(ctx.Loc(element),
              std::string("<") + element.Value() + "> needs the attribute '" + name + "'");
  }
  return value;
}

std::optional<int> IntAttribute(ReadContext& ctx, XmlElement element, const char* name,
                                bool required, int min_value) {
  const char* value = required ? RequiredAttribute(ctx, element, name) : element.Attribute(name);
  if (value == nullptr) return std::nullopt;
  int result = 0;
  std::string_view sv(value);
  auto [ptr, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), result);
  if (ec != std::errc() || ptr != sv.data() + sv.size() || result < min_value) {
    ctx.Error(ctx.AttrLoc(element, name),
              std::string("attribute '") + name + "' must be a whole number" +
                  (min_value > 0 ? " of at least " + std::to_string(min_value) : std::string()) +
                  ", not '" + Shown(value) + "'");
    return std::nullopt;
  }
  return result;
}

std::optional<double> LengthAttribute(ReadContext& ctx, XmlElement element, const char* name,
                                      double min_pt, double max_pt, bool font_size) {
  const char* value = element.Attribute(name);
  if (value == nullptr) return std::nullopt;
  std::string_view v(value);
  std::optional<Length> length = ParseLength(v, font_size);
  auto format = [](double x) {
    char buffer[32];
    snprintf(buffer, sizeof buffer, "%g", std::round(x * 100) / 100);
    return std::string(buffer);
  };
  if (!length) {
    ctx.Error(ctx.AttrLoc(element, name), std::string("attribute '") + name +
                                              "' must be a length such as 10mm, 1.5cm or 28pt" +
                                              (font_size ? " or a size such as 五号 or 小五" : "") +
                                              ", not '" + Shown(v) + "'");
    return std::nullopt;
  }
  if (!LengthInRange(length->pt, min_pt, max_pt)) {
    // The range in the value's own unit.
    std::string unit(length->unit);
    ctx.Error(ctx.AttrLoc(element, name), std::string("attribute '") + name + "' must be from " +
                                              format(min_pt / length->pt_per_unit) + unit + " to " +
                                              format(max_pt / length->pt_per_unit) + unit +
                                              ", not " + Shown(v));
    return std::nullopt;
  }
  return length->pt;
}

std::optional<WritingMode> WritingModeAttribute(ReadContext& ctx, XmlElement element) {
  const char* mode = element.Attribute("writing-mode");
  if (mode == nullptr) return std::nullopt;
  std::string value = mode;
  if (value == "horizontal") return WritingMode::kHorizontal;
  if (value == "vertical") return WritingMode::kVertical;
  ctx.Error(ctx.AttrLoc(element, "writing-mode"),
            "unknown writing mode '" + Shown(value) + "'; known: horizontal vertical");
  return std::nullopt;
}

void ReadTypography(ReadContext& ctx, XmlElement element, Typography& t) {
  if (const char* v = element.Attribute("kinsoku")) {
    if (layout::ParseKinsokuLevel(v)) {
      t.kinsoku = v;
    } else {
      ctx.Error(ctx.AttrLoc(element, "kinsoku"),
                "unknown kinsoku level '" + Shown(v) +
                    "'; known: none basic gb strict very-loose loose ja-strict very-strict");
    }
  }
  if (const char* v = element.Attribute("punctuation")) {
    if (layout::ParsePunctuationStyle(v)) {
      t.punctuation = v;
    } else {
      ctx.Error(
          ctx.AttrLoc(element, "punctuation"),
          "unknown punctuation style '" + Shown(v) + "'; known: mainland taiwan hongkong japanese");
    }
  }
  for (auto [name, field] :
       {std::pair{"cjk-latin-space", &t.cjk_latin_space}, std::pair{"grid", &t.grid}}) {
    const char* v = element.Attribute(name);
    if (v == nullptr) continue;
    std::string value = v;
    if (value == "on" || value == "off") {
      *field = value == "on";
    } else {
      ctx.Error(ctx.AttrLoc(element, name),
                std::string(name) + " must be on or off, not '" + Shown(value) + "'");
    }
  }
  if (const char* v = element.Attribute("tate-chu-yoko")) {
    std::string value = v;
    if (value == "2" || value == "3" || value == "off") {
      t.tate_chu_yoko = value == "off" ? 0 : value[0] - '0';
    } else {
      ctx.Error(ctx.AttrLoc(element, "tate-chu-yoko"),
                "tate-chu-yoko must be 2, 3 or off, not '" + Shown(value) + "'");
    }
  }
  for (auto [name, field] :
       {std::pair{"font-body", &t.font_body}, std::pair{"font-headline", &t.font_headline},
        std::pair{"font-kai", &t.font_kai}, std::pair{"font-sans", &t.font_sans}}) {
    const char* v = element.Attribute(name);
    if (v == nullptr) continue;
    std::string value = v;
    if (!IsFontFamilyName(value)) {
      ctx.Error(ctx.AttrLoc(element, name),
                std::string(name) +
                    " must name one font family as fc-list shows it (e.g. 'Noto Serif "
                    "CJK SC'), not '" +
                    Shown(value) + "'");
    } else {
      *field = Typography::Family{value, ctx.AttrLoc(element, name)};
    }
  }
  if (const char* v = element.Attribute("indent")) {
    char* end = nullptr;
    double value = strtod(v, &end);
    if (end == v || *end != '\0' || !std::isfinite(value) || value < 0 || value > 10) {
      ctx.Error(ctx.AttrLoc(element, "indent"),
                "indent must be a number of ems from 0 to 10, not '" + Shown(v) + "'");
    } else {
      t.indent_em = value;
    }
  }
}

}  // namespace paiban::reader
