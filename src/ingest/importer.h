// importer.h: imports interval reads into the store, from any input format (input_formats.h).
//
// The pipeline for one input: the format's BlockSource (block_source.h) turns bytes into parsed
// blocks in input order (CSV parses blocks on a pool of threads); the calling thread places
// their readings on series grids (series_placer.h); a writer thread hands every ~1 M placed
// readings to Store::Write, which returns once they are durable. Readings that cannot be stored
// become RowErrors; they never stop the import unless `strict` is set, in which case a
// validation pass first reads the whole input without writing, and an input with any error is
// refused as a whole.
//
// The same pipeline reads text in memory (ImportText) and streams read once as they arrive
// (ImportStream: a streamed HTTP upload), so the HTTP API imports exactly as the command line
// does.
//
// Progress reports "durable through line N": every accepted reading of an earlier line is in
// the store's synced log, so a crash after that report loses none of them.
#ifndef GRIDLINE_INGEST_IMPORTER_H_
#define GRIDLINE_INGEST_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/import_options.h"
#include "ingest/input_formats.h"
#include "ingest/row_error.h"
#include "ingest/series_placer.h"
#include "storage/store.h"

namespace gridline::ingest {

struct FileReport {
  std::string file;
  uint64_t lines = 0;        // lines read, header included
  uint64_t readings = 0;     // readings found in the file (good and rejected)
  uint64_t added = 0;        // stored in slots that had no value
  uint64_t duplicates = 0;   // identical to the stored value or to an earlier line's: not written
  uint64_t versions = 0;     // a different value for a filled slot: a new raw version
  uint64_t rejected = 0;     // readings refused, each reported as a RowError
  uint64_t rounded = 0;      // values --round changed
  uint64_t naive_times = 0;  // timestamps without offset, read in the --tz zone (UTC by default)
  std::string input_zone;    // without --tz: the zone the input names for them, if any
  uint64_t series_created = 0;
  // 0 when two values for one slot were checked across the whole file; else N: the check's
  // memory budget (PlacerOptions::slot_history_bytes) ran out and it covered lines 1..N only, so
  // a later second value for an earlier slot became a new version (series_placer.h).
  uint64_t slot_check_stopped_after = 0;
  // New series with the interval each got: the first SeriesPlacer::kMaxListedSeries, and how
  // many got each interval (seconds -> count). Filled in the validation pass of --strict too.
  std::vector<NewSeries> new_series;
  std::map<int64_t, uint64_t> new_series_intervals;
  bool refused = false;                // --strict found errors: nothing from this file was stored
  std::vector<RowError> first_errors;  // the first kMaxListedErrors
  std::vector<std::string> notes;      // what the format says about the input (BlockSource::Notes)
  double seconds = 0;

  static constexpr size_t kMaxListedErrors = 20;
};

class Importer {
 public:
  Importer(storage::Store* store, ImportOptions options);

  // Imports the file at `path` ("-" is standard input; gzip is detected) in `format`. Fails
  // without storing anything when the file cannot be opened or its start (a CSV header) is not
  // understood; fails after storing the durable part when reading breaks off midway (the
  // message says where).
  // `name`, when given, names the input in the report and row errors instead of `path` (a
  // spooled upload is "body").
  absl::StatusOr<FileReport> ImportFile(const InputFormat& format, const std::string& path,
                                        const std::string& name = "");

  // Imports text held in memory (an HTTP request body; gzip is detected), named `name` in the
  // report and its row errors. `text` must stay valid during the call. Fails as ImportFile.
  absl::StatusOr<FileReport> ImportText(const InputFormat& format, const std::string& name,
                                        std::string_view text);

  // Imports `in`, read once as it arrives (a streamed HTTP upload), named `name`. Its bytes
  // are parsed as they come, so memory stays O(parse blocks) whatever its length. Fails as
  // ImportFile; when the stream breaks off (the client went away, a limit) the durable part
  // stays stored and the error has the stream's code. REQUIRES: !options.strict (the
  // validation pass would need the input twice: spool it to a file and use ImportFile).
  absl::StatusOr<FileReport> ImportStream(const InputFormat& format, const std::string& name,
                                          std::unique_ptr<InputFile> in);

  // Places the readings of `text` as ImportText would and appends them to `into->readings` in
  // input order, without writing them: the caller writes `into` (the readings of several inputs
  // in one write, as the MQTT feed does with a batch of messages) and learns added, duplicates
  // and versions from its counts. The report counts readings, rejected, rounded and
  // series_created; `added` is the readings placed, `duplicates` the repeats within the text.
  // New series are in the catalog, durable with the write that holds them. InvalidArgument as
  // ImportText when the text's start is not understood. REQUIRES: !options.strict.
  absl::StatusOr<FileReport> PlaceText(const InputFormat& format, const std::string& name,
                                       std::string_view text, storage::WriteRequest* into);

  // ImportFile and ImportText in CSV.
  absl::StatusOr<FileReport> ImportCsv(const std::string& path);
  absl::StatusOr<FileReport> ImportCsvText(const std::string& name, std::string_view text);

 private:
  struct Source;
  absl::StatusOr<FileReport> Import(const Source& source);
  // `collect`: place into it instead of writing (PlaceText).
  absl::Status RunPass(const Source& source, bool dry_run, FileReport* report,
                       storage::WriteRequest* collect = nullptr);

  storage::Store* store_;
  ImportOptions options_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_IMPORTER_H_
