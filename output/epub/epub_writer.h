// The EPUB 3 writer: an Issue (and the PageMap layout made of it) as a reflowable EPUB.
//
// The book is built from the model, not from page geometry: a cover (page 1 as an image, when the
// caller rendered one), a masthead document, then one XHTML document per article in reading
// order, a navigation document (table of contents by page, landmarks, a page-list), an NCX for
// older reading systems, one CSS file and the package document. From layout it takes only the
// PageMap, for the print page markers (epub:type "pagebreak") that the page-list points at, and
// the cover image the caller painted from the display list.
//
// Output is deterministic: the container's entries are written in a fixed order with fixed
// times taken from the options, so the same input gives the same bytes. The writer never reads
// the clock. The result passes epubcheck 4.2.6 without errors or warnings, and DAISY Ace 1.4
// without violations.
#ifndef PAIBAN_OUTPUT_EPUB_EPUB_WRITER_H_
#define PAIBAN_OUTPUT_EPUB_EPUB_WRITER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layout/laid_out_issue.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban {

struct EpubOptions {
  // The file the bytes are for, named in messages (the driver writes it).
  std::string path;
  // Seconds since 1970-01-01 UTC, for dcterms:modified and the entries' times in the archive
  // (from SOURCE_DATE_EPOCH or the issue date).
  int64_t modified_epoch = 0;
  // Overrides issue.writing_mode.
  std::optional<WritingMode> writing_mode;
};

struct EpubInput {
  const Issue& issue;
  const std::vector<PageMapEntry>& page_map;
  // The cover image: page 1 as PNG bytes (RenderPagePng in output/png), drawn from the same
  // display list as the PDF. Empty: the book has no cover. Must outlive the call.
  std::string_view cover_png = {};
};

// Makes the EPUB's bytes into `epub`. Returns false and adds a diagnostic (file = options.path,
// no line) when it cannot be made.
bool WriteEpub(const EpubInput& input, const EpubOptions& options, std::string& epub,
               Diagnostics& diagnostics);

// One entry of the OCF container: its path inside the archive and its bytes.
struct EpubFile {
  std::string name;
  std::string data;
};

// The container's entries in archive order, `mimetype` first. WriteEpub zips exactly these;
// tests read them without unzipping.
// Image files the figures show are read here; a file that cannot be read is an error in
// `diagnostics` (when given) at its figure.
std::vector<EpubFile> BuildEpubFiles(const EpubInput& input, const EpubOptions& options,
                                     Diagnostics* diagnostics = nullptr);

// Zips `files` in their order into `out` as an OCF container: the first entry (mimetype)
// stored, the others deflated, every entry dated options.modified_epoch (UTC). Defined in
// epub_zip.cc, the only file that includes zip.h.
bool WriteOcfContainer(const std::vector<EpubFile>& files, const EpubOptions& options,
                       std::string& out, Diagnostics& diagnostics);

// A calendar time in UTC, from seconds since 1970-01-01 UTC.
struct UtcTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
UtcTime UtcTimeFromEpoch(int64_t epoch_seconds);

// SHA-1 of `data` (FIPS 180-4), the 20-byte digest. Here only for name-based UUIDs.
std::array<uint8_t, 20> Sha1(std::string_view data);

// A name-based UUID, version 5 (RFC 4122 §4.3), in its lower-case text form
// "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx".
using UuidBytes = std::array<uint8_t, 16>;
inline constexpr UuidBytes kUuidNamespaceUrl = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
std::string NameBasedUuid(const UuidBytes& name_space, std::string_view name);

}  // namespace paiban

#endif  // PAIBAN_OUTPUT_EPUB_EPUB_WRITER_H_
