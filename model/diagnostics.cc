#include "model/diagnostics.h"

#include <sstream>

namespace paiban {

void Diagnostics::Error(const SourceLoc& loc, std::string message) {
  Add({Severity::kError, loc, std::move(message), {}});
}

void Diagnostics::Warning(const SourceLoc& loc, std::string message) {
  Add({Severity::kWarning, loc, std::move(message), {}});
}

void Diagnostics::Add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

void Diagnostics::AttachSourceLines(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  std::string current;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(current);
      current.clear();
    } else if (c != '\r') {
      current.push_back(c);
    }
  }
  lines.push_back(current);
  for (Diagnostic& d : diagnostics_) {
    if (d.loc.file != file || d.loc.line <= 0 || !d.source_line.empty()) continue;
    if (static_cast<size_t>(d.loc.line) <= lines.size()) d.source_line = lines[d.loc.line - 1];
  }
}

namespace {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

// The caret goes under column `col`, counted in characters (code points), not bytes; a CJK
// character takes two terminal cells, so the padding copies the line's own characters' widths.
std::string CaretLine(const std::string& line, int col) {
  std::string pad;
  int chars = 0;
  for (size_t i = 0; i < line.size() && chars < col - 1;) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (c == '\t') {
      pad += '\t';
    } else if (len >= 3) {
      pad += "  ";  // wide (CJK) character
    } else {
      pad += ' ';
    }
    i += len;
    ++chars;
  }
  return pad + "^";
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d) {
  std::ostringstream out;
  out << (d.loc.file.empty() ? "paiban" : d.loc.file);
  if (d.loc.line > 0) {
    out << ':' << d.loc.line;
    if (d.loc.col > 0) out << ':' << d.loc.col;
  }
  out << ": " << SeverityName(d.severity) << ": " << d.message << '\n';
  if (d.loc.line > 0 && !d.source_line.empty()) {
    out << "  " << d.source_line << '\n';
    if (d.loc.col > 0) out << "  " << CaretLine(d.source_line, d.loc.col) << '\n';
  }
  return out.str();
}

std::string Diagnostics::Format() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) out += FormatDiagnostic(d);
  return out;
}

}  // namespace paiban
