#include "compiler/output_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace paiban {
namespace {

std::string ErrnoText(int error) { return std::strerror(error); }

// The pid in a temporary's name ".NAME.tmp-PID" or ".NAME.tmp-PID-K", or 0 when it is not one.
long TemporaryPid(const std::string& name) {
  if (name.size() < 2 || name[0] != '.') return 0;
  size_t at = name.rfind(".tmp-");
  if (at == std::string::npos || at == 0) return 0;
  const char* digits = name.c_str() + at + 5;
  char* end = nullptr;
  long pid = std::strtol(digits, &end, 10);
  if (end == digits || pid <= 0) return 0;
  if (*end == '-') {
    const char* k = end + 1;
    std::strtol(k, &end, 10);
    if (end == k) return 0;
  }
  return *end == '\0' ? pid : 0;
}

// Renames `from` over `to` in `dir`, exchanging the two when `to` exists (then `from` holds what
// `to` held). `exchanged` says which happened. Where the file system cannot exchange, a plain
// rename (the old file is then gone at once).
int Exchange(int dir, const char* from, const char* to, bool& exchanged) {
  exchanged = false;
  if (renameat2(dir, from, dir, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno == EEXIST) {
    if (renameat2(dir, from, dir, to, RENAME_EXCHANGE) == 0) {
      exchanged = true;
      return 0;
    }
    if (errno != EINVAL && errno != ENOSYS) return -1;
  } else if (errno != EINVAL && errno != ENOSYS) {
    return -1;
  }
  return renameat(dir, from, dir, to);
}

}  // namespace

OutputFiles::OutputFiles(std::string dir, Temporaries temporaries)
    : dir_(std::move(dir)), temporaries_(temporaries) {}

void OutputFiles::Discard() {
  for (File& file : files_) {
    if (!file.temporary.empty() && dir_fd_ >= 0) unlinkat(dir_fd_, file.temporary.c_str(), 0);
    file.temporary.clear();
    if (file.fd >= 0) close(file.fd);
    file.fd = -1;
  }
  if (dir_fd_ >= 0) close(dir_fd_);
  dir_fd_ = -1;
}

std::string OutputFiles::PathOf(std::string_view name) const {
  if (dir_.empty()) return std::string(name);
  return dir_ + (dir_.back() == '/' ? "" : "/") + std::string(name);
}

std::string OutputFiles::TemporaryName(std::string_view name, long pid, int attempt) {
  return "." + std::string(name) + ".tmp-" + std::to_string(pid) + "-" + std::to_string(attempt);
}

std::vector<std::string> OutputFiles::paths() const {
  std::vector<std::string> out;
  for (const File& file : files_) out.push_back(PathOf(file.name));
  return out;
}

void OutputFiles::Fail(const std::string& name, const std::string& reason,
                       Diagnostics& diagnostics) const {
  diagnostics.Error(SourceLoc{PathOf(name), 0, 0}, "cannot write: " + reason);
}

bool OutputFiles::Open(Diagnostics& diagnostics) {
  if (dir_fd_ >= 0) return true;
  if (dir_errno_ == 0) {
    dir_fd_ = open(dir_.empty() ? "." : dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) dir_errno_ = errno;
  }
  if (dir_fd_ < 0) {
    diagnostics.Error(SourceLoc{dir_, 0, 0},
                      "cannot open the output folder: " + ErrnoText(dir_errno_));
    return false;
  }
  RemoveStaleTemporaries();
  return true;
}

// A run that was killed leaves the hidden names its outputs had (named temporaries, or the
// moment between Link and the exchange); once its process is gone, nobody else will remove them.
void OutputFiles::RemoveStaleTemporaries() {
  int fd = dup(dir_fd_);
  if (fd < 0) return;
  DIR* dir = fdopendir(fd);
  if (dir == nullptr) {
    close(fd);
    return;
  }
  std::vector<std::string> stale;
  while (dirent* entry = readdir(dir)) {
    std::string name = entry->d_name;
    long pid = TemporaryPid(name);
    if (pid == 0 || pid == static_cast<long>(getpid())) continue;
    if (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    struct stat st;
    if (fstatat(dir_fd_, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
      stale.push_back(name);
    }
  }
  closedir(dir);
  for (const std::string& name : stale) unlinkat(dir_fd_, name.c_str(), 0);
}

bool OutputFiles::Write(const std::string& name, std::string_view bytes,
                        Diagnostics& diagnostics) {
  if (!Open(diagnostics)) return false;
  File file{name, -1, ""};
  // An anonymous file first; a named one that did not exist before where the file system has
  // no O_TMPFILE.
  if (temporaries_ == Temporaries::kAnonymousWherePossible) {
    file.fd = openat(dir_fd_, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
  }
  if (file.fd < 0) {
    int error = temporaries_ == Temporaries::kNamed ? EOPNOTSUPP : errno;
    if (error != EOPNOTSUPP && error != EISDIR && error != EINVAL && error != ENOENT) {
      Fail(name, ErrnoText(error), diagnostics);
      return false;
    }
    for (int attempt = 0; attempt < kTemporaryNames && file.fd < 0; ++attempt) {
      std::string temporary = TemporaryName(name, static_cast<long>(getpid()), attempt);
      file.fd = openat(dir_fd_, temporary.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
      if (file.fd >= 0) {
        file.temporary = temporary;
      } else if (errno != EEXIST) {
        Fail(name, ErrnoText(errno), diagnostics);
        return false;
      }
    }
    if (file.fd < 0) {
      Fail(name, "every temporary name for it is taken (." + name + ".tmp-*)", diagnostics);
      return false;
    }
  }
  // From here the file is in files_, so Discard closes it and removes its name.
  files_.push_back(file);
  File& added = files_.back();
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(added.fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Fail(name, n < 0 ? ErrnoText(errno) : std::string("the file system took no more bytes"),
           diagnostics);
      return false;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // Delayed allocation reports a full disk only here.
  if (fsync(added.fd) != 0) {
    Fail(name, ErrnoText(errno), diagnostics);
    return false;
  }
  // Past a few open files, this one takes its hidden name now and is closed.
  size_t open_files = 0;
  for (const File& f : files_) open_files += f.fd >= 0 ? 1 : 0;
  if (open_files > kOpenFiles) {
    if (!Link(added, diagnostics)) return false;
    close(added.fd);
    added.fd = -1;
  }
  return true;
}

bool OutputFiles::Link(File& file, Diagnostics& diagnostics) {
  if (!file.temporary.empty()) return true;
  const std::string proc_path = "/proc/self/fd/" + std::to_string(file.fd);
  for (int attempt = 0; attempt < kTemporaryNames; ++attempt) {
    std::string temporary = TemporaryName(file.name, static_cast<long>(getpid()), attempt);
    // linkat never follows or replaces what is at the new name: a planted link makes it fail
    // with EEXIST, and the next name is tried.
    int result = linkat(AT_FDCWD, proc_path.c_str(), dir_fd_, temporary.c_str(),
                        AT_SYMLINK_FOLLOW);
    if (result != 0 && errno == ENOENT) {
      // No /proc: the same by the descriptor (needs CAP_DAC_READ_SEARCH).
      result = linkat(file.fd, "", dir_fd_, temporary.c_str(), AT_EMPTY_PATH);
    }
    if (result == 0) {
      file.temporary = temporary;
      return true;
    }
    if (errno != EEXIST) {
      Fail(file.name, ErrnoText(errno), diagnostics);
      return false;
    }
  }
  Fail(file.name, "every temporary name for it is taken (." + file.name + ".tmp-*)",
       diagnostics);
  return false;
}

bool OutputFiles::Commit(Diagnostics& diagnostics) {
  if (files_.empty()) return true;
  if (!Open(diagnostics)) return false;
  for (File& file : files_) {
    if (!Link(file, diagnostics)) return false;
  }
  // A folder in the way would be exchanged with an output.
  for (const File& file : files_) {
    struct stat st;
    if (fstatat(dir_fd_, file.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode)) {
      Fail(file.name, "a folder has that name", diagnostics);
      return false;
    }
  }
  // Each temporary takes its final name; a final name that existed gives its old file the
  // temporary name, to be removed once all are in place, or put back if one fails.
  std::vector<bool> exchanged(files_.size(), false);
  for (size_t i = 0; i < files_.size(); ++i) {
    File& file = files_[i];
    bool swapped = false;
    if (Exchange(dir_fd_, file.temporary.c_str(), file.name.c_str(), swapped) == 0) {
      exchanged[i] = swapped;
      continue;
    }
    std::string reason = ErrnoText(errno);
    // Put back what was there before, newest first.
    bool restored = true;
    for (size_t k = i; k-- > 0;) {
      const File& done = files_[k];
      bool again = false;
      if (exchanged[k]) {
        restored &= renameat2(dir_fd_, done.temporary.c_str(), dir_fd_, done.name.c_str(),
                              RENAME_EXCHANGE) == 0;
      } else {
        // It had no previous file: its new one goes back to the temporary name.
        restored &= Exchange(dir_fd_, done.name.c_str(), done.temporary.c_str(), again) == 0;
      }
    }
    if (!restored) reason += "; some outputs before it could not be put back as they were";
    Fail(file.name, reason, diagnostics);
    return false;
  }
  for (size_t i = 0; i < files_.size(); ++i) {
    File& file = files_[i];
    if (exchanged[i]) unlinkat(dir_fd_, file.temporary.c_str(), 0);  // the old file
    file.temporary.clear();
  }
  // The new names are durable only once the folder is on disk too.
  bool synced = fsync(dir_fd_) == 0;
  int error = errno;
  for (File& file : files_) {
    if (file.fd >= 0) close(file.fd);
    file.fd = -1;
  }
  if (!synced && error != EINVAL) {  // EINVAL: a folder that cannot be synced (some file systems)
    diagnostics.Error(SourceLoc{dir_, 0, 0},
                      "cannot write: the outputs are in place, but the output folder could not "
                      "be synced, so they may not survive a crash: " +
                          ErrnoText(error));
    return false;
  }
  return true;
}

}  // namespace paiban
