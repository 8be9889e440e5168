// The print finisher: turns the PDF Cairo wrote into what a print shop's preflight accepts.
//
// Cairo has no grey colour space (it writes black as `0 0 0 rg`, i.e. four-colour rich black on
// press), puts an RGB transparency group on every page, writes no TrimBox and no trailer /ID, and
// knows nothing of bleed. This stage rewrites the file with qpdf (the only user of libqpdf):
//  - every neutral `r r r rg`/`RG` in the content becomes `r g`/`G` (grey_content.h), so black
//    text prints on the K plate only;
//  - page /Group entries are removed where nothing on the page is transparent;
//  - every page gets a TrimBox; with bleed, the MediaBox grows by bleed and slug, the page is
//    moved inside it, a BleedBox is set, and with marks, crop marks are drawn outside the bleed;
//  - with pdfx, the file is made PDF/X-1a:2001 (see FinishOptions::pdfx);
//  - jump lines become link annotations to the other part of their story (not under pdfx);
//  - the file is written with a deterministic /ID (a hash of its contents), so the same input
//    gives the same bytes.
#ifndef PAIBAN_OUTPUT_PDF_PRINT_FINISHER_H_
#define PAIBAN_OUTPUT_PDF_PRINT_FINISHER_H_

#include <string>
#include <vector>

#include "model/diagnostics.h"

namespace paiban {

// A link annotation in a page's user space as Cairo wrote it (points, origin at the bottom left):
// its rectangle and where it leads (a page index and the height on it to show at the top).
struct LinkAnnotation {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  size_t target_page = 0;
  double target_top = 0;
  std::string uri;  // non-empty: a URI action instead of the destination
};

struct FinishOptions {
  double bleed_mm = 0;  // 0: trim size, as newspapers send pages
  bool marks = false;   // crop marks outside the bleed
  // PDF/X-1a:2001 for grey-only pages: version 1.3, GTS_PDFXVersion, an OutputIntent for
  // newsprint (the registered condition IFRA26), Trapped. A page holding colour or transparency
  // is refused with an error rather than passed through.
  bool pdfx = false;
  // Per page: the links to add (jump lines). Not written under pdfx: PDF/X-1a allows no
  // annotations inside the trim area.
  std::vector<std::vector<LinkAnnotation>> links;
  // The document's language (BCP 47, e.g. zh-Hans) for the catalog's /Lang: screen readers
  // choose their voice by it.
  std::string language;
};

// Reads the PDF in `cairo_pdf` (bytes), finishes it and puts the file's bytes in `out`. Returns
// false with a diagnostic naming `path` (the file the bytes are for) when it cannot be processed.
bool FinishPdf(const std::string& cairo_pdf, const std::string& path,
               const FinishOptions& options, std::string& out, Diagnostics& diagnostics);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_PDF_PRINT_FINISHER_H_
