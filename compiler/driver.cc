#include "compiler/driver.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <ostream>
#include <vector>

#include "compiler/output_files.h"
#include "compiler/reader.h"
#include "fonts/fonts.h"
#include "layout/page/makeup.h"
#include "output/epub/epub_writer.h"
#include "output/pdf/pdf_writer.h"
#include "output/png/png_writer.h"

namespace paiban {
namespace fs = std::filesystem;

int64_t DocumentEpoch(const Date& d, const char* source_date_epoch) {
  if (source_date_epoch != nullptr && *source_date_epoch != '\0') {
    int64_t value = 0;
    const char* end = source_date_epoch + strlen(source_date_epoch);
    auto [ptr, ec] = std::from_chars(source_date_epoch, end, value);
    if (ec == std::errc() && ptr == end && value >= 0) return value;
  }
  // Days from 1970-01-01 to the issue date (civil-from-days inverse, Howard Hinnant's method).
  int y = d.year - (d.month <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int mp = (d.month + 9) % 12;
  int doy = (153 * mp + 2) / 5 + d.day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return days * 86400;
}

namespace {

// Diagnostics after the reader point into the source too: gives them its lines, for the caret.
void AttachSourceLines(const std::string& source_path, Diagnostics& diagnostics) {
  if (diagnostics.all().empty()) return;
  std::ifstream in(source_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  // The reader skips a UTF-8 byte order mark and counts columns after it; so must the caret.
  std::string source = text.str();
  if (source.rfind("\xEF\xBB\xBF", 0) == 0) source.erase(0, 3);
  diagnostics.AttachSourceLines(source_path, source);
}

int Report(const Diagnostics& diagnostics, std::ostream& err, int status) {
  err << diagnostics.Format();
  return diagnostics.HasErrors() ? status : kExitOk;
}

}  // namespace

int RunBuild(const std::string& source_path, const BuildOptions& options, std::ostream& out,
             std::ostream& err) {
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(source_path, diagnostics);
  if (!issue) return Report(diagnostics, err, kExitSourceError);
  if (options.writing_mode) issue->writing_mode = *options.writing_mode;
  if (options.dump == BuildOptions::Dump::kModel) {
    out << DumpModel(*issue);
    return Report(diagnostics, err, kExitSourceError);
  }

  // Diagnostics after the reader point into the source too; show their lines with a caret.
  auto attach_source_lines = [&] { AttachSourceLines(source_path, diagnostics); };
  std::unique_ptr<fonts::FontSystem> font_system =
      fonts::FontSystem::Create(issue->language, diagnostics, issue->loc);
  if (!font_system) {
    attach_source_lines();
    return Report(diagnostics, err, kExitSourceError);
  }
  layout::LayoutOptions layout_options;
  layout_options.writing_mode = issue->writing_mode;
  layout_options.writing_mode_everywhere = options.writing_mode.has_value();
  std::optional<LaidOutIssue> laid_out =
      layout::LayOutIssue({*issue, *font_system}, layout_options, diagnostics);
  attach_source_lines();
  if (!laid_out) return Report(diagnostics, err, kExitSourceError);
  if (options.dump == BuildOptions::Dump::kLayout) {
    out << DumpLayout(*laid_out);
    return Report(diagnostics, err, kExitSourceError);
  }

  fs::path dir = options.output_dir.empty() ? fs::path("build") / "out" / issue->id
                                            : fs::path(options.output_dir);
  const bool write = !options.check_only;
  // PDF/X refusals are about the content, known before anything is written.
  if (options.pdf && options.pdfx && !CheckPdfX(*laid_out, diagnostics)) {
    attach_source_lines();
    return Report(diagnostics, err, kExitSourceError);
  }
  // The folders this run creates, outermost first, so that a failed run can take them away again.
  std::vector<fs::path> created;
  for (fs::path p = dir; write && !p.empty() && !fs::exists(p); p = p.parent_path()) {
    created.insert(created.begin(), p);
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  // The folders this run made go again when it fails.
  auto remove_created = [&] {
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove(*it, ec);
  };
  if (write) fs::create_directories(dir, ec);
  if (write && (ec || !fs::is_directory(dir))) {
    std::error_code link_ec;
    std::string why = ec ? ec.message() : std::string("not a directory");
    if (fs::is_symlink(fs::symlink_status(dir, link_ec)) && !fs::exists(dir, link_ec)) {
      why = "it is a symbolic link to a folder that does not exist";
    }
    diagnostics.Error(SourceLoc{dir.string(), 0, 0}, "cannot create the output folder: " + why);
    remove_created();
    return Report(diagnostics, err, kExitOutputError);
  }
  int64_t epoch = options.date_epoch.value_or(
      DocumentEpoch(issue->date, std::getenv("SOURCE_DATE_EPOCH")));

  // Every output is made in memory, then written whole (output_files.h); the files are put in
  // place only when all of them are on disk. The folder is opened now, before anything is made,
  // so that the outputs go into this folder even if its path is changed meanwhile.
  OutputFiles outputs(dir.string());
  if (write && !outputs.Open(diagnostics)) {
    remove_created();
    return Report(diagnostics, err, kExitOutputError);
  }
  // Hands a finished output to the files; `check` makes every output and keeps none.
  auto put = [&](const std::string& name, const std::string& bytes) {
    return !write || outputs.Write(name, bytes, diagnostics);
  };
  // The PDF and the EPUB (with its cover, page 1 painted again) depend on nothing but the laid-out
  // issue, so the EPUB is made on a second thread while this one makes the PDF. Each has its own
  // diagnostics, merged PDF first, so messages and files are the same as in a serial run.
  const std::string pdf_name = issue->id + ".pdf";
  const std::string epub_name = issue->id + ".epub";
  Diagnostics epub_diagnostics;
  std::string epub_bytes;
  auto make_epub = [&]() -> bool {
    EpubOptions epub_options;
    epub_options.path = outputs.PathOf(epub_name);
    epub_options.modified_epoch = epoch;
    // The cover: the first page painted from the same display list as the PDF.
    std::string cover;
    if (!laid_out->pages.empty()) {
      cover = RenderPagePng(*laid_out, 0, CoverDpi(laid_out->pages.front()), epub_diagnostics);
      if (cover.empty()) return false;
    }
    return WriteEpub({*issue, laid_out->page_map, cover}, epub_options, epub_bytes,
                     epub_diagnostics);
  };
  std::future<bool> epub_done;
  if (options.epub && options.pdf) epub_done = std::async(std::launch::async, make_epub);
  bool ok = true;
  if (options.pdf) {
    PdfOptions pdf_options;
    pdf_options.path = outputs.PathOf(pdf_name);
    pdf_options.date_epoch = epoch;
    pdf_options.creator = "paiban " PAIBAN_VERSION;
    // Bleed and marks: the command line, else the issue's template (one sheet for the file).
    const PageTemplate* t = issue->page_template ? &*issue->page_template : nullptr;
    pdf_options.bleed_mm = options.bleed_mm.value_or(t ? t->bleed_mm : 0);
    pdf_options.marks = options.marks || (t && t->marks);
    pdf_options.pdfx = options.pdfx;
    std::string pdf_bytes;
    ok = WritePdf({*issue, *laid_out}, pdf_options, pdf_bytes, diagnostics) &&
         put(pdf_name, pdf_bytes);
  }
  if (options.epub) {
    bool epub_ok = epub_done.valid() ? epub_done.get() : make_epub();
    // Both outputs paint page 1, so a damaged image there is reported by both: once is enough.
    for (const Diagnostic& d : epub_diagnostics.all()) {
      bool known = std::any_of(diagnostics.all().begin(), diagnostics.all().end(),
                               [&](const Diagnostic& e) {
                                 return e.loc.file == d.loc.file && e.loc.line == d.loc.line &&
                                        e.loc.col == d.loc.col && e.message == d.message;
                               });
      if (!known) diagnostics.Add(d);
    }
    ok = ok && epub_ok && put(epub_name, epub_bytes);
  }
  for (size_t p = 0; ok && options.png && p < laid_out->pages.size(); ++p) {
    std::string png = RenderPagePng(*laid_out, p, kPreviewDpi, diagnostics);
    ok = !png.empty() &&
         put(issue->id + "-p" + std::to_string(laid_out->pages[p].number) + ".png", png);
  }
  if (!write && ok) {
    out << source_path << ": ok\n";
    return Report(diagnostics, err, kExitSourceError);
  }
  if (!ok || !outputs.Commit(diagnostics)) {
    // Nothing is left behind: the temporary files are gone, and so are the empty folders made.
    outputs.Discard();
    remove_created();
    // An error that points into the source (an image that turns out damaged when decoded) is
    // the source's; the others are about writing.
    attach_source_lines();
    bool source_error = false;
    for (const Diagnostic& d : diagnostics.all()) {
      source_error |= d.severity == Severity::kError && d.loc.file == source_path;
    }
    return Report(diagnostics, err, source_error ? kExitSourceError : kExitOutputError);
  }
  for (const std::string& path : outputs.paths()) out << path << '\n';
  return Report(diagnostics, err, kExitSourceError);
}

int RunCheck(const std::string& source_path, std::ostream& out, std::ostream& err) {
  BuildOptions options;
  options.check_only = true;
  return RunBuild(source_path, options, out, err);
}

int RunFonts(std::ostream& out, std::ostream& err) {
  Diagnostics diagnostics;
  for (const char* language : {"zh-Hans", "zh-Hant", "ja"}) {
    std::unique_ptr<fonts::FontSystem> system = fonts::FontSystem::Create(language, diagnostics);
    if (!system) continue;
    for (fonts::Role role : {fonts::Role::kBody, fonts::Role::kHeadline, fonts::Role::kKai,
                             fonts::Role::kSans, fonts::Role::kLatin}) {
      for (bool bold : {false, true}) {
        fonts::FaceInfo face = system->Resolve(role, bold);
        out << language << ' ' << fonts::RoleName(role) << (bold ? " bold" : "") << ": "
            << face.family << " " << face.style << " — " << face.file << " #" << face.index
            << "  (asked: " << system->Request(role) << ")\n";
      }
    }
  }
  return Report(diagnostics, err, kExitSourceError);
}

}  // namespace paiban
