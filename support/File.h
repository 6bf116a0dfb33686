//===- File.h - Reading and writing whole files -----------------*- C++ -*-===//
#ifndef KILN_SUPPORT_FILE_H
#define KILN_SUPPORT_FILE_H

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln {

/// The contents of `path` ("-" or "/dev/stdin" read standard input).
/// Throws UserError "cannot read 'path': <reason>".
std::string readFile(const std::string &path);

/// Writes `contents` to `path` ("-" is standard output). Throws UserError.
void writeFile(const std::string &path, std::string_view contents);

/// Writes `contents` to `path` through an AtomicFileWriter ("-" is standard
/// output).
void writeFileAtomically(const std::string &path, std::string_view contents);

/// Random-access reads of a file that is never loaded whole, so that a size
/// a header claims can be checked against size() before anything is
/// allocated for it. Errors are UserErrors "<path>: error: <what>".
class InputFile {
public:
  explicit InputFile(const std::string &path);
  ~InputFile();
  InputFile(const InputFile &) = delete;
  InputFile &operator=(const InputFile &) = delete;

  const std::string &path() const { return path_; }
  /// The file's size when it was opened.
  uint64_t size() const { return size_; }
  /// Reads up to `n` bytes at `offset`; fewer only at the end of the file.
  size_t readAt(uint64_t offset, void *dst, size_t n) const;

private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

/// Writes a file so that no reader, and no interruption, ever sees it half
/// written: the bytes go to a temporary file in the same directory, which
/// commit() flushes to disk and renames over `path` (keeping the mode of a
/// file it replaces). Destroyed without commit() - after an error, say - the
/// writer removes its temporary and `path` is untouched. A symbolic link at
/// `path` is replaced, not followed. Errors are UserErrors
/// "<path>: error: <what>".
class AtomicFileWriter {
public:
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter &) = delete;
  AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

  void write(const void *data, size_t n);
  void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
  void commit();

private:
  [[noreturn]] void fail(const std::string &what, int error);

  std::string path_;
  std::string tempPath_;
  int fd_ = -1;
};

} // namespace kiln

#endif // KILN_SUPPORT_FILE_H
