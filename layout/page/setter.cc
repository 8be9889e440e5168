#include "layout/page/setter.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

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

namespace {

// Appends the bytes of a value (numbers, enums, flags) to a key.
template <typename T>
void Append(std::string& key, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  key.append(bytes, sizeof(T));
}

// Appends a string with its length, so that two fields never run into each other.
void AppendText(std::string& key, const std::string& text) {
  Append(key, text.size());
  key += text;
}

// Appends byte ranges with their count.
void AppendRanges(std::string& key, const std::vector<std::pair<size_t, size_t>>& ranges) {
  Append(key, ranges.size());
  for (const auto& [from, to] : ranges) {
    Append(key, from);
    Append(key, to);
  }
}

}  // namespace

std::string CompositionCache::Key(const ParagraphSpec& spec) {
#if defined(__GLIBCXX__) && __SIZEOF_POINTER__ == 8
  // A field added to the spec must be added to the key too, or two different compositions would
  // share an entry: these sizes change with the fields.
  static_assert(sizeof(ParagraphSpec) == 224 && sizeof(fonts::StyleSpan) == 40,
                "ParagraphSpec or StyleSpan changed: update CompositionCache::Key");
#endif
  std::string key;
  key.reserve(spec.text.size() + 64 + spec.spans.size() * 32);
  AppendText(key, spec.text);
  Append(key, spec.spans.size());
  for (const fonts::StyleSpan& span : spec.spans) {
    Append(key, span.start);
    Append(key, span.end);
    Append(key, span.role);
    Append(key, span.bold);
    Append(key, span.size_pt);
    Append(key, span.tate_chu_yoko);
  }
  Append(key, spec.measure_pt);
  Append(key, spec.first_indent_pt);
  Append(key, spec.align);
  Append(key, spec.vertical);
  Append(key, spec.kinsoku);
  Append(key, spec.punctuation);
  Append(key, spec.cjk_latin_space);
  Append(key, spec.tate_chu_yoko_digits);
  Append(key, spec.drop_line_start_blank);
  Append(key, spec.grid);
  Append(key, spec.phrase_breaks);
  Append(key, spec.preferred_breaks.size());
  for (size_t at : spec.preferred_breaks) Append(key, at);
  AppendRanges(key, spec.emphasis_dots);
  AppendRanges(key, spec.no_break);
  Append(key, spec.links.size());
  for (const ParagraphSpec::Link& link : spec.links) {
    Append(key, link.start);
    Append(key, link.end);
    AppendText(key, link.uri);
  }
  Append(key, spec.rubies.size());
  for (const ParagraphSpec::Ruby& ruby : spec.rubies) {
    Append(key, ruby.start);
    Append(key, ruby.end);
    AppendText(key, ruby.text);
  }
  return key;
}

const CompositionCache::Entry* CompositionCache::Find(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

const CompositionCache::Entry& CompositionCache::Add(std::string key, Entry entry) {
  return entries_.insert_or_assign(std::move(key), std::move(entry)).first->second;
}

const CompositionCache::Entry& Setter::Cached(std::string key, const ParagraphSpec& spec) {
  if (const CompositionCache::Entry* entry = cache_->Find(key)) return *entry;
  // Missing glyphs are always collected: a later setting of the same spec may report them.
  CompositionCache::Entry entry;
  entry.lines = ComposeParagraph(spec, fonts_, &entry.missing);
  return cache_->Add(std::move(key), std::move(entry));
}

size_t Setter::LineCount(ParagraphSpec spec, const Typography& typography) {
  ApplySettings(spec, typography);
  return Cached(CompositionCache::Key(spec), spec).lines.size();
}

std::vector<ComposedLine> Setter::Compose(ParagraphSpec spec, const Typography& typography,
                                          const SourceLoc& loc, bool report) {
  ApplySettings(spec, typography);
  std::string key = CompositionCache::Key(spec);
  std::vector<ComposedLine> lines;
  std::vector<MissingGlyph> fresh;
  const std::vector<MissingGlyph>* missing = &fresh;
  // Trials are kept for the setting that follows them. A final setting no trial made (a body
  // paragraph, which the makeup sets once) is composed without being kept.
  const CompositionCache::Entry* entry = cache_->Find(key);
  if (entry == nullptr && (trial_ || !report)) entry = &Cached(std::move(key), spec);
  if (entry != nullptr) {
    lines = entry->lines;
    missing = &entry->missing;
  } else {
    lines = ComposeParagraph(spec, fonts_, report ? &fresh : nullptr);
  }
  if (!report) return lines;
  for (const MissingGlyph& m : *missing) {
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
