#include "layout/laid_out_issue.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace paiban {

const char* TextRoleName(TextRole role) {
  switch (role) {
    case TextRole::kFurniture:
      return "furniture";
    case TextRole::kKicker:
      return "kicker";
    case TextRole::kHeadline:
      return "headline";
    case TextRole::kSubheadline:
      return "subheadline";
    case TextRole::kBody:
      return "body";
    case TextRole::kSubhead:
      return "subhead";
    case TextRole::kQuote:
      return "quote";
    case TextRole::kSidebarTitle:
      return "sidebar-title";
    case TextRole::kCaption:
      return "caption";
    case TextRole::kJump:
      return "jump";
  }
  return "?";
}

std::string FormatPt(double value) {
  double rounded = std::round(value * 100) / 100;
  if (rounded == 0) rounded = 0;
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.2f", rounded);
  return buffer;
}

namespace {

std::string Pt(double value) { return FormatPt(value); }

std::string Rect(const RectPt& r) {
  return Pt(r.x_pt) + " " + Pt(r.y_pt) + " " + Pt(r.width_pt) + "x" + Pt(r.height_pt);
}

}  // namespace

std::string DumpLayout(const LaidOutIssue& issue) {
  std::ostringstream out;
  for (size_t i = 0; i < issue.faces.size(); ++i) {
    // The file name only: font folders differ between machines.
    std::string file = issue.faces[i].file;
    size_t slash = file.rfind('/');
    if (slash != std::string::npos) file = file.substr(slash + 1);
    out << "face " << i << ' ' << file << '#' << issue.faces[i].index << " \""
        << issue.faces[i].family << "\"\n";
  }
  for (const LaidOutPage& page : issue.pages) {
    out << "page " << page.number << ' ' << Pt(page.width_pt) << 'x' << Pt(page.height_pt)
        << '\n';
    for (const Frame& f : page.frames) {
      out << "  frame " << Rect(f.rect) << " stroke " << Pt(f.stroke_pt) << '\n';
    }
    for (const PlacedImage& image : page.images) {
      out << "  image " << Rect(image.rect) << ' ' << image.src << ' ' << image.media_type << ' '
          << image.width_px << 'x' << image.height_px << '\n';
    }
    for (const Dot& dot : page.dots) {
      out << "  dot " << Pt(dot.x_pt) << ' ' << Pt(dot.y_pt) << " r " << Pt(dot.radius_pt) << '\n';
    }
    for (const PageLink& link : page.links) {
      if (!link.uri.empty()) {
        out << "  link " << Rect(link.rect) << " -> " << link.uri << '\n';
        continue;
      }
      out << "  link " << Rect(link.rect) << " -> page " << link.target_page << ' '
          << Pt(link.target_y_pt) << '\n';
    }
    for (const Rule& r : page.rules) {
      out << "  rule " << Pt(r.x0_pt) << ' ' << Pt(r.y0_pt) << " - " << Pt(r.x1_pt) << ' '
          << Pt(r.y1_pt) << " w " << Pt(r.width_pt) << '\n';
    }
    for (const GlyphRun& run : page.runs) {
      if (run.glyphs.empty()) continue;
      out << "  run face " << run.face << ' ' << Pt(run.size_pt) << "pt"
          << (run.orientation == GlyphRun::Orientation::kSideways ? " sideways" : "") << " at "
          << Pt(run.glyphs.front().x_pt) << ' ' << Pt(run.glyphs.front().y_pt) << " \""
          << run.text << "\"\n";
    }
  }
  for (const PageMapEntry& e : issue.page_map) {
    out << "pagemap " << e.article_id << '#' << e.fragment << " page " << e.page << ' '
        << Rect(e.area) << '\n';
  }
  return out.str();
}

}  // namespace paiban
