//===- SourceRange.cpp ----------------------------------------------------===//
#include "ir/SourceRange.h"

#include "support/Error.h"

#include <algorithm>

namespace kiln {

Source::Source(std::string filename, std::string text, Kind kind)
    : filename_(std::move(filename)), text_(std::move(text)), hasText_(true),
      kind_(kind) {
  lineStarts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n')
      lineStarts_.push_back(i + 1);
}

Source::Source(std::string filename)
    : filename_(std::move(filename)), hasText_(false), kind_(Kind::Script) {}

std::pair<uint32_t, uint32_t> Source::lineCol(size_t offset) const {
  KILN_INTERNAL_ASSERT(hasText_ && offset <= text_.size(),
                       "offset outside of source");
  auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  size_t line = static_cast<size_t>(it - lineStarts_.begin()); // 1-based
  size_t col = offset - lineStarts_[line - 1] + 1;
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(col)};
}

std::string_view Source::lineText(uint32_t line) const {
  if (!hasText_ || line == 0 || line > lineStarts_.size())
    return {};
  size_t begin = lineStarts_[line - 1];
  size_t end = line < lineStarts_.size() ? lineStarts_[line] - 1 : text_.size();
  std::string_view view = std::string_view(text_).substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r')
    view.remove_suffix(1);
  return view;
}

SourceRange::SourceRange(std::shared_ptr<const Source> source, size_t start,
                         size_t end)
    : source_(std::move(source)), start_(start), end_(std::max(start, end)),
      hasOffsets_(true) {
  auto [line, col] = source_->lineCol(start_);
  line_ = line;
  col_ = col;
}

SourceRange SourceRange::fromLineCol(std::shared_ptr<const Source> source,
                                     uint32_t line, uint32_t col) {
  SourceRange r;
  r.source_ = std::move(source);
  r.line_ = line;
  r.col_ = col;
  return r;
}

SourceRange SourceRange::fromFile(std::shared_ptr<const Source> source) {
  SourceRange r;
  r.source_ = std::move(source);
  return r;
}

const std::string &SourceRange::filename() const {
  static const std::string unknown = "<unknown>";
  return source_ ? source_->filename() : unknown;
}

std::string SourceRange::str() const {
  if (!source_)
    return "<unknown>";
  if (line_ == 0)
    return source_->filename();
  return source_->filename() + ":" + std::to_string(line_) + ":" +
         std::to_string(col_);
}

} // namespace kiln
