// Page makeup: the Issue's pages → positioned lines, rules and frames on print pages, by one
// engine for both writing modes in named stages (docs/architecture.md, "Page makeup", lists
// which file holds which rule):
//   furniture.cc       the folio line, the masthead and the ear, above the body;
//   geometry.cc        the body as tracks (columns, or bands on a vertical page) in logical
//                      coordinates, and the one map from them to the page;
//   article_lines.cc   every article (or rest of one) composed at its measures;
//   arrangement.cc     where each module goes on the tracks (beam search, feathering);
//   module_setter.cc   a module in its slot: headline block, tracks, rules, area;
//   track_fill.cc      lines into tracks: boxes kept whole or floated, jump lines pinned;
//   jumps.cc           the ledger of stories that continue on later pages;
//   page_writer.cc     logical → physical, into the LaidOutPage.
// This file runs them page by page. Every composed line is placed exactly once; what does not
// fit the page is an error.
#include "layout/page/makeup.h"

#include <algorithm>

#include "layout/page/arrangement.h"
#include "layout/page/furniture.h"
#include "layout/page/geometry.h"
#include "layout/page/jumps.h"
#include "layout/page/module_setter.h"
#include "layout/page/page_writer.h"
#include "layout/page/setter.h"

namespace paiban::layout {
namespace {

// The writing mode of pages and articles, as the options and the source say.
struct Modes {
  bool issue_vertical = false;
  bool everywhere = false;  // --writing-mode: the issue's mode on every page and article
  bool Vertical(const Page& page) const {
    if (everywhere || !page.writing_mode) return issue_vertical;
    return *page.writing_mode == WritingMode::kVertical;
  }
  // Whether `article` is set in the other writing mode than its page.
  bool Cross(const Article& article, bool page_vertical) const {
    return !everywhere && article.writing_mode &&
           (*article.writing_mode == WritingMode::kVertical) != page_vertical;
  }
};

// Fills in what the arrangement needs to know of a module: its lines' sizes and extents, its
// jump line's, and per span it may take its headline block's extent or its block in the other
// writing mode.
void Measure(Setter& setter, Module& m, const PageGeometry& g) {
  m.boxes = LineBoxes(m.lines);
  m.extent.assign(1, 0);
  for (const LineBox& b : m.boxes) m.extent.push_back(m.extent.back() + b.pitch_pt + b.space_before_pt);
  m.jump_boxes = LineBoxes(m.jump);
  m.jump_extent = 0;
  for (const LineBox& b : m.jump_boxes) m.jump_extent += b.pitch_pt;
  const size_t spans = static_cast<size_t>(std::max(1, g.tracks)) + 1;
  auto [min_span, max_span] = SpanRange(m, g);
  if (m.cross) {
    m.cross_blocks.assign(spans, CrossBlock{});
    // As long as the body's extent allows (or as the source's rows fix), at least as long as
    // lines of the other mode read well.
    double length = g.v1 - g.v0 - 2 * CrossPad(g);
    if (m.depth_pt > 0) length = std::max(g.em, m.depth_pt - 2 * CrossPad(g));
    for (int span = min_span; span <= max_span; ++span) {
      m.cross_blocks[static_cast<size_t>(span)] =
          SetCross(setter, *m.article, g.SpanWidth(span),
                   m.depth_pt > 0 ? length : g.cross_shortest_em * g.em, length,
                   {m.typography, g, !g.vertical});
    }
    return;
  }
  // Trial settings of the headline block: nothing reported, the final setting reports.
  Diagnostics quiet;
  Setter trial = setter.Trial(quiet);
  m.header.assign(spans, 0);
  for (int span = min_span; span <= max_span; ++span) {
    m.header[static_cast<size_t>(span)] = HeaderExtent(
        HeaderLines(trial, *m.article, m.lead, m.from_page > 0, g.SpanWidth(span),
                    {m.typography, g, g.vertical}, false),
        g);
  }
}

// The modules of `page`: its articles, then the rests of stories that jumped here.
std::vector<Module> Modules(Setter& setter, const Page& page, const PageGeometry& g,
                            const Modes& modes, JumpLedger& ledger) {
  const Furniture& words = setter.words();
  std::vector<Module> modules;
  for (const Article& article : page.articles) {
    if (article.ear) continue;  // set with the masthead
    Module m;
    m.article = &article;
    m.typography = setter.Resolve(page.typography, article.typography);
    m.cross = modes.Cross(article, g.vertical);
    // The lead: the first article in the page's own mode (a block in the other mode is not).
    m.lead = !m.cross && std::none_of(modules.begin(), modules.end(),
                                      [](const Module& other) { return other.lead; });
    const LineContext context{m.typography, g, g.vertical};
    if (!m.cross) {
      m.lines = BodyLines(setter, article, g.thickness, context,
                          ledger.JumpsOut(article, page.number));
    }
    // The source's tracks and depth (columns and rows: horizontal pages only).
    if (article.columns && !g.vertical) {
      m.first = article.columns->first - 1;
      m.span = article.columns->last - article.columns->first + 1;
    }
    if (article.rows && !g.vertical) m.depth_pt = *article.rows * g.pitch;
    // A story whose jump leads to a later page of this source breaks where the page is full;
    // so does one without a jump when the source has a next page.
    m.jump_to = m.cross ? 0 : ledger.BreakTarget(article, page);
    if (m.jump_to > 0) {
      m.jump = JumpLines(setter, article, words.ContinuesOn(m.jump_to), g.thickness, Align::kEnd,
                         m.fragment + 1, context);
    }
    modules.push_back(std::move(m));
  }
  for (Continuation& rest : ledger.Take(page.number)) {
    Module m;
    m.article = rest.article;
    m.typography = rest.typography;
    m.from_page = rest.from_page;
    m.fragment = rest.fragment;
    const LineContext context{m.typography, g, g.vertical};
    m.lines = JumpLines(setter, *rest.article, words.ContinuedFrom(rest.from_page), g.thickness,
                        Align::kStart, rest.fragment - 1, context);
    std::move(rest.lines.begin(), rest.lines.end(), std::back_inserter(m.lines));
    // A rest longer than a whole page continues on the next page of the source. (One that
    // would fit the page alone does not break again: it takes its place among the page's own
    // stories, which keeps the search small.)
    const std::vector<LineBox> boxes = LineBoxes(m.lines);
    const bool longer_than_page = BalancedExtent(boxes, g.tracks, g) > g.v1 - g.v0;
    m.jump_to = longer_than_page ? ledger.NextPage(page) : 0;
    if (m.jump_to > 0) {
      m.jump = JumpLines(setter, *rest.article, words.ContinuesOn(m.jump_to), g.thickness,
                         Align::kEnd, rest.fragment + 1, context);
    }
    modules.push_back(std::move(m));
  }
  for (Module& m : modules) Measure(setter, m, g);
  return modules;
}

}  // namespace

bool CheckFontFamilies(const Issue& issue, fonts::FontSystem& fonts, Diagnostics& diagnostics) {
  bool ok = true;
  auto check = [&](const Typography& t) {
    for (auto [role, family] :
         {std::pair{"body", &t.font_body}, std::pair{"headline", &t.font_headline},
          std::pair{"kai", &t.font_kai}, std::pair{"sans", &t.font_sans}}) {
      if (*family && !fonts.HasFamily((*family)->name)) {
        diagnostics.Error((*family)->loc, "no installed font family '" + (*family)->name +
                                              "' for the " + role +
                                              " role (fc-list : family lists the installed ones)");
        ok = false;
      }
    }
  };
  check(issue.typography);
  for (const Page& page : issue.pages) {
    check(page.typography);
    for (const Article& article : page.articles) check(article.typography);
  }
  return ok;
}

std::optional<LaidOutIssue> LayOutIssue(const LayoutInput& input, const LayoutOptions& options,
                                        Diagnostics& diagnostics) {
  const Issue& issue = input.issue;
  if (!CheckFontFamilies(issue, input.fonts, diagnostics)) return std::nullopt;
  const Modes modes{options.writing_mode == WritingMode::kVertical,
                    options.writing_mode_everywhere};
  Setter setter(issue, input.fonts, diagnostics);
  JumpLedger ledger(issue, [&](const Page& page) { return modes.Vertical(page); });
  LaidOutIssue out;
  out.pages.reserve(issue.pages.size());
  for (const Page& page : issue.pages) {
    LaidOutPage& laid_out = out.pages.emplace_back();
    // The page's own template, else the issue's, else the default.
    const PageTemplate& t = page.page_template    ? *page.page_template
                            : issue.page_template ? *issue.page_template
                                                  : options.page_template;
    laid_out.number = page.number;
    laid_out.width_pt = t.width_pt;
    laid_out.height_pt = t.height_pt;
    PageWriter writer(laid_out, out.page_map);
    setter.ForgetCompositions();
    const double body_top = SetFurniture(setter, page, t, ledger, writer);
    const PageGeometry geometry = MakeGeometry(t, modes.Vertical(page), body_top);
    std::vector<Module> modules = Modules(setter, page, geometry, modes, ledger);
    std::vector<Slot> slots = Arrange(modules, geometry);
    const ModulePage where{geometry, page};
    for (size_t i = 0; i < modules.size(); ++i) {
      SetModule(setter, modules[i], slots[i], where, writer, ledger);
    }
  }
  ledger.ReportPending(diagnostics);
  // Links lead to the top of the fragment they name.
  for (LaidOutPage& page : out.pages) {
    for (PageLink& link : page.links) {
      for (const PageMapEntry& entry : out.page_map) {
        if (entry.article_id == link.article_id && entry.fragment == link.target_fragment) {
          link.target_page = entry.page;
          link.target_y_pt = entry.area.y_pt;
        }
      }
    }
  }
  for (const fonts::FaceInfo& face : input.fonts.faces()) {
    out.faces.push_back({face.file, face.index, face.family});
  }
  if (diagnostics.HasErrors()) return std::nullopt;
  return out;
}

}  // namespace paiban::layout
