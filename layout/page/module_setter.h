// Module setting: a module in the slot the arrangement gave it — its headline block across its
// tracks, its body filled into them (track_fill.h), a block in the other writing mode in its
// room, the rules before it and between its tracks, its area in the PageMap — written through
// the PageWriter. A story that breaks here leaves its rest in the jump ledger. Text that does not
// fit is an error naming the article; nothing is dropped silently.
#ifndef PAIBAN_LAYOUT_PAGE_MODULE_SETTER_H_
#define PAIBAN_LAYOUT_PAGE_MODULE_SETTER_H_

#include <vector>

#include "layout/page/arrangement.h"
#include "layout/page/jumps.h"
#include "layout/page/page_writer.h"

namespace paiban::layout {

// Where the module is set: the page's geometry and the source page (for messages, its number).
struct ModulePage {
  const PageGeometry& geometry;
  const Page& source;
};

void SetModule(Setter& setter, const Module& module, const Slot& slot, const ModulePage& page,
               PageWriter& writer, JumpLedger& ledger);

// The error for `lines` from `from` on that did not fit: per article, the characters (and
// images) left over, at the article's element on the source page.
void ReportOverflow(const std::vector<FlowLine>& lines, size_t from, const ModulePage& page,
                    Diagnostics& diagnostics);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_MODULE_SETTER_H_
