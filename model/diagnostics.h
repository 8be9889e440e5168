// Source locations and diagnostics: the vocabulary every stage uses to report user errors.
//
// A user error (bad input, missing font, text that cannot be placed) is a Diagnostic, collected in
// a Diagnostics sink and printed by the driver as `file:line:col: error: message`, followed by the
// source line and a caret when the line is known. Broken invariants of our own are assertions.
#ifndef PAIBAN_MODEL_DIAGNOSTICS_H_
#define PAIBAN_MODEL_DIAGNOSTICS_H_

#include <string>
#include <vector>

namespace paiban {

// A position in a source file; line and column are 1-based, 0 means unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLoc loc;
  std::string message;
  // The text of the source line at loc.line, when known, for the caret display.
  std::string source_line;
};

class Diagnostics {
 public:
  void Error(const SourceLoc& loc, std::string message);
  void Warning(const SourceLoc& loc, std::string message);
  void Add(Diagnostic diagnostic);

  bool HasErrors() const { return error_count_ > 0; }
  int error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }

  // Fills in source_line for diagnostics about `file` from its text, so the caret display works
  // for every stage without each stage keeping the source around.
  void AttachSourceLines(const std::string& file, const std::string& text);

  // All diagnostics, each as `file:line:col: error: message` plus source line and caret.
  std::string Format() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

// One diagnostic in its printed form.
std::string FormatDiagnostic(const Diagnostic& diagnostic);

}  // namespace paiban

#endif  // PAIBAN_MODEL_DIAGNOSTICS_H_
