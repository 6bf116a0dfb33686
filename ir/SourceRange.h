//===- SourceRange.h - Where a piece of IR or script came from --*- C++ -*-===//
//
// A Source is a named text (a script, an IR file) or, for locations read
// from `# file:line:col` comments in IR, only a name. A SourceRange points
// into a Source; every Node carries one (STYLE.md habit 7).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_SOURCERANGE_H
#define KILN_IR_SOURCERANGE_H

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Source {
public:
  /// What the text is. Locations in Script sources are what users care
  /// about and are printed as `# file:line:col` comments; locations in IR
  /// text only serve diagnostics about that text.
  enum class Kind : uint8_t { Script, IRText };

  /// A source with text; line/column and the line's text are available.
  Source(std::string filename, std::string text, Kind kind = Kind::Script);
  /// A source known only by name (no text to show in diagnostics).
  explicit Source(std::string filename);

  const std::string &filename() const { return filename_; }
  std::string_view text() const { return text_; }
  bool hasText() const { return hasText_; }
  Kind kind() const { return kind_; }

  /// 1-based line and column of a byte offset (offset <= text().size()).
  std::pair<uint32_t, uint32_t> lineCol(size_t offset) const;
  /// The text of a 1-based line, without its newline.
  std::string_view lineText(uint32_t line) const;

private:
  std::string filename_;
  std::string text_;
  std::vector<size_t> lineStarts_;
  bool hasText_;
  Kind kind_;
};

class SourceRange {
public:
  SourceRange() = default;
  /// [start, end) byte offsets into a source with text.
  SourceRange(std::shared_ptr<const Source> source, size_t start, size_t end);
  /// A point known by line and column only (1-based).
  static SourceRange fromLineCol(std::shared_ptr<const Source> source,
                                 uint32_t line, uint32_t col);
  /// The whole of a file, for errors about a file as such (no line).
  static SourceRange fromFile(std::shared_ptr<const Source> source);

  bool valid() const { return source_ != nullptr; }
  const std::shared_ptr<const Source> &source() const { return source_; }
  const std::string &filename() const;
  /// 1-based; 0 when the range names a file only.
  uint32_t line() const { return line_; }
  uint32_t col() const { return col_; }
  size_t start() const { return start_; }
  size_t end() const { return end_; }
  bool hasOffsets() const { return hasOffsets_; }

  /// "file:line:col", or "file" when there is no line.
  std::string str() const;

private:
  std::shared_ptr<const Source> source_;
  size_t start_ = 0, end_ = 0;
  uint32_t line_ = 0, col_ = 0;
  bool hasOffsets_ = false;
};

} // namespace kiln

#endif // KILN_IR_SOURCERANGE_H
