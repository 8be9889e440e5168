// Page previews: each laid-out page as a PNG, painted by the same PagePainter as the PDF.
#ifndef PAIBAN_OUTPUT_PNG_PNG_WRITER_H_
#define PAIBAN_OUTPUT_PNG_PNG_WRITER_H_

#include <string>

#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"

namespace paiban {

struct PngOptions {
  std::string path;  // the file to write
  double dpi = 60;
};

// Writes one page as a PNG on a white background.
bool WritePagePng(const LaidOutIssue& layout, size_t page_index, const PngOptions& options,
                  Diagnostics& diagnostics);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_PNG_PNG_WRITER_H_
