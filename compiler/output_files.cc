#include "compiler/output_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace paiban {
namespace {

std::string ErrnoText(int error) { return std::strerror(error); }

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

bool OutputFiles::OpenDir(Diagnostics& diagnostics) {
  if (dir_fd_ >= 0) return true;
  if (dir_errno_ == 0) {
    dir_fd_ = open(dir_.empty() ? "." : dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) dir_errno_ = errno;
  }
  if (dir_fd_ >= 0) return true;
  diagnostics.Error(SourceLoc{dir_, 0, 0}, "cannot open the output folder: " +
                                               ErrnoText(dir_errno_));
  return false;
}

bool OutputFiles::Write(const std::string& name, std::string_view bytes,
                        Diagnostics& diagnostics) {
  if (!OpenDir(diagnostics)) return false;
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
  // From here the file is in files_, so the destructor closes it and removes its name.
  files_.push_back(file);
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(file.fd, data, left);
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
  if (fsync(file.fd) != 0) {
    Fail(name, ErrnoText(errno), diagnostics);
    return false;
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
  if (!OpenDir(diagnostics)) return false;
  for (File& file : files_) {
    if (!Link(file, diagnostics)) return false;
  }
  // A folder in the way would make its rename fail after the others had replaced their files.
  for (const File& file : files_) {
    struct stat st;
    if (fstatat(dir_fd_, file.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISDIR(st.st_mode)) {
      Fail(file.name, "a folder has that name", diagnostics);
      return false;
    }
  }
  for (size_t i = 0; i < files_.size(); ++i) {
    File& file = files_[i];
    if (renameat(dir_fd_, file.temporary.c_str(), dir_fd_, file.name.c_str()) != 0) {
      std::string reason = ErrnoText(errno);
      if (i > 0) {
        reason += " (";
        for (size_t k = 0; k < i; ++k) reason += (k ? ", " : "") + files_[k].name;
        reason += " already replaced)";
      }
      Fail(file.name, reason, diagnostics);
      return false;
    }
    file.temporary.clear();
  }
  // The new names are durable only once the folder is on disk too.
  bool synced = fsync(dir_fd_) == 0;
  int error = errno;
  for (File& file : files_) {
    close(file.fd);
    file.fd = -1;
  }
  if (!synced && error != EINVAL) {  // EINVAL: a folder that cannot be synced (some file systems)
    diagnostics.Error(SourceLoc{dir_, 0, 0},
                      "cannot write: the output folder could not be synced: " + ErrnoText(error));
    return false;
  }
  return true;
}

}  // namespace paiban
