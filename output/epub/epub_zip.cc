// The OCF container through libzip; the only file that includes zip.h.
//
// OCF (EPUB 3.3 §4.2) wants `mimetype` as the first entry, stored, with no extra field, so that
// the first bytes of the file name its type. PNG images are stored too: they are compressed
// already, and deflating them again costs time for nothing. For reproducible files every entry
// carries the same time from the options. libzip's zip_file_set_mtime converts through
// localtime(), which would make the bytes depend on the machine's time zone; we therefore set the
// MS-DOS date and time fields ourselves from the UTC calendar time.
#include <zip.h>

#include <memory>

#include "output/epub/epub_writer.h"

namespace paiban {

namespace {

struct ZipDiscarder {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscarder>;

// MS-DOS time and date fields (two-second resolution, years 1980–2107), clamped to that range.
struct DosTime {
  uint16_t time = 0;
  uint16_t date = 0;
};

DosTime DosTimeFromEpoch(int64_t epoch_seconds) {
  UtcTime utc = UtcTimeFromEpoch(epoch_seconds);
  if (utc.year < 1980) utc = UtcTime{1980, 1, 1, 0, 0, 0};
  if (utc.year > 2107) utc = UtcTime{2107, 12, 31, 23, 59, 58};
  DosTime dos;
  dos.time = static_cast<uint16_t>((utc.hour << 11) | (utc.minute << 5) | (utc.second / 2));
  dos.date = static_cast<uint16_t>(((utc.year - 1980) << 9) | (utc.month << 5) | utc.day);
  return dos;
}

void ReportError(const EpubOptions& options, const std::string& what, Diagnostics& diagnostics) {
  diagnostics.Error(SourceLoc{options.path, 0, 0}, "cannot write EPUB: " + what);
}

}  // namespace

bool WriteOcfContainer(const std::vector<EpubFile>& files, const EpubOptions& options,
                       std::string& out, Diagnostics& diagnostics) {
  // The archive is made in memory (a libzip buffer source kept past zip_close), and the driver
  // writes the file (output_files.h), checking every write.
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    ReportError(options, zip_error_strerror(&error), diagnostics);
    zip_error_fini(&error);
    return false;
  }
  struct SourceFree {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
  };
  std::unique_ptr<zip_source_t, SourceFree> keep(buffer);
  ZipPtr archive(zip_open_from_source(buffer, ZIP_CREATE | ZIP_TRUNCATE, &error));
  if (!archive) {
    ReportError(options, zip_error_strerror(&error), diagnostics);
    zip_error_fini(&error);
    return false;
  }
  zip_error_fini(&error);
  zip_source_keep(buffer);  // the archive holds one reference and frees it; `keep` holds ours
  const DosTime dos = DosTimeFromEpoch(options.modified_epoch);
  bool first = true;
  for (const EpubFile& file : files) {
    // The buffer stays alive until zip_close, which reads it; libzip must not free it (0).
    zip_source_t* source = zip_source_buffer(archive.get(), file.data.data(), file.data.size(), 0);
    if (source == nullptr) {
      ReportError(options, zip_strerror(archive.get()), diagnostics);
      return false;
    }
    zip_int64_t index = zip_file_add(archive.get(), file.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      ReportError(options, zip_strerror(archive.get()), diagnostics);
      return false;
    }
    const auto entry = static_cast<zip_uint64_t>(index);
    const bool store = first || file.name.ends_with(".png");
    const zip_int32_t method = store ? ZIP_CM_STORE : ZIP_CM_DEFLATE;
    constexpr zip_uint32_t kRegularFile0644 = 0100644u << 16;
    if (zip_set_file_compression(archive.get(), entry, method, store ? 0 : 9) < 0 ||
        zip_file_set_dostime(archive.get(), entry, dos.time, dos.date, 0) < 0 ||
        zip_file_set_external_attributes(archive.get(), entry, 0, ZIP_OPSYS_UNIX,
                                         kRegularFile0644) < 0) {
      ReportError(options, zip_strerror(archive.get()), diagnostics);
      return false;
    }
    first = false;
  }
  if (zip_close(archive.get()) < 0) {
    ReportError(options, zip_strerror(archive.get()), diagnostics);
    return false;  // the deleter discards the archive
  }
  archive.release();  // zip_close freed it
  // Read the finished archive back out of the buffer source.
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer, &st) < 0 || (st.valid & ZIP_STAT_SIZE) == 0 ||
      zip_source_open(buffer) < 0) {
    ReportError(options, zip_error_strerror(zip_source_error(buffer)), diagnostics);
    return false;
  }
  out.assign(static_cast<size_t>(st.size), '\0');
  zip_int64_t read = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  if (read < 0 || static_cast<zip_uint64_t>(read) != st.size) {
    ReportError(options, "the archive could not be read back from memory", diagnostics);
    return false;
  }
  return true;
}

}  // namespace paiban
