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

namespace {

inline bool IsSpace(char c, bool trim_tabs) { return c == ' ' || (trim_tabs && c == '\t'); }

inline std::string_view Trimmed(const char* b, const char* e, bool trim_tabs) {
  while (b < e && IsSpace(*b, trim_tabs)) ++b;
  while (e > b && IsSpace(e[-1], trim_tabs)) --e;
  return std::string_view(b, static_cast<size_t>(e - b));
}

// The first byte in [q, end) equal to a, b or c, or `end`.
inline const char* FindAny(const char* q, const char* end, char a, char b, char c) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  const __m128i vc = _mm_set1_epi8(c);
  for (; end - q >= 16; q += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                      _mm_cmpeq_epi8(v, vc));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return q + __builtin_ctz(mask);
  }
#endif
  for (; q < end; ++q) {
    if (*q == a || *q == b || *q == c) return q;
  }
  return end;
}

}  // namespace

CsvFieldSplitter::CsvFieldSplitter(char delimiter)
    : delimiter_(delimiter), trim_tabs_(delimiter != '\t') {}

const char* CsvFieldSplitter::SplitLine(const char* p, const char* end, SplitStatus* status) {
  fields_.clear();
  scratch_.clear();
  escaped_.clear();
  *status = SplitStatus::kOk;
  const char* field = p;  // start of the current field
  const char* q = p;      // where the search goes on
  const char* line_end;
  for (;;) {
    const char* hit = FindAny(q, end, delimiter_, '\n', '"');
    if (hit == end || *hit == '\n') {
      const char* e = hit > field && hit[-1] == '\r' ? hit - 1 : hit;
      fields_.push_back(Trimmed(field, e, trim_tabs_));
      line_end = hit;
      break;
    }
    if (*hit == delimiter_) {
      fields_.push_back(Trimmed(field, hit, trim_tabs_));
      field = q = hit + 1;
      continue;
    }
    // A quote opens a quoted field only where the field starts (after spaces); elsewhere it is
    // an ordinary character.
    const char* s = field;
    while (s < hit && IsSpace(*s, trim_tabs_)) ++s;
    if (s != hit) {
      q = hit + 1;
      continue;
    }
    const char* next = nullptr;
    line_end = QuotedField(hit, end, &next, status);
    if (line_end != nullptr) break;
    field = q = next;
  }
  if (!escaped_.empty() && *status == SplitStatus::kOk) {
    for (const auto& [index, at] : escaped_) {
      fields_[index] = std::string_view(scratch_.data() + at, fields_[index].size());
    }
  }
  return line_end;
}

const char* CsvFieldSplitter::QuotedField(const char* quote, const char* end, const char** next,
                                          SplitStatus* status) {
  const char* start = quote + 1;
  const char* c = start;
  bool escaped = false;
  const char* close;
  for (;;) {
    // Stopping at a newline keeps an unterminated quote from scanning the rest of the block.
    close = FindAny(c, end, '"', '\n', '\n');
    if (close == end || *close == '\n') {
      *status = SplitStatus::kUnterminatedQuote;
      return close;
    }
    if (close + 1 < end && close[1] == '"') {
      escaped = true;
      c = close + 2;
      continue;
    }
    break;
  }
  if (escaped) {
    const size_t at = scratch_.size();
    for (const char* x = start; x < close; ++x) {
      scratch_.push_back(*x);
      if (*x == '"') ++x;  // the second quote of a `""` pair
    }
    // A placeholder of the right length; SplitLine points it into scratch_ at the end.
    escaped_.emplace_back(fields_.size(), at);
    fields_.emplace_back(start, scratch_.size() - at);
  } else {
    fields_.emplace_back(start, static_cast<size_t>(close - start));
  }
  const char* q = close + 1;
  while (q < end && IsSpace(*q, trim_tabs_)) ++q;
  if (q < end && *q == '\r' && (q + 1 == end || q[1] == '\n')) ++q;
  if (q == end || *q == '\n') return q;
  if (*q == delimiter_) {
    *next = q + 1;
    return nullptr;
  }
  *status = SplitStatus::kTextAfterQuote;
  const char* nl = static_cast<const char*>(std::memchr(q, '\n', end - q));
  return nl != nullptr ? nl : end;
}

char DetectCsvDelimiter(std::string_view line) {
  int commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

}  // namespace gridline::ingest
