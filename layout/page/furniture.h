// Furniture: what a page carries above its body — the folio line on every page, and on page 1
// the masthead (nameplate, masthead data, date line) with the ear (报眼) beside the nameplate.
// Furniture is set horizontally in both writing modes, in page coordinates; the words come from
// model/furniture.h, as the EPUB's do.
#ifndef PAIBAN_LAYOUT_PAGE_FURNITURE_H_
#define PAIBAN_LAYOUT_PAGE_FURNITURE_H_

#include "layout/page/jumps.h"
#include "layout/page/page_writer.h"
#include "layout/page/setter.h"

namespace paiban::layout {

// Sets the page's furniture; returns where its body starts (y, from the page's top).
double SetFurniture(Setter& setter, const Page& page, const PageTemplate& t,
                    const JumpLedger& ledger, PageWriter& writer);

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_FURNITURE_H_
