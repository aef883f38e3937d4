#include "ingest/line_block_reader.h"

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::ingest {

absl::StatusOr<bool> LineBlockReader::Fill(ByteBuffer* text, size_t n) {
  if (eof_) return false;
  const size_t old = text->size();
  text->Reserve(old + n);
  GL_ASSIGN_OR_RETURN(size_t got, in_->Read(text->data() + old, n));
  text->SetSize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

absl::StatusOr<bool> LineBlockReader::ReadFirstLine(std::string* line) {
  // What an earlier call read past its line comes first.
  ByteBuffer text;
  text.Assign(carry_.data(), carry_.size());
  carry_.Clear();
  const char* nl = nullptr;
  while (true) {
    nl = text.empty() ? nullptr
                      : static_cast<const char*>(std::memchr(text.data(), '\n', text.size()));
    if (nl != nullptr) break;
    if (text.size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}:1: the first line is longer than {} MiB: not a CSV file", in_->path(),
                      kMaxLineBytes >> 20));
    }
    GL_ASSIGN_OR_RETURN(bool more, Fill(&text, 64 * 1024));
    if (!more) break;
  }
  if (text.empty()) return false;
  if (nl == nullptr) {
    line->assign(text.data(), text.size());
  } else {
    const size_t len = static_cast<size_t>(nl - text.data());
    line->assign(text.data(), len);
    carry_.Assign(nl + 1, text.size() - len - 1);
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

absl::StatusOr<bool> LineBlockReader::Next(ByteBuffer* text) {
  if (!failed_.ok()) return failed_;
  // Start the block with the partial line the previous one left over.
  text->Assign(carry_.data(), carry_.size());
  carry_.Clear();
  auto last_newline = [&](size_t from) -> size_t {
    for (size_t i = text->size(); i > from; --i) {
      if (text->data()[i - 1] == '\n') return i - 1;
    }
    return std::string::npos;
  };
  // A failed read: the whole lines before it now, the error next time.
  auto fail = [&](absl::Status s) -> absl::StatusOr<bool> {
    const size_t nl = last_newline(0);
    if (nl == std::string::npos) return s;
    failed_ = std::move(s);
    text->SetSize(nl + 1);
    return true;
  };
  if (text->size() < kBlockBytes) {
    if (absl::Status s = Fill(text, kBlockBytes - text->size()).status(); !s.ok()) return fail(s);
  }
  size_t nl = last_newline(0);
  while (nl == std::string::npos && !eof_) {
    if (text->size() > kMaxLineBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}: a line longer than {} MiB: not a line-oriented file", in_->path(),
                      kMaxLineBytes >> 20));
    }
    const size_t searched = text->size();
    if (absl::Status s = Fill(text, kBlockBytes).status(); !s.ok()) return fail(s);
    nl = last_newline(searched);
  }
  if (nl != std::string::npos && nl + 1 < text->size()) {
    carry_.Assign(text->data() + nl + 1, text->size() - nl - 1);
    text->SetSize(nl + 1);
  }
  return !text->empty();
}

}  // namespace gridline::ingest
