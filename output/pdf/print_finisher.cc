#include "output/pdf/print_finisher.h"

#include "output/pdf/grey_content.h"

// qpdf 11: use std::shared_ptr throughout, without the PointerHolder compatibility layer.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/Pl_String.hh>
#include <qpdf/QPDFWriter.hh>

#include <cstdio>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace paiban {
namespace {

constexpr double kPtPerMm = 72 / 25.4;

bool IsTransparent(QPDFObjectHandle ext_gstate) {
  if (!ext_gstate.isDictionary()) return false;
  for (const char* key : {"/ca", "/CA"}) {
    QPDFObjectHandle alpha = ext_gstate.getKey(key);
    if (alpha.isNumber() && alpha.getNumericValue() < 1) return true;
  }
  QPDFObjectHandle smask = ext_gstate.getKey("/SMask");
  return !smask.isNull() && !(smask.isName() && smask.getName() == "/None");
}

// Whether anything on the page needs its transparency group: an ExtGState with alpha below 1 or
// a soft mask, or an image with a soft mask.
bool PageUsesTransparency(QPDFPageObjectHelper& page) {
  QPDFObjectHandle resources = page.getAttribute("/Resources", false);
  if (!resources.isDictionary()) return false;
  QPDFObjectHandle states = resources.getKey("/ExtGState");
  if (states.isDictionary()) {
    for (const std::string& key : states.getKeys()) {
      if (IsTransparent(states.getKey(key))) return true;
    }
  }
  QPDFObjectHandle xobjects = resources.getKey("/XObject");
  if (xobjects.isDictionary()) {
    for (const std::string& key : xobjects.getKeys()) {
      QPDFObjectHandle x = xobjects.getKey(key);
      if (x.isStream() && (x.getDict().hasKey("/SMask") || x.getDict().hasKey("/Group"))) {
        return true;
      }
    }
  }
  return false;
}

// Whether the page shows an image in another colour space than DeviceGray (PDF/X-1a for grey
// pages carries grey images only; CheckPdfX refuses colour figures before this, so this is the
// net under it).
bool HasColourImage(QPDFPageObjectHelper& page) {
  QPDFObjectHandle resources = page.getAttribute("/Resources", false);
  if (!resources.isDictionary()) return false;
  QPDFObjectHandle xobjects = resources.getKey("/XObject");
  if (!xobjects.isDictionary()) return false;
  for (const std::string& key : xobjects.getKeys()) {
    QPDFObjectHandle x = xobjects.getKey(key);
    if (!x.isStream()) continue;
    QPDFObjectHandle dict = x.getDict();
    if (!dict.getKey("/Subtype").isNameAndEquals("/Image")) continue;
    if (!dict.getKey("/ColorSpace").isNameAndEquals("/DeviceGray")) return true;
  }
  return false;
}

std::string Num(double value) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%.3f", value);
  return buffer;
}

QPDFObjectHandle Box(double x0, double y0, double x1, double y1) {
  return QPDFObjectHandle::newArray(std::vector<QPDFObjectHandle>{
      QPDFObjectHandle::newReal(x0, 3), QPDFObjectHandle::newReal(y0, 3),
      QPDFObjectHandle::newReal(x1, 3), QPDFObjectHandle::newReal(y1, 3)});
}

// Crop marks at the four corners of the trim box, starting 1 mm outside the bleed, 5 mm long.
std::string CropMarks(double x0, double y0, double x1, double y1, double bleed) {
  double gap = bleed + 1 * kPtPerMm, length = 5 * kPtPerMm;
  std::string out = "q 0 G 0.25 w\n";
  auto line = [&](double ax, double ay, double bx, double by) {
    out += Num(ax) + " " + Num(ay) + " m " + Num(bx) + " " + Num(by) + " l S\n";
  };
  for (double x : {x0, x1}) {
    double dir = x == x0 ? -1 : 1;
    for (double y : {y0, y1}) {
      double ydir = y == y0 ? -1 : 1;
      line(x + dir * gap, y, x + dir * (gap + length), y);     // horizontal
      line(x, y + ydir * gap, x, y + ydir * (gap + length));   // vertical
    }
  }
  return out + "Q\n";
}

// Cairo's graphics states say /CA 1 /ca 1 (opaque): PDF 1.4 keys that a PDF 1.3 file should not
// carry even when they change nothing. Transparent states are refused before this runs.
void StripOpaqueAlpha(QPDFPageObjectHelper& page) {
  QPDFObjectHandle resources = page.getAttribute("/Resources", false);
  if (!resources.isDictionary()) return;
  QPDFObjectHandle states = resources.getKey("/ExtGState");
  if (!states.isDictionary()) return;
  for (const std::string& key : states.getKeys()) {
    QPDFObjectHandle state = states.getKey(key);
    if (!state.isDictionary() || IsTransparent(state)) continue;
    for (const char* alpha : {"/CA", "/ca", "/SMask"}) state.removeKey(alpha);
  }
}

// The document-level keys of PDF/X-1a:2001 (ISO 15930-1): version keys and Trapped in the info
// dictionary, and an output intent naming the registered characterization for newsprint.
void MakePdfX(QPDF& pdf) {
  QPDFObjectHandle trailer = pdf.getTrailer();
  QPDFObjectHandle info = trailer.getKey("/Info");
  if (!info.isDictionary()) {
    info = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
    trailer.replaceKey("/Info", info);
  }
  info.replaceKey("/GTS_PDFXVersion", QPDFObjectHandle::newString("PDF/X-1a:2001"));
  info.replaceKey("/GTS_PDFXConformance", QPDFObjectHandle::newString("PDF/X-1a:2001"));
  info.replaceKey("/Trapped", QPDFObjectHandle::newName("/False"));
  QPDFObjectHandle intent = QPDFObjectHandle::newDictionary();
  intent.replaceKey("/Type", QPDFObjectHandle::newName("/OutputIntent"));
  intent.replaceKey("/S", QPDFObjectHandle::newName("/GTS_PDFX"));
  intent.replaceKey("/OutputConditionIdentifier", QPDFObjectHandle::newString("IFRA26"));
  intent.replaceKey("/OutputCondition",
                    QPDFObjectHandle::newString("Coldset offset on newsprint (ISO 12647-3)"));
  intent.replaceKey("/Info",
                    QPDFObjectHandle::newString("ISOnewspaper26v4, ISO 12647-3:2004 newsprint"));
  intent.replaceKey("/RegistryName", QPDFObjectHandle::newString("http://www.color.org"));
  pdf.getRoot().replaceKey(
      "/OutputIntents",
      QPDFObjectHandle::newArray(std::vector<QPDFObjectHandle>{pdf.makeIndirectObject(intent)}));
}

}  // namespace

bool FinishPdf(const std::string& cairo_pdf, const std::string& path,
               const FinishOptions& options, std::string& out, Diagnostics& diagnostics) {
  try {
    QPDF pdf;
    pdf.processMemoryFile("cairo output", cairo_pdf.data(), cairo_pdf.size());
    double bleed = options.bleed_mm * kPtPerMm;
    double slug = options.marks ? 7 * kPtPerMm : 0;
    double offset = bleed + slug;
    int page_number = 0;
    std::vector<QPDFPageObjectHelper> pages = QPDFPageDocumentHelper(pdf).getAllPages();
    for (QPDFPageObjectHelper& page : pages) {
      ++page_number;
      size_t index = static_cast<size_t>(page_number - 1);
      if (!options.pdfx && index < options.links.size() && !options.links[index].empty()) {
        // Links: a rectangle (moved with the page into the bleed sheet) and a destination that
        // shows the target page with the given height at the top of the window.
        QPDFObjectHandle annots = QPDFObjectHandle::newArray();
        for (const LinkAnnotation& link : options.links[index]) {
          if (link.uri.empty() && link.target_page >= pages.size()) continue;
          QPDFObjectHandle annot = QPDFObjectHandle::newDictionary();
          annot.replaceKey("/Type", QPDFObjectHandle::newName("/Annot"));
          annot.replaceKey("/Subtype", QPDFObjectHandle::newName("/Link"));
          annot.replaceKey("/Rect", Box(link.x0 + offset, link.y0 + offset, link.x1 + offset,
                                        link.y1 + offset));
          annot.replaceKey("/Border", QPDFObjectHandle::parse("[0 0 0]"));
          if (!link.uri.empty()) {
            QPDFObjectHandle action = QPDFObjectHandle::newDictionary();
            action.replaceKey("/S", QPDFObjectHandle::newName("/URI"));
            action.replaceKey("/URI", QPDFObjectHandle::newString(link.uri));
            annot.replaceKey("/A", action);
          } else {
            annot.replaceKey(
                "/Dest", QPDFObjectHandle::newArray(std::vector<QPDFObjectHandle>{
                             pages[link.target_page].getObjectHandle(),
                             QPDFObjectHandle::newName("/XYZ"), QPDFObjectHandle::newNull(),
                             QPDFObjectHandle::newReal(link.target_top + offset, 2),
                             QPDFObjectHandle::newNull()}));
          }
          annots.appendItem(pdf.makeIndirectObject(annot));
        }
        page.getObjectHandle().replaceKey("/Annots", annots);
      }
      {
        // The page's content (its streams joined as qpdf joins them) rewritten in one new
        // stream, which qpdf compresses in one piece when it writes the file.
        Pl_Buffer content("page content");
        page.pipeContents(&content);
        std::unique_ptr<Buffer> data(content.getBuffer());
        GreyResult grey = GreyContent(std::string_view(
            reinterpret_cast<const char*>(data->getBuffer()), data->getSize()));
        if (options.pdfx && (grey.colour_operators > 0 || HasColourImage(page))) {
          diagnostics.Error(SourceLoc{path, 0, 0},
                            "page " + std::to_string(page_number) +
                                " holds colour content, which PDF/X-1a for grey-only pages cannot "
                                "carry; build without --pdfx");
          return false;
        }
        page.getObjectHandle().replaceKey(
            "/Contents", QPDFObjectHandle::newStream(&pdf, std::move(grey.content)));
      }
      if (options.pdfx) StripOpaqueAlpha(page);
      if (!PageUsesTransparency(page)) {
        page.getObjectHandle().removeKey("/Group");
      } else if (options.pdfx) {
        diagnostics.Error(SourceLoc{path, 0, 0},
                          "page " + std::to_string(page_number) +
                              " uses transparency, which PDF/X-1a cannot carry; build without "
                              "--pdfx");
        return false;
      }
      QPDFObjectHandle::Rectangle media = page.getMediaBox().getArrayAsRectangle();
      double width = media.urx - media.llx, height = media.ury - media.lly;
      QPDFObjectHandle dict = page.getObjectHandle();
      if (offset > 0) {
        // Move the page into the larger sheet, then draw the marks around it.
        page.addPageContents(
            QPDFObjectHandle::newStream(&pdf, "q 1 0 0 1 " + Num(offset - media.llx) + " " +
                                                  Num(offset - media.lly) + " cm\n"),
            true);
        std::string after = "Q\n";
        if (options.marks) {
          after += CropMarks(offset, offset, offset + width, offset + height, bleed);
        }
        page.addPageContents(QPDFObjectHandle::newStream(&pdf, after), false);
        dict.replaceKey("/MediaBox", Box(0, 0, width + 2 * offset, height + 2 * offset));
        dict.replaceKey("/TrimBox", Box(offset, offset, offset + width, offset + height));
        dict.replaceKey("/BleedBox", Box(offset - bleed, offset - bleed, offset + width + bleed,
                                         offset + height + bleed));
      } else {
        dict.replaceKey("/TrimBox", page.getMediaBox().shallowCopy());
      }
    }
    if (options.pdfx) MakePdfX(pdf);
    // Cairo writes the structure tree but not the flag that says the content is marked: without
    // it readers do not treat the file as tagged.
    QPDFObjectHandle root = pdf.getRoot();
    if (root.hasKey("/StructTreeRoot")) {
      // One Document element under the root holding what Cairo put there (PDF 1.7 §14.8.4:
      // a document's structure starts with one grouping element).
      QPDFObjectHandle tree = root.getKey("/StructTreeRoot");
      QPDFObjectHandle kids = tree.getKey("/K");
      if (kids.isDictionary()) kids = QPDFObjectHandle::newArray(std::vector{kids});
      if (kids.isArray()) {
        QPDFObjectHandle document = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
        document.replaceKey("/Type", QPDFObjectHandle::newName("/StructElem"));
        document.replaceKey("/S", QPDFObjectHandle::newName("/Document"));
        document.replaceKey("/P", tree);
        document.replaceKey("/K", kids);
        for (QPDFObjectHandle kid : kids.aitems()) {
          if (kid.isDictionary()) kid.replaceKey("/P", document);
        }
        tree.replaceKey("/K", document);
      }
      root.replaceKey("/MarkInfo", QPDFObjectHandle::parse("<< /Marked true >>"));
      QPDFObjectHandle preferences = QPDFObjectHandle::newDictionary();
      preferences.replaceKey("/DisplayDocTitle", QPDFObjectHandle::newBool(true));
      root.replaceKey("/ViewerPreferences", preferences);
    }
    if (!options.language.empty()) {
      root.replaceKey("/Lang", QPDFObjectHandle::newUnicodeString(options.language));
    }
    // Into memory: the driver writes the file (output_files.h), checking every write.
    out.clear();
    Pl_String sink("finished PDF", nullptr, out);
    QPDFWriter writer(pdf);
    writer.setOutputPipeline(&sink);
    writer.setDeterministicID(true);
    if (options.pdfx) {
      writer.forcePDFVersion("1.3");  // PDF/X-1a:2001 is PDF 1.3: no object streams
      writer.setObjectStreamMode(qpdf_o_disable);
    } else {
      writer.setObjectStreamMode(qpdf_o_generate);
    }
    writer.setCompressStreams(true);
    writer.write();
  } catch (const std::exception& e) {
    diagnostics.Error(SourceLoc{path, 0, 0}, std::string("cannot finish the PDF: ") + e.what());
    return false;
  }
  return true;
}

}  // namespace paiban
