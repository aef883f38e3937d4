// csv_fields.h: splits one CSV line into fields, the first step of every header and row.
//
// A line here is one physical line: the importer cuts blocks at newlines, so a quoted field never
// spans lines and a quote left open at the end of a line is an error, not a continuation.
// Fields are separated by one delimiter byte, trimmed of spaces (and tabs, unless tab is the
// delimiter), and may be double-quoted with `""` standing for one quote (RFC 4180). Text inside
// quotes is kept as written; spaces around the quotes are dropped. A quote inside an unquoted field
// is kept literally, as most spreadsheet exports expect.
#ifndef GRIDLINE_INGEST_CSV_CSV_FIELDS_H_
#define GRIDLINE_INGEST_CSV_CSV_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gridline::ingest {

enum class SplitStatus : uint8_t {
  kOk,
  kUnterminatedQuote,  // a quoted field has no closing quote on this line
  kTextAfterQuote,     // something other than spaces and the delimiter follows a closing quote
};

// Reason text for a failed split, for a RowError with field "row".
const char* SplitStatusMessage(SplitStatus s);

class CsvFieldSplitter {
 public:
  explicit CsvFieldSplitter(char delimiter);

  // Splits `line` (no newline; a trailing CR already removed). When `may_have_quotes` is false the
  // caller promises the line holds no '"' (the block parser checks whole blocks at once), and a
  // faster loop runs. On failure fields() is unspecified.
  // The views in fields() point into `line` or into this object; they stay valid until the next
  // call and while `line` lives.
  SplitStatus Split(std::string_view line, bool may_have_quotes);

  // Finds the end of the line starting at p (its '\n', or `end`) and splits the line, less a
  // trailing CR, as Split(line, false) would, in the same pass: one scan per row instead of one
  // for the newline and one per delimiter. Returns the position of the '\n' (or `end`).
  // REQUIRES: the line holds no '"'.
  const char* SplitPlainLine(const char* p, const char* end);

  const std::vector<std::string_view>& fields() const { return fields_; }

 private:
  SplitStatus SplitQuoted(const char* p, const char* end);

  const char delimiter_;
  std::vector<std::string_view> fields_;
  std::string scratch_;  // unescaped quoted fields; never reallocated during one Split
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_FIELDS_H_
