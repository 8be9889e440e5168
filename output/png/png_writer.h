// Page images: a laid-out page as PNG bytes, painted by the same PagePainter as the PDF: the
// previews (`--png`, which the driver writes as files) and the EPUB's cover (page 1).
#ifndef PAIBAN_OUTPUT_PNG_PNG_WRITER_H_
#define PAIBAN_OUTPUT_PNG_PNG_WRITER_H_

#include <string>

#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"

namespace paiban {

// The resolution of the page previews (`--png`): a page to look at on a screen.
inline constexpr double kPreviewDpi = 60;

// One page as PNG bytes on a white background, `dpi` pixels to the inch (an RGB image of
// ceil(size in points × dpi / 72) pixels each way). Empty, with an error diagnostic, when cairo
// fails; the bytes depend only on the page and dpi (no time stamp).
std::string RenderPagePng(const LaidOutIssue& layout, size_t page_index, double dpi,
                          Diagnostics& diagnostics);

// The height in pixels of the EPUB cover, and the resolution that gives a page that height:
// large enough to read the headlines, small enough for an e-reader's library (about 1 MB).
inline constexpr double kCoverHeightPx = 1500;
double CoverDpi(const LaidOutPage& page);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_PNG_PNG_WRITER_H_
