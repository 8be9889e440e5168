// Output files written so that a failed run never passes as success, never leaves a half file,
// never damages the previous outputs and never writes anywhere but the output folder.
//
// The folder is opened once, as soon as it exists (Open), and every name is resolved relative to
// it, so a folder swapped for a link while the outputs are made is not followed. Each output is
// written, whole, into an anonymous file in it (O_TMPFILE: no name, so nothing can be planted at
// it and a killed run leaves nothing behind), every write checked, then fsync'ed; where the file
// system has no O_TMPFILE, into a named file created with O_CREAT|O_EXCL|O_NOFOLLOW, never one
// that already exists. Commit() gives each file a hidden temporary name (linkat, which fails on
// an existing name instead of following it; the next name is tried) and, only when every output
// is complete, exchanges each temporary with its final name (renameat2 RENAME_EXCHANGE): should
// one exchange fail, the ones before it are exchanged back, so the folder holds the old set or
// the new one, never a mix. The old files, now under the temporary names, are removed, and the
// folder is fsync'ed. Temporaries of runs that were killed (their process is gone) are removed
// when the folder is opened.
#ifndef PAIBAN_COMPILER_OUTPUT_FILES_H_
#define PAIBAN_COMPILER_OUTPUT_FILES_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.h"

namespace paiban {

class OutputFiles {
 public:
  // How many temporary names are tried for one output before giving up.
  static constexpr int kTemporaryNames = 64;

  // How the written files are held until Commit: anonymous (O_TMPFILE) where the file system
  // can, else named; tests ask for named ones to check that path too.
  enum class Temporaries { kAnonymousWherePossible, kNamed };

  // At most this many written files stay open as anonymous files; past it, each written file
  // gets its hidden name at once and is closed (a thousand-page --png run must not run out of
  // descriptors).
  static constexpr size_t kOpenFiles = 16;

  explicit OutputFiles(std::string dir,
                       Temporaries temporaries = Temporaries::kAnonymousWherePossible);
  ~OutputFiles() { Discard(); }
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  // Opens the folder (which must exist) and removes what killed runs left in it. False, with an
  // error naming the folder, when it cannot be opened. Write opens it too if need be.
  bool Open(Diagnostics& diagnostics);

  // The path `name` will have in the folder, as messages show it.
  std::string PathOf(std::string_view name) const;

  // Writes `bytes` as the future file `name` (a plain file name, no folder). False, with an
  // error naming the final path and the reason, when it cannot be written whole.
  bool Write(const std::string& name, std::string_view bytes, Diagnostics& diagnostics);

  // Puts every written file in place under its final name. False, with an error, when one cannot
  // be: then every final name holds what it held before (unless even the exchange back failed,
  // which the error says).
  bool Commit(Diagnostics& diagnostics);

  // Closes every file and removes the temporary names of those not committed; their data is gone.
  void Discard();

  // The final paths of the files written so far, in order.
  std::vector<std::string> paths() const;

  // The temporary name Commit() tries `attempt`-th (from 0) for `name` in a process `pid`: tests
  // plant links there.
  static std::string TemporaryName(std::string_view name, long pid, int attempt);

 private:
  struct File {
    std::string name;
    int fd = -1;            // the written file, open until Commit or destruction
    std::string temporary;  // its hidden name in the folder once it has one
  };
  void RemoveStaleTemporaries();
  void Fail(const std::string& name, const std::string& reason, Diagnostics& diagnostics) const;
  // Gives `file` a hidden name in the folder (linkat; for the named fallback it has one).
  bool Link(File& file, Diagnostics& diagnostics);

  std::string dir_;
  Temporaries temporaries_;
  int dir_fd_ = -1;
  int dir_errno_ = 0;
  std::vector<File> files_;
};

}  // namespace paiban

#endif  // PAIBAN_COMPILER_OUTPUT_FILES_H_
