// Line composition, first cut: greedy filling with UAX #14 opportunities narrowed by the basic
// kinsoku level (clreq §3.1.4), then justification by spreading the remaining space evenly over
// the gaps next to CJK characters and over spaces (clreq §3.5's last resort), never inside a
// Latin word or a number. The composition engine issue replaces the greedy fill with
// "squeeze first, push later" and punctuation compression (CJK-RULES.md §1–§3).
//
// The paragraph is shaped once; lines are cut from its clusters ("units"), so a cluster — one
// character, or a ligature — is never split and every byte of the text is on exactly one line.
#include "layout/text/composer.h"

#include <cassert>

#include "layout/text/kinsoku.h"
#include "model/text.h"

namespace paiban::layout {
namespace {

constexpr double kEpsilonPt = 1e-6;

struct Unit {
  size_t run = 0;
  size_t glyph_begin = 0, glyph_end = 0;
  size_t byte_begin = 0, byte_end = 0;
  double advance_pt = 0;
  char32_t first_cp = 0, last_cp = 0;
  bool white = false;
  bool wide = false;  // a CJK character: justification space may go next to it
  bool break_before = false;
};

double InlineAdvance(const fonts::ShapedRun& run, const fonts::Glyph& g) {
  return run.vertical ? -g.y_advance_pt : g.x_advance_pt;
}

bool IsWide(char32_t cp) {
  return fonts::IsUprightInVertical(cp) || cp == 0x2014 || cp == 0x2026 ||
         (cp >= 0x2018 && cp <= 0x201D);
}

std::vector<Unit> BuildUnits(const std::string& text, const std::vector<fonts::ShapedRun>& runs,
                             const std::vector<fonts::BreakInfo>& breaks) {
  // Code point index of every byte offset that starts a character.
  std::vector<size_t> cp_index(text.size() + 1, 0);
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cp_index[i] = count++;
  }
  std::vector<Unit> units;
  for (size_t r = 0; r < runs.size(); ++r) {
    const fonts::ShapedRun& run = runs[r];
    for (size_t g = 0; g < run.glyphs.size();) {
      Unit u;
      u.run = r;
      u.glyph_begin = g;
      uint32_t cluster = run.glyphs[g].cluster;
      while (g < run.glyphs.size() && run.glyphs[g].cluster == cluster) {
        u.advance_pt += InlineAdvance(run, run.glyphs[g]);
        ++g;
      }
      u.glyph_end = g;
      u.byte_begin = cluster;
      u.byte_end = g < run.glyphs.size() ? run.glyphs[g].cluster : run.end;
      std::u32string chars = DecodeUtf8(text.substr(u.byte_begin, u.byte_end - u.byte_begin));
      u.first_cp = chars.front();
      u.last_cp = chars.back();
      u.white = chars.size() == 1 && (u.first_cp == ' ' || u.first_cp == 0x3000);
      u.wide = IsWide(u.first_cp) || IsWide(u.last_cp);
      size_t ci = cp_index[u.byte_begin];
      u.break_before = ci < breaks.size() && breaks[ci].allowed_before;
      units.push_back(u);
    }
  }
  // The basic kinsoku level narrows UAX #14's opportunities.
  for (size_t i = 1; i < units.size(); ++i) {
    if (IsLineStartProhibited(units[i].first_cp) || IsLineEndProhibited(units[i - 1].last_cp)) {
      units[i].break_before = false;
    }
  }
  return units;
}

// [begin, end) unit ranges of the lines.
std::vector<std::pair<size_t, size_t>> BreakLines(const std::vector<Unit>& units,
                                                  const ParagraphSpec& spec) {
  std::vector<std::pair<size_t, size_t>> lines;
  size_t start = 0;
  while (start < units.size()) {
    double width = lines.empty() ? spec.first_indent_pt : 0;
    size_t last_break = start;
    size_t i = start;
    size_t end = units.size();
    for (; i < units.size(); ++i) {
      if (i > start && units[i].break_before) last_break = i;
      bool overflows = width + units[i].advance_pt > spec.measure_pt + kEpsilonPt;
      if (overflows && i > start && !units[i].white) {
        // Break at the last opportunity; with none on the line, cut here (an emergency break).
        end = last_break > start ? last_break : i;
        break;
      }
      width += units[i].advance_pt;
    }
    if (i == units.size()) end = units.size();
    lines.emplace_back(start, end);
    start = end;
  }
  return lines;
}

}  // namespace

std::vector<ComposedLine> ComposeParagraph(const ParagraphSpec& spec, fonts::FontSystem& fonts) {
  std::vector<ComposedLine> lines;
  if (spec.text.empty()) return lines;
  std::vector<fonts::ShapedRun> runs = fonts.Shape(spec.text, spec.spans, spec.vertical);
  std::vector<fonts::BreakInfo> breaks = fonts.Breaks(spec.text);
  std::vector<Unit> units = BuildUnits(spec.text, runs, breaks);

  for (auto [begin, end] : BreakLines(units, spec)) {
    ComposedLine line;
    line.start = units[begin].byte_begin;
    line.end = units[end - 1].byte_end;
    line.last = end == units.size();
    // Trailing white space hangs: it is on the line but takes no room.
    size_t content_end = end;
    while (content_end > begin + 1 && units[content_end - 1].white) --content_end;
    double indent = lines.empty() ? spec.first_indent_pt : 0;
    double natural = indent;
    size_t expandable = 0;
    for (size_t i = begin; i < content_end; ++i) {
      natural += units[i].advance_pt;
      if (i + 1 < content_end &&
          (units[i].wide || units[i + 1].wide || units[i].white || units[i + 1].white)) {
        ++expandable;
      }
    }
    line.natural_pt = natural;
    double slack = spec.measure_pt - natural;
    double gap = 0;
    double offset = indent;
    Align align = spec.align == Align::kJustify && line.last ? Align::kStart : spec.align;
    if (align == Align::kJustify && expandable > 0 && slack > 0) {
      gap = slack / static_cast<double>(expandable);
    } else if (align == Align::kCenter) {
      offset += slack / 2;
    } else if (align == Align::kEnd) {
      offset += slack;
    }

    double pen = offset;
    for (size_t i = begin; i < end; ++i) {
      const Unit& u = units[i];
      const fonts::ShapedRun& run = runs[u.run];
      line.size_pt = std::max(line.size_pt, run.size_pt);
      if (line.runs.empty() || i == begin || units[i - 1].run != u.run) {
        LineRun lr;
        lr.face = run.face;
        lr.size_pt = run.size_pt;
        lr.orientation =
            run.sideways ? GlyphRun::Orientation::kSideways : GlyphRun::Orientation::kUpright;
        line.runs.push_back(std::move(lr));
      }
      LineRun& lr = line.runs.back();
      lr.text += spec.text.substr(u.byte_begin, u.byte_end - u.byte_begin);
      lr.clusters.push_back({static_cast<int>(u.byte_end - u.byte_begin),
                             static_cast<int>(u.glyph_end - u.glyph_begin)});
      double unit_pen = 0;
      for (size_t g = u.glyph_begin; g < u.glyph_end; ++g) {
        const fonts::Glyph& glyph = run.glyphs[g];
        LineGlyph out;
        out.id = glyph.id;
        if (run.vertical) {
          out.inline_pt = pen + unit_pen - glyph.y_offset_pt;
          out.cross_pt = glyph.x_offset_pt;
        } else if (run.sideways) {
          // Rotated 90° clockwise: the baseline runs down the column, placed so that the em box
          // of the face is centred on the column's centre line.
          out.inline_pt = pen + unit_pen + glyph.x_offset_pt;
          out.cross_pt = -(run.ascent_pt - run.descent_pt) / 2 + glyph.y_offset_pt;
        } else {
          out.inline_pt = pen + unit_pen + glyph.x_offset_pt;
          out.cross_pt = -glyph.y_offset_pt;
        }
        unit_pen += InlineAdvance(run, glyph);
        lr.glyphs.push_back(out);
      }
      bool hangs = i >= content_end;
      pen += hangs ? 0 : u.advance_pt;
      if (i + 1 == content_end) line.width_pt = pen;
      if (i + 1 < content_end &&
          (u.wide || units[i + 1].wide || u.white || units[i + 1].white)) {
        pen += gap;
      }
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace paiban::layout
