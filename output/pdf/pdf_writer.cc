// The PDF writer walks the display list page by page with the shared PagePainter and adds the
// document furniture Cairo can write itself: metadata with fixed dates, page labels (第N版) and an
// outline from pages to article headlines.
#include "output/pdf/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <ctime>
#include <map>

#include "model/furniture.h"
#include "model/text.h"
#include "output/pdf/print_finisher.h"
#include "output/render/page_painter.h"

namespace paiban {
namespace {

std::string PdfDate(int64_t epoch) {
  time_t t = static_cast<time_t>(epoch);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buffer[32];
  // cairo 1.16 writes the date as given; UTC without offset minutes, which it would drop.
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

const Article* FindArticle(const Issue& issue, const std::string& id) {
  for (const Page& page : issue.pages) {
    for (const Article& article : page.articles) {
      if (article.id == id) return &article;
    }
  }
  return nullptr;
}

}  // namespace

bool CheckPdfX(const LaidOutIssue& layout, Diagnostics& diagnostics) {
  // PDF/X-1a for grey pages carries grey images only; a colour image is refused at its figure
  // rather than converted behind the editor's back.
  bool ok = true;
  for (const LaidOutPage& page : layout.pages) {
    for (const PlacedImage& image : page.images) {
      if (image.components == 1) continue;
      diagnostics.Error(image.loc, "the image '" + image.src +
                                       "' is in colour, which PDF/X-1a for grey-only pages "
                                       "cannot carry; convert it to greyscale (e.g. gm convert "
                                       "-colorspace Gray) or build without --pdfx");
      ok = false;
    }
  }
  return ok;
}

bool WritePdf(const PdfInput& input, const PdfOptions& options, std::string& pdf,
              Diagnostics& diagnostics) {
  const Issue& issue = input.issue;
  const LaidOutIssue& layout = input.layout;
  if (options.pdfx && !CheckPdfX(layout, diagnostics)) return false;
  double width = layout.pages.empty() ? 595 : layout.pages.front().width_pt;
  double height = layout.pages.empty() ? 842 : layout.pages.front().height_pt;
  // Cairo writes into memory; the finisher reads it from there and writes the file.
  std::string cairo_pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &cairo_pdf, width, height);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    diagnostics.Error(SourceLoc{options.path, 0, 0},
                      std::string("cannot write the PDF: ") +
                          cairo_status_to_string(cairo_surface_status(surface)));
    cairo_surface_destroy(surface);
    return false;
  }
  const Furniture furniture(issue);
  std::string title = furniture.Title();
  std::string date = PdfDate(options.date_epoch);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                 issue.publication.publisher.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
                                 (issue.publication.name + " " + IsoDate(issue.date)).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, options.creator.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());

  PagePainter painter(layout.faces);
  cairo_t* cr = cairo_create(surface);
  // A tagged PDF: Art (one per article on a page) > P, H1 … (PagePainter), which the finisher
  // gathers under one Document element (Cairo 1.16 drops a Document tag spanning pages); PDF/X-1a
  // is PDF 1.3, which has no structure tree.
  const bool tagged = !options.pdfx;
  for (size_t p = 0; p < layout.pages.size(); ++p) {
    const LaidOutPage& page = layout.pages[p];
    cairo_pdf_surface_set_size(surface, page.width_pt, page.height_pt);
    cairo_pdf_surface_set_page_label(surface, furniture.PageLabel(page.number).c_str());
    if (!painter.Paint(cr, page, tagged)) {
      diagnostics.Error(painter.error_loc(), painter.error());
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
      return false;
    }
    // Outline: the page, then the headlines of the articles standing on it.
    std::string page_dest = "page=" + std::to_string(p + 1);
    int page_item = cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT,
                                                  furniture.PageLabel(page.number).c_str(),
                                                  page_dest.c_str(), CAIRO_PDF_OUTLINE_FLAG_OPEN);
    for (const PageMapEntry& entry : layout.page_map) {
      if (entry.page != page.number) continue;
      const Article* article = FindArticle(issue, entry.article_id);
      if (article == nullptr) continue;
      std::string headline;
      for (const Inline& in : article->headline) headline += in.text;
      char dest[96];
      snprintf(dest, sizeof dest, "page=%zu pos=[%.2f %.2f]", p + 1, entry.area.x_pt,
               entry.area.y_pt);
      cairo_pdf_surface_add_outline(surface, page_item, headline.c_str(), dest,
                                    cairo_pdf_outline_flags_t(0));
    }
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    diagnostics.Error(SourceLoc{options.path, 0, 0},
                      std::string("cannot write the PDF: ") + cairo_status_to_string(status));
    return false;
  }
  FinishOptions finish{options.bleed_mm, options.marks, options.pdfx, {}, issue.language};
  for (const LaidOutPage& page : layout.pages) {
    std::vector<LinkAnnotation> links;
    for (const PageLink& link : page.links) {
      if (!link.uri.empty()) {
        const RectPt& r = link.rect;
        links.push_back({r.x_pt, page.height_pt - r.y_pt - r.height_pt, r.x_pt + r.width_pt,
                         page.height_pt - r.y_pt, 0, 0, link.uri});
        continue;
      }
      for (size_t target = 0; target < layout.pages.size(); ++target) {
        if (layout.pages[target].number != link.target_page) continue;
        const RectPt& r = link.rect;
        links.push_back({r.x_pt, page.height_pt - r.y_pt - r.height_pt, r.x_pt + r.width_pt,
                         page.height_pt - r.y_pt, target,
                         layout.pages[target].height_pt - link.target_y_pt, ""});
      }
    }
    finish.links.push_back(std::move(links));
  }
  return FinishPdf(cairo_pdf, options.path, finish, pdf, diagnostics);
}

}  // namespace paiban
