#include "output/render/page_painter.h"

#include <cairo-ft.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <cassert>
#include <cmath>
#include <string>

#include "output/render/image_decoder.h"

namespace paiban {

const char* PdfStructureTag(TextRole role) {
  switch (role) {
    case TextRole::kHeadline:
      return "H1";
    case TextRole::kSubhead:
      return "H2";
    case TextRole::kSidebarTitle:
      return "H3";
    case TextRole::kCaption:
      return "Caption";
    case TextRole::kQuote:
      return "BlockQuote";
    default:
      return "P";
  }
}


PagePainter::PagePainter(const std::vector<FaceRef>& faces) {
  faces_.reserve(faces.size());
  for (const FaceRef& face : faces) {
    // The exact file and face index layout shaped with: glyph ids are only meaningful there.
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FILE, reinterpret_cast<const FcChar8*>(face.file.c_str()));
    FcPatternAddInteger(pattern, FC_INDEX, face.index);
    FcPatternAddBool(pattern, FC_HINTING, FcFalse);
    faces_.push_back(cairo_ft_font_face_create_for_pattern(pattern));
    FcPatternDestroy(pattern);
  }
}

PagePainter::~PagePainter() {
  for (cairo_font_face_t* face : faces_) cairo_font_face_destroy(face);
  for (auto& [path, surface] : images_) cairo_surface_destroy(surface);
}

cairo_surface_t* PagePainter::Image(const PlacedImage& image) {
  auto it = images_.find(image.path);
  if (it != images_.end()) return it->second;
  std::string error;
  cairo_surface_t* surface = DecodeImage(image, error);
  if (surface == nullptr) {
    error_ = "the image '" + image.src + "': " + error;
    error_loc_ = image.loc;
    return nullptr;
  }
  images_.emplace(image.path, surface);
  return surface;
}

bool PagePainter::Paint(cairo_t* cr, const LaidOutPage& page, bool tagged) {
  cairo_save(cr);
  for (const Frame& frame : page.frames) {
    const RectPt& r = frame.rect;
    cairo_rectangle(cr, r.x_pt, r.y_pt, r.width_pt, r.height_pt);
    if (frame.fill_gray >= 0) {
      cairo_set_source_rgb(cr, frame.fill_gray, frame.fill_gray, frame.fill_gray);
      cairo_fill_preserve(cr);
    }
    cairo_set_source_rgb(cr, frame.stroke_gray, frame.stroke_gray, frame.stroke_gray);
    cairo_set_line_width(cr, frame.stroke_pt);
    cairo_stroke(cr);
  }
  for (const PlacedImage& image : page.images) {
    cairo_surface_t* surface = Image(image);
    if (surface == nullptr) {
      cairo_restore(cr);
      return false;
    }
    // The image's pixels scaled to fill its rectangle.
    if (tagged) cairo_tag_begin(cr, "Figure", "");
    cairo_save(cr);
    cairo_translate(cr, image.rect.x_pt, image.rect.y_pt);
    cairo_scale(cr, image.rect.width_pt / image.width_px, image.rect.height_pt / image.height_px);
    cairo_set_source_surface(cr, surface, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, image.width_px, image.height_px);
    cairo_fill(cr);
    cairo_restore(cr);
    if (tagged) cairo_tag_end(cr, "Figure");
  }
  for (const Rule& rule : page.rules) {
    cairo_set_source_rgb(cr, rule.gray, rule.gray, rule.gray);
    cairo_set_line_width(cr, rule.width_pt);
    cairo_move_to(cr, rule.x0_pt, rule.y0_pt);
    cairo_line_to(cr, rule.x1_pt, rule.y1_pt);
    cairo_stroke(cr);
  }
  // Emphasis dots, in black.
  if (!page.dots.empty()) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const Dot& dot : page.dots) {
      cairo_new_sub_path(cr);
      cairo_arc(cr, dot.x_pt, dot.y_pt, dot.radius_pt, 0, 2 * M_PI);
    }
    cairo_fill(cr);
  }
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);

  // Consecutive runs in the same face, size, orientation and grey (a column's lines, mostly) go
  // to Cairo in one call: each call costs Cairo a fixed amount of analysis (region unions) and a
  // PDF text operator sequence, whatever its length. Their texts and clusters concatenate, since
  // each run's clusters cover exactly its own text and glyphs.
  std::vector<cairo_glyph_t> glyphs;
  std::vector<cairo_text_cluster_t> clusters;
  std::string text;
  auto same_style = [](const GlyphRun& a, const GlyphRun& b) {
    return a.face == b.face && a.size_pt == b.size_pt && a.orientation == b.orientation &&
           a.gray == b.gray && a.block == b.block && a.article_id == b.article_id;
  };
  // The open structure tags: the article (Art) and the block.
  std::string open_article, open_role;
  int open_block = -2;
  bool article_open = false;
  auto close_block = [&] {
    if (!open_role.empty()) cairo_tag_end(cr, open_role.c_str());
    open_role.clear();
    open_block = -2;
  };
  auto enter = [&](const GlyphRun& run) {
    if (!tagged) return;
    if (!article_open || run.article_id != open_article) {
      close_block();
      if (article_open && !open_article.empty()) cairo_tag_end(cr, "Art");
      open_article = run.article_id;
      article_open = true;
      if (!open_article.empty()) cairo_tag_begin(cr, "Art", "");
    }
    if (run.block != open_block || open_role.empty()) {
      close_block();
      open_block = run.block;
      open_role = PdfStructureTag(run.role);
      cairo_tag_begin(cr, open_role.c_str(), "");
    }
  };
  for (size_t i = 0; i < page.runs.size();) {
    const GlyphRun& run = page.runs[i];
    if (run.glyphs.empty()) {
      ++i;
      continue;
    }
    assert(run.face >= 0 && static_cast<size_t>(run.face) < faces_.size());
    enter(run);
    cairo_set_font_face(cr, faces_[static_cast<size_t>(run.face)]);
    cairo_matrix_t matrix;
    cairo_matrix_init_scale(&matrix, run.size_pt, run.size_pt);
    if (run.orientation == GlyphRun::Orientation::kSideways) cairo_matrix_rotate(&matrix, M_PI / 2);
    cairo_set_font_matrix(cr, &matrix);
    cairo_set_source_rgb(cr, run.gray, run.gray, run.gray);
    glyphs.clear();
    clusters.clear();
    text.clear();
    size_t j = i;
    for (; j < page.runs.size() && (j == i || page.runs[j].glyphs.empty() ||
                                   same_style(run, page.runs[j]));
         ++j) {
      const GlyphRun& part = page.runs[j];
      if (part.glyphs.empty()) continue;
      for (const PositionedGlyph& g : part.glyphs) glyphs.push_back({g.id, g.x_pt, g.y_pt});
      for (const TextCluster& c : part.clusters) clusters.push_back({c.num_bytes, c.num_glyphs});
      text += part.text;
    }
    i = j;
    // With clusters, the PDF's text layer carries the source text, not the glyphs' defaults
    // (vertical forms would otherwise extract as presentation forms).
    cairo_show_text_glyphs(cr, text.data(), static_cast<int>(text.size()), glyphs.data(),
                           static_cast<int>(glyphs.size()), clusters.data(),
                           static_cast<int>(clusters.size()), cairo_text_cluster_flags_t(0));
  }
  if (tagged) {
    close_block();
    if (article_open && !open_article.empty()) cairo_tag_end(cr, "Art");
  }
  cairo_restore(cr);
  return true;
}

}  // namespace paiban
