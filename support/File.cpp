//===- File.cpp -----------------------------------------------------------===//
#include "support/File.h"

#include "support/Error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiln {

std::string readFile(const std::string &path) {
  if (path == "-" || path == "/dev/stdin") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError(
        detail::concat(path, ": error: cannot read: ", std::strerror(errno)));
  std::string contents((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  if (in.bad())
    throw UserError(
        detail::concat(path, ": error: cannot read: ", std::strerror(errno)));
  return contents;
}

void writeFile(const std::string &path, std::string_view contents) {
  if (path == "-") {
    std::cout << contents;
    std::cout.flush();
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw UserError(
        detail::concat(path, ": error: cannot write: ", std::strerror(errno)));
  out << contents;
  out.close();
  if (!out)
    throw UserError(
        detail::concat(path, ": error: cannot write: ", std::strerror(errno)));
}

void writeFileAtomically(const std::string &path, std::string_view contents) {
  if (path == "-") {
    writeFile(path, contents);
    return;
  }
  AtomicFileWriter out(path);
  out.write(contents);
  out.commit();
}

//===--- InputFile --------------------------------------------------------===//

InputFile::InputFile(const std::string &path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw UserError(
        detail::concat(path, ": error: cannot open: ", std::strerror(errno)));
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    int error = errno;
    ::close(fd_);
    throw UserError(
        detail::concat(path, ": error: cannot read: ", std::strerror(error)));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw UserError(detail::concat(path, ": error: not a regular file"));
  }
  size_ = static_cast<uint64_t>(st.st_size);
}

InputFile::~InputFile() { ::close(fd_); }

size_t InputFile::readAt(uint64_t offset, void *dst, size_t n) const {
  size_t done = 0;
  while (done < n) {
    ssize_t got = ::pread(fd_, static_cast<char *>(dst) + done, n - done,
                          static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      throw UserError(detail::concat(
          path_, ": error: cannot read: ", std::strerror(errno)));
    if (got == 0)
      break;
    done += static_cast<size_t>(got);
  }
  return done;
}

//===--- AtomicFileWriter -------------------------------------------------===//

AtomicFileWriter::AtomicFileWriter(std::string path) : path_(std::move(path)) {
  // O_EXCL with a name no other writer uses: this process's id and a
  // counter, retried should a stale temporary of a dead process be in the
  // way. Mode 0666 lets the umask decide, as for any new file.
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    tempPath_ = detail::concat(path_, ".tmp-", ::getpid(), "-", counter++);
    fd_ = ::open(tempPath_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                 0666);
    if (fd_ < 0 && errno != EEXIST)
      break;
  }
  if (fd_ < 0) {
    int error = errno;
    tempPath_.clear();
    fail("cannot create a temporary file next to it", error);
  }
  // Replacing a file keeps its permissions.
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    (void)::fchmod(fd_, st.st_mode & 07777);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0)
    ::close(fd_);
  if (!tempPath_.empty())
    ::unlink(tempPath_.c_str());
}

void AtomicFileWriter::fail(const std::string &what, int error) {
  throw UserError(
      detail::concat(path_, ": error: ", what, ": ", std::strerror(error)));
}

void AtomicFileWriter::write(const void *data, size_t n) {
  KILN_INTERNAL_ASSERT(fd_ >= 0, "write after commit");
  const char *p = static_cast<const char *>(data);
  while (n > 0) {
    ssize_t put = ::write(fd_, p, n);
    if (put < 0 && errno == EINTR)
      continue;
    if (put < 0)
      fail("cannot write", errno);
    p += put;
    n -= static_cast<size_t>(put);
  }
}

void AtomicFileWriter::commit() {
  KILN_INTERNAL_ASSERT(fd_ >= 0, "commit twice");
  // The data must be on disk before the rename makes it visible, or a crash
  // could leave `path` naming an empty file.
  if (::fsync(fd_) != 0)
    fail("cannot write", errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0)
    fail("cannot write", errno);
  if (::rename(tempPath_.c_str(), path_.c_str()) != 0)
    fail("cannot rename the temporary file '" + tempPath_ + "' over it", errno);
  tempPath_.clear();
  // Make the rename itself durable; some file systems cannot sync a
  // directory, which only weakens durability, not atomicity.
  std::string dir = path_.substr(0, path_.find_last_of('/') + 1);
  int dirFd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dirFd >= 0) {
    (void)::fsync(dirFd);
    ::close(dirFd);
  }
}

} // namespace kiln
