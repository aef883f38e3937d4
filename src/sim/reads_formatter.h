// reads_formatter.h: meter-days as reads CSV text, by hand, because this is the simulator's hot
// path (tens of millions of rows a minute): the day's 96 timestamps are formatted once and
// copied, kWh values are written from integer Wh without printf.
//
// Long layout (what `gridline import csv` reads):
//   meter_id,timestamp,channel,kwh
//   M0000042,2026-07-01T00:15:00Z,delivered,0.219
// The timestamp labels the interval's start, in UTC. For each meter, its rows of the day in time
// order (delivered before received at the same instant), then the rows it sent twice. The rows
// of day d-1 that arrived late follow the whole of day d's export (csv_writer.h).
//
// Wide layout: meter_id,date,channel,00:00,00:15,...,23:45 (UTC days), one row per meter, day and
// channel; an empty cell is a gap. Duplicated cells are written again in a row of their own after
// the meter's rows, and late cells in a row for the previous date after the next day's export.
#ifndef GRIDLINE_SIM_READS_FORMATTER_H_
#define GRIDLINE_SIM_READS_FORMATTER_H_

#include <cstdint>
#include <span>
#include <string>

#include "sim/fleet.h"

namespace gridline::sim {

enum class ReadsLayout : uint8_t { kLong, kWide };

// What was written. In the long layout rows = delivered_rows + received_rows + duplicate_rows
// (late rows are counted among delivered/received). In the wide layout, rows count lines and the
// *_rows fields count filled cells.
struct ReadsStats {
  int64_t rows = 0;
  int64_t delivered_rows = 0;
  int64_t received_rows = 0;
  int64_t duplicate_rows = 0;
  int64_t late_rows = 0;
  int64_t missing_intervals = 0;  // interval-meter pairs without a read (gaps and outages)
  int64_t outage_intervals = 0;   // of which outages and stopped meters
  int64_t spikes = 0;
  int64_t bytes = 0;  // uncompressed

  void Add(const ReadsStats& o);
};

class ReadsFormatter {
 public:
  // `id_digits`: width of the zero-padded meter number (M + digits).
  ReadsFormatter(ReadsLayout layout, int id_digits);

  static std::string Header(ReadsLayout layout);

  // Appends the rows of `block` (meter-days of one day) to `out`, and the late rows of the day
  // before that these meter-days carry to `late_out`.
  void AppendBlock(std::span<const MeterDay> block, std::string* out, std::string* late_out,
                   ReadsStats* stats);

 private:
  void PrepareDay(int64_t utc_day);
  void AppendLong(const MeterDay& md, std::string* out, std::string* late_out, ReadsStats* stats);
  void AppendWide(const MeterDay& md, std::string* out, std::string* late_out, ReadsStats* stats);
  // Appends "M0000042" for the meter.
  char* PutId(int64_t index, char* p) const;

  ReadsLayout layout_;
  int id_digits_;
  int64_t day_ = INT64_MIN;
  // Timestamps "2026-07-01T00:15:00Z" of the day and of the day before (late rows).
  char stamps_[kSlotsPerDay][20];
  char prev_stamps_[kSlotsPerDay][20];
  char date_[10];
  char prev_date_[10];
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_READS_FORMATTER_H_
