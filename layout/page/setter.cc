#include "layout/page/setter.h"

#include <cstdio>

#include "layout/text/kinsoku.h"
#include "model/text.h"

namespace paiban::layout {

using fonts::Role;

ParagraphSpec MakeSpec(const Inlines& inlines, const TextStyle& style, double measure_pt,
                       double indent_pt, Align align, bool vertical) {
  ParagraphSpec spec;
  spec.measure_pt = measure_pt;
  spec.first_indent_pt = indent_pt;
  spec.align = align;
  spec.vertical = vertical;
  for (size_t i = 0; i < inlines.size(); ++i) {
    const Inline& in = inlines[i];
    if (in.kind == Inline::Kind::kWordBreak) spec.preferred_breaks.push_back(spec.text.size());
    if (in.kind == Inline::Kind::kLineBreak || in.text.empty()) continue;
    bool bold = style.bold || in.kind == Inline::Kind::kDateline ||
                in.kind == Inline::Kind::kEmphasis;
    size_t start = spec.text.size();
    spec.text += in.text;
    if (in.kind == Inline::Kind::kDateline && i + 1 < inlines.size()) spec.text += "\u3000";
    spec.spans.push_back({start, spec.text.size(), style.role, bold, style.size_pt,
                          in.kind == Inline::Kind::kTcy});
    if (in.kind == Inline::Kind::kDots) spec.emphasis_dots.emplace_back(start, spec.text.size());
    if (in.kind == Inline::Kind::kNoBreak || in.kind == Inline::Kind::kTag) {
      spec.no_break.emplace_back(start, spec.text.size());
    }
    if (in.kind == Inline::Kind::kLink) spec.links.push_back({start, spec.text.size(), in.href});
    if (in.kind == Inline::Kind::kRuby) spec.rubies.push_back({start, spec.text.size(), in.ruby});
  }
  return spec;
}

ParagraphSpec MakeSpec(const std::string& text, const TextStyle& style, double measure_pt,
                       Align align, bool vertical) {
  Inlines inlines{{Inline::Kind::kText, text, {}, {}, {}}};
  return MakeSpec(inlines, style, measure_pt, 0, align, vertical);
}

std::vector<Inlines> SplitAtBreaks(const Inlines& inlines) {
  std::vector<Inlines> parts(1);
  for (const Inline& in : inlines) {
    if (in.kind == Inline::Kind::kLineBreak) {
      parts.emplace_back();
    } else {
      parts.back().push_back(in);
    }
  }
  std::erase_if(parts, [](const Inlines& p) { return p.empty(); });
  return parts;
}

void Setter::ApplySettings(ParagraphSpec& spec, const Typography& typography) {
  spec.kinsoku = *ParseKinsokuLevel(*typography.kinsoku);
  spec.punctuation = *ParsePunctuationStyle(*typography.punctuation);
  spec.cjk_latin_space = *typography.cjk_latin_space;
  spec.tate_chu_yoko_digits = *typography.tate_chu_yoko;
  spec.grid = *typography.grid;
  // Each role in the family the source names for it, where it names one.
  for (fonts::StyleSpan& span : spec.spans) {
    const std::optional<Typography::Family>* family = nullptr;
    switch (span.role) {
      case Role::kBody:
        family = &typography.font_body;
        break;
      case Role::kHeadline:
        family = &typography.font_headline;
        break;
      case Role::kKai:
        family = &typography.font_kai;
        break;
      case Role::kSans:
        family = &typography.font_sans;
        break;
      default:
        break;
    }
    if (family != nullptr && *family) span.role = fonts_.FamilyRole(span.role, (*family)->name);
  }
}

std::vector<ComposedLine> Setter::Compose(ParagraphSpec spec, const Typography& typography,
                                          const SourceLoc& loc, bool report) {
  ApplySettings(spec, typography);
  std::vector<MissingGlyph> missing;
  std::vector<ComposedLine> lines = ComposeParagraph(spec, fonts_, report ? &missing : nullptr);
  for (const MissingGlyph& m : missing) {
    char code[16];
    snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(m.cp));
    diagnostics_.Error(loc, std::string("no installed font has the character ") + code + " '" +
                                EncodeUtf8(m.cp) + "' (asked fontconfig for '" +
                                fonts_.Request(spec.spans.empty() ? Role::kBody
                                                                  : spec.spans.front().role) +
                                "' and its fallbacks)");
  }
  return lines;
}

}  // namespace paiban::layout
