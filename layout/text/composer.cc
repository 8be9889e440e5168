// The CJK line composer. The paragraph's text is decoded from UTF-8 once (fonts::DecodeText:
// each character with its script and vertical orientation) and its break opportunities found
// once (FontSystem::FindBreaks); shaping and the stages below read those characters. Four
// sub-stages, each a function below:
//
// 1. Prepare: the text to shape. In vertical text the curly quotes “”‘’ are shaped as the corner
//    brackets 『』「」 (same UTF-8 length, so clusters still index the source text), which the
//    font's `vert` feature turns into ﹃﹄﹁﹂ (docs/typography.md §6); numbers of one or two
//    digits get a tate-chu-yoko span.
// 2. Collect: the shaped runs become units — one cluster each, or one tate-chu-yoko group — with
//    the facts composition needs: advance, punctuation class and the blank the font's half-width
//    form (`halt`/`vhal`) removes on each side, break opportunity before it (UAX #14 narrowed by
//    the kinsoku level, clreq §3.1.4; unbreakables: ——, ……, a number and its unit), and the glue
//    before it (Han–Western ¼ em, clreq §3.2.2; whether justification may open the gap).
// 3. Break: greedy, "squeeze first, push later" (先挤进，后推出, clreq §3.1.4): a line takes the
//    furthest break opportunity whose width, after every permitted compression, fits the measure.
//    Fixed adjustments apply first: two adjacent marks share one blank (1.5 em for the pair),
//    an opening bracket at line start and a mark at line end lose their outer ½ em (GB/T 15834
//    §5.1.10). Then no paragraph may end with a line of one character (clreq §3.4.4): the last
//    break moves back when the previous line can still be justified.
// 4. Finalize: each line is justified (clreq §3.5, docs/typography.md §3): shrink in priority order
//    (Western spaces to ¼ em, interpuncts, brackets, pause marks to ½ em, Han–Western space to
//    ⅛ em, stop marks), or expand (Western spaces to ½ em, Han–Western space to ⅓ em, then even
//    space between all other characters, never inside an unbreakable nor around connectors); the
//    last line is not expanded. Glyphs get their positions in line coordinates.
#include "layout/text/composer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <optional>

#include "model/text.h"

namespace paiban::layout {
namespace {

constexpr double kEpsilonPt = 1e-6;

bool IsLatinOrDigit(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x3FF) ||
         (cp >= 0x400 && cp <= 0x4FF);
}

bool IsDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }

bool IsHanOrKana(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3005 || cp == 0x3007 ||
         (cp >= 0x31F0 && cp <= 0x31FF);
}

bool IsHan(char32_t cp) {
  return IsHanOrKana(cp) && !(cp >= 0x3040 && cp <= 0x30FF) && !(cp >= 0x31F0 && cp <= 0x31FF);
}

// A digit or a Chinese numeral (the number after an ordinal 第).
bool IsNumeral(char32_t cp) {
  static constexpr std::u32string_view kNumerals = U"〇一二三四五六七八九十百千万两零";
  return IsDigit(cp) || kNumerals.find(cp) != std::u32string_view::npos;
}

// A number's unit that stays with its digits (26.92万, 28.1%, 1.5亿吨).
bool IsNumberUnit(char32_t cp) {
  return cp == '%' || cp == 0x2030 || cp == 0x2103 || cp == 0xFF05 || cp == 0x4E07 ||
         cp == 0x4EBF || cp == 0x5146 || cp == 0x5343 || cp == 0x767E;
}

bool IsConnector(char32_t cp) { return cp == 0x2013 || cp == 0xFF5E || cp == 0x301C; }

// ---------------------------------------------------------------------------------------------
// 1. Prepare

// What is shaped: the decoded paragraph text, or in vertical text a copy with corner brackets for
// the curly quotes; and the spans, cut at tate-chu-yoko groups.
struct Prepared {
  std::optional<fonts::Text> corner_text;
  std::vector<fonts::StyleSpan> spans;
};

Prepared Prepare(const ParagraphSpec& spec, const fonts::Text& text) {
  Prepared out{std::nullopt, spec.spans};
  if (!spec.vertical) return out;
  // Corner quotes: “→『 ”→』 ‘→「 ’→」, each 3 bytes in UTF-8 like the quote it replaces.
  auto corner = [](char32_t cp) -> char32_t {
    switch (cp) {
      case U'“': return U'『';
      case U'”': return U'』';
      case U'‘': return U'「';
      case U'’': return U'」';
      default: return 0;
    }
  };
  for (size_t k = 0; k < text.chars.size(); ++k) {
    char32_t to = corner(text.chars[k].cp);
    if (to == 0) continue;
    if (!out.corner_text) out.corner_text = text;
    fonts::TextChar& c = out.corner_text->chars[k];
    c.cp = to;
    c.upright = fonts::IsUprightInVertical(to);
    out.corner_text->utf8.replace(c.byte, 3, EncodeUtf8(to));
  }
  if (spec.tate_chu_yoko_digits <= 0) return out;
  // Tate-chu-yoko: digit groups by the rule model/text.h states, shared with the EPUB writer.
  std::vector<std::pair<size_t, size_t>> groups =
      TateChuYokoDigitGroups(spec.text, spec.tate_chu_yoko_digits);
  if (groups.empty()) return out;
  // Cut the spans at the groups' edges and mark the pieces inside a group.
  std::vector<fonts::StyleSpan> spans;
  for (const fonts::StyleSpan& span : out.spans) {
    size_t pos = span.start;
    for (const auto& [gs, ge] : groups) {
      if (ge <= pos || gs >= span.end) continue;
      if (gs > pos) {
        fonts::StyleSpan before = span;
        before.start = pos;
        before.end = gs;
        spans.push_back(before);
      }
      fonts::StyleSpan inside = span;
      inside.start = std::max(gs, pos);
      inside.end = std::min(ge, span.end);
      inside.tate_chu_yoko = true;
      spans.push_back(inside);
      pos = inside.end;
    }
    if (pos < span.end) {
      fonts::StyleSpan rest = span;
      rest.start = pos;
      spans.push_back(rest);
    }
  }
  out.spans = std::move(spans);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. Collect

struct Unit {
  size_t run = 0;
  size_t glyph_begin = 0, glyph_end = 0;
  size_t byte_begin = 0, byte_end = 0;
  double em = 10;  // the run's font size
  double advance_pt = 0;
  char32_t first_cp = 0, last_cp = 0;
  bool space = false;  // a Western space: hangs at line end, shrinks and stretches
  bool tcy = false;
  PunctClass punct = PunctClass::kNone;
  double blank_before_pt = 0;  // what the half-width form removes before the ink
  double blank_after_pt = 0;   // … and after it
  bool break_before = false;
  // Glue between the previous unit and this one.
  bool han_western = false;     // ¼ em Han–Western space
  // Grid mode: the Han–Western glue before this unit, which brings the next Han character back
  // onto the character grid; when this unit follows a Western segment that has a glue of
  // `grid_other_pt` on its left too, `grid_segment_first` is that segment's first unit.
  double grid_glue_pt = 0;
  double grid_other_pt = 0;
  size_t grid_segment_first = SIZE_MAX;
  bool expandable_gap = false;  // justification may open this gap
  // Fixed compression from adjacent marks, independent of line breaks.
  double pair_before_pt = 0;
  double pair_after_pt = 0;
  // Ruby: room added before the first and after the last unit of a base narrower than its
  // annotation (part of advance_pt), and which ruby the unit starts or ends (index + 1, or 0).
  double ruby_pad_before_pt = 0;
  int ruby_first = 0;
  int ruby_last = 0;
  // Phrase breaking (ParagraphSpec::phrase_breaks): how good a break before this unit is, 0 for
  // none (not between words, or inside a bracketed group), and the group it is inside.
  bool word_start = false;
  int phrase_strength = 0;
  size_t group_begin = SIZE_MAX;  // the unit that opens the innermost group around this one
  size_t group_end = SIZE_MAX;    // on an opening unit: the end of its group (after its closing)
};

double InlineAdvance(const fonts::ShapedRun& run, const fonts::Glyph& g) {
  return run.vertical ? -g.y_advance_pt : g.x_advance_pt;
}

bool IsWide(const Unit& u) {
  return u.tcy || fonts::IsUprightInVertical(u.first_cp) || u.punct != PunctClass::kNone ||
         IsHanOrKana(u.first_cp);
}

// Grid mode (clreq §3.2.5, jlreq kihon-hanmen): a run of Western text (letters, digits, spaces)
// between Han characters is rounded up to a whole number of ems by its Han–Western glue, half on
// each side (all on one side where the other side has no glue), so the Han characters after it
// stay on the column's character grid. The glue ranges from 0 to ½ em per side.
void PlaceWesternSegmentsOnGrid(std::vector<Unit>& units) {
  for (size_t first = 0; first < units.size();) {
    if (IsWide(units[first])) {
      ++first;
      continue;
    }
    size_t end = first;
    double width = 0;
    while (end < units.size() && !IsWide(units[end])) width += units[end++].advance_pt;
    double em = units[first].em;
    double extra = std::ceil(width / em - 1e-9) * em - width;
    bool left = units[first].han_western;
    bool right = end < units.size() && units[end].han_western;
    if (left && right) {
      units[first].grid_glue_pt = extra / 2;
      units[end].grid_glue_pt = extra / 2;
      units[end].grid_other_pt = extra / 2;
      units[end].grid_segment_first = first;
    } else if (left) {
      units[first].grid_glue_pt = extra;
    } else if (right) {
      units[end].grid_glue_pt = extra;
    }
    first = end;
  }
}

// The Han–Western glue before unit k on a line that starts at `begin` (k > begin), and how much
// of it justification may take away.
struct Glue {
  double width_pt = 0;
  double shrink_pt = 0;
};

Glue HanWesternGlue(const std::vector<Unit>& units, size_t k, size_t begin,
                    const ParagraphSpec& spec) {
  const Unit& u = units[k];
  if (k <= begin || !u.han_western) return {};
  if (!spec.grid) return {u.em / 4, u.em / 8};
  double width = u.grid_glue_pt;
  // A segment that starts the line has lost its left glue; the right glue takes it over.
  if (u.grid_segment_first == begin) width += u.grid_other_pt;
  return {width, 0};
}

// Phrase breaking: the strength of the break before each unit (docs/typography.md §9). A break
// must be a line break opportunity (kinsoku holds) at a word start, outside every bracketed or
// quoted group; then it is strongest where the source asks for one (<wbr/>), strong after a
// comma, pause or stop mark, medium at a space or before an opening / after a closing bracket,
// and weak between two words.
// Weaker still is a break before a word of one character, and weakest one before a word that
// starts with hiragana (a particle, an inflection: を通じて, に関する): the dictionary has no
// entry for 现代化 or 信息化 (现代|化, 信息|化) and cuts Japanese particles off (死者|は), and
// such a break tears a word or a phrase (bunsetsu) apart; the one character belongs with the word
// before it, and a break after it is an ordinary one. There is no break between two
// one-character Han words (a run of them is a word the dictionary does not know: 疫|情, 城|春),
// between a number and the character after it (5|日, 2024|年) or an ordinal 第 and its number
// (第|十四), or before an ideographic space (the break is after it).
constexpr int kPreferredBreak = 6, kStrongBreak = 5, kMediumBreak = 4, kWeakBreak = 3,
              kBeforeOneCharacter = 2, kBeforeParticle = 1;

bool IsHiragana(char32_t cp) { return cp >= 0x3041 && cp <= 0x309F; }

bool EndsClause(char32_t cp) {
  static constexpr std::u32string_view kMarks = U"，、；：。！？,;:!?";
  return kMarks.find(cp) != std::u32string_view::npos;
}

void RatePhraseBreaks(const ParagraphSpec& spec, std::vector<Unit>& units) {
  // Where the word around each unit starts and ends.
  std::vector<size_t> word_begin(units.size()), word_end(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    word_begin[i] = i > 0 && !units[i].word_start ? word_begin[i - 1] : i;
  }
  for (size_t i = units.size(); i-- > 0;) {
    word_end[i] = i + 1 < units.size() && !units[i + 1].word_start ? word_end[i + 1] : i + 1;
  }
  auto one_han = [&](size_t first, size_t end) {
    return end - first == 1 && IsHan(units[first].first_cp);
  };
  constexpr char32_t kIdeographicSpace = 0x3000;
  // No phrase break before unit k (k > 0): between a number and what follows it or 第 and its
  // number, and between two one-character Han words.
  auto number_glued = [&](size_t k) {
    const Unit& prev = units[k - 1];
    const Unit& u = units[k];
    return (IsDigit(prev.last_cp) && IsHanOrKana(u.first_cp)) ||
           (prev.last_cp == U'第' && IsNumeral(u.first_cp));
  };
  auto glued = [&](size_t k) {
    return number_glued(k) || (one_han(word_begin[k - 1], k) && one_han(k, word_end[k]));
  };
  std::vector<size_t> open;  // units that opened the groups still open
  for (size_t i = 0; i < units.size(); ++i) {
    Unit& u = units[i];
    if (u.punct == PunctClass::kClosing && !open.empty()) {
      units[open.back()].group_end = i + 1;
      open.pop_back();
    }
    u.group_begin = open.empty() ? SIZE_MAX : open.back();
    if (i > 0 && u.break_before && u.word_start && open.empty()) {
      const Unit& prev = units[i - 1];
      if (u.first_cp == kIdeographicSpace) {
        u.phrase_strength = 0;
      } else if (EndsClause(prev.last_cp)) {
        u.phrase_strength = kStrongBreak;
      } else if (prev.space || u.space || prev.last_cp == kIdeographicSpace ||
                 u.punct == PunctClass::kOpening || prev.punct == PunctClass::kClosing) {
        u.phrase_strength = kMediumBreak;
      } else if (glued(i)) {
        u.phrase_strength = 0;
      } else if (IsHiragana(u.first_cp)) {
        u.phrase_strength = kBeforeParticle;
      } else if (IsHiragana(prev.last_cp)) {
        // After a particle or an inflection, a word in kanji or katakana starts a new phrase
        // (bunsetsu), whatever its length.
        u.phrase_strength = kWeakBreak;
      } else if (word_end[i] - i == 1 && IsWide(u) &&
                 !(word_end[i] < units.size() && number_glued(word_end[i]))) {
        // (A character glued to the word after it, 第 before 十四, is not a word of one.)
        u.phrase_strength = kBeforeOneCharacter;
      } else {
        u.phrase_strength = kWeakBreak;
      }
    }
    if (u.break_before && i > 0 &&
        std::find(spec.preferred_breaks.begin(), spec.preferred_breaks.end(), u.byte_begin) !=
            spec.preferred_breaks.end()) {
      u.phrase_strength = kPreferredBreak;
    }
    if (u.punct == PunctClass::kOpening) open.push_back(i);
  }
  for (size_t g : open) units[g].group_end = units.size();  // never closed: to the end
}

std::vector<Unit> Collect(const ParagraphSpec& spec, const fonts::Text& text,
                          const std::vector<fonts::ShapedRun>& runs, fonts::FontSystem& fonts,
                          std::vector<MissingGlyph>* missing) {
  std::vector<Unit> units;
  // The characters of each unit; units come in text order, so the cursor only moves forward.
  size_t next_char = 0;
  for (size_t r = 0; r < runs.size(); ++r) {
    const fonts::ShapedRun& run = runs[r];
    for (size_t g = 0; g < run.glyphs.size();) {
      Unit u;
      u.run = r;
      u.em = run.size_pt;
      u.glyph_begin = g;
      uint32_t cluster = run.glyphs[g].cluster;
      if (run.tate_chu_yoko) {
        // The whole group is one unit, one em tall.
        g = run.glyphs.size();
        u.advance_pt = run.size_pt;
        u.tcy = true;
      } else {
        while (g < run.glyphs.size() && run.glyphs[g].cluster == cluster) {
          u.advance_pt += InlineAdvance(run, run.glyphs[g]);
          ++g;
        }
      }
      u.glyph_end = g;
      u.byte_begin = cluster;
      u.byte_end = g < run.glyphs.size() ? run.glyphs[g].cluster : run.end;
      size_t first = next_char < text.chars.size() && text.chars[next_char].byte == u.byte_begin
                         ? next_char
                         : text.IndexOf(u.byte_begin);
      size_t last = first;
      while (last < text.chars.size() && text.chars[last].byte < u.byte_end) ++last;
      next_char = last;
      const fonts::TextChar& head = text.chars[first];
      u.first_cp = head.cp;
      u.last_cp = text.chars[last - 1].cp;
      size_t char_count = last - first;
      u.space = char_count == 1 && u.first_cp == ' ';
      if (char_count == 1 && !u.tcy) {
        u.punct = ClassifyPunctuation(u.first_cp, spec.punctuation, spec.vertical);
        // On the grid every mark keeps its full em: compressing one would move what follows.
        if (u.punct != PunctClass::kNone && u.punct != PunctClass::kFixed && !spec.grid) {
          fonts::HalfWidthBlank blank = fonts.HalfWidth(run.face, u.first_cp, spec.vertical);
          u.blank_before_pt = blank.before_em * run.size_pt;
          u.blank_after_pt = blank.after_em * run.size_pt;
        }
      }
      if (missing) {
        for (size_t k = u.glyph_begin; k < u.glyph_end; ++k) {
          if (run.glyphs[k].id != 0) continue;
          size_t byte = run.glyphs[k].cluster;
          missing->push_back({text.chars[text.IndexOf(byte)].cp, byte});
        }
      }
      u.break_before = head.break_before;
      for (const auto& [from, to] : spec.no_break) {
        if (u.byte_begin > from && u.byte_begin < to) u.break_before = false;
      }
      units.push_back(u);
    }
  }

  for (size_t i = 1; i < units.size(); ++i) {
    Unit& prev = units[i - 1];
    Unit& u = units[i];
    // Kinsoku, and the unbreakables of clreq §3.1.5.
    if (IsLineStartProhibited(u.first_cp, spec.kinsoku) ||
        IsLineEndProhibited(prev.last_cp, spec.kinsoku) ||
        (IsDashOrEllipsis(prev.last_cp) && IsDashOrEllipsis(u.first_cp)) ||
        ((IsDigit(prev.last_cp) || prev.last_cp == '.') && (IsDigit(u.first_cp) || IsNumberUnit(u.first_cp))) ||
        (IsLatinOrDigit(prev.last_cp) && IsLatinOrDigit(u.first_cp) && !prev.tcy && !u.tcy)) {
      u.break_before = false;
    }
    bool prev_wide = IsWide(prev), wide = IsWide(u);
    // Han–Western space: between Han/kana and a Latin letter or digit, never next to punctuation.
    bool prev_han = IsHanOrKana(prev.last_cp) || prev.tcy;
    bool han = IsHanOrKana(u.first_cp) || u.tcy;
    u.han_western = spec.cjk_latin_space && !u.tcy && !prev.tcy &&
                    ((prev_han && IsLatinOrDigit(u.first_cp)) ||
                     (han && IsLatinOrDigit(prev.last_cp)));
    bool inside_unbreakable =
        (IsDashOrEllipsis(prev.last_cp) && IsDashOrEllipsis(u.first_cp)) ||
        (!prev_wide && !wide && !prev.space && !u.space);
    bool connector = IsConnector(prev.last_cp) || IsConnector(u.first_cp);
    u.expandable_gap = !inside_unbreakable && !connector;
    // Adjacent marks share one blank: 1.5 em for the pair (clreq §3.1.6.2).
    bool marks = prev.punct != PunctClass::kNone && prev.punct != PunctClass::kFixed &&
                 u.punct != PunctClass::kNone && u.punct != PunctClass::kFixed;
    if (marks) {
      if (prev.blank_after_pt > 0) {
        prev.pair_after_pt = prev.blank_after_pt;
      } else if (u.blank_before_pt > 0) {
        u.pair_before_pt = u.blank_before_pt;
      }
    }
  }
  if (spec.grid) PlaceWesternSegmentsOnGrid(units);
  return units;
}

// ---------------------------------------------------------------------------------------------
// 3. Break

// The measurements of one candidate line [begin, end) of units.
struct LineMetrics {
  size_t content_end = 0;  // end without the hanging spaces
  double width_pt = 0;     // with fixed adjustments and natural glue
  double shrink_pt = 0;    // everything justification may still take away
};

// Fixed compression of a unit on a line: pair compression, line-start and line-end blanks.
struct Fixed {
  double before_pt = 0;
  double after_pt = 0;
};

Fixed FixedCompression(const std::vector<Unit>& units, size_t i, size_t begin, size_t content_end,
                       const ParagraphSpec& spec) {
  const Unit& u = units[i];
  Fixed f{u.pair_before_pt, u.pair_after_pt};
  // A pair compression across the line break does not apply: the neighbour is on another line.
  // (At the line end, the line-end rule below takes the same blank anyway.)
  if (i == begin) f.before_pt = 0;
  if (i == begin && spec.drop_line_start_blank && u.punct == PunctClass::kOpening) {
    f.before_pt = u.blank_before_pt;
  }
  if (i + 1 == content_end) f.after_pt = u.blank_after_pt;  // line-end mark at ½ em
  return f;
}

// What justification may take from unit i beyond its fixed compression, and the Western space.
double Shrinkable(const Unit& u, const Fixed& f) {
  if (u.space) return std::max(0.0, u.advance_pt - u.em / 4);
  return std::max(0.0, u.blank_before_pt - f.before_pt) + std::max(0.0, u.blank_after_pt - f.after_pt);
}

LineMetrics Measure(const std::vector<Unit>& units, size_t begin, size_t end, double indent,
                    const ParagraphSpec& spec) {
  LineMetrics m;
  m.content_end = end;
  while (m.content_end > begin + 1 && units[m.content_end - 1].space) --m.content_end;
  m.width_pt = indent;
  for (size_t i = begin; i < m.content_end; ++i) {
    const Unit& u = units[i];
    Fixed f = FixedCompression(units, i, begin, m.content_end, spec);
    m.width_pt += u.advance_pt - f.before_pt - f.after_pt;
    m.shrink_pt += Shrinkable(u, f);
    Glue glue = HanWesternGlue(units, i, begin, spec);
    m.width_pt += glue.width_pt;
    m.shrink_pt += glue.shrink_pt;
  }
  return m;
}

bool Fits(const LineMetrics& m, double measure) {
  return m.width_pt - m.shrink_pt <= measure + kEpsilonPt;
}

// Phrase breaking (headlines): the fewest lines that fit, then the strongest breaks and the most
// even lines. Each line [i, j) costs its slack squared (in measures) — for a given number of
// lines the sum is least when the lines are most even — plus a price for the break that ends it:
// nothing for a preferred or strong break, a little for a medium one, for a weak one as much as
// a line 40 % short (so a comma wins over a balanced break between words), before a
// one-character word as much as a line 63 % short and before a particle 77 % (taken only when
// no other break gives as few lines). Dynamic programming over `candidates`, the units a line may
// start with (the first is 0, the last units.size()); headlines are short, so the quadratic
// number of candidate lines is cheap. Empty when no set of such lines fits.
std::vector<std::pair<size_t, size_t>> BalancedBreaks(const std::vector<Unit>& units,
                                                      const ParagraphSpec& spec,
                                                      const std::vector<size_t>& candidates) {
  const size_t n = candidates.size();  // candidates[0] = 0, candidates[n-1] = units.size()
  constexpr double kInf = 1e300;
  // best[c][l]: least cost of setting units [0, candidates[c]) in l lines.
  std::vector<std::vector<double>> best(n);
  std::vector<std::vector<size_t>> from(n);
  size_t max_lines = n;
  for (size_t c = 0; c < n; ++c) {
    best[c].assign(max_lines + 1, kInf);
    from[c].assign(max_lines + 1, SIZE_MAX);
  }
  best[0][0] = 0;
  const double measure = std::max(spec.measure_pt, kEpsilonPt);
  for (size_t a = 0; a + 1 < n; ++a) {
    double indent = a == 0 ? spec.first_indent_pt : 0;
    for (size_t b = a + 1; b < n; ++b) {
      LineMetrics m = Measure(units, candidates[a], candidates[b], indent, spec);
      if (!Fits(m, spec.measure_pt)) break;  // longer lines from `a` do not fit either
      double slack = std::max(0.0, spec.measure_pt - m.width_pt) / measure;
      double cost = slack * slack;
      if (b + 1 < n) {
        switch (units[candidates[b]].phrase_strength) {
          case kPreferredBreak:
          case kStrongBreak: break;
          case kMediumBreak: cost += 0.02; break;
          case kWeakBreak: cost += 0.15; break;
          case kBeforeOneCharacter: cost += 0.4; break;
          default: cost += 0.6; break;
        }
      }
      for (size_t l = 0; l < max_lines; ++l) {
        if (best[a][l] >= kInf) continue;
        if (best[a][l] + cost < best[b][l + 1]) {
          best[b][l + 1] = best[a][l] + cost;
          from[b][l + 1] = a;
        }
      }
    }
  }
  size_t lines = 1;
  while (lines <= max_lines && best[n - 1][lines] >= kInf) ++lines;
  if (lines > max_lines) return {};
  std::vector<std::pair<size_t, size_t>> out(lines);
  for (size_t c = n - 1, l = lines; l > 0; --l) {
    size_t a = from[c][l];
    out[l - 1] = {candidates[a], candidates[c]};
    c = a;
  }
  return out;
}

// Phrase breaks of `units` (from `text`): a headline that fits one line is that line; otherwise
// the text is segmented into words (which is most of the cost) and its breaks rated first.
std::vector<std::pair<size_t, size_t>> PhraseBreaks(fonts::Text& text, std::vector<Unit>& units,
                                                    const ParagraphSpec& spec) {
  if (Fits(Measure(units, 0, units.size(), spec.first_indent_pt, spec), spec.measure_pt)) {
    return {{0, units.size()}};
  }
  fonts::FindWordStarts(text);
  for (Unit& u : units) u.word_start = text.chars[text.IndexOf(u.byte_begin)].word_start;
  RatePhraseBreaks(spec, units);
  // A bracketed group is kept on one line when it fits on one: a break inside it is allowed only
  // when the group itself is wider than the measure.
  auto candidates = [&](bool words_only) {
    std::vector<size_t> out{0};
    for (size_t k = 1; k < units.size(); ++k) {
      const Unit& u = units[k];
      bool ok = words_only ? u.phrase_strength > 0 : u.break_before;
      if (!ok && words_only && u.break_before && u.word_start && u.group_begin != SIZE_MAX) {
        // Inside a group (the innermost: if it cannot fit one line, no group around it can).
        const Unit& opening = units[u.group_begin];
        ok = !Fits(Measure(units, u.group_begin, opening.group_end, 0, spec), spec.measure_pt);
      }
      if (ok) out.push_back(k);
    }
    out.push_back(units.size());
    return out;
  };
  std::vector<std::pair<size_t, size_t>> lines = BalancedBreaks(units, spec, candidates(true));
  if (lines.empty()) lines = BalancedBreaks(units, spec, candidates(false));
  return lines;
}

std::vector<std::pair<size_t, size_t>> BreakLines(fonts::Text& text, std::vector<Unit>& units,
                                                  const ParagraphSpec& spec) {
  if (spec.phrase_breaks) {
    std::vector<std::pair<size_t, size_t>> lines = PhraseBreaks(text, units, spec);
    if (!lines.empty()) return lines;
  }
  std::vector<std::pair<size_t, size_t>> lines;
  size_t begin = 0;
  while (begin < units.size()) {
    double indent = lines.empty() ? spec.first_indent_pt : 0;
    size_t best = 0;      // furthest fitting end at a break opportunity
    size_t fallback = 0;  // furthest fitting end anywhere (emergency break)
    // Widths and shrink accumulate unit by unit: `inner_*` hold units [begin, k) set as inner
    // units; unit k is tried as the line's last content unit (line-end compression). Trailing
    // spaces hang, so an end after spaces fits when its last content unit does.
    double inner_width = indent, inner_shrink = 0;
    bool content_fits = false;
    for (size_t k = begin; k < units.size(); ++k) {
      const Unit& u = units[k];
      Glue glue = HanWesternGlue(units, k, begin, spec);
      double glue_width = glue.width_pt, glue_shrink = glue.shrink_pt;
      if (!u.space || k == begin) {
        Fixed last = FixedCompression(units, k, begin, k + 1, spec);
        double width = inner_width + glue_width + u.advance_pt - last.before_pt - last.after_pt;
        double shrink = inner_shrink + glue_shrink + Shrinkable(u, last);
        content_fits = width - shrink <= spec.measure_pt + kEpsilonPt;
        if (!content_fits) break;
      }
      size_t end = k + 1;
      if (content_fits) {
        fallback = end;
        if (end == units.size() || units[end].break_before) best = end;
      }
      Fixed inner = FixedCompression(units, k, begin, units.size() + 1, spec);
      inner_width += glue_width + u.advance_pt - inner.before_pt - inner.after_pt;
      inner_shrink += glue_shrink + Shrinkable(u, inner);
    }
    size_t end = best > begin ? best : std::max(fallback, begin + 1);
    lines.emplace_back(begin, end);
    begin = end;
  }

  // No last line of a single character (clreq §3.4.4): move the last break back so that at
  // least two characters go down, if the previous line still fits and can be justified.
  if (lines.size() >= 2) {
    auto [last_begin, last_end] = lines.back();
    size_t chars = 0;
    for (size_t i = last_begin; i < last_end; ++i) {
      if (units[i].punct == PunctClass::kNone && !units[i].space) ++chars;
    }
    if (chars == 1) {
      auto& [prev_begin, prev_end] = lines[lines.size() - 2];
      double indent = lines.size() == 2 ? spec.first_indent_pt : 0;
      for (size_t cut = prev_end - 1; cut > prev_begin + 1; --cut) {
        if (!units[cut].break_before) continue;
        LineMetrics prev = Measure(units, prev_begin, cut, indent, spec);
        LineMetrics last = Measure(units, cut, last_end, 0, spec);
        if (Fits(prev, spec.measure_pt) && Fits(last, spec.measure_pt)) {
          prev_end = cut;
          lines.back().first = cut;
        }
        break;  // only the nearest opportunity: pushing further would open the line too much
      }
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// 4. Finalize

// A ruby annotation, shaped: its runs and its extent along the line.
struct RubyText {
  std::string text;
  std::vector<fonts::ShapedRun> runs;
  double width_pt = 0;
};

// Shapes each annotation at half its base's size, keeps its base on one line, and spaces out a
// base narrower than its annotation: half the difference before its first unit, half after its
// last.
std::vector<RubyText> ApplyRubies(const ParagraphSpec& spec, const std::vector<fonts::ShapedRun>& runs,
                                  std::vector<Unit>& units, fonts::FontSystem& fonts) {
  std::vector<RubyText> out;
  for (const ParagraphSpec::Ruby& ruby : spec.rubies) {
    out.push_back({ruby.text, {}, 0});
    size_t a = 0;
    while (a < units.size() && units[a].byte_begin < ruby.start) ++a;
    size_t b = a;
    while (b < units.size() && units[b].byte_begin < ruby.end) ++b;
    if (a == b || ruby.text.empty()) continue;
    const fonts::ShapedRun& base = runs[units[a].run];
    fonts::StyleSpan span{0, ruby.text.size(), fonts::Role::kBody, false, base.size_pt / 2};
    for (const fonts::StyleSpan& s : spec.spans) {
      if (s.start <= ruby.start && ruby.start < s.end) span.role = s.role;
    }
    RubyText& rt = out.back();
    rt.runs = fonts.Shape(fonts::DecodeText(rt.text), {span}, spec.vertical);
    for (const fonts::ShapedRun& rr : rt.runs) {
      for (const fonts::Glyph& g : rr.glyphs) rt.width_pt += InlineAdvance(rr, g);
    }
    double base_width = 0;
    for (size_t k = a; k < b; ++k) {
      base_width += units[k].advance_pt;
      if (k > a) units[k].break_before = false;
    }
    if (rt.width_pt > base_width + kEpsilonPt) {
      double pad = (rt.width_pt - base_width) / 2;
      units[a].ruby_pad_before_pt += pad;
      units[a].advance_pt += pad;
      units[b - 1].advance_pt += pad;
    }
    units[a].ruby_first = static_cast<int>(out.size());
    units[b - 1].ruby_last = static_cast<int>(out.size());
  }
  return out;
}

ComposedLine Finalize(const ParagraphSpec& spec, const std::vector<fonts::ShapedRun>& runs,
                      const std::vector<Unit>& units, const std::vector<RubyText>& rubies,
                      size_t begin, size_t end, bool first, bool last) {
  ComposedLine line;
  line.start = units[begin].byte_begin;
  line.end = units[end - 1].byte_end;
  line.last = last;
  double indent = first ? spec.first_indent_pt : 0;
  LineMetrics m = Measure(units, begin, end, indent, spec);
  line.natural_pt = m.width_pt;

  // Per unit: compression before/after, and glue before it.
  size_t n = end - begin;
  std::vector<double> before(n), after(n), glue(n, 0.0);
  for (size_t k = 0; k < n; ++k) {
    size_t i = begin + k;
    Fixed f = i < m.content_end ? FixedCompression(units, i, begin, m.content_end, spec) : Fixed{};
    before[k] = f.before_pt;
    after[k] = f.after_pt;
    if (k > 0 && i < m.content_end) glue[k] = HanWesternGlue(units, i, begin, spec).width_pt;
  }
  double delta = spec.measure_pt - m.width_pt;
  Align align = spec.align == Align::kJustify && last ? Align::kStart : spec.align;

  if (delta < -kEpsilonPt) {
    // Shrink, level by level, each level proportionally among its members.
    double need = -delta;
    auto level = [&](auto member_room, auto apply) {
      if (need <= kEpsilonPt) return;
      double room = 0;
      for (size_t k = 0; k < n; ++k) {
        if (begin + k < m.content_end) room += member_room(k);
      }
      if (room <= kEpsilonPt) return;
      double t = std::min(1.0, need / room);
      for (size_t k = 0; k < n; ++k) {
        if (begin + k < m.content_end) apply(k, member_room(k) * t);
      }
      need -= room * t;
    };
    auto blank_room = [&](PunctClass cls) {
      return [&, cls](size_t k) {
        const Unit& u = units[begin + k];
        if (u.punct != cls) return 0.0;
        return std::max(0.0, u.blank_before_pt - before[k]) +
               std::max(0.0, u.blank_after_pt - after[k]);
      };
    };
    auto blank_apply = [&](size_t k, double amount) {
      const Unit& u = units[begin + k];
      double room_after = std::max(0.0, u.blank_after_pt - after[k]);
      double take_after = std::min(amount, room_after);
      after[k] += take_after;
      before[k] += amount - take_after;
    };
    // Western spaces to ¼ em.
    level(
        [&](size_t k) {
          const Unit& u = units[begin + k];
          return u.space ? std::max(0.0, u.advance_pt - u.em / 4) : 0.0;
        },
        [&](size_t k, double amount) { after[k] += amount; });
    level(blank_room(PunctClass::kInterpunct), blank_apply);
    level(blank_room(PunctClass::kOpening), blank_apply);
    level(blank_room(PunctClass::kClosing), blank_apply);
    level(blank_room(PunctClass::kPause), blank_apply);
    // Han–Western space to ⅛ em (fixed on the grid).
    level([&](size_t k) {
            return k > 0 ? HanWesternGlue(units, begin + k, begin, spec).shrink_pt : 0.0;
          },
          [&](size_t k, double amount) { glue[k] -= amount; });
    level(blank_room(PunctClass::kStop), blank_apply);
  } else if (delta > kEpsilonPt && align == Align::kJustify) {
    double extra = delta;
    auto level = [&](auto member_room) {
      if (extra <= kEpsilonPt) return;
      double room = 0;
      for (size_t k = 1; k < n; ++k) {
        if (begin + k < m.content_end) room += member_room(k);
      }
      if (room <= kEpsilonPt) return;
      double t = std::min(1.0, extra / room);
      for (size_t k = 1; k < n; ++k) {
        if (begin + k < m.content_end) glue[k] += member_room(k) * t;
      }
      extra -= room * t;
    };
    // Western spaces up to ½ em: the space's own glue is the gap after it.
    level([&](size_t k) {
      const Unit& prev = units[begin + k - 1];
      return prev.space ? std::max(0.0, prev.em / 2 - prev.advance_pt) : 0.0;
    });
    // Han–Western space up to ⅓ em (fixed on the grid).
    level([&](size_t k) {
      return units[begin + k].han_western && !spec.grid ? units[begin + k].em * (1.0 / 3 - 1.0 / 4)
                                                        : 0.0;
    });
    // Then evenly between all other characters.
    size_t gaps = 0;
    for (size_t k = 1; k < n; ++k) {
      if (begin + k < m.content_end && units[begin + k].expandable_gap) ++gaps;
    }
    if (gaps > 0 && extra > kEpsilonPt) {
      double each = extra / static_cast<double>(gaps);
      for (size_t k = 1; k < n; ++k) {
        if (begin + k < m.content_end && units[begin + k].expandable_gap) glue[k] += each;
      }
    }
  }

  double width = indent;
  for (size_t k = 0; k < n; ++k) {
    if (begin + k >= m.content_end) break;
    width += glue[k] + units[begin + k].advance_pt - before[k] - after[k];
  }
  double pen = indent;
  if (align == Align::kCenter) pen += (spec.measure_pt - width) / 2;
  if (align == Align::kEnd) pen += spec.measure_pt - width;
  line.width_pt = width;

  size_t line_link_unit = 0;  // the last unit that extended a link extent
  double ruby_from = -1;      // where the base of the ruby being set starts, or -1
  std::vector<LineRun> ruby_runs;  // the annotations, after the line's text
  for (size_t k = 0; k < n; ++k) {
    const Unit& u = units[begin + k];
    const fonts::ShapedRun& run = runs[u.run];
    line.size_pt = std::max(line.size_pt, run.size_pt);
    bool hangs = begin + k >= m.content_end;
    if (!hangs) pen += glue[k];
    if (line.runs.empty() || k == 0 || units[begin + k - 1].run != u.run) {
      LineRun lr;
      lr.face = run.face;
      lr.size_pt = run.size_pt;
      lr.orientation =
          run.sideways ? GlyphRun::Orientation::kSideways : GlyphRun::Orientation::kUpright;
      line.runs.push_back(std::move(lr));
    }
    LineRun& lr = line.runs.back();
    lr.text += spec.text.substr(u.byte_begin, u.byte_end - u.byte_begin);
    // One text cluster per glyph cluster, so the PDF text layer maps each character back.
    for (size_t g = u.glyph_begin; g < u.glyph_end;) {
      uint32_t cluster = run.glyphs[g].cluster;
      size_t h = g;
      while (h < u.glyph_end && run.glyphs[h].cluster == cluster) ++h;
      size_t cluster_end = h < u.glyph_end ? run.glyphs[h].cluster : u.byte_end;
      lr.clusters.push_back(
          {static_cast<int>(cluster_end - cluster), static_cast<int>(h - g)});
      g = h;
    }
    double origin = pen - before[k] + u.ruby_pad_before_pt;
    if (u.ruby_first > 0) ruby_from = pen;
    if (!hangs && !u.space && u.punct == PunctClass::kNone) {
      for (const auto& [from, to] : spec.emphasis_dots) {
        if (u.byte_begin >= from && u.byte_begin < to) {
          line.dots.emplace_back(pen + (u.advance_pt - before[k] - after[k]) / 2, run.size_pt);
          break;
        }
      }
    }
    for (const ParagraphSpec::Link& link : spec.links) {
      if (u.byte_begin < link.start || u.byte_begin >= link.end) continue;
      double from = pen, to = pen + u.advance_pt - before[k] - after[k];
      // Consecutive units of one link make one extent; the link's text may come back on the
      // line after other text, which makes another.
      if (!line.links.empty() && line.links.back().uri == link.uri && k > 0 &&
          line_link_unit + 1 == k) {
        line.links.back().to_pt = to;
      } else {
        line.links.push_back({link.uri, from, to});
      }
      line_link_unit = k;
      break;
    }
    if (u.tcy) {
      // Across the column, centred, on the ideographic em box's baseline (0.88 em down).
      double across = 0;
      for (size_t g = u.glyph_begin; g < u.glyph_end; ++g) across += run.glyphs[g].x_advance_pt;
      double x = -across / 2;
      for (size_t g = u.glyph_begin; g < u.glyph_end; ++g) {
        const fonts::Glyph& glyph = run.glyphs[g];
        lr.glyphs.push_back(
            {glyph.id, origin + 0.88 * run.size_pt - glyph.y_offset_pt, x + glyph.x_offset_pt});
        x += glyph.x_advance_pt;
      }
    } else {
      double unit_pen = 0;
      for (size_t g = u.glyph_begin; g < u.glyph_end; ++g) {
        const fonts::Glyph& glyph = run.glyphs[g];
        LineGlyph out;
        out.id = glyph.id;
        if (run.vertical) {
          out.inline_pt = origin + unit_pen - glyph.y_offset_pt;
          out.cross_pt = glyph.x_offset_pt;
        } else if (run.sideways) {
          // Rotated 90° clockwise: the baseline runs down the column, placed so that the em box
          // of the face is centred on the column's centre line.
          out.inline_pt = origin + unit_pen + glyph.x_offset_pt;
          out.cross_pt = -(run.ascent_pt - run.descent_pt) / 2 + glyph.y_offset_pt;
        } else {
          out.inline_pt = origin + unit_pen + glyph.x_offset_pt;
          out.cross_pt = -glyph.y_offset_pt;
        }
        unit_pen += InlineAdvance(run, glyph);
        lr.glyphs.push_back(out);
      }
    }
    if (!hangs) pen += u.advance_pt - before[k] - after[k];
    // The annotation, centred on its base, once the base ends (or the line does).
    int ruby = u.ruby_last > 0 ? u.ruby_last : 0;
    if (ruby == 0 && k + 1 == n && ruby_from >= 0) {
      for (size_t j = begin + k + 1; j < units.size() && ruby == 0; ++j) ruby = units[j].ruby_last;
    }
    if (ruby > 0 && ruby_from >= 0) {
      const RubyText& rt = rubies[static_cast<size_t>(ruby - 1)];
      double size = units[begin + k].em;
      double at = (ruby_from + pen) / 2 - rt.width_pt / 2;
      line.ruby_pt = std::max(line.ruby_pt, size / 2);
      for (const fonts::ShapedRun& rr : rt.runs) {
        LineRun ruby_run;
        ruby_run.face = rr.face;
        ruby_run.size_pt = rr.size_pt;
        ruby_run.orientation =
            rr.sideways ? GlyphRun::Orientation::kSideways : GlyphRun::Orientation::kUpright;
        ruby_run.text = rt.text.substr(rr.start, rr.end - rr.start);
        for (size_t g = 0; g < rr.glyphs.size();) {
          size_t h = g;
          while (h < rr.glyphs.size() && rr.glyphs[h].cluster == rr.glyphs[g].cluster) ++h;
          size_t cluster_end = h < rr.glyphs.size() ? rr.glyphs[h].cluster : rr.end;
          ruby_run.clusters.push_back({static_cast<int>(cluster_end - rr.glyphs[g].cluster),
                                 static_cast<int>(h - g)});
          for (; g < h; ++g) {
            const fonts::Glyph& glyph = rr.glyphs[g];
            LineGlyph out;
            out.id = glyph.id;
            // Horizontal: the annotation's em box stands on the base's (0.88 em above the
            // base's baseline); vertical: its column stands beside the base's, on the right.
            double beside = size / 2 + rr.size_pt / 2;
            if (rr.vertical) {
              out.inline_pt = at - glyph.y_offset_pt;
              out.cross_pt = glyph.x_offset_pt + beside;
            } else if (rr.sideways) {
              out.inline_pt = at + glyph.x_offset_pt;
              out.cross_pt = -(rr.ascent_pt - rr.descent_pt) / 2 + glyph.y_offset_pt + beside;
            } else {
              out.inline_pt = at + glyph.x_offset_pt;
              out.cross_pt = -glyph.y_offset_pt - 0.88 * size - 0.12 * rr.size_pt;
            }
            at += InlineAdvance(rr, glyph);
            ruby_run.glyphs.push_back(out);
          }
        }
        ruby_runs.push_back(std::move(ruby_run));
      }
      ruby_from = -1;
    }
  }
  std::move(ruby_runs.begin(), ruby_runs.end(), std::back_inserter(line.runs));
  return line;
}

std::string Pt(double value) { return FormatPt(value); }

}  // namespace

std::string DumpLines(const std::vector<ComposedLine>& lines) {
  std::string out;
  for (size_t l = 0; l < lines.size(); ++l) {
    const ComposedLine& line = lines[l];
    out += "line " + std::to_string(l) + " width " + Pt(line.width_pt) + " natural " +
           Pt(line.natural_pt) + (line.last ? " last" : "") + "\n ";
    for (const LineRun& run : line.runs) {
      size_t byte = 0, glyph = 0;
      for (const TextCluster& c : run.clusters) {
        const LineGlyph& g = run.glyphs[glyph];
        out += " " + run.text.substr(byte, static_cast<size_t>(c.num_bytes)) + "@" +
               Pt(g.inline_pt);
        if (run.orientation == GlyphRun::Orientation::kSideways) out += "s";
        if (g.cross_pt != 0 && run.orientation == GlyphRun::Orientation::kUpright) {
          out += "/" + Pt(g.cross_pt);
        }
        byte += static_cast<size_t>(c.num_bytes);
        glyph += static_cast<size_t>(c.num_glyphs);
      }
    }
    out += "\n";
  }
  return out;
}

std::vector<ComposedLine> ComposeParagraph(const ParagraphSpec& spec, fonts::FontSystem& fonts,
                                           std::vector<MissingGlyph>* missing) {
  std::vector<ComposedLine> lines;
  if (spec.text.empty()) return lines;
  // The text is decoded once, here; shaping, breaking and unit collection read its characters.
  fonts::Text text = fonts::DecodeText(spec.text);
  fonts.FindBreaks(text);
  Prepared prepared = Prepare(spec, text);
  std::vector<fonts::ShapedRun> runs =
      fonts.Shape(prepared.corner_text ? *prepared.corner_text : text, prepared.spans,
                  spec.vertical);
  std::vector<Unit> units = Collect(spec, text, runs, fonts, missing);
  std::vector<RubyText> rubies = ApplyRubies(spec, runs, units, fonts);
  std::vector<std::pair<size_t, size_t>> ranges = BreakLines(text, units, spec);
  lines.reserve(ranges.size());
  for (size_t l = 0; l < ranges.size(); ++l) {
    lines.push_back(Finalize(spec, runs, units, rubies, ranges[l].first, ranges[l].second,
                             l == 0, l + 1 == ranges.size()));
  }
  return lines;
}

}  // namespace paiban::layout
