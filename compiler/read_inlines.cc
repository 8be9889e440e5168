// The reader's inline text: what an element's text holds (emphasis, links, ruby, forced breaks
// and the rest of the inline markup of docs/issue-format.md) and the format's whitespace rule.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/read_context.h"
#include "compiler/read_elements.h"
#include "compiler/reader.h"
#include "compiler/source_bytes.h"
#include "compiler/validation.h"
#include "model/text.h"

namespace paiban::reader {
namespace {

void ReadInlineChildren(ReadContext& ctx, XmlElement element, Inline::Kind kind, bool allow_markup,
                        Inlines& out);

// <ruby>base<rt>annotation</rt></ruby>: text, then one <rt> of text, both not blank.
void ReadRuby(ReadContext& ctx, XmlElement element, Inlines& out) {
  std::string base, annotation;
  int rts = 0;
  for (XmlNode node = element.FirstChild(); node; node = node.NextSibling()) {
    if (XmlText t = node.ToText()) {
      if (rts > 0 &&
          std::string_view(t.Value()).find_first_not_of(" \t\r\n") != std::string_view::npos) {
        ctx.Error(ctx.Loc(element),
                  "<ruby> holds its base text, then one <rt>; no text after the <rt>");
      }
      if (rts == 0) base += t.Value();
      continue;
    }
    XmlElement child = node.ToElement();
    if (child == nullptr) continue;  // comments
    std::string name = child.Value();
    if (name != "rt") {
      ctx.Error(ctx.Loc(child),
                "<ruby> holds its base text and one <rt>, not <" + Shown(name) + ">");
      continue;
    }
    CheckAttributes(ctx, child, {});
    if (++rts > 1) {
      ctx.Error(ctx.Loc(child), "<ruby> has one <rt>; write one <ruby> per annotated group");
      continue;
    }
    Inlines rt;
    ReadInlineChildren(ctx, child, Inline::Kind::kText, /*allow_markup=*/false, rt);
    for (const Inline& in : rt) annotation += in.text;
  }
  auto trim = [](std::string s) {
    size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  base = trim(base);
  annotation = trim(annotation);
  if (base.empty()) ctx.Error(ctx.Loc(element), "<ruby> needs the base text the annotation is for");
  if (rts == 0 || annotation.empty()) {
    ctx.Error(ctx.Loc(element),
              "<ruby> needs an <rt> with the annotation, e.g. <ruby>芯片<rt>xīnpiàn</rt></ruby>");
  }
  Inline in{Inline::Kind::kRuby, base, ctx.Loc(element), {}, {}};
  in.ruby = annotation;
  out.push_back(std::move(in));
}

void ReadInlineChildren(ReadContext& ctx, XmlElement element, Inline::Kind kind, bool allow_markup,
                        Inlines& out) {
  for (XmlNode node = element.FirstChild(); node; node = node.NextSibling()) {
    if (XmlText t = node.ToText()) {
      out.push_back({kind, t.Value(), SourceLoc{ctx.file(), node.GetLineNum(), 0}, {}, {}});
      continue;
    }
    XmlElement child = node.ToElement();
    if (child == nullptr) continue;  // comments
    std::string name = child.Value();
    if (!allow_markup) {
      ctx.Error(ctx.Loc(child), "<" + std::string(element.Value()) + "> holds only text, not <" +
                                    Shown(name) + ">");
      continue;
    }
    if (name == "a") {
      CheckAttributes(ctx, child, {"href"});
    } else {
      CheckAttributes(ctx, child, {});
    }
    if (name == "br" || name == "wbr") {
      if (child.FirstChild()) ctx.Error(ctx.Loc(child), "<" + name + "/> must be empty");
      out.push_back({name == "br" ? Inline::Kind::kLineBreak : Inline::Kind::kWordBreak, "",
                     ctx.Loc(child), {}, {}});
    } else if (name == "ruby") {
      ReadRuby(ctx, child, out);
    } else if (name == "a") {
      const char* href = RequiredAttribute(ctx, child, "href");
      size_t first = out.size();
      ReadInlineChildren(ctx, child, Inline::Kind::kLink, /*allow_markup=*/false, out);
      if (first == out.size()) {
        ctx.Error(ctx.Loc(child), "<a> needs the text that carries the link");
      }
      if (href != nullptr) {
        if (!IsLinkAddress(href)) {
          ctx.Error(
              ctx.AttrLoc(child, "href"),
              "href must be an absolute http, https or mailto address (ASCII, no spaces), not '" +
                  Shown(href) + "'");
        }
        for (size_t k = first; k < out.size(); ++k) out[k].href = href;
      }
    } else if (name == "tag") {
      const std::string_view parent = element.Value();
      if (parent != "kicker" && parent != "headline" && parent != "subheadline") {
        ctx.Error(ctx.Loc(child), "<tag> marks a headline's column tag (栏目名) such as 【数字中国】; "
                                  "it belongs in <kicker>, <headline> or <subheadline>, not <" +
                                      Shown(std::string(parent)) + ">");
      }
      size_t first = out.size();
      ReadInlineChildren(ctx, child, Inline::Kind::kTag, /*allow_markup=*/false, out);
      if (first == out.size()) ctx.Error(ctx.Loc(child), "<tag> needs the tag's text");
    } else if (name == "dateline" || name == "byline" || name == "em" || name == "tcy" ||
               name == "dots" || name == "nobr") {
      Inline::Kind child_kind = name == "dateline" ? Inline::Kind::kDateline
                                : name == "byline" ? Inline::Kind::kByline
                                : name == "tcy"    ? Inline::Kind::kTcy
                                : name == "dots"   ? Inline::Kind::kDots
                                : name == "nobr"   ? Inline::Kind::kNoBreak
                                                   : Inline::Kind::kEmphasis;
      ReadInlineChildren(ctx, child, child_kind, /*allow_markup=*/false, out);
    } else {
      UnknownElement(ctx, child, element,
                     {"dateline", "byline", "em", "tcy", "dots", "nobr", "ruby", "a", "tag", "br", "wbr"});
    }
  }
}

}  // namespace

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
    if (inlines[i].kind == Inline::Kind::kWordBreak) continue;  // no character, no space
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
    return in.kind != Inline::Kind::kLineBreak && in.kind != Inline::Kind::kWordBreak &&
           in.text.empty();
  });
}

Inlines ReadInlines(ReadContext& ctx, XmlElement element, bool allow_markup) {
  Inlines inlines;
  ReadInlineChildren(ctx, element, Inline::Kind::kText, allow_markup, inlines);
  NormalizeSpace(inlines);
  return inlines;
}

std::string PlainElementText(ReadContext& ctx, XmlElement element) {
  Inlines inlines = ReadInlines(ctx, element, /*allow_markup=*/false);
  return PlainText(inlines);
}

}  // namespace paiban::reader
