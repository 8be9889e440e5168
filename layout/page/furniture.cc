#include "layout/page/furniture.h"

#include <algorithm>
#include <string>

#include "layout/page/geometry.h"

namespace paiban::layout {
namespace {

using fonts::Role;

// Sets `spec` as horizontal lines from (x, y), each `factor` times its size deep; returns the y
// after them.
double SetBlock(Setter& setter, PageWriter& writer, const ParagraphSpec& spec,
                const Typography& typography, double x, double y, double factor,
                const SourceLoc& loc = {}, TextRole role = TextRole::kFurniture,
                const std::string& article_id = "") {
  int block = setter.NextBlock();
  for (const ComposedLine& line : setter.Compose(spec, typography, loc)) {
    double pitch = line.size_pt * factor;
    writer.FurnitureLine(line, x, y, pitch, block, role, article_id);
    y += pitch + line.ruby_pt;
  }
  return y;
}

double FolioLine(Setter& setter, const Page& page, const PageGeometry& g,
                 const Typography& typography, double y, PageWriter& writer) {
  TextStyle style{Role::kSans, false, 7.5};
  const double measure = g.right - g.left;
  SetBlock(setter, writer,
           MakeSpec(setter.words().FolioStart(page), style, measure, Align::kStart, false),
           typography, g.left, y, 1.4);
  y = SetBlock(setter, writer,
               MakeSpec(setter.words().FolioEnd(), style, measure, Align::kEnd, false),
               typography, g.left, y, 1.4);
  writer.Rule(g.left, y + 1, g.right, y + 1, 0.5, g);
  return y + 4;
}

// The ear: a framed box, its headline centred on top, its body in horizontal lines (whatever the
// page's writing mode: the masthead is horizontal) at the box's inner measure.
double Ear(Setter& setter, const Page& page, const Article& article, const PageGeometry& g,
           const JumpLedger& ledger, double x, double y, double width, PageWriter& writer) {
  const Typography typography = setter.Resolve(page.typography, article.typography);
  double pad = g.em / 2;
  double inner = width - 2 * pad;
  double line_y = y + pad;
  for (const Inlines& part : SplitAtBreaks(article.headline)) {
    line_y = SetBlock(setter, writer,
                      MakeSpec(part, {Role::kHeadline, true, 12}, inner, 0, Align::kCenter, false),
                      typography, x + pad, line_y, 1.3, article.loc, TextRole::kHeadline,
                      article.id);
  }
  line_y += g.pitch / 4;
  std::vector<FlowLine> lines =
      BodyLines(setter, article, inner, {typography, g, false},
                ledger.JumpsOut(article, page.number));
  for (size_t i = 0; i < lines.size(); ++i) {
    const FlowLine& l = lines[i];
    if (i > 0) line_y += l.space_before_pt;
    writer.Line(l, {x + pad, line_y, inner, l.pitch_pt}, g);
    line_y += l.pitch_pt;
  }
  double bottom = line_y + pad;
  writer.Frame({x, y, width, bottom - y});
  writer.Area(article.id, 0, page.number, {x, y, width, bottom - y});
  return bottom;
}

double Masthead(Setter& setter, const Page& page, const PageGeometry& g,
                const Typography& typography, const JumpLedger& ledger, double y,
                PageWriter& writer) {
  const Publication& pub = setter.issue().publication;
  const double measure = g.right - g.left;
  // The nameplate (报头) on the left, the masthead data block on the right, the ear (报眼)
  // between them when an article stands there.
  double data_width = 22 * 7.5;
  double top = y;
  ParagraphSpec nameplate = MakeSpec(pub.name, {Role::kHeadline, true, 64}, measure - data_width,
                                     Align::kStart, false);
  double name_width = 0;
  for (const ComposedLine& line : setter.Compose(nameplate, typography, {}, false)) {
    name_width = std::max(name_width, line.width_pt);
  }
  double name_end = SetBlock(setter, writer, nameplate, typography, g.left, y, 1.15);
  double ear_end = y;
  for (const Article& article : page.articles) {
    if (!article.ear) continue;
    double x = g.left + name_width + 2 * g.em;
    double width = g.right - data_width - g.em - x;
    if (width < 8 * g.em) {
      setter.diagnostics().Error(article.loc, "the ear has no room for article '" + article.id +
                                                  "': the nameplate leaves " +
                                                  std::to_string(static_cast<int>(width)) +
                                                  " pt beside it, less than 8 characters");
      continue;
    }
    ear_end = Ear(setter, page, article, g, ledger, x, y, width, writer);
  }
  double data_y = top;
  for (const MastheadLine& line : setter.words().MastheadData()) {
    ParagraphSpec spec =
        MakeSpec(line.text, {Role::kSans, false, 7.5}, data_width, Align::kStart, false);
    // The paper's site is a link in the PDF.
    if (!line.link.empty()) spec.links.push_back({0, line.text.size(), line.link});
    data_y = SetBlock(setter, writer, spec, typography, g.right - data_width, data_y, 1.35);
  }
  y = std::max({name_end, data_y, ear_end}) + 2;
  // The date line: date, weekday, page count, issue numbers; the brand line at the right.
  TextStyle style{Role::kSans, true, 9};
  double date_end = SetBlock(
      setter, writer, MakeSpec(setter.words().DateLine(), style, measure, Align::kStart, false),
      typography, g.left, y, 1.5);
  double brand_end = SetBlock(setter, writer,
                              MakeSpec(pub.brand, style, measure, Align::kEnd, false),
                              typography, g.left, y, 1.5);
  y = std::max(date_end, brand_end);
  writer.Rule(g.left, y + 1.5, g.right, y + 1.5, 2, g);
  writer.Rule(g.left, y + 4, g.right, y + 4, 0.5, g);
  return y + 8;
}

}  // namespace

double SetFurniture(Setter& setter, const Page& page, const PageTemplate& t,
                    const JumpLedger& ledger, PageWriter& writer) {
  const PageGeometry g = FurnitureGeometry(t);
  const Typography typography = setter.Resolve(page.typography);
  double y = FolioLine(setter, page, g, typography, t.margin_top_pt, writer);
  if (page.number == 1) y = Masthead(setter, page, g, typography, ledger, y + 4, writer);
  return y;
}

}  // namespace paiban::layout
