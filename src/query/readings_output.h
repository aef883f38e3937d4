// readings_output.h: a meter's readings over a time range as text, exactly as `gridline query
// readings` prints them and `GET /api/v1/meters/{id}/readings` answers (one implementation, so
// the two cannot drift): CSV `timestamp,kwh,quality` (a `value` column for channels not in kWh),
// or JSON `{"meter":..,"channel":..,"unit":..,"layer":..,"readings":[{"timestamp":..,"kwh":..,
// "quality":..}]}`. Timestamps label the interval start in UTC ISO 8601 with `Z`; values have
// exactly the channel's decimals (kWh: 3). With `versions`, superseded raw values come before
// the latest of their slot, each with `arrived_at` and `status` (superseded/latest).
//
// The output is produced in pieces of at most one chunk window (4096 slots) so that a server
// can stream a long range without holding it; a command prints the pieces as they come.
//
// Thread-compatible: one thread uses an object at a time (a server may hand it from the thread
// that created it to the one that streams).
#ifndef GRIDLINE_QUERY_READINGS_OUTPUT_H_
#define GRIDLINE_QUERY_READINGS_OUTPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/json_writer.h"
#include "query/meter_series.h"
#include "query/output_format.h"
#include "storage/store.h"

namespace gridline::query {

struct ReadingsRequest {
  MeterSeries target;
  int64_t from = 0;  // UTC seconds, inclusive
  int64_t to = 0;    // UTC seconds, exclusive
  std::string layer = "validated";
  bool versions = false;
};

class ReadingsOutput {
 public:
  // `view` is the snapshot to read; find `request.target` after taking it, so that the series'
  // coverage includes everything the view holds.
  ReadingsOutput(std::unique_ptr<storage::ReadView> view, ReadingsRequest request,
                 OutputFormat format);
  ReadingsOutput(const ReadingsOutput&) = delete;
  ReadingsOutput& operator=(const ReadingsOutput&) = delete;

  // Appends the next piece to *out: the header, then the rows of one or more chunk windows (at
  // least one row unless the range has none), then the closing text. Returns false, appending
  // nothing, once the output is complete. DataLoss when a chunk is corrupt: the output ends
  // there, unfinished.
  absl::StatusOr<bool> Next(std::string* out);

  // Slots in the requested range: an upper bound of the rows without versions.
  int64_t slot_count() const { return end_slot_ - first_slot_; }
  uint64_t rows() const { return rows_; }

 private:
  void Row(int64_t time, int64_t value, Quality quality, storage::BatchId batch, const char* status,
           std::string* out);
  void AppendArrival(storage::BatchId batch, std::string* out) const;
  absl::Status ReadWindow(int64_t from_slot, int64_t to_slot, std::string* out);

  std::unique_ptr<storage::ReadView> view_;
  const ReadingsRequest request_;
  const OutputFormat format_;
  const int scale_;
  const std::string column_;
  int64_t first_slot_ = 0;
  int64_t end_slot_ = 0;
  int64_t next_slot_ = 0;  // the first slot not yet read
  enum class State : uint8_t { kHeader, kRows, kDone } state_ = State::kHeader;
  JsonStringSink sink_{nullptr};
  JsonWriter json_{sink_};
  std::vector<storage::Version> older_;  // superseded versions of the window being read
  uint64_t rows_ = 0;
};

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_READINGS_OUTPUT_H_
