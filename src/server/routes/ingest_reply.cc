// ingest_reply.cc: the write routes' parameters, import run and answer (ingest_reply.h).
#include "server/routes/ingest_reply.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_flags.h"
#include "ingest/csv/meter_table.h"
#include "ingest/json/json_readings.h"
#include "server/api_error.h"
#include "server/metrics.h"
#include "server/transport/body_inflater.h"
#include "server/upload_spool.h"
#include "storage/catalog.h"

namespace gridline::server {

namespace {

// Bodies up to this size are parsed on the request's thread; larger ones use a thread per core.
constexpr size_t kParallelParseBytes = size_t{8} << 20;
// Readings per durable write of a streamed upload: the importer holds two such batches (one
// filling, one being written) at 24 bytes a reading, so this bounds an upload's memory with the
// body queue and the parse blocks, whatever its length (the CLI's 4 M would cost 200 MB).
constexpr size_t kStreamCommitReadings = size_t{256} << 10;

Where WhereOf(const ingest::RowError& e, bool json_indexes) {
  Where w;
  if (json_indexes) {
    w.index = static_cast<int64_t>(e.line) - static_cast<int64_t>(ingest::kLineOfFirstReading);
  } else {
    w.line = static_cast<int64_t>(e.line);
  }
  w.field = e.field;
  return w;
}

// The counts the caller's role may see: the ingest role must not learn whether a value it sent
// was already stored (that would confirm a guessed reading), so for it duplicates and new
// versions are folded into `accepted` and reported as 0; admin sees them apart
// (docs/conventions.md).
struct VisibleCounts {
  uint64_t accepted, duplicates, versions;
};

VisibleCounts CountsFor(Role role, const ingest::FileReport& r) {
  const uint64_t accepted = r.refused ? 0 : r.added;
  if (role == Role::kIngest) {
    return {r.refused ? 0 : accepted + r.duplicates + r.versions, 0, 0};
  }
  return {accepted, r.duplicates, r.versions};
}

void WriteReport(JsonWriter& w, Role role, const ingest::FileReport& r,
                 const std::vector<ingest::RowError>& errors, bool json_indexes) {
  const VisibleCounts counts = CountsFor(role, r);
  WriteKey(w, "readings");
  w.Uint64(r.readings);
  WriteKey(w, "accepted");
  w.Uint64(counts.accepted);
  WriteKey(w, "duplicates");
  w.Uint64(counts.duplicates);
  WriteKey(w, "versions");
  w.Uint64(counts.versions);
  WriteKey(w, "rejected");
  w.Uint64(r.rejected);
  WriteKey(w, "rounded");
  w.Uint64(r.rounded);
  WriteKey(w, "series_created");
  w.Uint64(r.series_created);
  WriteKey(w, "refused");
  w.Bool(r.refused);
  if (!r.notes.empty()) {
    // What the format said about the input (skipped record types, moved register reads).
    WriteKey(w, "notes");
    w.StartArray();
    for (const std::string& note : r.notes) WriteString(w, note);
    w.EndArray();
  }
  WriteKey(w, "errors");
  w.StartArray();
  for (const ingest::RowError& e : errors) {
    w.StartObject();
    if (json_indexes) {
      WriteKey(w, "index");
      w.Int64(static_cast<int64_t>(e.line) - static_cast<int64_t>(ingest::kLineOfFirstReading));
    } else {
      WriteKey(w, "line");
      w.Uint64(e.line);
    }
    WriteKey(w, "field");
    WriteString(w, e.field);
    WriteKey(w, "reason");
    WriteString(w, e.reason);
    w.EndObject();
  }
  w.EndArray();
  WriteKey(w, "errors_listed");
  w.Uint64(errors.size());
  // What the format says about the input (a Green Button repair, the zone of local times).
  if (!r.notes.empty()) {
    WriteKey(w, "notes");
    w.StartArray();
    for (const std::string& note : r.notes) WriteString(w, note);
    w.EndArray();
  }
}

// Whether a body of this many bytes (Content-Length; unknown for a chunked stream) is parsed on
// a thread per core.
bool ParseInParallel(const ApiRequest& request, const IngestJob& job) {
  if (job.stream == nullptr) return job.body.size() > kParallelParseBytes;
  uint64_t length = 0;
  const std::string header = request.Header("Content-Length");
  return !absl::SimpleAtoi(header, &length) || length > kParallelParseBytes;
}

// Imports a streamed body: as it arrives, or spooled first for all-or-nothing.
absl::StatusOr<ingest::FileReport> ImportStream(const ApiRequest& request,
                                                ingest::Importer& importer, const IngestJob& job) {
  // The transport refused any other encoding (415) before the handler ran.
  const absl::StatusOr<transport::ContentEncoding> encoding =
      transport::ParseContentEncoding(request.Header("Content-Encoding"));
  const ingest::InputFile::Compression compression =
      encoding.ok() && *encoding == transport::ContentEncoding::kDeflate
          ? ingest::InputFile::Compression::kZlib
          : ingest::InputFile::Compression::kDetect;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ingest::InputFile> in,
                      ingest::InputFile::FromStream("body", job.stream, compression,
                                                    request.context().limits.max_upload_bytes,
                                                    "serve --max-upload"));
  if (!job.options.strict) return importer.ImportStream(*job.format, "body", std::move(in));
  GL_ASSIGN_OR_RETURN(std::unique_ptr<SpooledUpload> spool,
                      SpooledUpload::Spool(request.context().data_dir, in.get()));
  return importer.ImportFile(*job.format, spool->path(), "body");
}

}  // namespace

std::vector<ParamSpec> IngestParams() {
  return {
      QueryParam("tz", ParamType::kString, "IANA zone of timestamps without an offset", false,
                 "UTC"),
      QueryParam("channel", ParamType::kString,
                 "channel of a `value` column (and the default when there is no channel column)",
                 false, "kwh_delivered"),
      QueryParam("strict", ParamType::kBoolean,
                 "all or nothing: a body with any error is refused and nothing is stored", false,
                 "false"),
      QueryParam("round", ParamType::kBoolean,
                 "round values with more decimals than the channel holds (half away from zero) "
                 "instead of rejecting them",
                 false, "false"),
      EnumParam("label", {"start", "end"}, "timestamps label the interval's start or end", "start"),
      QueryParam("interval", ParamType::kString,
                 "interval of new series (15m, 1h...); learned from the data otherwise"),
      QueryParam("columns", ParamType::kString,
                 "CSV: what each column holds, ROLE=COLUMN,... (meter, timestamp, date, time, "
                 "zone, quality, channel, value, kwh, wh or a channel name; * for the rest)"),
      QueryParam("time_format", ParamType::kString,
                 "CSV: timestamp pattern, e.g. %m/%d/%Y %H:%M (default ISO 8601)"),
      QueryParam("unit", ParamType::kString,
                 "CSV: unit of the values (kwh, wh, mwh, or average kw, w, mw over the interval), "
                 "or COLUMN=UNIT,..."),
      QueryParam("skip", ParamType::kString, "CSV: lines before the header to skip"),
  };
}

absl::StatusOr<ingest::ImportOptions> IngestOptions(const ApiRequest& request) {
  ingest::ImportOptions o;
  GL_ASSIGN_OR_RETURN(o.strict, request.Bool("strict", false));
  GL_ASSIGN_OR_RETURN(o.csv.round, request.Bool("round", false));
  if (request.Query("tz")) {
    GL_ASSIGN_OR_RETURN(o.csv.zone, request.Zone("tz"));
    o.csv.zone_given = true;
  }
  // The CSV flags, checked as the command line checks them (a mapping file is not read here).
  static constexpr struct {
    const char* param;
    std::string ingest::CsvFlagText::*field;
  } kCsvParams[] = {{"columns", &ingest::CsvFlagText::columns},
                    {"time_format", &ingest::CsvFlagText::time_format},
                    {"unit", &ingest::CsvFlagText::unit},
                    {"skip", &ingest::CsvFlagText::skip}};
  for (const auto& p : kCsvParams) {
    std::optional<std::string> v = request.Query(p.param);
    if (!v) continue;
    ingest::CsvFlagText one;
    one.*p.field = *v;
    if (absl::Status s = ingest::ApplyCsvFlags(one, /*allow_files=*/false, &o.csv); !s.ok()) {
      return InvalidParameter(p.param, StdView(s.message()));
    }
  }
  if (std::optional<std::string> channel = request.Query("channel")) {
    o.csv.channel = ChannelFromName(*channel);
    if (!o.csv.channel) {
      return InvalidParameter("channel", fmt::format("unknown channel '{}'", *channel));
    }
  }
  o.placement.label_end = request.QueryOr("label", "start") == "end";
  if (std::optional<std::string> interval = request.Query("interval")) {
    absl::StatusOr<int64_t> s = ParseDurationSeconds(*interval);
    if (!s.ok() || !storage::IsValidInterval(*s)) {
      return InvalidParameter("interval", fmt::format("'{}' is not a whole divisor of a day (1s, "
                                                      "1m, 5m, 15m, 30m, 1h, ...)",
                                                      *interval));
    }
    o.placement.interval_s = *s;
  }
  return o;
}

std::vector<ParamSpec> IngestFormatParams() {
  std::vector<ParamSpec> params = IngestParams();
  params.push_back(QueryParam("meter", ParamType::kString,
                              "the meter of every reading of a single-meter input"));
  params.push_back(EnumParam("mode", {"best-effort", "all-or-nothing"},
                             "best-effort stores the good readings and lists the rejected ones; "
                             "all-or-nothing is strict=true",
                             "best-effort"));
  params.push_back(QueryParam("register_to_interval", ParamType::kBoolean,
                              "CMEP: also store the differences of consecutive register reads as "
                              "kwh_delivered intervals",
                              false, "false"));
  params.push_back(QueryParam("register_tolerance", ParamType::kString,
                              "CMEP: move register reads this close to an interval boundary "
                              "(e.g. 5m) onto it",
                              false, "0s"));
  return params;
}

absl::StatusOr<ingest::ImportOptions> IngestFormatOptions(const ApiRequest& request) {
  GL_ASSIGN_OR_RETURN(ingest::ImportOptions o, IngestOptions(request));
  if (std::optional<std::string> meter = request.Query("meter")) {
    if (const std::string problem = ingest::MeterIdProblem(*meter); !problem.empty()) {
      return InvalidParameter("meter", problem);
    }
    o.meter = *meter;
  }
  if (request.QueryOr("mode", "best-effort") == "all-or-nothing") o.strict = true;
  GL_ASSIGN_OR_RETURN(o.register_to_interval, request.Bool("register_to_interval", false));
  if (std::optional<std::string> tolerance = request.Query("register_tolerance")) {
    absl::StatusOr<int64_t> s = ParseDurationSeconds(*tolerance);
    if (!s.ok() || *s < 0) {
      return InvalidParameter("register_tolerance",
                              fmt::format("'{}' is not a duration (30s, 2m, 5m)", *tolerance));
    }
    o.register_tolerance_s = *s;
  }
  return o;
}

absl::Status RunIngest(const ApiRequest& request, Reply& reply, IngestJob job) {
  std::vector<ingest::RowError> errors = std::move(job.rejected);
  const uint64_t early_rejected = errors.size();
  ingest::FileReport report;
  if (early_rejected > 0 && job.options.strict) {
    report.file = "body";
    report.refused = true;
  } else {
    job.options.parse_threads = ParseInParallel(request, job) ? 0 : 1;
    if (job.stream != nullptr) job.options.commit_readings = kStreamCommitReadings;
    job.options.on_error = [&errors](const ingest::RowError& e) {
      if (errors.size() < kMaxListedErrors) errors.push_back(e);
    };
    ingest::Importer importer(&request.store(), job.options);
    absl::StatusOr<ingest::FileReport> r = job.stream != nullptr
                                               ? ImportStream(request, importer, job)
                                               : importer.ImportText(*job.format, "body", job.body);
    if (!r.ok()) {
      // A header that is not understood, or a write that failed: nothing (or only the durable
      // part) was stored. A header problem is the caller's: say where.
      if (r.status().code() == absl::StatusCode::kInvalidArgument && job.format->name == "csv") {
        Where where;
        where.line = 1;
        where.field = "header";
        return WithWhere(r.status(), where);
      }
      return r.status();
    }
    report = *std::move(r);
  }
  report.readings += early_rejected;
  report.rejected += early_rejected;
  std::stable_sort(
      errors.begin(), errors.end(),
      [](const ingest::RowError& a, const ingest::RowError& b) { return a.line < b.line; });
  IngestCounts counts;
  counts.accepted = report.refused ? 0 : report.added;
  counts.duplicates = report.duplicates;
  counts.versions = report.versions;
  counts.rejected = report.refused ? report.readings : report.rejected;
  counts.rounded = report.rounded;
  request.context().metrics->AddIngest(counts);

  if (job.influx_answers) {
    if (report.rejected == 0 && !report.refused) {
      reply.set_status(204);
      return absl::OkStatus();
    }
    std::string message =
        fmt::format("partial write: {} of {} points rejected", report.rejected, report.readings);
    if (!errors.empty()) {
      message += fmt::format("; the first: line {}: {}: {}", errors.front().line,
                             errors.front().field, errors.front().reason);
    }
    reply.set_status(400);
    reply.Json([&](JsonWriter& w) {
      w.StartObject();
      WriteErrorMembers(w, "partial_write", message, "");
      WriteReport(w, request.role(), report, errors, false);
      w.EndObject();
    });
    return absl::OkStatus();
  }
  if (report.refused) {
    const std::string message =
        fmt::format("strict=true: {} of {} readings rejected, nothing was stored", report.rejected,
                    report.readings);
    std::string detail;
    if (!errors.empty()) {
      JsonStringSink sink(&detail);
      JsonWriter dw(sink);
      WriteWhere(dw, WhereOf(errors.front(), job.json_indexes));
    }
    reply.set_status(400);
    reply.Json([&](JsonWriter& w) {
      w.StartObject();
      WriteErrorMembers(w, "invalid_argument", message, detail);
      WriteReport(w, request.role(), report, errors, job.json_indexes);
      w.EndObject();
    });
    return absl::OkStatus();
  }
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteReport(w, request.role(), report, errors, job.json_indexes);
    w.EndObject();
  });
  return absl::OkStatus();
}

}  // namespace gridline::server
