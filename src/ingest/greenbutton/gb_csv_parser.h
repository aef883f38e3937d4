// gb_csv_parser.h: Green Button CSV, the "Download My Data" file utilities publish beside the
// XML (docs/import.md "Green Button"; not standardised, so columns are found by header name).
//
// Shape (PG&E, ComEd): a prologue of account lines (`Name,...`, `Address,"..."`, `Account
// Number,...`, `Service,...`), a blank line, then the header `TYPE,DATE,START TIME,END TIME,
// USAGE,UNITS,COST,NOTES` (PG&E writes `USAGE (kWh)` without UNITS; NEM accounts get `IMPORT
// (kWh),EXPORT (kWh)`), one row per interval: `Electric usage,2018-10-04,00:00,00:59,0.24,kWh,
// $0.05,`. A UTF-8 BOM, quoted commas and `$`/`-$`/`($...)` costs are read.
//
// - Times are local wall-clock times in the zone the caller gives (the file names none). A start
//   in the hour repeated when DST ends is resolved by order (ParsedRow::ambiguous_s: PG&E lists
//   that hour twice, first and second pass); one in the skipped hour is a row error.
// - USAGE and IMPORT are kwh_delivered, EXPORT kwh_received, in kWh (or Wh, from the header's
//   parentheses or the UNITS column); COST is the channel `cost` (USD at scale 5); a NOTES cell
//   saying "estimated" makes the row's readings estimated. Gas rows (therms, ccf) are row errors.
// - The meter is the caller's (--meter), else the prologue's `Service`, else its `Account Number`.
//
// Thread-compatible.
#ifndef GRIDLINE_INGEST_GREENBUTTON_GB_CSV_PARSER_H_
#define GRIDLINE_INGEST_GREENBUTTON_GB_CSV_PARSER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time_zone.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

struct GbCsvOptions {
  TimeZone zone;
  std::string meter;   // --meter; empty: from the prologue
  bool round = false;  // --round: usage or cost with more decimals than kept is rounded
};

class GbCsvParser {
 public:
  static constexpr int kMaxPrologueLines = 64;

  explicit GbCsvParser(GbCsvOptions options);
  ~GbCsvParser();
  GbCsvParser(const GbCsvParser&) = delete;
  GbCsvParser& operator=(const GbCsvParser&) = delete;

  // Reads the prologue and header at the start of `head` (the first bytes of the file: whole
  // lines, or all of a shorter file). Returns the bytes they take; *lines gets their count.
  // InvalidArgument when no header with TYPE, DATE, START TIME and a USAGE/IMPORT column comes
  // within kMaxPrologueLines lines, or when no meter id is known.
  absl::StatusOr<size_t> ReadHeader(std::string_view head, uint32_t* lines);

  // The header's column names, for row errors (ParsedRow::column indexes them).
  const std::vector<std::string>& columns() const;

  // Parses rows: `text` is whole lines (the last may lack its newline at the end of the input).
  // Appends readings and row errors to *out with `line` counted from the first line of `text`,
  // and sets out->line_count. REQUIRES: ReadHeader succeeded.
  void ParseRows(std::string_view text, ParsedBlock* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_GB_CSV_PARSER_H_
