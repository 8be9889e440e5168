// LaidOutIssue: the frozen display list layout hands to the outputs.
//
// Pages hold positioned glyph runs (with the source text and cluster map each came from, so the
// PDF text layer is exact), rules and boxes, all in points with the origin at the page's top-left
// corner and y growing downwards. Outputs only walk this list; they never lay anything out.
// The PageMap says which fragment of which article stands on which page, for the EPUB page-list
// and the PDF outline.
#ifndef PAIBAN_LAYOUT_LAID_OUT_ISSUE_H_
#define PAIBAN_LAYOUT_LAID_OUT_ISSUE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "model/diagnostics.h"

namespace paiban {

// A font file and face index, as the outputs must load it.
struct FaceRef {
  std::string file;
  int index = 0;
  std::string family;  // for dumps and PDF font names
};

struct RectPt {
  double x_pt = 0;
  double y_pt = 0;
  double width_pt = 0;
  double height_pt = 0;
};

struct PositionedGlyph {
  uint32_t id = 0;
  // The glyph's (horizontal) origin on the page.
  double x_pt = 0;
  double y_pt = 0;
};

// One cluster: num_bytes of text drawn by num_glyphs glyphs (cairo_text_cluster_t's meaning).
struct TextCluster {
  int num_bytes = 0;
  int num_glyphs = 0;
};

// What a line of text is in its article or on the page: layout decides by it (a headline block
// stays whole, a jump line keeps its place) and the outputs derive their tags from it (the PDF's
// structure tree: PdfStructureTag in output/render/page_painter.h).
enum class TextRole : uint8_t {
  kFurniture,     // folio, masthead, date line: no article's text
  kKicker,        // 引题, above the headline
  kHeadline,      // 主题
  kSubheadline,   // 副题, below the headline
  kBody,          // paragraphs, list items, signature lines
  kSubhead,       // 小标题 inside the body
  kQuote,         // a quotation set off
  kSidebarTitle,  // the title of a boxed sidebar
  kCaption,       // a figure's caption and credit
  kJump,          // （下转第N版） and （上接第N版）
};
// Whether the line belongs to an article's headline block (kicker, headline, subheadline), which
// is kept together with the first lines of the body.
inline bool IsHeadlineBlock(TextRole role) {
  return role == TextRole::kKicker || role == TextRole::kHeadline ||
         role == TextRole::kSubheadline;
}
const char* TextRoleName(TextRole role);

struct GlyphRun {
  enum class Orientation {
    kUpright,   // glyphs drawn as they are
    kSideways,  // glyphs rotated 90° clockwise about their origin (Latin in vertical columns)
  };
  int face = 0;  // index into LaidOutIssue::faces
  double size_pt = 0;
  Orientation orientation = Orientation::kUpright;
  double gray = 0;  // 0 = black, 1 = white
  std::vector<PositionedGlyph> glyphs;
  std::string text;  // the source text these glyphs show, UTF-8
  std::vector<TextCluster> clusters;
  std::string article_id;  // the article the text belongs to; "" for page furniture
  // The block (paragraph, headline …) the text belongs to, numbered through the issue (-1 when
  // none), and what it is.
  int block = -1;
  TextRole role = TextRole::kFurniture;
};

struct Rule {
  double x0_pt = 0, y0_pt = 0, x1_pt = 0, y1_pt = 0;
  double width_pt = 0.5;
  double gray = 0;
};

struct Frame {
  RectPt rect;
  double stroke_pt = 0.5;
  double stroke_gray = 0;
  double fill_gray = -1;  // < 0: no fill
};

// An image placed on the page: the file (already checked by the reader) drawn to fill `rect`.
struct PlacedImage {
  RectPt rect;
  std::string path;        // the file to read
  std::string src;         // as the source wrote it, for messages and dumps
  std::string media_type;  // image/jpeg or image/png
  int width_px = 0;
  int height_px = 0;
  int components = 0;  // 1 grey, 3 colour
  bool has_alpha = false;
  std::string alt;
  SourceLoc loc;  // the <figure>, for errors found when the outputs decode the file
};

// A link on the page: a jump line (（下转第N版）, （上接第M版）) leading to the other part of its
// story. The target is resolved once every page is made: the print page and the top of the area
// of the article's fragment there.
// A link on a page: to another part of a story (a jump line), or, with a uri, to an address
// outside the issue (the source's <a href>).
struct PageLink {
  RectPt rect;
  std::string article_id;
  int target_fragment = 0;
  int target_page = 0;       // resolved
  double target_y_pt = 0;    // resolved: top of the fragment's area
  std::string uri;           // an outside address; then the fields above are unused
};

// An emphasis dot (着重号): a filled circle.
struct Dot {
  double x_pt = 0, y_pt = 0;
  double radius_pt = 0;
};

struct LaidOutPage {
  int number = 0;  // the print page number (第N版)
  double width_pt = 0;
  double height_pt = 0;
  std::vector<Frame> frames;  // drawn first, under the text
  std::vector<PlacedImage> images;
  std::vector<Rule> rules;
  std::vector<GlyphRun> runs;
  std::vector<PageLink> links;
  std::vector<Dot> dots;
};

struct PageMapEntry {
  std::string article_id;
  int fragment = 0;  // 0 for the first part of an article, 1 for its continuation, …
  int page = 0;      // print page number
  RectPt area;
};

struct LaidOutIssue {
  std::vector<FaceRef> faces;
  std::vector<LaidOutPage> pages;
  std::vector<PageMapEntry> page_map;
};

// A length rounded to 0.01 pt, with no negative zero, as every dump writes it, so that dumps are
// stable across machines.
std::string FormatPt(double value);

// A text dump with every length rounded to 0.01 pt, for golden tests and `--dump layout`.
std::string DumpLayout(const LaidOutIssue& issue);

}  // namespace paiban

#endif  // PAIBAN_LAYOUT_LAID_OUT_ISSUE_H_
