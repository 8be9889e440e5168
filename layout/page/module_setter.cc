#include "layout/page/module_setter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace paiban::layout {
namespace {

size_t CountChars(const std::string& text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Sets `lines_in` in `span` tracks from track `first`, from `v` along the flow, each track at most
// `extent` long, with rules between the tracks and frames around sidebars; returns where the
// longest track ends. Lines that do not fit are an error.
double SetTracks(const std::vector<FlowLine>& lines_in, int first, int span, double v,
                 double extent, const ModulePage& page, PageWriter& writer,
                 Diagnostics& diagnostics) {
  const PageGeometry& g = page.geometry;
  TrackPlan plan;
  size_t placed = FillTracks(LineBoxes(lines_in), span, extent, g, &plan);
  // The lines in the order they are set (a box may float past the lines after it).
  std::vector<const FlowLine*> lines;
  lines.reserve(lines_in.size());
  for (size_t k : plan.order) lines.push_back(&lines_in[k]);
  if (placed < lines.size()) {
    std::vector<FlowLine> left;
    for (size_t i = placed; i < lines.size(); ++i) left.push_back(*lines[i]);
    ReportOverflow(left, 0, page, diagnostics);
  }
  const std::vector<LineBox> boxes = LineBoxes(lines_in);
  std::map<std::pair<int, int>, LRect> frames;  // (sidebar, track) → the box's piece there
  double end = v;
  // Where each line goes (by its place in the order); the glyphs are then written in the
  // source's order, so the PDF's reading order keeps a paragraph whole where a box floated past.
  std::vector<LRect> spot(lines.size(), LRect{0, 0, 0, -1});
  for (int c = 0; c < span; ++c) {
    const double u = g.TrackStart(first + c);
    double line_v = v;
    auto [from, to] = plan.ranges[static_cast<size_t>(c)];
    for (size_t i = from; i < to; ++i) {
      const FlowLine& l = *lines[i];
      if (i != from) line_v += WhiteBefore(boxes[plan.order[i - 1]], boxes[plan.order[i]], g);
      spot[i] = {u, line_v, g.thickness, l.pitch_pt};
      if (l.box >= 0) {
        auto [it, inserted] = frames.try_emplace({l.box, c}, LRect{u, line_v, g.thickness, 0});
        it->second.dv = line_v + l.pitch_pt - it->second.v;
      }
      line_v += l.pitch_pt;
    }
    end = std::max(end, line_v);
    if (c > 0) writer.Rule(u - g.gap / 2, v, u - g.gap / 2, v + extent, 0.3, g);
  }
  std::vector<size_t> at(plan.order.size());
  for (size_t i = 0; i < plan.order.size(); ++i) at[plan.order[i]] = i;
  for (size_t k = 0; k < at.size(); ++k) {
    const size_t i = at[k];
    if (spot[i].dv < 0) continue;  // not placed: reported above
    writer.Line(*lines[i], spot[i], g);
  }
  for (const auto& [key, r] : frames) {
    writer.BoxFrame({r.u, r.v - g.em / 3, r.du, r.dv + g.em * 2 / 3}, g);
  }
  return end;
}

// Sets a block of lines in the other writing mode than the page (`lines`, each `length` long
// along the flow from `v`) across the module's tracks from `u0` to `u1`, following each other
// from the end of u or its start as the geometry says. Lines that do not fit are an error.
void PlaceCross(const std::vector<FlowLine>& lines, double u0, double u1, double v,
                double length, const ModulePage& page, PageWriter& writer,
                Diagnostics& diagnostics) {
  const PageGeometry& g = page.geometry;
  const bool from_end = g.cross_from_u_end;
  // The same white between lines as the fit that chose the block's length (track_fill.h).
  const std::vector<LineBox> boxes = LineBoxes(lines);
  double pos = from_end ? u1 : u0;
  std::map<int, LRect> frames;
  size_t i = 0;
  for (; i < lines.size(); ++i) {
    const FlowLine& l = lines[i];
    const double need = (i == 0 ? 0 : WhiteBefore(boxes[i - 1], boxes[i], g)) + l.pitch_pt;
    if (from_end ? pos - need < u0 - 1e-6 : pos + need > u1 + 1e-6) break;
    pos += from_end ? -(need - l.pitch_pt) : need - l.pitch_pt;
    LRect box{from_end ? pos - l.pitch_pt : pos, v, l.pitch_pt, length};
    pos += from_end ? -l.pitch_pt : l.pitch_pt;
    writer.Line(l, box, g);
    if (l.box >= 0) {
      auto [it, inserted] = frames.try_emplace(l.box, box);
      LRect& r = it->second;
      double lo = std::min(r.u, box.u), hi = std::max(r.u + r.du, box.u + box.du);
      r.u = lo;
      r.du = hi - lo;
    }
  }
  if (i < lines.size()) ReportOverflow(lines, i, page, diagnostics);
  for (const auto& [box, r] : frames) {
    writer.BoxFrame({r.u - g.em / 3, r.v, r.du + g.em * 2 / 3, r.dv}, g);
  }
}

// The rules of a module: before it along the flow, unless it stands at the body's start, and
// on its first track's side where other tracks are.
void ModuleRules(const Slot& slot, double u, double width, const PageGeometry& g,
                 PageWriter& writer) {
  if (slot.top > g.v0 + 1e-6) {
    // In the middle of the gap before the module, feathered or not.
    double rule_v = slot.top - g.pitch / 3 - slot.feather / 2;
    writer.Rule(u, rule_v, u + width, rule_v, 1, g);
  }
  if (slot.first > 0) {
    double rule_u = u - g.gap / 2;
    writer.Rule(rule_u, slot.top, rule_u, slot.top + slot.height, 0.5, g);
  }
}

}  // namespace

void ReportOverflow(const std::vector<FlowLine>& lines, size_t from, const ModulePage& page,
                    Diagnostics& diagnostics) {
  std::map<std::string, size_t> left, figures_left;
  for (size_t i = from; i < lines.size(); ++i) {
    const FlowLine& l = lines[i];
    left[l.article_id] += 0;
    if (l.figure) ++figures_left[l.article_id];
    for (const LineRun& run : l.line.runs) left[l.article_id] += CountChars(run.text);
  }
  for (const auto& [id, chars] : left) {
    size_t figures = figures_left[id];
    // The error points at the article's element in the source.
    SourceLoc where = page.source.loc;
    for (const Article& article : page.source.articles) {
      if (article.id == id) where = article.loc;
    }
    diagnostics.Error(where, "article '" + id + "' does not fit on page " +
                                 std::to_string(page.source.number) + ": " + std::to_string(chars) +
                                 " characters" +
                                 (figures == 0 ? std::string()
                                               : " and " + std::to_string(figures) +
                                                     (figures == 1 ? " image" : " images")) +
                                 " are left over");
  }
}

void SetModule(Setter& setter, const Module& module, const Slot& slot, const ModulePage& page,
               PageWriter& writer, JumpLedger& ledger) {
  const PageGeometry& g = page.geometry;
  const Article& article = *module.article;
  Diagnostics& diagnostics = setter.diagnostics();
  if (module.depth_pt > 0 && slot.top + module.depth_pt > g.v1 + 1e-6) {
    diagnostics.Error(article.loc,
                      "article '" + article.id + "' is " + std::to_string(*article.rows) +
                          " rows deep, but only " +
                          std::to_string(static_cast<int>((g.v1 - slot.top) / g.pitch + 1e-6)) +
                          " rows are left below the modules above it on page " +
                          std::to_string(page.source.number));
  }
  const double u = g.TrackStart(slot.first);
  const double width = g.SpanWidth(slot.span);
  if (module.cross) {
    // The block composed once more, reporting what the trial compositions did not, no longer
    // than the room after the slot's start (it was worked out for the whole body's extent):
    // what does not fit then is reported, never set beyond the page.
    const double length =
        std::min(module.cross_blocks[static_cast<size_t>(slot.span)].measure,
                 std::floor((g.v1 - slot.top - 2 * CrossPad(g)) / g.em + 1e-9) * g.em);
    std::vector<FlowLine> lines = CrossLines(setter, article, std::max(g.em, length),
                                             {module.typography, g, !g.vertical});
    PlaceCross(lines, u, u + width, slot.top + CrossPad(g), length, page, writer, diagnostics);
    writer.Area(article.id, 0, page.source.number, g.Physical({u, slot.top, width, slot.height}));
    ModuleRules(slot, u, width, g, writer);
    return;
  }
  double v = slot.top;
  // A rest repeats its headline, whose missing glyphs were reported where the story began.
  const bool rest = module.from_page > 0;
  for (const FlowLine& l : HeaderLines(setter, article, module.lead, rest, width,
                                       {module.typography, g, g.vertical}, !rest)) {
    writer.Line(l, {u, v, width, l.pitch_pt}, g);
    v += l.pitch_pt;
  }
  v += g.pitch / 3;
  double body_end;
  if (slot.keep < module.lines.size()) {
    // The story breaks here: the （下转第N版） line takes the last place, the rest goes to page N.
    std::vector<FlowLine> lines(module.lines.begin(),
                                module.lines.begin() + static_cast<ptrdiff_t>(slot.keep));
    lines.insert(lines.end(), module.jump.begin(), module.jump.end());
    ledger.Add(module.jump_to,
               {&article, page.source.number, module.fragment + 1, module.typography,
                std::vector<FlowLine>(module.lines.begin() + static_cast<ptrdiff_t>(slot.keep),
                                      module.lines.end())});
    body_end = SetTracks(lines, slot.first, slot.span, v, slot.body_height, page, writer,
                         diagnostics);
  } else {
    body_end = SetTracks(module.lines, slot.first, slot.span, v, slot.body_height, page, writer,
                         diagnostics);
  }
  writer.Area(article.id, module.fragment, page.source.number,
              g.Physical({u, slot.top, width, body_end - slot.top}));
  ModuleRules(slot, u, width, g, writer);
}

}  // namespace paiban::layout
