#include "ingest/csv/csv_fields.h"

#include <cstring>

namespace gridline::ingest {

const char* SplitStatusMessage(SplitStatus s) {
  switch (s) {
    case SplitStatus::kOk:
      return "ok";
    case SplitStatus::kUnterminatedQuote:
      return "unterminated quoted field (a closing '\"' is missing on this line)";
    case SplitStatus::kTextAfterQuote:
      return "text after the closing quote of a field (write \"\" for a quote inside quotes)";
  }
  return "?";
}

CsvFieldSplitter::CsvFieldSplitter(char delimiter) : delimiter_(delimiter) {}

namespace {

// Trims spaces, and tabs when they are not the delimiter. Written out rather than a lambda with
// a captured delimiter: this runs on every field of a multi-gigabyte import.
inline std::string_view Trimmed(const char* b, const char* e, bool trim_tabs) {
  while (b < e && (*b == ' ' || (trim_tabs && *b == '\t'))) ++b;
  while (e > b && (e[-1] == ' ' || (trim_tabs && e[-1] == '\t'))) --e;
  return std::string_view(b, static_cast<size_t>(e - b));
}

}  // namespace

SplitStatus CsvFieldSplitter::Split(std::string_view line, bool may_have_quotes) {
  fields_.clear();
  const char* p = line.data();
  const char* end = p + line.size();
  if (may_have_quotes) return SplitQuoted(p, end);
  const bool trim_tabs = delimiter_ != '\t';
  for (;;) {
    const char* d = static_cast<const char*>(std::memchr(p, delimiter_, end - p));
    if (d == nullptr) {
      fields_.push_back(Trimmed(p, end, trim_tabs));
      return SplitStatus::kOk;
    }
    fields_.push_back(Trimmed(p, d, trim_tabs));
    p = d + 1;
  }
}

SplitStatus CsvFieldSplitter::SplitQuoted(const char* p, const char* end) {
  const bool trim_tabs = delimiter_ != '\t';
  auto is_space = [trim_tabs](char c) { return c == ' ' || (trim_tabs && c == '\t'); };
  // Unescaped text is never longer than the line, so reserving the line's length up front keeps
  // the views into scratch_ valid while it grows.
  scratch_.clear();
  if (scratch_.capacity() < static_cast<size_t>(end - p)) scratch_.reserve(end - p);
  for (;;) {
    const char* q = p;
    while (q < end && is_space(*q)) ++q;
    if (q < end && *q == '"') {
      ++q;
      const char* start = q;
      bool escaped = false;
      const char* close;
      for (;;) {
        close = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (close == nullptr) return SplitStatus::kUnterminatedQuote;
        if (close + 1 < end && close[1] == '"') {
          escaped = true;
          q = close + 2;
          continue;
        }
        break;
      }
      if (escaped) {
        const size_t at = scratch_.size();
        for (const char* c = start; c < close; ++c) {
          scratch_.push_back(*c);
          if (*c == '"') ++c;  // the second quote of a `""` pair
        }
        fields_.emplace_back(scratch_.data() + at, scratch_.size() - at);
      } else {
        fields_.emplace_back(start, static_cast<size_t>(close - start));
      }
      q = close + 1;
      while (q < end && is_space(*q)) ++q;
      if (q == end) return SplitStatus::kOk;
      if (*q != delimiter_) return SplitStatus::kTextAfterQuote;
      p = q + 1;
      continue;
    }
    const char* d = static_cast<const char*>(std::memchr(p, delimiter_, end - p));
    if (d == nullptr) {
      fields_.push_back(Trimmed(p, end, trim_tabs));
      return SplitStatus::kOk;
    }
    fields_.push_back(Trimmed(p, d, trim_tabs));
    p = d + 1;
  }
}

}  // namespace gridline::ingest
