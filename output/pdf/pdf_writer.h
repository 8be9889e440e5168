// The PDF writer: a LaidOutIssue → one PDF page per print page, through Cairo.
#ifndef PAIBAN_OUTPUT_PDF_PDF_WRITER_H_
#define PAIBAN_OUTPUT_PDF_PDF_WRITER_H_

#include <cstdint>
#include <string>

#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban {

struct PdfOptions {
  std::string path;        // the file the bytes are for, named in messages
  int64_t date_epoch = 0;  // document dates, seconds since 1970 UTC; never the clock
  std::string creator = "paiban";
  double bleed_mm = 0;  // 0: exact trim size, as newspapers send pages
  bool marks = false;   // crop marks outside the bleed
  bool pdfx = false;    // PDF/X-1a:2001 (grey-only pages)
};

struct PdfInput {
  const Issue& issue;
  const LaidOutIssue& layout;
};

// Whether the laid-out pages can go into PDF/X-1a for grey pages: every image grey. Each one that
// cannot is an error at its figure. WritePdf checks it too; the driver asks first, so that a
// refusal writes nothing.
bool CheckPdfX(const LaidOutIssue& layout, Diagnostics& diagnostics);

// Makes the PDF: Cairo draws the pages, the print finisher (print_finisher.h) makes the file
// print-ready; its bytes go to `pdf` (the driver writes the file). Returns false with a
// diagnostic naming options.path when it cannot be made.
bool WritePdf(const PdfInput& input, const PdfOptions& options, std::string& pdf,
              Diagnostics& diagnostics);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_PDF_PDF_WRITER_H_
