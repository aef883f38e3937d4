#include "ingest/csv/csv_fields.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

const char* CsvFieldSplitter::SplitPlainLine(const char* p, const char* end) {
  fields_.clear();
  const bool trim_tabs = delimiter_ != '\t';
  const char* field = p;
  // Ends the last field at the newline (or `end`) at q, dropping a CR before it.
  auto finish = [&](const char* q) {
    const char* e = q > field && q[-1] == '\r' ? q - 1 : q;
    fields_.push_back(Trimmed(field, e, trim_tabs));
    return q;
  };
  const char* q = p;
#if defined(__SSE2__)
  // 16 bytes at a time: a bit mask of the delimiters and newlines, walked lowest bit first.
  // SSE2 is part of x86-64, so no runtime dispatch is needed.
  const __m128i delims = _mm_set1_epi8(delimiter_);
  const __m128i newlines = _mm_set1_epi8('\n');
  for (; end - q >= 16; q += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, delims), _mm_cmpeq_epi8(v, newlines))));
    while (mask != 0) {
      const char* hit = q + __builtin_ctz(mask);
      if (*hit == '\n') return finish(hit);
      fields_.push_back(Trimmed(field, hit, trim_tabs));
      field = hit + 1;
      mask &= mask - 1;
    }
  }
#endif
  for (; q < end; ++q) {
    if (*q == '\n') return finish(q);
    if (*q == delimiter_) {
      fields_.push_back(Trimmed(field, q, trim_tabs));
      field = q + 1;
    }
  }
  return finish(end);
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
