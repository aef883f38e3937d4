#include "ingest/line_block_reader.h"

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::ingest {

absl::StatusOr<bool> LineBlockReader::Fill(std::string* text, size_t n) {
  if (eof_) return false;
  const size_t old = text->size();
  text->resize(old + n);
  auto got = in_->Read(text->data() + old, n);
  if (!got.ok()) {
    text->resize(old);
    return got.status();
  }
  text->resize(old + *got);
  if (*got == 0) eof_ = true;
  return *got > 0;
}

absl::StatusOr<bool> LineBlockReader::ReadFirstLine(std::string* line) {
  std::string text;
  size_t nl;
  while ((nl = text.find('\n')) == std::string::npos) {
    if (text.size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}:1: the first line is longer than {} MiB: not a CSV file",
                      in_->path(), kMaxLineBytes >> 20));
    }
    GL_ASSIGN_OR_RETURN(bool more, Fill(&text, 64 * 1024));
    if (!more) break;
  }
  if (text.empty()) return false;
  if (nl == std::string::npos) {
    *line = text;
  } else {
    line->assign(text, 0, nl);
    carry_.assign(text, nl + 1, std::string::npos);
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

absl::StatusOr<bool> LineBlockReader::Next(std::string* text) {
  text->swap(carry_);
  carry_.clear();
  if (text->size() < kBlockBytes) {
    GL_RETURN_IF_ERROR(Fill(text, kBlockBytes - text->size()).status());
  }
  size_t nl = text->rfind('\n');
  while (nl == std::string::npos && !eof_) {
    if (text->size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(fmt::format(
          "{}: a line longer than {} MiB: not a line-oriented file", in_->path(),
          kMaxLineBytes >> 20));
    }
    const size_t searched = text->size();
    GL_RETURN_IF_ERROR(Fill(text, kBlockBytes).status());
    nl = text->find('\n', searched);
    if (nl != std::string::npos) nl = text->rfind('\n');
  }
  if (nl != std::string::npos && nl + 1 < text->size()) {
    carry_.assign(*text, nl + 1, std::string::npos);
    text->resize(nl + 1);
  }
  return !text->empty();
}

}  // namespace gridline::ingest
