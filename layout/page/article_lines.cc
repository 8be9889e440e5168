#include "layout/page/article_lines.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>

#include "layout/page/track_fill.h"

namespace paiban::layout {

using fonts::Role;

namespace {

TextStyle BodyStyle(const Article& article, const PageGeometry& g) {
  return {article.kind == ArticleKind::kEditorial ? Role::kKai : Role::kBody, false, g.em};
}

// A kicker, headline or subheadline part: broken by phrase, with lines as even as the fewest
// lines allow (docs/typography.md §9), each centred at `measure`.
ParagraphSpec HeadlineSpec(const Inlines& part, const TextStyle& style, double measure,
                           bool vertical) {
  ParagraphSpec spec = MakeSpec(part, style, measure, 0, Align::kCenter, vertical);
  spec.phrase_breaks = true;
  return spec;
}

// Headline lines of `article` (its kicker, headline or subheadline: `inlines`), bold at `size`,
// centred at `measure`, a pitch of 1.3 times the size; appended to `out`.
void HeadlineLines(Setter& setter, const Article& article, const Inlines& inlines, double size,
                   TextRole role, double measure, const LineContext& context,
                   std::vector<FlowLine>& out) {
  for (const Inlines& part : SplitAtBreaks(inlines)) {
    int block = setter.NextBlock();
    for (ComposedLine& line :
         setter.Compose(HeadlineSpec(part, {Role::kHeadline, true, size}, measure, context.vertical),
                        context.typography, article.loc)) {
      FlowLine l;
      l.line = std::move(line);
      l.vertical = context.vertical;
      l.pitch_pt = size * 1.3;
      l.article_id = article.id;
      l.block = block;
      l.role = role;
      out.push_back(std::move(l));
    }
  }
}

}  // namespace

void AddRubyRoom(std::vector<FlowLine>& lines) {
  for (FlowLine& l : lines) {
    if (l.line.ruby_pt > 0 && l.ruby_pt == 0) {
      l.ruby_pt = l.line.ruby_pt;
      l.pitch_pt += l.ruby_pt;
    }
  }
}

std::vector<FlowLine> BodyLines(Setter& setter, const Article& article, double measure,
                                const LineContext& context, bool jump_out) {
  const PageGeometry& g = context.geometry;
  const bool vertical = context.vertical;
  const double pitch = g.pitch, em = g.em;
  const double indent = *context.typography.indent_em * em;
  std::vector<FlowLine> out;
  TextStyle body = BodyStyle(article, g);
  const Block* current = nullptr;  // the block being added, for diagnostics
  double pending_space = 0;        // room after a figure's caption, before the next line
  auto add = [&](const ParagraphSpec& spec, double line_pitch, double space_before, double offset,
                 int box) {
    bool first = true;
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
    int block = setter.NextBlock();
    for (ComposedLine& line :
         setter.Compose(spec, context.typography, current ? current->loc : article.loc)) {
      FlowLine l;
      l.line = std::move(line);
      l.vertical = vertical;
      l.pitch_pt = line_pitch;
      l.space_before_pt = first ? space_before + pending_space : 0;
      l.inline_offset_pt = offset;
      l.box = box;
      l.article_id = article.id;
      l.block = block;
      l.role = role;
      out.push_back(std::move(l));
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
            add(MakeSpec(block.inlines, body, block_measure, indent, Align::kJustify, vertical),
                pitch, 0, offset, box);
            break;
          case Block::Kind::kSubhead:
            add(MakeSpec(block.inlines, {Role::kSans, true, em}, block_measure, 0, Align::kStart,
                         vertical),
                pitch, pitch / 2, offset, box);
            break;
          case Block::Kind::kQuote: {
            // Set off in kai, one em in from both sides of the measure (a whole em, so that its
            // Han characters stay on the character grid), with half a line around it.
            double inset = em;
            add(MakeSpec(block.inlines, {Role::kKai, false, em}, block_measure - 2 * inset,
                         indent, Align::kJustify, vertical),
                pitch, pitch / 2, offset + inset, box);
            pending_space = pitch / 2;
            break;
          }
          case Block::Kind::kList:
          case Block::Kind::kSignature:
            for (const Block& child : block.children) add_block(child, block_measure, offset, box);
            break;
          case Block::Kind::kListItem:
            add(MakeSpec(block.inlines, body, block_measure, 0, Align::kJustify, vertical), pitch,
                0, offset, box);
            break;
          case Block::Kind::kSignatureLine:
            add(MakeSpec(block.inlines, body, block_measure, 0, Align::kEnd, vertical), pitch, 0,
                offset, box);
            break;
          case Block::Kind::kFigure: {
            if (!block.image) break;  // the reader reported it
            // The image fills the measure across the flow (a column's width, or a band's depth
            // on vertical pages) and keeps its proportions; a very long image (along the flow)
            // is cut down to 1.25 times the measure.
            const Image& image = *block.image;
            // Along the flow: its height on a horizontal line's page, its width beside vertical
            // lines; per unit across.
            double along_per_across = vertical
                                          ? static_cast<double>(image.width_px) / image.height_px
                                          : static_cast<double>(image.height_px) / image.width_px;
            double across = block_measure, along = across * along_per_across;
            if (along > 1.25 * block_measure) {
              along = 1.25 * block_measure;
              across = along / along_per_across;
            }
            double gap = pitch / 3;
            FlowLine l;
            l.vertical = vertical;
            l.pitch_pt = along + gap;
            l.space_before_pt = out.empty() ? 0 : pitch / 2;
            l.inline_offset_pt = offset;
            l.box = box;
            l.article_id = article.id;
            l.figure = &block;
            l.figure_across_pt = across;
            l.figure_along_pt = along;
            out.push_back(std::move(l));
            Inlines caption = block.inlines;
            if (!block.credit.empty()) {
              if (!caption.empty()) caption.push_back({Inline::Kind::kText, "\u3000", {}, {}, {}});
              caption.insert(caption.end(), block.credit.begin(), block.credit.end());
            }
            if (!caption.empty()) {
              add(MakeSpec(caption, {Role::kKai, false, em}, block_measure, 0, Align::kJustify,
                           vertical),
                  pitch, 0, offset, box);
            }
            pending_space = pitch / 2;
            break;
          }
          case Block::Kind::kSidebar: {
            int id = box_count++;
            double pad = em / 2;
            double inner = block_measure - 2 * pad;
            // White above the box's frame, titled or not.
            if (block.inlines.empty()) pending_space = std::max(pending_space, pitch / 2);
            if (!block.inlines.empty()) {
              add(MakeSpec(block.inlines, {Role::kSans, true, em}, inner, 0, Align::kCenter,
                           vertical),
                  pitch * 1.2, pitch / 2, offset + pad, id);
            }
            for (const Block& child : block.children) add_block(child, inner, offset + pad, id);
            break;
          }
        }
      };
  for (const Block& block : article.blocks) add_block(block, measure, 0, -1);
  current = nullptr;
  if (jump_out) {
    add(MakeSpec(setter.words().ContinuesOn(*article.continues_on_page), body, measure,
                 Align::kEnd, vertical),
        pitch, 0, 0, -1);
    out.back().role = TextRole::kJump;
  }
  AddRubyRoom(out);
  return out;
}

std::vector<FlowLine> JumpLines(Setter& setter, const Article& article, const std::string& text,
                                double measure, Align align, int link_fragment,
                                const LineContext& context) {
  std::vector<FlowLine> lines;
  int block = setter.NextBlock();
  for (ComposedLine& line :
       setter.Compose(MakeSpec(text, BodyStyle(article, context.geometry), measure, align,
                               context.vertical),
                      context.typography, article.loc)) {
    FlowLine l;
    l.line = std::move(line);
    l.vertical = context.vertical;
    l.pitch_pt = context.geometry.pitch;
    l.article_id = article.id;
    l.block = block;
    l.link_fragment = link_fragment;
    l.role = TextRole::kJump;
    lines.push_back(std::move(l));
  }
  return lines;
}

std::vector<FlowLine> HeaderLines(Setter& setter, const Article& article, bool lead, bool rest,
                                  double measure, const LineContext& context, bool report) {
  struct Spec {
    ParagraphSpec spec;
    double factor;
    TextRole role;
  };
  const bool vertical = context.vertical;
  auto headline_spec = [&](const Inlines& part, const TextStyle& style) {
    return HeadlineSpec(part, style, measure, vertical);
  };
  std::vector<Spec> specs;
  if (rest) {
    // The rest of a story that jumped here: its headline again, smaller.
    for (const Inlines& part : SplitAtBreaks(article.headline)) {
      specs.push_back({headline_spec(part, {Role::kHeadline, true, 14}), 1.25, TextRole::kHeadline});
    }
  } else {
    if (!article.kicker.empty()) {
      specs.push_back({headline_spec(article.kicker, {Role::kSans, true, 11}), 1.4, TextRole::kKicker});
    }
    double headline_size = lead ? 28 : 18;
    for (const Inlines& part : SplitAtBreaks(article.headline)) {
      // A headline line that does not fit the module's measure is set smaller, down to three
      // quarters of its size, rather than broken with a few characters on a line of their own:
      // the largest size (in whole points) at which it fits one line, else its own size.
      std::vector<double> sizes;  // largest first
      for (double size = headline_size; size >= headline_size * 0.75 - 1e-6; size -= 1) {
        sizes.push_back(size);
      }
      // Whether it fits one line does not depend on where it would break: counted without the
      // phrase breaking (its word segmentation and balancing are not needed for that). A line
      // that fits at one size fits at every smaller one: after its own size and the smallest, the
      // sizes between are searched by halves.
      auto fits = [&](size_t k) {
        ParagraphSpec one_line = headline_spec(part, {Role::kHeadline, true, sizes[k]});
        one_line.phrase_breaks = false;
        return setter.LineCount(one_line, context.typography) <= 1;
      };
      double size = headline_size;
      if (!fits(0) && sizes.size() > 1 && fits(sizes.size() - 1)) {
        size_t lo = 1, hi = sizes.size() - 1;  // the first size that fits is in [lo, hi]
        while (lo < hi) {
          const size_t mid = (lo + hi) / 2;
          if (fits(mid)) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        size = sizes[lo];
      }
      ParagraphSpec spec = headline_spec(part, {Role::kHeadline, true, size});
      specs.push_back({spec, 1.25, TextRole::kHeadline});
    }
    if (!article.subheadline.empty()) {
      specs.push_back({headline_spec(article.subheadline, {Role::kHeadline, false, 14}), 1.4,
                       TextRole::kSubheadline});
    }
  }
  std::vector<FlowLine> out;
  for (const Spec& s : specs) {
    int block = setter.NextBlock();
    for (ComposedLine& line : setter.Compose(s.spec, context.typography, article.loc, report)) {
      FlowLine l;
      l.vertical = vertical;
      l.pitch_pt = line.size_pt * s.factor;
      l.article_id = article.id;
      l.block = block;
      l.role = s.role;
      l.line = std::move(line);
      out.push_back(std::move(l));
    }
  }
  AddRubyRoom(out);
  return out;
}

double HeaderExtent(const std::vector<FlowLine>& header, const PageGeometry& geometry) {
  double extent = geometry.pitch / 3;
  for (const FlowLine& l : header) extent += l.pitch_pt;
  return extent;
}

std::vector<FlowLine> CrossLines(Setter& setter, const Article& article, double measure,
                                 const LineContext& context) {
  std::vector<FlowLine> lines;
  HeadlineLines(setter, article, article.kicker, 11, TextRole::kKicker, measure, context, lines);
  HeadlineLines(setter, article, article.headline, 15, TextRole::kHeadline, measure, context,
                lines);
  HeadlineLines(setter, article, article.subheadline, 11, TextRole::kSubheadline, measure,
                context, lines);
  AddRubyRoom(lines);
  std::vector<FlowLine> body = BodyLines(setter, article, measure, context, false);
  if (!lines.empty() && !body.empty()) body.front().space_before_pt += context.geometry.pitch / 2;
  std::move(body.begin(), body.end(), std::back_inserter(lines));
  return lines;
}

CrossBlock SetCross(Setter& setter, const Article& article, double room, double shortest,
                    double longest, const LineContext& context) {
  const double em = context.geometry.em;
  // Never longer than `longest`: the block must stay inside its room.
  int hi = std::max(1, static_cast<int>(std::floor(longest / em + 1e-9)));
  int lo = std::min(hi, std::max(1, static_cast<int>(std::ceil(shortest / em - 1e-9))));
  // Trial compositions report nothing; the diagnostics they would add are dropped.
  auto trial = [&](int ems) {
    Diagnostics quiet;
    CrossBlock block;
    block.measure = ems * em;
    Setter trial_setter = setter.Trial(quiet);
    block.lines = CrossLines(trial_setter, article, block.measure, context);
    std::vector<LineBox> boxes = LineBoxes(block.lines);
    block.fits = FillTracks(boxes, 1, room, context.geometry, nullptr) == boxes.size();
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
  return best;
}

}  // namespace paiban::layout
