// ingest_reply.h: what the write routes share: their parameters (tz, channel, strict, round,
// label, interval), running the import pipeline on a request body (ingest/importer.h, the
// same code as `gridline import csv`), and the answer:
//
//   {"readings": 96, "accepted": 95, "duplicates": 0, "versions": 0, "rejected": 1,
//    "rounded": 0, "series_created": 1, "refused": false,
//    "errors": [{"line": 3, "field": "kwh", "reason": "not a decimal number: 'abc'"}],
//    "errors_listed": 1}
//
// For the `ingest` role, `accepted` counts duplicates and new versions too, and both are 0: a
// writer must not learn whether a value it sent was stored already (docs/conventions.md); admin
// sees them apart. 200 once every accepted reading is durable (Store::Write returns after the
// synced group commit). Rows of a CSV body are named by `line` (1-based, the header is line 1),
// readings of a JSON body by `index` (0-based). The first kMaxListedErrors errors are listed. With
// strict=true a body with any error is refused whole: 400 `invalid_argument`, nothing stored,
// the same members beside error/message/detail (detail: the first error's where).
#ifndef GRIDLINE_SERVER_ROUTES_INGEST_REPLY_H_
#define GRIDLINE_SERVER_ROUTES_INGEST_REPLY_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/importer.h"
#include "ingest/input_formats.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/route.h"

namespace gridline::server {

inline constexpr size_t kMaxListedErrors = 1000;

// tz, channel, strict, round, label, interval.
std::vector<ParamSpec> IngestParams();

// ImportOptions from those parameters (InvalidParameter for a bad zone, channel or interval).
absl::StatusOr<ingest::ImportOptions> IngestOptions(const ApiRequest& request);

struct IngestJob {
  const ingest::InputFormat* format = ingest::FindInputFormat("csv");
  std::string_view body;  // the input to import, in `format`
  // Or the input as it arrives (a streaming route): read once; `mode=all-or-nothing` spools it
  // to a file first (upload_spool.h). Content-Encoding gzip and deflate are inflated as it is
  // read.
  ingest::ByteStream* stream = nullptr;
  ingest::ImportOptions options;
  std::vector<ingest::RowError> rejected;  // rows refused before the CSV (a JSON body's shape)
  bool json_indexes = false;               // name rows by JSON index, not CSV line
  // InfluxDB's /write answers: 204 with no body when every reading was accepted, else 400
  // `partial_write` with the members above, as its clients expect (they log a 400 and go on).
  bool influx_answers = false;
};

// The parameters of POST /api/v1/ingest/{format}: IngestParams() and `meter`, `mode`.
std::vector<ParamSpec> IngestFormatParams();

// IngestOptions() with `meter` and `mode=best-effort|all-or-nothing` (the latter as strict=true).
absl::StatusOr<ingest::ImportOptions> IngestFormatOptions(const ApiRequest& request);

// Imports job.body (or job.stream) and answers as above; counts the outcome in the metrics.
absl::Status RunIngest(const ApiRequest& request, Reply& reply, IngestJob job);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTES_INGEST_REPLY_H_
