// espi_feed_writer.h: one meter's readings as a Green Button (NAESB ESPI) Atom feed, the export of
// `gridline export greenbutton` and `GET /api/v1/meters/{id}/greenbutton`.
//
// The feed: a UsagePoint (its self href ends in `UsagePoint/{meter}`, so the import names the
// meter the same), LocalTimeParameters (UTC: readings are stored in UTC), and per channel that
// ESPI can carry a MeterReading, its ReadingType (espi_reading_type.h, read backwards) and one
// IntervalBlock per UTC day; costs (the `cost` series) go into the <cost> of the kwh_delivered
// readings (kwh_net when there is no delivered series). Elements are written in the order of
// espi.xsd's sequences (docs/import.md "Green Button export" lists the rules the tests check), so
// `gridline import greenbutton` reads an export back to the same readings.
#ifndef GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_WRITER_H_
#define GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_WRITER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace gridline::ingest {

struct EspiExportRequest {
  std::string meter;
  int64_t from = 0;  // UTC seconds, inclusive
  int64_t to = 0;    // exclusive
  // Readings at most (0: no bound); more is FailedPrecondition asking for a shorter range.
  uint64_t max_readings = 0;
};

// Writes the feed through `write`, in pieces of about 1 MiB, from one snapshot of `store`.
// Returns the IntervalReadings written. NotFound when the meter has no series ESPI can carry;
// a failed `write` ends the export with its status.
absl::StatusOr<uint64_t> WriteEspiFeed(storage::Store* store, const EspiExportRequest& request,
                                       const std::function<absl::Status(std::string_view)>& write);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_WRITER_H_
