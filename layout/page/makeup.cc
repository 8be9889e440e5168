// Page makeup.
//
// Horizontal pages: a folio line, on page 1 the masthead (nameplate, masthead data, date line),
// then the articles as modules on the template's column grid: each module spans some columns
// (the source's `columns`, or chosen here), its headline block centred across them, its body
// composed at the column measure and balanced over its columns, with rules between columns and
// between modules. Modules go in reading order where their columns are highest; a beam search
// over the spans keeps the arrangement that leaves the least white between and inside modules.
// A story that does not fit breaks, with （下转第N版） / （上接第N版）, onto the page its jump names
// or, without one, the next page of the source.
// Vertical pages: the same furniture on top, then the body area split into bands (段) stacked top
// to bottom; articles flow through them in vertical lines set right to left.
// Every composed line is placed exactly once; what does not fit the page is an error.
#include "layout/page/makeup.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "layout/text/composer.h"
#include "model/furniture.h"
#include "model/text.h"

namespace paiban::layout {
namespace {

using fonts::Role;

struct TextStyle {
  Role role = Role::kBody;
  bool bold = false;
  double size_pt = 9;
};

// Builds a paragraph from model inlines: run-in datelines and emphasis are bold; a dateline is
// followed by an ideographic space (U+3000) before the byline, as newspapers set it.
ParagraphSpec MakeSpec(const Inlines& inlines, const TextStyle& style, double measure_pt,
                       double indent_pt, Align align, bool vertical) {
  ParagraphSpec spec;
  spec.measure_pt = measure_pt;
  spec.first_indent_pt = indent_pt;
  spec.align = align;
  spec.vertical = vertical;
  for (size_t i = 0; i < inlines.size(); ++i) {
    const Inline& in = inlines[i];
    if (in.kind == Inline::Kind::kLineBreak || in.text.empty()) continue;
    bool bold = style.bold || in.kind == Inline::Kind::kDateline ||
                in.kind == Inline::Kind::kEmphasis;
    size_t start = spec.text.size();
    spec.text += in.text;
    if (in.kind == Inline::Kind::kDateline && i + 1 < inlines.size()) spec.text += "\u3000";
    spec.spans.push_back({start, spec.text.size(), style.role, bold, style.size_pt,
                          in.kind == Inline::Kind::kTcy});
    if (in.kind == Inline::Kind::kDots) spec.emphasis_dots.emplace_back(start, spec.text.size());
    if (in.kind == Inline::Kind::kNoBreak) spec.no_break.emplace_back(start, spec.text.size());
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

// Splits inlines at forced line breaks (headlines).
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

// A composed line waiting for its place in a flow.
struct FlowLine {
  ComposedLine line;
  double pitch_pt = 0;        // room the line takes across the flow (line height or width)
  double space_before_pt = 0; // dropped at the top of a column
  double inline_offset_pt = 0;
  int box = -1;  // index of the sidebar frame the line belongs to
  std::string article_id;
  // A figure's image instead of a line of text: its size; the image stands centred in the line's
  // measure, and pitch_pt holds it and the gap to its caption.
  const Block* figure = nullptr;
  double figure_width_pt = 0;
  double figure_height_pt = 0;
  // Room for ruby annotations, part of pitch_pt: above the line box (right of it, vertically).
  double ruby_pt = 0;
  // A jump line: a link to the article's fragment with this number (-1: none).
  int link_fragment = -1;
  // The block the line belongs to and what it is (GlyphRun::block, GlyphRun::role); a jump line
  // (（下转第N版）, （上接第N版）) keeps its place, first or last.
  int block = -1;
  TextRole role = TextRole::kBody;
  // An article in the other writing mode than the page, set as one block that the flow carries
  // whole (a horizontal block in a vertical band): its lines at `cross_measure_pt`, and pitch_pt
  // its room along the flow.
  std::shared_ptr<const std::vector<FlowLine>> cross = nullptr;
  double cross_measure_pt = 0;
};

// An article set in the other writing mode than its page, as one block: its lines at line length
// `measure`; `fits`: they take no more than the room asked for across them.
struct CrossBlock {
  double measure = 0;
  bool fits = false;
  double extent = 0;  // what the lines take across them
  std::vector<FlowLine> lines;
};

// What filling columns needs to know of a FlowLine.
struct LineBox {
  double pitch_pt = 0;
  double space_before_pt = 0;
  int box = -1;
  bool pinned = false;  // a jump line: it keeps its place (last, or first), no box moves past it
};
std::vector<LineBox> LineBoxes(const std::vector<FlowLine>& lines);

size_t CountChars(const std::string& text, size_t start, size_t end) {
  size_t n = 0;
  for (size_t i = start; i < end; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

class PageMaker {
 public:
  PageMaker(const Issue& issue, fonts::FontSystem& fonts, const LayoutOptions& options,
            Diagnostics& diagnostics)
      : issue_(issue),
        furniture_(issue),
        fonts_(fonts),
        default_template_(options.page_template),
        t_(&default_template_),
        issue_vertical_(options.writing_mode == WritingMode::kVertical),
        mode_everywhere_(options.writing_mode_everywhere),
        vertical_(issue_vertical_),
        diagnostics_(diagnostics) {}

  void MakePage(const Page& page, LaidOutIssue& out);
  // Rests of stories whose page was never made (it comes earlier in the source): an error each.
  void ReportPendingJumps() {
    for (const auto& [page, rests] : pending_) {
      for (const Continuation& rest : rests) {
        diagnostics_.Error(rest.article->loc,
                           "article '" + rest.article->id + "' continues on page " +
                               std::to_string(page) + ", which comes before page " +
                               std::to_string(rest.from_page) +
                               " in the source; pages must be in order for a jump");
      }
    }
  }

 private:
  double Left() const { return t_->margin_inner_pt; }
  double Right() const { return t_->width_pt - t_->margin_outer_pt; }
  double Bottom() const { return t_->height_pt - t_->margin_bottom_pt; }
  double Measure() const { return Right() - Left(); }
  double Em() const { return t_->body_size_pt; }
  double Pitch() const { return t_->body_size_pt * t_->line_pitch; }

  // Composes a paragraph; a character no installed font covers is an error at `loc`, the source
  // element the text came from (generated text has no location).
  std::vector<ComposedLine> Compose(ParagraphSpec spec, const SourceLoc& loc = {}) {
    ApplySettings(spec);
    std::vector<MissingGlyph> missing;
    std::vector<ComposedLine> lines = ComposeParagraph(spec, fonts_, quiet_ ? nullptr : &missing);
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

  // Places a horizontal line with its baseline at `baseline` and its start at `x`.
  void EmitHorizontal(const ComposedLine& line, double x, double baseline) {
    for (const LineRun& lr : line.runs) {
      GlyphRun run{lr.face, lr.size_pt, lr.orientation, 0,      {},    lr.text,
                   lr.clusters, article_,       block_,         role_};
      run.glyphs.reserve(lr.glyphs.size());
      for (const LineGlyph& g : lr.glyphs) {
        run.glyphs.push_back({g.id, x + g.inline_pt, baseline + g.cross_pt});
      }
      page_->runs.push_back(std::move(run));
    }
    // Emphasis dots under the characters, in the gap below the ideographic em box.
    for (const auto& [centre, size] : line.dots) {
      page_->dots.push_back({x + centre, baseline + 0.26 * size, 0.055 * size});
    }
    // Links: the ideographic em box of their characters (0.88 em above the baseline, 0.12 below).
    for (const ComposedLine::LinkExtent& link : line.links) {
      page_->links.push_back({{x + link.from_pt, baseline - 0.88 * line.size_pt,
                               link.to_pt - link.from_pt, line.size_pt},
                              "", 0, 0, 0, link.uri});
    }
  }

  // Places a vertical line whose centre line is at `center_x`, starting at `top`.
  void EmitVertical(const ComposedLine& line, double center_x, double top) {
    for (const LineRun& lr : line.runs) {
      GlyphRun run{lr.face, lr.size_pt, lr.orientation, 0,      {},    lr.text,
                   lr.clusters, article_,       block_,         role_};
      run.glyphs.reserve(lr.glyphs.size());
      for (const LineGlyph& g : lr.glyphs) {
        run.glyphs.push_back({g.id, center_x + g.cross_pt, top + g.inline_pt});
      }
      page_->runs.push_back(std::move(run));
    }
    // Emphasis dots to the right of the column (docs/typography.md §6).
    for (const auto& [centre, size] : line.dots) {
      page_->dots.push_back({center_x + 0.64 * size, top + centre, 0.055 * size});
    }
    // Links: the column's em width along their characters.
    for (const ComposedLine::LinkExtent& link : line.links) {
      page_->links.push_back({{center_x - line.size_pt / 2, top + link.from_pt, line.size_pt,
                               link.to_pt - link.from_pt},
                              "", 0, 0, 0, link.uri});
    }
  }

  // The baseline of a horizontal line box of height `pitch` whose top is `top`: the ideographic
  // em box (0.88 em above the baseline, 0.12 below in Noto CJK) is centred in the box.
  static double Baseline(double top, double pitch, double size) {
    return top + (pitch - size) / 2 + 0.88 * size;
  }

  // Sets `text` as one or more horizontal lines at full width; returns the new y.
  double SetBlock(const ParagraphSpec& spec, double x, double y, double pitch_factor,
                  const SourceLoc& loc = {}, TextRole role = TextRole::kBody) {
    block_ = next_block_++;
    role_ = role;
    for (const ComposedLine& line : Compose(spec, loc)) {
      double pitch = line.size_pt * pitch_factor;
      EmitHorizontal(line, x, Baseline(y + line.ruby_pt, pitch, line.size_pt));
      y += pitch + line.ruby_pt;
    }
    block_ = -1;
    role_ = TextRole::kFurniture;
    return y;
  }

  void PlaceImage(const Block& figure, const RectPt& rect) {
    const Image& image = *figure.image;
    page_->images.push_back({rect, image.path, image.src, ImageMediaType(image.format),
                             image.width_px, image.height_px, image.components, image.has_alpha,
                             figure.alt, figure.loc});
  }

  void AddRule(double x0, double y0, double x1, double y1, double width) {
    page_->rules.push_back({x0, y0, x1, y1, width, 0});
  }

  double FolioLine(const Page& page, double y);
  double Masthead(const Page& page, double y, LaidOutIssue& out);
  // Sets the ear article in its box from (x, y), `width` wide; returns the box's bottom.
  double Ear(const Page& page, const Article& article, double x, double y, double width,
             LaidOutIssue& out);
  std::vector<FlowLine> BodyLines(const Article& article, double measure);
  // What did not fit of an article whose jump leads to a later page of the source.
  struct Continuation {
    const Article* article = nullptr;
    int from_page = 0;
    std::vector<FlowLine> lines;
  };
  // A module of a horizontal page: an article of the page, or the rest of one that jumped here.
  struct Module {
    const Article* article = nullptr;
    const Typography* page_typography = nullptr;  // of the article's page in the source
    bool lead = false;             // the page's lead story, whose headline is the largest
    int from_page = 0;             // > 0: the rest of a story that jumped here from this page
    std::vector<FlowLine> lines;   // the body at the column measure
    std::vector<LineBox> boxes;    // their sizes
    std::vector<double> extent;    // extent[i]: the length of the first i lines along the flow
    int jump_to = 0;               // > 0: the story may break and continue on this page
    std::vector<FlowLine> jump;    // the （下转第N版） line for that break
    std::vector<LineBox> jump_boxes;  // its sizes
    double jump_extent = 0;           // its length along the flow
    int first = -1, span = 0;      // the columns the source fixes (from 0), or first -1
    double depth_pt = 0;           // the module's height the source fixes (rows), or 0
    std::vector<double> header;    // headline block height per span, -1 until known
    std::vector<double> balanced;  // balanced body height per span, -1 until known
    // An article in the other writing mode (vertical lines on this horizontal page): no lines
    // above; its block per span once worked out.
    bool cross = false;
    std::vector<std::optional<CrossBlock>> cross_blocks;
  };
  // Where a module goes: its columns, top, heights, and how many body lines it sets (the rest
  // jumps).
  struct Slot {
    int first = 0, span = 0;
    double top = 0, body_height = 0, height = 0;
    size_t keep = 0;
    double feather = 0;  // white added above the module (Feather)
  };
  static constexpr size_t kBeamWidth = 24;
  // A story that breaks keeps at least this many body lines before its jump line.
  static constexpr size_t kFewestLinesBeforeJump = 2;
  // The headline block of a module, line by line: spec, pitch in ems, structure role.
  struct HeaderLine {
    ParagraphSpec spec;
    double factor;
    TextRole role;
    double inset = 0;  // from the module's start: a balanced headline is narrower
  };
  std::vector<HeaderLine> HeaderSpecs(const Module& module, double measure) const;
  // Articles in the other writing mode than their page.
  bool Cross(const Article& article) const {
    return !mode_everywhere_ && article.writing_mode &&
           (*article.writing_mode == WritingMode::kVertical) != vertical_;
  }
  std::vector<FlowLine> CrossLines(const Article& article, double measure);
  CrossBlock SetCross(const Article& article, double room, double shortest, double longest);
  const CrossBlock& ModuleCross(Module& module, int span, double longest);
  static double CrossExtent(const Module& module, int span) {
    return module.cross_blocks[static_cast<size_t>(span)]->extent;
  }
  bool CrossFits(const std::vector<FlowLine>& lines, double measure, double room);
  // The white above and below a vertical block on a horizontal page.
  double CrossPad() const { return Pitch() / 3; }
  double HeaderHeight(Module& module, int span);
  double BalancedHeight(const std::vector<LineBox>& lines, int columns) const;
  size_t JumpKeep(const Module& module, int span, double height) const;
  std::vector<Slot> ArrangeModules(std::vector<Module>& modules, double top, double bottom);
  void Feather(const std::vector<Module>& modules, std::vector<Slot>& slots, double top,
               double bottom) const;
  void PlaceModule(const Module& module, const Slot& slot, double body_top, LaidOutIssue& out);
  void ModuleRules(const Slot& slot, double x, double width, double body_top);
  void HorizontalBody(const Page& page, double y, LaidOutIssue& out);
  double ColumnWidth() const;
  double Gutter() const;
  // The width of `span` columns and the gutters between them.
  double ModuleWidth(int span) const { return span * ColumnWidth() + (span - 1) * Gutter(); }
  size_t FillColumns(const std::vector<LineBox>& lines, int columns, double height,
                     std::vector<std::pair<size_t, size_t>>* ranges,
                     std::vector<size_t>* order = nullptr) const;
  // The white between a boxed sidebar's last line and a line after it in the same column, which
  // keeps the line clear of the box's frame.
  double AfterBox(const LineBox& previous, const LineBox& line) const {
    return previous.box >= 0 && previous.box != line.box ? Pitch() / 2 : 0;
  }
  double PlaceColumns(const std::vector<FlowLine>& lines, double x, int columns, double y,
                      double height, double column_width = -1);
  TextStyle BodyStyle(const Article& article) const {
    return {article.kind == ArticleKind::kEditorial ? Role::kKai : Role::kBody, false,
            t_->body_size_pt};
  }
  // A generated jump line of `article`, （下转第N版） or （上接第N版）, linking to the article's
  // fragment `link_fragment`.
  std::vector<FlowLine> JumpLines(const Article& article, const std::string& text,
                                  double measure, Align align, int link_fragment) {
    std::vector<FlowLine> lines;
    int block = next_block_++;
    for (ComposedLine& line :
         Compose(MakeSpec(text, BodyStyle(article), measure, align, vertical_), article.loc)) {
      lines.push_back({std::move(line), Pitch(), 0, 0, -1, article.id, nullptr, 0, 0});
      lines.back().block = block;
      lines.back().link_fragment = link_fragment;
      lines.back().role = TextRole::kJump;
    }
    return lines;
  }
  // Headline lines of `article` (its kicker, headline or subheadline: `inlines`), bold at `size`,
  // centred at `measure` in the mode being set, a pitch of 1.3 times the size; appended to `out`.
  void HeadlineLines(const Article& article, const Inlines& inlines, double size, TextRole role,
                     double measure, std::vector<FlowLine>& out) {
    for (const Inlines& part : SplitAtBreaks(inlines)) {
      int block = next_block_++;
      for (ComposedLine& line : Compose(MakeSpec(part, {Role::kHeadline, true, size}, measure, 0,
                                                 Align::kCenter, vertical_),
                                        article.loc)) {
        out.push_back({std::move(line), size * 1.3, 0, 0, -1, article.id, nullptr, 0, 0});
        out.back().block = block;
        out.back().role = role;
      }
    }
  }
  // Whether the article's jump leads to a page of this source: its rest is then set there (on
  // horizontal pages), and the jump line goes where the text breaks, not at its end.
  bool JumpTarget(const Article& article) const { return TargetInSource(article); }
  // Whether the page the article continues on is a later page of this source. Its jump line is
  // then printed only where the text really breaks.
  bool TargetInSource(const Article& article) const {
    if (!article.continues_on_page) return false;
    for (const Page& page : issue_.pages) {
      if (page.number == *article.continues_on_page && page.number > page_number_) return true;
    }
    return false;
  }
  void VerticalBody(const Page& page, double y, LaidOutIssue& out);
  // The page a story that does not fit may continue on: the next page of the source, if it
  // comes later in the issue; 0 if none.
  int NextPageInSource(const Page& page) const {
    for (size_t i = 0; i + 1 < issue_.pages.size(); ++i) {
      const Page& next = issue_.pages[i + 1];
      // A story continues in its writing mode.
      if (&issue_.pages[i] == &page && next.number > page.number &&
          Vertical(next) == Vertical(page)) {
        return next.number;
      }
    }
    return 0;
  }
  // Whether `page` is set vertically.
  bool Vertical(const Page& page) const {
    if (mode_everywhere_ || !page.writing_mode) return issue_vertical_;
    return *page.writing_mode == WritingMode::kVertical;
  }
  size_t FillBands(const std::vector<FlowLine>& lines, double y, double band_height, int bands,
                   std::map<std::string, RectPt>* areas) {
    return FillBands(lines, y, band_height, bands, areas, Left(), Right());
  }
  // The same between `left` and `right` instead of the page's margins.
  size_t FillBands(const std::vector<FlowLine>& lines, double y, double band_height, int bands,
                   std::map<std::string, RectPt>* areas, double left, double right);
  void ReportOverflow(const std::vector<FlowLine>& lines, size_t from);

  // Lines with ruby take the room of their annotations on top of their pitch (which takes them
  // off the line grid: a newspaper uses ruby rarely, in headlines and names).
  static void AddRubyRoom(std::vector<FlowLine>& lines) {
    for (FlowLine& l : lines) {
      if (l.line.ruby_pt > 0 && l.ruby_pt == 0) {
        l.ruby_pt = l.line.ruby_pt;
        l.pitch_pt += l.ruby_pt;
      }
    }
  }

  // The typography in force: the issue's, then the page's, then the article's (docs/typography.md).
  void SetTypography(const Typography& page, const Typography& article = {}) {
    typography_ = ResolvedTypography(issue_.language, issue_.typography, page, article);
  }

  void ApplySettings(ParagraphSpec& spec) const {
    spec.kinsoku = *ParseKinsokuLevel(*typography_.kinsoku);
    spec.punctuation = *ParsePunctuationStyle(*typography_.punctuation);
    spec.cjk_latin_space = *typography_.cjk_latin_space;
    spec.tate_chu_yoko_digits = *typography_.tate_chu_yoko;
    spec.grid = *typography_.grid;
    for (fonts::StyleSpan& span : spec.spans) span.role = FontRole(span.role);
  }

  // The role in the family the source names for it, where it names one.
  Role FontRole(Role role) const {
    const std::optional<Typography::Family>* family = nullptr;
    switch (role) {
      case Role::kBody:
        family = &typography_.font_body;
        break;
      case Role::kHeadline:
        family = &typography_.font_headline;
        break;
      case Role::kKai:
        family = &typography_.font_kai;
        break;
      case Role::kSans:
        family = &typography_.font_sans;
        break;
      default:
        return role;
    }
    return *family ? fonts_.FamilyRole(role, (*family)->name) : role;
  }

  double IndentPt() const { return *typography_.indent_em * Em(); }

  const Issue& issue_;
  const Furniture furniture_;
  fonts::FontSystem& fonts_;
  Typography typography_;
  const PageTemplate& default_template_;
  const PageTemplate* t_;  // the template of the page being made
  bool issue_vertical_;   // the issue's writing mode
  bool mode_everywhere_;  // the issue's mode on every page, whatever a page says
  bool vertical_;         // the mode of the page being made
  Diagnostics& diagnostics_;
  LaidOutPage* page_ = nullptr;
  const Page* source_page_ = nullptr;
  std::string article_;  // the article whose text is being placed; "" for page furniture
  int next_block_ = 0;   // blocks are numbered through the issue
  bool quiet_ = false;   // trial compositions: their missing glyphs are reported when set
  int block_ = -1;       // the block being placed, and its role (GlyphRun::block, ::role)
  TextRole role_ = TextRole::kFurniture;
  std::map<int, std::vector<Continuation>> pending_;  // page number → rests that jump there
  int page_number_ = 0;
};

double PageMaker::FolioLine(const Page& page, double y) {
  TextStyle style{Role::kSans, false, 7.5};
  std::string left = furniture_.FolioStart(page);
  std::string right = furniture_.FolioEnd();
  SetBlock(MakeSpec(left, style, Measure(), Align::kStart, false), Left(), y, 1.4);
  y = SetBlock(MakeSpec(right, style, Measure(), Align::kEnd, false), Left(), y, 1.4);
  AddRule(Left(), y + 1, Right(), y + 1, 0.5);
  return y + 4;
}

double PageMaker::Masthead(const Page& page, double y, LaidOutIssue& out) {
  const Publication& pub = issue_.publication;
  // The nameplate (报头) on the left, the masthead data block on the right, the ear (报眼)
  // between them when an article stands there.
  double data_width = 22 * 7.5;
  double top = y;
  ParagraphSpec nameplate = MakeSpec(pub.name, {Role::kHeadline, true, 64},
                                     Measure() - data_width, Align::kStart, false);
  double name_width = 0;
  for (const ComposedLine& line : Compose(nameplate)) {
    name_width = std::max(name_width, line.width_pt);
  }
  double name_end = SetBlock(nameplate, Left(), y, 1.15);
  double ear_end = y;
  for (const Article& article : page.articles) {
    if (!article.ear) continue;
    double x = Left() + name_width + 2 * Em();
    double width = Right() - data_width - Em() - x;
    if (width < 8 * Em()) {
      diagnostics_.Error(article.loc, "the ear has no room for article '" + article.id +
                                          "': the nameplate leaves " +
                                          std::to_string(static_cast<int>(width)) +
                                          " pt beside it, less than 8 characters");
      continue;
    }
    ear_end = Ear(page, article, x, y, width, out);
  }
  double data_y = top;
  for (const MastheadLine& line : furniture_.MastheadData()) {
    ParagraphSpec spec =
        MakeSpec(line.text, {Role::kSans, false, 7.5}, data_width, Align::kStart, false);
    // The paper's site is a link in the PDF.
    if (!line.link.empty()) spec.links.push_back({0, line.text.size(), line.link});
    data_y = SetBlock(spec, Right() - data_width, data_y, 1.35);
  }
  y = std::max({name_end, data_y, ear_end}) + 2;
  // The date line: date, weekday, page count, issue numbers; the brand line at the right.
  std::string date_line = furniture_.DateLine();
  TextStyle style{Role::kSans, true, 9};
  double date_end = SetBlock(MakeSpec(date_line, style, Measure(), Align::kStart, false), Left(), y,
                            1.5);
  double brand_end = SetBlock(MakeSpec(pub.brand, style, Measure(), Align::kEnd, false), Left(), y,
                              1.5);
  y = std::max(date_end, brand_end);
  AddRule(Left(), y + 1.5, Right(), y + 1.5, 2);
  AddRule(Left(), y + 4, Right(), y + 4, 0.5);
  return y + 8;
}

// The ear: a framed box, its headline centred on top, its body in horizontal lines (whatever the
// page's writing mode: the masthead is horizontal) at the box's inner measure.
double PageMaker::Ear(const Page& page, const Article& article, double x, double y, double width,
                      LaidOutIssue& out) {
  SetTypography(page.typography, article.typography);
  article_ = article.id;
  double pad = Em() / 2;
  double inner = width - 2 * pad;
  double line_y = y + pad;
  for (const Inlines& part : SplitAtBreaks(article.headline)) {
    line_y = SetBlock(MakeSpec(part, {Role::kHeadline, true, 12}, inner, 0, Align::kCenter, false),
                      x + pad, line_y, 1.3, article.loc, TextRole::kHeadline);
  }
  line_y += Pitch() / 4;
  bool vertical = vertical_;
  vertical_ = false;
  std::vector<FlowLine> lines = BodyLines(article, inner);
  vertical_ = vertical;
  for (size_t i = 0; i < lines.size(); ++i) {
    const FlowLine& l = lines[i];
    if (i > 0) line_y += l.space_before_pt;
    if (l.figure) {
      PlaceImage(*l.figure, {x + pad + l.inline_offset_pt + (inner - l.figure_width_pt) / 2,
                             line_y, l.figure_width_pt, l.figure_height_pt});
    } else {
      block_ = l.block;
      role_ = l.role;
      EmitHorizontal(l.line, x + pad + l.inline_offset_pt,
                     Baseline(line_y + l.ruby_pt, l.pitch_pt - l.ruby_pt, l.line.size_pt));
      block_ = -1;
      role_ = TextRole::kFurniture;
    }
    line_y += l.pitch_pt;
  }
  article_.clear();
  double bottom = line_y + pad;
  page_->frames.push_back({RectPt{x, y, width, bottom - y}, 0.8, 0, -1});
  out.page_map.push_back({article.id, 0, page_number_, RectPt{x, y, width, bottom - y}});
  return bottom;
}

std::vector<FlowLine> PageMaker::BodyLines(const Article& article, double measure) {
  std::vector<FlowLine> out;
  TextStyle body = BodyStyle(article);
  const Block* current = nullptr;  // the block being added, for diagnostics
  double pending_space = 0;        // room after a figure's caption, before the next line
  auto add = [&](const ParagraphSpec& spec, double pitch, double space_before, double offset,
                 int box) {
    bool first = true;
    // The structure role of the block, for the PDF's tags.
    TextRole role = TextRole::kBody;
    if (current != nullptr) {
      switch (current->kind) {
        case Block::Kind::kSubhead:
          role = TextRole::kSubhead;
          break;
        case Block::Kind::kQuote:
          role = TextRole::kQuote;
          break;
        case Block::Kind::kSidebar:  // its title
          role = TextRole::kSidebarTitle;
          break;
        case Block::Kind::kFigure:  // its caption
          role = TextRole::kCaption;
          break;
        default:
          break;
      }
    }
    int block = next_block_++;
    for (ComposedLine& line : Compose(spec, current ? current->loc : article.loc)) {
      out.push_back({std::move(line), pitch, first ? space_before + pending_space : 0, offset,
                     box, article.id, nullptr, 0, 0});
      out.back().block = block;
      out.back().role = role;
      if (first) pending_space = 0;
      first = false;
    }
  };
  int box_count = 0;
  std::function<void(const Block&, double, double, int)> add_block =
      [&](const Block& block, double block_measure, double offset, int box) {
        current = &block;
        switch (block.kind) {
          case Block::Kind::kParagraph:
            add(MakeSpec(block.inlines, body, block_measure, IndentPt(), Align::kJustify,
                         vertical_),
                Pitch(), 0, offset, box);
            break;
          case Block::Kind::kSubhead:
            add(MakeSpec(block.inlines, {Role::kSans, true, t_->body_size_pt}, block_measure, 0,
                         Align::kStart, vertical_),
                Pitch(), Pitch() / 2, offset, box);
            break;
          case Block::Kind::kQuote: {
            // Set off in kai, one em in from both sides of the measure (a whole em, so that its
            // Han characters stay on the character grid), with half a line around it.
            double inset = Em();
            add(MakeSpec(block.inlines, {Role::kKai, false, t_->body_size_pt},
                         block_measure - 2 * inset, IndentPt(), Align::kJustify, vertical_),
                Pitch(), Pitch() / 2, offset + inset, box);
            pending_space = Pitch() / 2;
            break;
          }
          case Block::Kind::kList:
          case Block::Kind::kSignature:
            for (const Block& child : block.children) add_block(child, block_measure, offset, box);
            break;
          case Block::Kind::kListItem:
            add(MakeSpec(block.inlines, body, block_measure, 0, Align::kJustify, vertical_),
                Pitch(), 0, offset, box);
            break;
          case Block::Kind::kSignatureLine:
            add(MakeSpec(block.inlines, body, block_measure, 0, Align::kEnd, vertical_), Pitch(),
                0, offset, box);
            break;
          case Block::Kind::kFigure: {
            if (!block.image) break;  // the reader reported it
            // The image fills the measure across the flow (a column's width, or a band's
            // height on vertical pages) and keeps its proportions; a very tall (or, vertically,
            // very wide) image is cut down to 1.25 times the measure along the flow.
            const Image& image = *block.image;
            double aspect = static_cast<double>(image.height_px) / image.width_px;
            double across = block_measure, along = vertical_ ? across / aspect : across * aspect;
            if (along > 1.25 * block_measure) {
              along = 1.25 * block_measure;
              across = vertical_ ? along * aspect : along / aspect;
            }
            double width = vertical_ ? along : across, height = vertical_ ? across : along;
            double gap = Pitch() / 3;
            out.push_back({ComposedLine{}, along + gap, out.empty() ? 0 : Pitch() / 2, offset, box,
                           article.id, &block, width, height});
            Inlines caption = block.inlines;
            if (!block.credit.empty()) {
              if (!caption.empty()) caption.push_back({Inline::Kind::kText, "\u3000", {}, {}, {}});
              caption.insert(caption.end(), block.credit.begin(), block.credit.end());
            }
            if (!caption.empty()) {
              add(MakeSpec(caption, {Role::kKai, false, t_->body_size_pt}, block_measure, 0,
                           Align::kJustify, vertical_),
                  Pitch(), 0, offset, box);
            }
            pending_space = Pitch() / 2;
            break;
          }
          case Block::Kind::kSidebar: {
            int id = box_count++;
            double pad = Em() / 2;
            double inner = block_measure - 2 * pad;
            // White above the box's frame, titled or not.
            if (block.inlines.empty()) pending_space = std::max(pending_space, Pitch() / 2);
            if (!block.inlines.empty()) {
              add(MakeSpec(block.inlines, {Role::kSans, true, t_->body_size_pt}, inner, 0,
                           Align::kCenter, vertical_),
                  Pitch() * 1.2, Pitch() / 2, offset + pad, id);
            }
            for (const Block& child : block.children) add_block(child, inner, offset + pad, id);
            break;
          }
        }
      };
  for (const Block& block : article.blocks) add_block(block, measure, 0, -1);
  current = nullptr;
  if (article.continues_on_page && !TargetInSource(article)) {
    add(MakeSpec(furniture_.ContinuesOn(*article.continues_on_page), body, measure, Align::kEnd,
                 vertical_),
        Pitch(), 0, 0, -1);
    out.back().role = TextRole::kJump;
  }
  AddRubyRoom(out);
  return out;
}

// An article in the other writing mode than its page (Cross), as one block in that mode at line
// length `measure`: its kicker, headline and subheadline centred, then its body.
std::vector<FlowLine> PageMaker::CrossLines(const Article& article, double measure) {
  const bool page_vertical = vertical_;
  vertical_ = !page_vertical;
  std::vector<FlowLine> lines;
  auto add_headline = [&](const Inlines& inlines, double size, TextRole role) {
    HeadlineLines(article, inlines, size, role, measure, lines);
  };
  add_headline(article.kicker, 11, TextRole::kKicker);
  add_headline(article.headline, 15, TextRole::kHeadline);
  add_headline(article.subheadline, 11, TextRole::kSubheadline);
  AddRubyRoom(lines);
  std::vector<FlowLine> body = BodyLines(article, measure);
  if (!lines.empty() && !body.empty()) body.front().space_before_pt += Pitch() / 2;
  std::move(body.begin(), body.end(), std::back_inserter(lines));
  vertical_ = page_vertical;
  return lines;
}

// Whether a block's `lines` at line length `measure` fit in `room` across them: one band of
// vertical lines `room` wide, or one column of horizontal lines `room` deep.
bool PageMaker::CrossFits(const std::vector<FlowLine>& lines, double measure, double room) {
  if (vertical_) return FillColumns(LineBoxes(lines), 1, room, nullptr) == lines.size();
  return FillBands(lines, 0, measure, 1, nullptr, 0, room) == lines.size();
}

// The shortest line length, in whole ems from `shortest` to `longest`, at which the article's
// block (CrossLines) takes at most `room` across its lines; the block at `longest` (not fitting)
// when none does. Trial compositions report nothing: the caller composes the chosen one again.
CrossBlock PageMaker::SetCross(const Article& article, double room, double shortest,
                               double longest) {
  // Never longer than `longest`: the block must stay inside its room.
  int hi = std::max(1, static_cast<int>(std::floor(longest / Em() + 1e-9)));
  int lo = std::min(hi, std::max(1, static_cast<int>(std::ceil(shortest / Em() - 1e-9))));
  const bool quiet = quiet_;
  quiet_ = true;
  auto trial = [&](int ems) {
    CrossBlock block;
    block.measure = ems * Em();
    block.lines = CrossLines(article, block.measure);
    block.fits = CrossFits(block.lines, block.measure, room);
    for (size_t i = 0; i < block.lines.size(); ++i) {
      block.extent += (i == 0 ? 0 : block.lines[i].space_before_pt) + block.lines[i].pitch_pt;
    }
    return block;
  };
  CrossBlock best = trial(hi);
  if (best.fits) {
    // The lines take less room across as they get longer: bisect for the shortest that fits.
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      CrossBlock block = trial(mid);
      if (block.fits) {
        hi = mid;
        best = std::move(block);
      } else {
        lo = mid + 1;
      }
    }
  }
  quiet_ = quiet;
  return best;
}

// A vertical block on a horizontal page across `span` columns: as deep as its text needs (at most
// `longest`, at least 8 characters, short of which vertical lines read as a list), or as the
// source's rows fix.
const CrossBlock& PageMaker::ModuleCross(Module& module, int span, double longest) {
  if (module.cross_blocks.empty()) {
    module.cross_blocks.resize(static_cast<size_t>(std::max(1, t_->columns)) + 1);
  }
  std::optional<CrossBlock>& block = module.cross_blocks[static_cast<size_t>(span)];
  if (!block) {
    double length = longest;
    if (module.depth_pt > 0) length = std::max(Em(), module.depth_pt - 2 * CrossPad());
    block = SetCross(*module.article, ModuleWidth(span),
                     module.depth_pt > 0 ? length : 8 * Em(), length);
  }
  return *block;
}

void PageMaker::ReportOverflow(const std::vector<FlowLine>& lines, size_t from) {
  std::map<std::string, size_t> left, figures_left;
  auto count = [&](const FlowLine& l) {
    left[l.article_id] += 0;
    if (l.figure) ++figures_left[l.article_id];
    for (const LineRun& run : l.line.runs) {
      left[l.article_id] += CountChars(run.text, 0, run.text.size());
    }
  };
  for (size_t i = from; i < lines.size(); ++i) {
    count(lines[i]);
    if (lines[i].cross) {
      for (const FlowLine& l : *lines[i].cross) count(l);
    }
  }
  for (const auto& [id, chars] : left) {
    size_t figures = figures_left[id];
    // The error points at the article's element in the source.
    SourceLoc where = source_page_->loc;
    for (const Article& article : source_page_->articles) {
      if (article.id == id) where = article.loc;
    }
    diagnostics_.Error(where,
                       "article '" + id + "' does not fit on page " +
                           std::to_string(page_number_) + ": " + std::to_string(chars) +
                           " characters" +
                           (figures == 0 ? std::string()
                                         : " and " + std::to_string(figures) +
                                               (figures == 1 ? " image" : " images")) +
                           " are left over");
  }
}

std::vector<PageMaker::HeaderLine> PageMaker::HeaderSpecs(const Module& module,
                                                          double measure) const {
  const Article& article = *module.article;
  std::vector<HeaderLine> specs;
  if (module.from_page > 0) {
    // The rest of a story that jumped here: its headline again, smaller.
    for (const Inlines& part : SplitAtBreaks(article.headline)) {
      specs.push_back({MakeSpec(part, {Role::kHeadline, true, 14}, measure, 0, Align::kCenter,
                                false),
                       1.25, TextRole::kHeadline});
    }
    return specs;
  }
  if (!article.kicker.empty()) {
    specs.push_back(
        {MakeSpec(article.kicker, {Role::kSans, true, 11}, measure, 0, Align::kCenter, false),
         1.4, TextRole::kKicker});
  }
  double headline_size = module.lead ? 28 : 18;
  for (const Inlines& part : SplitAtBreaks(article.headline)) {
    // A headline line that does not fit the module's measure is set smaller, down to three
    // quarters of its size, rather than broken with a few characters on a line of their own.
    ParagraphSpec spec;
    for (double size = headline_size; size >= headline_size * 0.75 - 1e-6; size -= 1) {
      spec = MakeSpec(part, {Role::kHeadline, true, size}, measure, 0, Align::kCenter, false);
      ParagraphSpec composed = spec;
      ApplySettings(composed);
      if (ComposeParagraph(composed, fonts_, nullptr).size() <= 1) break;
      if (size - 1 < headline_size * 0.75 - 1e-6) {
        spec = MakeSpec(part, {Role::kHeadline, true, headline_size}, measure, 0,
                        Align::kCenter, false);
      }
    }
    // Still more than one line: the lines are balanced (the narrowest measure that needs no more
    // lines), centred in the module.
    double inset = 0;
    auto line_count = [&](const ParagraphSpec& candidate) {
      ParagraphSpec composed = candidate;
      ApplySettings(composed);
      return ComposeParagraph(composed, fonts_, nullptr).size();
    };
    size_t lines = line_count(spec);
    if (lines > 1) {
      double size = spec.spans.front().size_pt;
      ParagraphSpec narrower = spec;
      for (narrower.measure_pt = spec.measure_pt - size; narrower.measure_pt > size * 4;
           narrower.measure_pt -= size) {
        if (line_count(narrower) != lines) break;
        inset = (measure - narrower.measure_pt) / 2;
        spec.measure_pt = narrower.measure_pt;
      }
    }
    specs.push_back({spec, 1.25, TextRole::kHeadline, inset});
  }
  if (!article.subheadline.empty()) {
    specs.push_back({MakeSpec(article.subheadline, {Role::kHeadline, false, 14}, measure, 0,
                              Align::kCenter, false),
                     1.4, TextRole::kSubheadline});
  }
  return specs;
}

std::vector<LineBox> LineBoxes(const std::vector<FlowLine>& lines) {
  std::vector<LineBox> boxes;
  boxes.reserve(lines.size());
  for (const FlowLine& l : lines) {
    boxes.push_back({l.pitch_pt, l.space_before_pt, l.box, l.role == TextRole::kJump});
  }
  return boxes;
}

double PageMaker::BalancedHeight(const std::vector<LineBox>& lines, int columns) const {
  double total = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    total += lines[i].pitch_pt + lines[i].space_before_pt +
             (i > 0 ? AfterBox(lines[i - 1], lines[i]) : 0);
  }
  double height = total / std::max(1, columns);
  while (FillColumns(lines, columns, height, nullptr) < lines.size() && height < total + Pitch()) {
    height += Pitch() / 4;
  }
  return height;
}

double PageMaker::ColumnWidth() const {
  // Columns hold a whole number of body characters (the character grid of clreq §3.2.5), so
  // lines of Han characters fill them exactly; the gutters take what is left, at least 1 em.
  int columns = std::max(1, t_->columns);
  return std::floor((Measure() - Em() * (columns - 1)) / columns / Em() + 1e-9) * Em();
}

double PageMaker::Gutter() const {
  int columns = std::max(1, t_->columns);
  return columns > 1 ? (Measure() - ColumnWidth() * columns) / (columns - 1) : 0;
}

// How many of `lines` `columns` columns take at column height `height`. A boxed sidebar is kept
// in one column when it fits in one: at its first line, if the rest of the column cannot hold the
// whole box, the lines after the box fill the column first and the box heads the next one (a box
// floats, as a make-up editor moves it, rather than leave the column short); in the last column,
// or when no line can move (another box, a jump line), the column ends there. `order` gets the
// order the lines are set in (source order but for such moves); `ranges` index into it.
size_t PageMaker::FillColumns(const std::vector<LineBox>& lines, int columns, double height,
                              std::vector<std::pair<size_t, size_t>>* ranges,
                              std::vector<size_t>* order) const {
  std::vector<size_t> seq(lines.size());
  for (size_t k = 0; k < seq.size(); ++k) seq[k] = k;
  auto at = [&](size_t k) -> const LineBox& { return lines[seq[k]]; };
  auto box_end = [&](size_t first) {
    size_t k = first;
    while (k < seq.size() && at(k).box == at(first).box) ++k;
    return k;
  };
  auto box_height = [&](size_t first) {
    double h = 0;
    for (size_t k = first; k < box_end(first); ++k) {
      h += (k == first ? 0 : at(k).space_before_pt) + at(k).pitch_pt;
    }
    return h;
  };
  size_t i = 0;
  for (int c = 0; c < std::max(1, columns); ++c) {
    double used = 0;
    size_t begin = i;
    while (i < seq.size()) {
      const double space = i == begin ? 0 : at(i).space_before_pt + AfterBox(at(i - 1), at(i));
      bool box_starts = at(i).box >= 0 && (i == 0 || at(i - 1).box != at(i).box);
      if (box_starts && i != begin && used + space + box_height(i) > height + 1e-6 &&
          box_height(i) <= height + 1e-6) {
        // The lines after the box that fit here come before it.
        size_t from = box_end(i), to = from;
        double room = used;
        if (c + 1 < columns) {
          while (to < seq.size() && at(to).box < 0 && !at(to).pinned) {
            const LineBox& before = to == from ? at(i - 1) : at(to - 1);
            double n = at(to).space_before_pt + AfterBox(before, at(to)) + at(to).pitch_pt;
            if (room + n > height + 1e-6) break;
            room += n;
            ++to;
          }
        }
        if (to == from) break;
        std::rotate(seq.begin() + static_cast<ptrdiff_t>(i), seq.begin() + static_cast<ptrdiff_t>(from),
                    seq.begin() + static_cast<ptrdiff_t>(to));
        continue;
      }
      const double need = space + at(i).pitch_pt;
      if (used + need > height + 1e-6) break;
      used += need;
      ++i;
    }
    if (ranges) ranges->emplace_back(begin, i);
  }
  if (order) *order = std::move(seq);
  return i;
}

// Sets `lines` in `columns` columns from (`x`, `y`), each column at most `height` tall, with
// rules between the columns and frames around sidebars; returns the bottom. Lines that do not
// fit are an error.
double PageMaker::PlaceColumns(const std::vector<FlowLine>& lines_in, double x0, int columns,
                               double y, double height, double column_width) {
  if (column_width < 0) column_width = ColumnWidth();
  double gutter = Gutter();
  std::vector<std::pair<size_t, size_t>> ranges;
  std::vector<size_t> order;
  size_t placed = FillColumns(LineBoxes(lines_in), columns, height, &ranges, &order);
  // The lines in the order they are set (a box may float past the lines after it).
  std::vector<FlowLine> lines;
  lines.reserve(lines_in.size());
  for (size_t k : order) lines.push_back(lines_in[k]);
  const std::vector<LineBox> boxes_in = LineBoxes(lines);
  if (placed < lines.size()) ReportOverflow(lines, placed);

  std::map<int, RectPt> boxes;
  double body_bottom = y;
  // Where each line goes (by its place in `lines`); the glyphs are then emitted in the source's
  // order, so the PDF's reading order keeps a paragraph whole where a box floated past it.
  std::vector<std::pair<double, double>> spot(lines.size(), {0, -1});
  for (int c = 0; c < columns; ++c) {
    double x = x0 + c * (column_width + gutter);
    double line_y = y;
    auto [first, end] = ranges[static_cast<size_t>(c)];
    for (size_t i = first; i < end; ++i) {
      const FlowLine& l = lines[i];
      if (i != first) line_y += l.space_before_pt + AfterBox(boxes_in[i - 1], boxes_in[i]);
      spot[i] = {x, line_y};
      if (l.link_fragment >= 0) {
        page_->links.push_back({{x, line_y, column_width, l.pitch_pt}, l.article_id,
                                l.link_fragment, 0, 0, ""});
      }
      if (l.box >= 0) {
        // One frame per sidebar piece per column.
        int key = l.box * 1000 + c;
        auto [it, inserted] = boxes.try_emplace(key, RectPt{x, line_y, column_width, 0});
        it->second.height_pt = line_y + l.pitch_pt - it->second.y_pt;
      }
      line_y += l.pitch_pt;
    }
    body_bottom = std::max(body_bottom, line_y);
    if (c > 0) AddRule(x - gutter / 2, y, x - gutter / 2, y + height, 0.3);
  }
  std::vector<size_t> at(order.size());
  for (size_t i = 0; i < order.size(); ++i) at[order[i]] = i;
  for (size_t k = 0; k < at.size(); ++k) {
    size_t i = at[k];
    if (spot[i].second < 0) continue;  // not placed: reported above
    const FlowLine& l = lines[i];
    auto [x, line_y] = spot[i];
    if (l.figure) {
      double left = x + l.inline_offset_pt + (column_width - l.figure_width_pt) / 2;
      PlaceImage(*l.figure, {left, line_y, l.figure_width_pt, l.figure_height_pt});
    } else {
      block_ = l.block;
      role_ = l.role;
      EmitHorizontal(l.line, x + l.inline_offset_pt,
                     Baseline(line_y + l.ruby_pt, l.pitch_pt - l.ruby_pt, l.line.size_pt));
      block_ = -1;
      role_ = TextRole::kFurniture;
    }
  }
  for (const auto& [key, rect] : boxes) {
    RectPt r = rect;
    r.y_pt -= Em() / 3;
    r.height_pt += Em() * 2 / 3;
    page_->frames.push_back({r, 0.8, 0, 0.93});
  }
  return body_bottom;
}

double PageMaker::HeaderHeight(Module& module, int span) {
  double& cached = module.header[static_cast<size_t>(span)];
  if (cached < 0) {
    cached = Pitch() / 3;
    for (const HeaderLine& header : HeaderSpecs(module, ModuleWidth(span))) {
      ParagraphSpec composed = header.spec;
      ApplySettings(composed);
      for (const ComposedLine& line : ComposeParagraph(composed, fonts_, nullptr)) {
        cached += line.size_pt * header.factor;
      }
    }
  }
  return cached;
}

// How many body lines of `module` fit in `span` columns of height `height` when the jump line
// follows them.
size_t PageMaker::JumpKeep(const Module& module, int span, double height) const {
  const std::vector<LineBox>& boxes = module.boxes;
  size_t keep = FillColumns(boxes, span, height, nullptr);
  while (keep > 0) {
    std::vector<LineBox> v(boxes.begin(), boxes.begin() + static_cast<ptrdiff_t>(keep));
    v.insert(v.end(), module.jump_boxes.begin(), module.jump_boxes.end());
    if (FillColumns(v, span, height, nullptr) == v.size()) break;
    --keep;
  }
  return keep;
}

// Places the modules of a horizontal page on its column grid, in reading order: each goes where
// the columns it spans are highest, nearest the start of the line (left), the first (the lead)
// at the top across at least half the columns; the source may fix a module's columns. A story
// that may jump gives up lines to the page it continues on. The spans are chosen by a beam
// search that leaves the least white between and below the modules.
std::vector<PageMaker::Slot> PageMaker::ArrangeModules(std::vector<Module>& modules, double top,
                                                       double bottom) {
  int columns = std::max(1, t_->columns);
  double gap = Pitch() * 2 / 3;
  struct State {
    std::vector<double> tops;
    std::vector<Slot> slots;
    double white = 0;    // column-points left empty above modules and in their columns
    size_t left = 0;     // lines that fit nowhere
    int breaks = 0;      // stories broken without a stated jump
  };
  std::vector<State> beam{
      State{std::vector<double>(static_cast<size_t>(columns), top), {}, 0, 0, 0}};
  for (Module& m : modules) {
    SetTypography(*m.page_typography, m.article->typography);
    if (m.header.empty()) m.header.assign(static_cast<size_t>(columns) + 1, -1);
    if (m.balanced.empty()) m.balanced.assign(static_cast<size_t>(columns) + 1, -1);
    int min_span = m.first >= 0 ? m.span
                   : m.lead     ? (columns + 1) / 2
                   : m.cross    ? 1
                                : std::min(2, columns);
    // A module chosen here has at least four lines in each of its columns (or two columns); a
    // vertical block may take any width, and is the shallower the wider.
    int max_span =
        m.first >= 0 ? m.span
        : m.cross    ? columns
                     : std::max(min_span, std::min(columns, static_cast<int>(m.lines.size() / 4)));
    std::vector<State> next;
    for (const State& s : beam) {
      for (int span = min_span; span <= max_span; ++span) {
        auto place_at = [&](int first) {
          auto b = s.tops.begin() + first;
          double t = *std::max_element(b, b + span);
          double hole = 0;
          for (auto c = b; c != b + span; ++c) hole += t - *c;
          return std::pair<double, double>(t, hole);
        };
        int first = m.first;
        if (first < 0) {
          first = 0;
          auto best = place_at(0);
          for (int f = 1; f + span <= columns; ++f) {
            auto p = place_at(f);
            if (p.first < best.first - 1e-6 ||
                (p.first < best.first + 1e-6 && p.second < best.second - 1e-6)) {
              best = p;
              first = f;
            }
          }
        }
        auto [t, hole] = place_at(first);
        double header = m.cross ? 0 : HeaderHeight(m, span);
        double room = bottom - t - header;
        double& natural = m.balanced[static_cast<size_t>(span)];
        if (natural < 0) natural = BalancedHeight(m.boxes, span);
        auto add = [&](double body_height, size_t keep, size_t left) {
          State n = s;
          // A module of fixed depth keeps it, whatever its text takes.
          double height = m.depth_pt > 0 ? m.depth_pt : header + body_height;
          n.slots.push_back({first, span, t, body_height, height, keep});
          // The white in the module's columns: what its lines leave of them (a vertical block
          // leaves the white beyond its last line).
          double text = m.cross ? span * height *
                                      std::min(1.0, CrossExtent(m, span) / ModuleWidth(span))
                                : std::min(m.extent[std::min(keep, m.lines.size())] +
                                               (keep < m.lines.size() ? m.jump_extent : 0),
                                           span * (height - header));
          n.white += hole + span * (height - header) - text;
          n.left += left;
          if (keep < m.lines.size() && !m.article->continues_on_page) ++n.breaks;
          for (int c = first; c < first + span; ++c) {
            n.tops[static_cast<size_t>(c)] = t + height + gap;
          }
          next.push_back(std::move(n));
        };
        if (m.cross) {
          // A vertical block is kept whole: as deep as its lines are long (or the source's
          // rows), or left over.
          const CrossBlock& block = ModuleCross(m, span, bottom - top - 2 * CrossPad());
          double need = block.measure + 2 * CrossPad();
          double height = m.depth_pt > 0 ? m.depth_pt : need;
          bool fits = block.fits && height <= bottom - t + 1e-6;
          add(std::min(height, std::max(0.0, bottom - t)), 0,
              fits ? 0 : std::max<size_t>(1, block.lines.size()));
        } else if (m.depth_pt > 0) {
          // The source's depth: the text fits in it, breaks at its end, or is left over.
          double depth_room = m.depth_pt - header;
          if (m.depth_pt > bottom - t + 1e-6 || depth_room < Pitch() - 1e-6) {
            add(std::max(0.0, std::min(room, depth_room)), m.lines.size(), m.lines.size());
          } else if (natural <= depth_room + 1e-6) {
            add(natural, m.lines.size(), 0);
          } else if (m.jump_to > 0) {
            size_t keep = JumpKeep(m, span, depth_room);
            add(depth_room, keep, keep > 0 ? 0 : m.lines.size());
          } else {
            size_t fit = FillColumns(m.boxes, span, depth_room, nullptr);
            add(depth_room, m.lines.size(), m.lines.size() - fit);
          }
        } else if (natural <= room + 1e-6) {
          add(natural, m.lines.size(), 0);
        } else if (m.jump_to > 0 && room >= 3 * Pitch()) {
          for (double share : {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2}) {
            double height = room * share;
            if (height < 3 * Pitch()) continue;
            size_t keep = JumpKeep(m, span, height);
            if (keep > 0) add(height, keep, 0);
          }
        } else {
          double height = std::max(0.0, room);
          size_t fit = FillColumns(m.boxes, span, height, nullptr);
          add(height, m.lines.size(), m.lines.size() - fit);
        }
      }
    }
    // The best states: fewest lines left over, then fewest stories broken that the source did
    // not say continue, then least white, then the flattest skyline; of states with the same
    // skyline, the best only.
    auto spread = [](const State& s) {
      auto [lo, hi] = std::minmax_element(s.tops.begin(), s.tops.end());
      return *hi - *lo;
    };
    std::stable_sort(next.begin(), next.end(), [&](const State& a, const State& b) {
      if (a.left != b.left) return a.left < b.left;
      if (a.breaks != b.breaks) return a.breaks < b.breaks;
      // White counts in half lines of one column.
      double wa = std::round(a.white / (Pitch() / 2)), wb = std::round(b.white / (Pitch() / 2));
      if (wa != wb) return wa < wb;
      return spread(a) < spread(b) - 1e-6;
    });
    beam.clear();
    for (State& n : next) {
      bool seen = std::any_of(beam.begin(), beam.end(), [&](const State& b) {
        for (size_t c = 0; c < n.tops.size(); ++c) {
          if (std::abs(b.tops[c] - n.tops[c]) > 1e-6) return false;
        }
        return true;
      });
      if (!seen) beam.push_back(std::move(n));
      if (beam.size() == kBeamWidth) break;
    }
  }
  // Of the last states, the one with the least white, where the white left below the last
  // modules counts half: it is there anyway when the page has less text than room (and a story
  // that breaks takes it, below), but a page that is full to the bottom looks made.
  auto score = [&](const State& s) {
    double white = s.white;
    for (double t : s.tops) white += std::max(0.0, bottom + gap - t) / 2;
    return white;
  };
  const State* best = &beam.front();
  for (const State& s : beam) {
    if (std::tie(s.left, s.breaks) < std::tie(best->left, best->breaks) ||
        (s.left == best->left && s.breaks == best->breaks && score(s) < score(*best) - 1e-6)) {
      best = &s;
    }
  }
  // A story that breaks takes the white under it as far as the module below (or the page's
  // bottom): more of it stays here.
  std::vector<Slot> slots = best->slots;
  for (size_t i = 0; i < slots.size(); ++i) {
    Slot& slot = slots[i];
    if (slot.keep >= modules[i].lines.size() || modules[i].depth_pt > 0) continue;
    double limit = bottom;
    for (size_t j = 0; j < slots.size(); ++j) {
      const Slot& other = slots[j];
      bool overlap = other.first < slot.first + slot.span && slot.first < other.first + other.span;
      if (j != i && overlap && other.top > slot.top) limit = std::min(limit, other.top - gap);
    }
    double body_height = limit - slot.top - (slot.height - slot.body_height);
    if (body_height > slot.body_height + 1e-6) {
      SetTypography(*modules[i].page_typography, modules[i].article->typography);
      size_t keep = JumpKeep(modules[i], slot.span, body_height);
      if (keep >= slot.keep) {
        slot.height += body_height - slot.body_height;
        slot.body_height = body_height;
        slot.keep = keep;
      }
    }
  }
  Feather(modules, slots, top, bottom);
  return slots;
}

// When every column ends a little short of the page's bottom, the white goes into the gaps
// between stacked modules (when two lines more each or less closes it), as a make-up
// editor spreads it, rather than under the last ones: each module moves down by its level (the modules stacked
// above it) times an equal share. Not on a page where a story breaks (it is full) or where a
// module's depth is fixed.
void PageMaker::Feather(const std::vector<Module>& modules, std::vector<Slot>& slots, double top,
                        double bottom) const {
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i].keep < modules[i].lines.size() || modules[i].depth_pt > 0) return;
  }
  auto overlap = [](const Slot& a, const Slot& b) {
    return a.first < b.first + b.span && b.first < a.first + a.span;
  };
  // The white under the lowest module of each column that has one; the least of them.
  std::vector<double> lowest(static_cast<size_t>(std::max(1, t_->columns)), -1);
  for (const Slot& slot : slots) {
    for (int c = slot.first; c < slot.first + slot.span; ++c) {
      double& l = lowest[static_cast<size_t>(c)];
      l = std::max(l, slot.top + slot.height);
    }
  }
  double slack = bottom - top;
  bool any = false;
  for (double l : lowest) {
    if (l < 0) continue;
    slack = std::min(slack, bottom - l);
    any = true;
  }
  if (!any || slack < Pitch() / 4) return;
  std::vector<size_t> by_top(slots.size());
  for (size_t i = 0; i < by_top.size(); ++i) by_top[i] = i;
  std::stable_sort(by_top.begin(), by_top.end(),
                   [&](size_t a, size_t b) { return slots[a].top < slots[b].top; });
  std::vector<int> level(slots.size(), 0);
  int levels = 0;
  for (size_t k = 0; k < by_top.size(); ++k) {
    size_t i = by_top[k];
    for (size_t m = 0; m < k; ++m) {
      size_t j = by_top[m];
      if (overlap(slots[i], slots[j]) && slots[j].top < slots[i].top - 1e-6) {
        level[i] = std::max(level[i], level[j] + 1);
      }
    }
    levels = std::max(levels, level[i]);
  }
  // Only a shortfall the gaps can close: a page with much less text than room keeps its white
  // at the bottom rather than holes between its modules.
  if (levels == 0 || slack / levels > 2 * Pitch()) return;
  double share = slack / levels;
  for (size_t i = 0; i < slots.size(); ++i) {
    slots[i].top += level[i] * share;
    if (level[i] > 0) slots[i].feather = share;
  }
}

// Sets a module in its slot: headline block across its columns, body in its columns, the rule
// above it and at its start side where other modules border it.
void PageMaker::PlaceModule(const Module& module, const Slot& slot, double body_top,
                            LaidOutIssue& out) {
  const Article& article = *module.article;
  SetTypography(*module.page_typography, article.typography);
  if (module.depth_pt > 0 && slot.top + module.depth_pt > Bottom() + 1e-6) {
    diagnostics_.Error(article.loc,
                       "article '" + article.id + "' is " + std::to_string(*article.rows) +
                           " rows deep, but only " +
                           std::to_string(static_cast<int>((Bottom() - slot.top) / Pitch() +
                                                           1e-6)) +
                           " rows are left below the modules above it on page " +
                           std::to_string(page_number_));
  }
  article_ = article.id;
  double x = Left() + slot.first * (ColumnWidth() + Gutter());
  double width = ModuleWidth(slot.span);
  double y = slot.top;
  if (module.cross) {
    // Vertical lines from the module's right edge, composed once more to report what the trial
    // compositions did not.
    // No longer than the room below the slot's top (the block was worked out for the whole
    // body's depth): what does not fit then is reported, never set beyond the page.
    double length = std::min(
        module.cross_blocks[static_cast<size_t>(slot.span)]->measure,
        std::floor((Bottom() - slot.top - 2 * CrossPad()) / Em() + 1e-9) * Em());
    std::vector<FlowLine> lines = CrossLines(article, std::max(Em(), length));
    std::map<std::string, RectPt> areas;
    size_t placed = FillBands(lines, y + CrossPad(), length, 1, &areas, x, x + width);
    if (placed < lines.size()) ReportOverflow(lines, placed);
    out.page_map.push_back({article.id, 0, page_number_, RectPt{x, slot.top, width, slot.height}});
    article_.clear();
    ModuleRules(slot, x, width, body_top);
    return;
  }
  for (const HeaderLine& header : HeaderSpecs(module, width)) {
    y = SetBlock(header.spec, x + header.inset, y, header.factor, article.loc, header.role);
  }
  y += Pitch() / 3;
  double body_bottom;
  if (slot.keep < module.lines.size()) {
    // The story breaks here: the （下转第N版） line takes the last place, the rest goes to page N.
    std::vector<FlowLine> lines(module.lines.begin(),
                                module.lines.begin() + static_cast<ptrdiff_t>(slot.keep));
    lines.insert(lines.end(), module.jump.begin(), module.jump.end());
    pending_[module.jump_to].push_back(
        {&article, page_number_,
         std::vector<FlowLine>(module.lines.begin() + static_cast<ptrdiff_t>(slot.keep),
                               module.lines.end())});
    body_bottom = PlaceColumns(lines, x, slot.span, y, slot.body_height);
  } else {
    body_bottom = PlaceColumns(module.lines, x, slot.span, y, slot.body_height);
  }
  out.page_map.push_back({article.id, module.from_page > 0 ? 1 : 0, page_number_,
                          RectPt{x, slot.top, width, body_bottom - slot.top}});
  article_.clear();
  ModuleRules(slot, x, width, body_top);
}

// The rules of a module: above it, unless it stands at the top of the body, and at its start
// side where other columns are.
void PageMaker::ModuleRules(const Slot& slot, double x, double width, double body_top) {
  if (slot.top > body_top + 1e-6) {
    // In the middle of the gap above the module, feathered or not.
    double rule_y = slot.top - Pitch() / 3 - slot.feather / 2;
    AddRule(x, rule_y, x + width, rule_y, 1);
  }
  if (slot.first > 0) {
    double rule_x = x - Gutter() / 2;
    AddRule(rule_x, slot.top, rule_x, slot.top + slot.height, 0.5);
  }
}

// The body of a horizontal page: the page's articles, then the rests of stories that jumped
// here, each a module on the column grid.
void PageMaker::HorizontalBody(const Page& page, double y, LaidOutIssue& out) {
  int next_page = NextPageInSource(page);
  std::vector<Module> modules;
  for (const Article& article : page.articles) {
    if (article.ear) continue;  // set with the masthead
    SetTypography(page.typography, article.typography);
    Module m;
    m.article = &article;
    m.page_typography = &page.typography;
    // The lead: the first article in the page's own mode (a block in the other mode is not).
    m.lead = !Cross(article) && std::none_of(modules.begin(), modules.end(),
                                             [](const Module& other) { return other.lead; });
    m.cross = Cross(article);
    if (!m.cross) m.lines = BodyLines(article, ColumnWidth());
    if (article.columns) {
      m.first = article.columns->first - 1;
      m.span = article.columns->last - article.columns->first + 1;
    }
    if (article.rows) m.depth_pt = *article.rows * Pitch();
    // A story whose jump leads to a later page of this source breaks where the page is full;
    // so does one without a jump when the source has a next page.
    m.jump_to = m.cross                                 ? 0
                : JumpTarget(article)                   ? *article.continues_on_page
                : article.continues_on_page.has_value() ? 0
                                                        : next_page;
    if (m.jump_to > 0) {
      m.jump = JumpLines(article, furniture_.ContinuesOn(m.jump_to), ColumnWidth(), Align::kEnd, 1);
    }
    modules.push_back(std::move(m));
  }
  auto rests = pending_.find(page.number);
  if (rests != pending_.end()) {
    for (Continuation& rest : rests->second) {
      const Page* from = &page;
      for (const Page& p : issue_.pages) {
        if (p.number == rest.from_page) from = &p;
      }
      SetTypography(from->typography, rest.article->typography);
      Module m;
      m.article = rest.article;
      m.page_typography = &from->typography;
      m.from_page = rest.from_page;
      m.lines = JumpLines(*rest.article, furniture_.ContinuedFrom(rest.from_page), ColumnWidth(),
                          Align::kStart, 0);
      std::move(rest.lines.begin(), rest.lines.end(), std::back_inserter(m.lines));
      modules.push_back(std::move(m));
    }
    pending_.erase(rests);
  }
  for (Module& m : modules) {
    m.boxes = LineBoxes(m.lines);
    m.extent.assign(1, 0);
    for (const LineBox& b : m.boxes) {
      m.extent.push_back(m.extent.back() + b.pitch_pt + b.space_before_pt);
    }
    m.jump_boxes = LineBoxes(m.jump);
    for (const LineBox& b : m.jump_boxes) m.jump_extent += b.pitch_pt;
  }
  std::vector<Slot> slots = ArrangeModules(modules, y, Bottom());
  for (size_t i = 0; i < modules.size(); ++i) PlaceModule(modules[i], slots[i], y, out);
}

void PageMaker::VerticalBody(const Page& page, double y, LaidOutIssue& out) {
  int bands = std::max(1, t_->bands);
  double band_gap = Em() * 2;
  // A band's lines hold a whole number of body characters, like the columns of horizontal pages.
  double band_height =
      std::floor((Bottom() - y - band_gap * (bands - 1)) / bands / Em() + 1e-9) * Em();
  std::vector<FlowLine> lines;
  // Where each article's lines are in `lines`, and whether they are a rest that jumped here.
  struct Span {
    const Article* article;
    size_t begin, end;
    bool rest;
    int from_page;
  };
  std::vector<Span> spans;
  auto add_headline = [&](const Article& article, const Inlines& inlines, double size,
                          TextRole role) {
    HeadlineLines(article, inlines, size, role, band_height, lines);
  };
  for (const Article& article : page.articles) {
    if (article.ear) continue;  // set with the masthead
    SetTypography(page.typography, article.typography);
    size_t first = lines.size();
    if (Cross(article)) {
      // A block of horizontal lines as narrow as the band's depth allows (at least 6 em, at
      // most the page's measure), carried whole by the flow; composed once more to report what
      // the trial compositions did not.
      double pad = Em() / 2;
      CrossBlock block = SetCross(article, band_height, 6 * Em(), Measure() - 2 * pad);
      FlowLine carrier;
      carrier.cross = std::make_shared<const std::vector<FlowLine>>(
          CrossLines(article, block.measure));
      carrier.cross_measure_pt = block.measure;
      carrier.pitch_pt = block.measure + 2 * pad;
      carrier.space_before_pt = Pitch() * 2;
      carrier.article_id = article.id;
      lines.push_back(std::move(carrier));
      spans.push_back({&article, first, lines.size(), false, 0});
      continue;
    }
    add_headline(article, article.kicker, 12, TextRole::kKicker);
    add_headline(article, article.headline, 18, TextRole::kHeadline);
    add_headline(article, article.subheadline, 13, TextRole::kSubheadline);
    std::vector<FlowLine> body = BodyLines(article, band_height);
    for (FlowLine& l : body) lines.push_back(std::move(l));
    if (first < lines.size()) lines[first].space_before_pt = Pitch() * 2;
    spans.push_back({&article, first, lines.size(), false, 0});
  }
  // The rests of stories that jumped here: the headline again, （上接第M版）, the lines.
  auto rests = pending_.find(page.number);
  if (rests != pending_.end()) {
    for (const Continuation& rest : rests->second) {
      const Article& article = *rest.article;
      size_t first = lines.size();
      add_headline(article, article.headline, 14, TextRole::kHeadline);
      std::vector<FlowLine> from = JumpLines(article, furniture_.ContinuedFrom(rest.from_page),
                                             band_height, Align::kStart, 0);
      std::move(from.begin(), from.end(), std::back_inserter(lines));
      lines.insert(lines.end(), rest.lines.begin(), rest.lines.end());
      if (first < lines.size()) lines[first].space_before_pt = Pitch() * 2;
      spans.push_back({&article, first, lines.size(), true, rest.from_page});
    }
    pending_.erase(rests);
  }
  AddRubyRoom(lines);  // the headlines' (the bodies' have theirs)
  // A story that jumps to a later page of the source gives up its last lines, and takes a
  // （下转第N版） line, until everything on the page fits; its rest goes to page N. Without such
  // a story, the last one without a stated jump breaks and continues on the next page of the
  // source.
  int next_page = NextPageInSource(page);
  std::vector<std::pair<const Span*, int>> breakable;
  for (const Span& span : spans) {
    if (!span.rest && JumpTarget(*span.article) && !Cross(*span.article)) {
      breakable.emplace_back(&span, *span.article->continues_on_page);
    }
  }
  for (auto it = spans.rbegin(); it != spans.rend() && next_page > 0; ++it) {
    if (!it->rest && !it->article->continues_on_page && !Cross(*it->article)) {
      breakable.emplace_back(&*it, next_page);
    }
  }
  for (const auto& [span_ptr, to] : breakable) {
    const Span& span = *span_ptr;
    if (FillBands(lines, y, band_height, bands, nullptr) >= lines.size()) break;
    const Article& article = *span.article;
    SetTypography(page.typography, article.typography);
    std::vector<FlowLine> jump =
        JumpLines(article, furniture_.ContinuesOn(to), band_height, Align::kEnd, 1);
    // The headline block (kicker, headline, subheadline) stays whole and with the first lines
    // of the body: a page never ends with a story's kicker or headline alone.
    size_t body_begin = span.begin;
    while (body_begin < span.end && IsHeadlineBlock(lines[body_begin].role)) ++body_begin;
    const size_t fewest = std::min(span.end, body_begin + kFewestLinesBeforeJump);
    auto candidate = [&](size_t keep) {
      std::vector<FlowLine> v(lines.begin(), lines.begin() + static_cast<ptrdiff_t>(keep));
      v.insert(v.end(), jump.begin(), jump.end());
      v.insert(v.end(), lines.begin() + static_cast<ptrdiff_t>(span.end), lines.end());
      return v;
    };
    // The most lines the story can keep: fewer lines before the jump line never make the page
    // fuller, so a bisection finds it in a logarithmic number of trials (it took one trial per
    // line, which made rejecting a long overset story quadratic).
    auto fits = [&](size_t k) {
      std::vector<FlowLine> v = candidate(k);
      return FillBands(v, y, band_height, bands, nullptr) >= v.size();
    };
    // Not even the fewest fit: another story breaks, or what is left over is reported below.
    if (!fits(fewest)) continue;
    size_t lo = fewest;
    size_t hi = std::max(lo, span.end);
    while (lo < hi) {
      size_t mid = lo + (hi - lo + 1) / 2;
      if (fits(mid)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    size_t keep = lo;
    pending_[to].push_back(
        {&article, page_number_,
         std::vector<FlowLine>(lines.begin() + static_cast<ptrdiff_t>(keep),
                               lines.begin() + static_cast<ptrdiff_t>(span.end))});
    lines = candidate(keep);
    break;  // one story jumps per page; the spans after it moved
  }
  std::map<std::string, RectPt> areas;
  size_t placed = FillBands(lines, y, band_height, bands, &areas);
  if (placed < lines.size()) ReportOverflow(lines, placed);
  for (const Span& span : spans) {
    auto it = areas.find(span.article->id);
    if (it != areas.end()) {
      out.page_map.push_back({span.article->id, span.rest ? 1 : 0, page_number_, it->second});
    }
  }
}

// Fills the bands right to left, top band first, with `lines`; returns how many fit. With
// `areas`, places them (glyphs, images, links, the rules between bands) and records each
// article's area; without, only counts.
size_t PageMaker::FillBands(const std::vector<FlowLine>& lines, double y, double band_height,
                            int bands, std::map<std::string, RectPt>* areas, double left,
                            double right) {
  double band_gap = Em() * 2;
  size_t i = 0;
  std::map<std::tuple<std::string, int, int>, RectPt> boxes;  // (article, sidebar, band)
  for (int b = 0; b < bands && i < lines.size(); ++b) {
    double top = y + b * (band_height + band_gap);
    double x = right;
    size_t begin = i;
    while (i < lines.size()) {
      const FlowLine& l = lines[i];
      double need = (i == begin ? 0 : l.space_before_pt) + l.pitch_pt;
      if (x - need < left - 1e-6) break;
      // A boxed sidebar that fits in one band is kept in one: at its first line, if the rest of
      // the band cannot hold the whole box, the band ends there.
      bool box_starts = l.box >= 0 && (i == 0 || lines[i - 1].box != l.box ||
                                       lines[i - 1].article_id != l.article_id);
      if (box_starts && i != begin) {
        double box_width = 0;
        for (size_t k = i; k < lines.size() && lines[k].box == l.box &&
                           lines[k].article_id == l.article_id;
             ++k) {
          box_width += (k == i ? 0 : lines[k].space_before_pt) + lines[k].pitch_pt;
        }
        if (x - l.space_before_pt - box_width < left - 1e-6 && box_width <= right - left + 1e-6) {
          break;
        }
      }
      x -= (i == begin ? 0 : l.space_before_pt);
      if (areas != nullptr) {
        if (l.cross) {
          // A block of horizontal lines in the middle of its room, from the band's top.
          article_ = l.article_id;
          PlaceColumns(*l.cross, x - l.pitch_pt + (l.pitch_pt - l.cross_measure_pt) / 2, 1, top,
                       band_height, l.cross_measure_pt);
          article_.clear();
        } else if (l.figure) {
          // The image stands at the top of the band, right-aligned in its room: the gap to the
          // caption is on its left, where the next vertical line follows.
          PlaceImage(*l.figure, {x - l.figure_width_pt, top + l.inline_offset_pt,
                                 l.figure_width_pt, l.figure_height_pt});
        } else {
          article_ = l.article_id;
          block_ = l.block;
          role_ = l.role;
          EmitVertical(l.line, x - l.ruby_pt - (l.pitch_pt - l.ruby_pt) / 2,
                       top + l.inline_offset_pt);
          article_.clear();
          block_ = -1;
          role_ = TextRole::kFurniture;
        }
        RectPt line_rect{x - l.pitch_pt, top, l.pitch_pt, band_height};
        if (l.box >= 0) {
          // One frame per sidebar piece per band, a third of an em beyond its lines.
          auto [it, inserted] =
              boxes.try_emplace(std::make_tuple(l.article_id, l.box, b), line_rect);
          RectPt& r = it->second;
          double x0 = std::min(r.x_pt, line_rect.x_pt);
          r.width_pt = std::max(r.x_pt + r.width_pt, line_rect.x_pt + line_rect.width_pt) - x0;
          r.x_pt = x0;
        }
        if (l.link_fragment >= 0) {
          page_->links.push_back({line_rect, l.article_id, l.link_fragment, 0, 0, ""});
        }
        auto [it, inserted] = areas->try_emplace(l.article_id, line_rect);
        if (!inserted) {
          RectPt& a = it->second;
          double x0 = std::min(a.x_pt, line_rect.x_pt), y0 = std::min(a.y_pt, line_rect.y_pt);
          double x1 = std::max(a.x_pt + a.width_pt, line_rect.x_pt + line_rect.width_pt);
          double y1 = std::max(a.y_pt + a.height_pt, line_rect.y_pt + line_rect.height_pt);
          a = {x0, y0, x1 - x0, y1 - y0};
        }
      }
      x -= l.pitch_pt;
      ++i;
    }
    if (areas != nullptr && b + 1 < bands) {
      double rule_y = top + band_height + band_gap / 2;
      AddRule(left, rule_y, right, rule_y, 0.5);
    }
  }
  for (const auto& [key, rect] : boxes) {
    RectPt r = rect;
    r.x_pt -= Em() / 3;
    r.width_pt += Em() * 2 / 3;
    page_->frames.push_back({r, 0.8, 0, 0.93});
  }
  return i;
}

void PageMaker::MakePage(const Page& page, LaidOutIssue& out) {
  out.pages.emplace_back();
  page_ = &out.pages.back();
  source_page_ = &page;
  page_number_ = page.number;
  // The page's own template, else the issue's, else the default.
  t_ = page.page_template      ? &*page.page_template
       : issue_.page_template ? &*issue_.page_template
                              : &default_template_;
  vertical_ = Vertical(page);
  page_->number = page.number;
  page_->width_pt = t_->width_pt;
  page_->height_pt = t_->height_pt;
  SetTypography(page.typography);
  double y = FolioLine(page, t_->margin_top_pt);
  if (page.number == 1) y = Masthead(page, y + 4, out);
  if (vertical_) {
    VerticalBody(page, y, out);
    return;
  }
  HorizontalBody(page, y, out);
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
  if (!CheckFontFamilies(input.issue, input.fonts, diagnostics)) return std::nullopt;
  LaidOutIssue out;
  out.pages.reserve(input.issue.pages.size());
  PageMaker maker(input.issue, input.fonts, options, diagnostics);
  for (const Page& page : input.issue.pages) maker.MakePage(page, out);
  maker.ReportPendingJumps();
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
