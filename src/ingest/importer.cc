#include "ingest/importer.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/channel.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/input_file.h"
#include "ingest/line_runs.h"

namespace gridline::ingest {

namespace {

// Why a reading in window `window` of `series` is refused: the window's stored chunk cannot be
// read. The store's own error text may name its files: it is not repeated.
std::string DamagedWindowReason(const storage::Catalog& catalog, storage::SeriesId series,
                                uint32_t window) {
  const storage::SeriesInfo info = catalog.GetSeries(series);
  const int64_t from = storage::FirstSlotOfWindow(window) * info.interval_s;
  return fmt::format(
      "meter {} {}: its stored window [{}, {}) is damaged and cannot be read, so this reading was "
      "not stored; run gridline repair, then import it again",
      catalog.AssetExternalId(info.asset), GetChannelSpec(info.channel).name, FormatIsoUtc(from),
      FormatIsoUtc(from + int64_t{storage::kWindowSlots} * info.interval_s));
}

// Writes placed readings on its own thread so placement goes on while a write syncs. At most one
// request waits behind the one being written. Readings the store refuses because they land in a
// damaged window become row errors on their lines (TakeRefused); the rest of the request is stored.
class CommitWriter {
 public:
  CommitWriter(storage::Store* store, const std::string& file)
      : store_(store), file_(file), thread_([this] { Run(); }) {}
  ~CommitWriter() {
    {
      absl::MutexLock l(&mu_);
      stop_ = true;
    }
    thread_.join();
  }

  // `lines` holds the input line of each of r's readings.
  void Submit(std::unique_ptr<storage::WriteRequest> r, std::unique_ptr<LineRuns> lines,
              uint64_t through_line) {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &CommitWriter::SlotFree));
    if (!status_.ok()) return;
    next_ = std::move(r);
    next_lines_ = std::move(lines);
    next_line_ = through_line;
  }

  // The row errors of readings refused since the last call, in line order per request.
  std::vector<RowError> TakeRefused() {
    absl::MutexLock l(&mu_);
    std::vector<RowError> out;
    out.swap(refused_);
    return out;
  }

  // Waits for every submitted request; the first error, if any.
  absl::Status Finish() {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(this, &CommitWriter::Idle));
    return status_;
  }

  absl::Status status() {
    absl::MutexLock l(&mu_);
    return status_;
  }
  uint64_t durable_line() {
    absl::MutexLock l(&mu_);
    return durable_line_;
  }
  storage::WriteCounts counts() {
    absl::MutexLock l(&mu_);
    return counts_;
  }

  // A written request to fill again (its readings cleared, its capacity kept), or a new one.
  std::unique_ptr<storage::WriteRequest> Recycle() {
    absl::MutexLock l(&mu_);
    if (done_.empty()) return std::make_unique<storage::WriteRequest>();
    std::unique_ptr<storage::WriteRequest> r = std::move(done_.back());
    done_.pop_back();
    r->readings.clear();
    return r;
  }

 private:
  // Await conditions: absl::Mutex evaluates them with mu_ held.
  bool SlotFree() const ABSL_SHARED_LOCKS_REQUIRED(mu_) { return next_ == nullptr; }
  bool Idle() const ABSL_SHARED_LOCKS_REQUIRED(mu_) { return next_ == nullptr && !busy_; }
  bool HasWorkOrStop() const ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_ || next_ != nullptr; }

  void Run() {
    pthread_setname_np(pthread_self(), "gl-commit");
    while (true) {
      std::unique_ptr<storage::WriteRequest> r;
      std::unique_ptr<LineRuns> lines;
      uint64_t line;
      {
        absl::MutexLock l(&mu_);
        mu_.Await(absl::Condition(this, &CommitWriter::HasWorkOrStop));
        if (next_ == nullptr) return;
        r = std::move(next_);
        lines = std::move(next_lines_);
        line = next_line_;
        busy_ = true;
      }
      const absl::Status s = store_->Write(r.get());
      std::vector<RowError> refused;
      if (s.ok()) refused = RefusedRows(*r, *lines);
      absl::MutexLock l(&mu_);
      refused_.insert(refused_.end(), std::make_move_iterator(refused.begin()),
                      std::make_move_iterator(refused.end()));
      busy_ = false;
      if (!s.ok()) {
        if (status_.ok()) status_ = s;
        continue;
      }
      counts_.Add(r->counts);
      durable_line_ = line;
      // Keep the buffer: refilling it costs no page faults.
      done_.push_back(std::move(r));
    }
  }

  // One row error per reading of `r` the store refused (a damaged window), on its line.
  std::vector<RowError> RefusedRows(const storage::WriteRequest& r, const LineRuns& lines) const {
    std::vector<RowError> out;
    for (const storage::DamagedWindowReadings& d : r.damaged) {
      const std::string reason = DamagedWindowReason(store_->catalog(), d.series, d.window);
      for (uint32_t i : d.readings) {
        out.push_back(RowError{file_, lines.LineOf(i), "timestamp", reason});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const RowError& a, const RowError& b) { return a.line < b.line; });
    return out;
  }

  storage::Store* store_;
  const std::string file_;
  absl::Mutex mu_;
  std::unique_ptr<storage::WriteRequest> next_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<LineRuns> next_lines_ ABSL_GUARDED_BY(mu_);
  std::vector<RowError> refused_ ABSL_GUARDED_BY(mu_);
  uint64_t next_line_ ABSL_GUARDED_BY(mu_) = 0;
  bool busy_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  uint64_t durable_line_ ABSL_GUARDED_BY(mu_) = 0;
  storage::WriteCounts counts_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<storage::WriteRequest>> done_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// Collects what the placer decides into the pending write request and the report.
class RouteSink : public PlacerSink {
 public:
  RouteSink(const std::string& file, FileReport* report, const ImportOptions& options)
      : file_(file), report_(report), options_(options) {}

  void Accept(const storage::Reading& reading, uint64_t line) override {
    ++accepted_;
    if (request_ != nullptr) {
      request_->readings.push_back(reading);
      lines_->Append(line);
    } else if (reading.series != 0) {
      // The validation pass of --strict: the stored windows the write would read, for
      // RejectDamagedWindows.
      auto [it, added] = windows_.try_emplace(
          (uint64_t{reading.series} << 32) | storage::WindowOfSlot(reading.slot), line, 0);
      ++it->second.second;
    }
  }
  // --strict validates before anything is stored, so a reading the write would refuse for a
  // damaged window (store.h: Write) is a row error here: the first line of each such window, with
  // every reading of it counted as rejected.
  void RejectDamagedWindows(const storage::Store& store) {
    std::vector<std::pair<uint64_t, uint64_t>> damaged;  // (first line, key)
    for (const auto& [key, first_and_count] : windows_) {
      if (!store
               .CheckWindowReadable(static_cast<storage::SeriesId>(key >> 32),
                                    static_cast<uint32_t>(key))
               .ok()) {
        damaged.emplace_back(first_and_count.first, key);
      }
    }
    std::sort(damaged.begin(), damaged.end());
    for (const auto& [line, key] : damaged) {
      const uint64_t count = windows_[key].second;
      report_->rejected += count;
      AddError(RowError{file_, line, "timestamp",
                        fmt::format("{} ({} reading(s) of this input land in that window)",
                                    DamagedWindowReason(store.catalog(),
                                                        static_cast<storage::SeriesId>(key >> 32),
                                                        static_cast<uint32_t>(key)),
                                    count)});
    }
  }
  void Reject(uint64_t line, std::string field, std::string reason) override {
    ++report_->rejected;
    AddError(RowError{file_, line, std::move(field), std::move(reason)});
  }
  void Duplicate(uint64_t /*line*/) override { ++duplicates_; }
  void AddError(RowError e) {
    if (options_.on_error) options_.on_error(e);
    if (report_->first_errors.size() < FileReport::kMaxListedErrors) {
      report_->first_errors.push_back(std::move(e));
    }
  }

  void set_request(storage::WriteRequest* r, LineRuns* lines) {
    request_ = r;
    lines_ = lines;
  }
  uint64_t accepted() const { return accepted_; }
  uint64_t duplicates() const { return duplicates_; }

 private:
  const std::string& file_;
  FileReport* report_;
  const ImportOptions& options_;
  storage::WriteRequest* request_ = nullptr;
  LineRuns* lines_ = nullptr;  // the line of each of request_'s readings
  // In the validation pass: (series << 32 | window) -> (first line, readings) of stored series.
  absl::flat_hash_map<uint64_t, std::pair<uint64_t, uint64_t>> windows_;
  uint64_t accepted_ = 0;
  uint64_t duplicates_ = 0;  // repeats of an earlier line's value for the same slot
};

uint64_t FileSize(const std::string& path) {
  struct stat st;
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<uint64_t>(st.st_size);
}

// Copies standard input to a temporary file so that --strict can read it twice.
absl::StatusOr<std::string> SpoolStdin() {
  char name[] = "/tmp/gridline-stdin-XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd < 0) return absl::UnavailableError("cannot create a temporary file for standard input");
  std::unique_ptr<FILE, int (*)(FILE*)> out(::fdopen(fd, "wb"), &std::fclose);
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0) {
    if (std::fwrite(buf.data(), 1, n, out.get()) != n) {
      ::unlink(name);
      return absl::UnavailableError("cannot spool standard input to a temporary file");
    }
  }
  return std::string(name);
}

}  // namespace

// Where an import reads from: a way to open it (again, for the second pass of --strict).
struct Importer::Source {
  std::string display_name;
  BlockSourceOpener open;
  uint64_t bytes = 0;  // its size when known, for progress
};

Importer::Importer(storage::Store* store, ImportOptions options)
    : store_(store), options_(std::move(options)) {
  // The parser leaves naive local times of --label end files to the placer (ParsedRow::local_end).
  options_.csv.label_end = options_.placement.label_end;
}

absl::StatusOr<FileReport> Importer::ImportFile(const InputFormat& format, const std::string& path,
                                                const std::string& name) {
  const std::string& display = name.empty() ? path : name;
  std::string source_path = path;
  std::string spooled;
  if (options_.strict && path == "-") {
    GL_ASSIGN_OR_RETURN(spooled, SpoolStdin());
    source_path = spooled;
  }
  struct Unlink {
    std::string path;
    ~Unlink() {
      if (!path.empty()) ::unlink(path.c_str());
    }
  } unlink_spool{spooled};
  Source source{display,
                [&]() -> absl::StatusOr<std::unique_ptr<BlockSource>> {
                  GL_ASSIGN_OR_RETURN(std::unique_ptr<InputFile> in, InputFile::Open(source_path));
                  return format.open(std::move(in), display, options_);
                },
                FileSize(source_path)};
  return Import(source);
}

absl::StatusOr<FileReport> Importer::ImportStream(const InputFormat& format,
                                                  const std::string& name,
                                                  std::unique_ptr<InputFile> in) {
  if (options_.strict) {
    return absl::FailedPreconditionError(
        "an all-or-nothing import reads its input twice: spool a stream to a file first");
  }
  Source source{name,
                [&]() -> absl::StatusOr<std::unique_ptr<BlockSource>> {
                  if (in == nullptr) return absl::FailedPreconditionError("a stream is read once");
                  return format.open(std::move(in), name, options_);
                },
                0};
  return Import(source);
}

absl::StatusOr<FileReport> Importer::ImportText(const InputFormat& format, const std::string& name,
                                                std::string_view text) {
  Source source{name,
                [&]() -> absl::StatusOr<std::unique_ptr<BlockSource>> {
                  GL_ASSIGN_OR_RETURN(std::unique_ptr<InputFile> in,
                                      InputFile::FromText(name, text));
                  return format.open(std::move(in), name, options_);
                },
                text.size()};
  return Import(source);
}

absl::StatusOr<FileReport> Importer::PlaceText(const InputFormat& format, const std::string& name,
                                               std::string_view text, storage::WriteRequest* into) {
  GL_CHECK(!options_.strict);
  Source source{name,
                [&]() -> absl::StatusOr<std::unique_ptr<BlockSource>> {
                  GL_ASSIGN_OR_RETURN(std::unique_ptr<InputFile> in,
                                      InputFile::FromText(name, text));
                  return format.open(std::move(in), name, options_);
                },
                text.size()};
  FileReport report;
  report.file = name;
  GL_RETURN_IF_ERROR(RunPass(source, /*dry_run=*/false, &report, into));
  return report;
}

absl::StatusOr<FileReport> Importer::ImportCsv(const std::string& path) {
  return ImportFile(*FindInputFormat("csv"), path);
}

absl::StatusOr<FileReport> Importer::ImportCsvText(const std::string& name, std::string_view text) {
  return ImportText(*FindInputFormat("csv"), name, text);
}

absl::StatusOr<FileReport> Importer::Import(const Source& source) {
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  if (options_.strict) {
    FileReport validation;
    GL_RETURN_IF_ERROR(RunPass(source, /*dry_run=*/true, &validation));
    if (validation.rejected > 0) {
      validation.refused = true;
      validation.seconds = elapsed();
      return validation;
    }
  }
  FileReport report;
  GL_RETURN_IF_ERROR(RunPass(source, /*dry_run=*/false, &report));
  report.seconds = elapsed();
  return report;
}

absl::Status Importer::RunPass(const Source& source, bool dry_run, FileReport* report,
                               storage::WriteRequest* collect) {
  const std::string& display_name = source.display_name;
  *report = FileReport();
  report->file = display_name;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<BlockSource> blocks, source.open());
  const SourceLayout& layout = blocks->layout();

  PlacerOptions placement = options_.placement;
  placement.dry_run = dry_run;
  // A wide row's times come from its labels, which the parser already read as ends.
  placement.label_end = options_.placement.label_end && layout.honours_label_end;
  placement.zone = options_.csv.zone;
  placement.round = options_.csv.round;
  if (!layout.zone_name.empty() && !options_.csv.zone_given) {
    placement.zone = layout.zone;
    report->input_zone = layout.zone_name;
  }
  placement.field_names = layout.field_names;
  SeriesPlacer placer(&store_->catalog(), std::move(placement));
  RouteSink sink(report->file, report, options_);
  std::unique_ptr<CommitWriter> writer;
  std::unique_ptr<storage::WriteRequest> request;
  std::unique_ptr<LineRuns> lines;
  storage::BatchId batch = 0;
  if (collect != nullptr) {
    // The caller writes: its request takes every reading, so no commit happens here.
    lines = std::make_unique<LineRuns>();
    sink.set_request(collect, lines.get());
  } else if (!dry_run) {
    batch = store_->NewBatch(display_name);
    writer = std::make_unique<CommitWriter>(store_, report->file);
    request = std::make_unique<storage::WriteRequest>();
    request->batch = batch;
    request->readings.reserve(options_.commit_readings + 4096);
    lines = std::make_unique<LineRuns>();
    sink.set_request(request.get(), lines.get());
  }
  // Readings a write refused (damaged windows) become row errors.
  const bool writes = !dry_run && collect == nullptr;
  auto take_refused = [&] {
    if (writer == nullptr) return;
    for (RowError& e : writer->TakeRefused()) {
      ++report->rejected;
      sink.AddError(std::move(e));
    }
  };
  auto commit = [&](uint64_t through_line) {
    if (!writes || request->readings.empty()) return;
    writer->Submit(std::move(request), std::move(lines), through_line);
    request = writer->Recycle();
    request->batch = batch;
    request->readings.reserve(options_.commit_readings + 4096);
    lines = std::make_unique<LineRuns>();
    sink.set_request(request.get(), lines.get());
    take_refused();
  };

  ImportProgress progress;
  progress.file = &report->file;
  progress.file_bytes = source.bytes;
  progress.validating = dry_run;

  auto report_progress = [&](uint64_t line) {
    if (!options_.on_progress) return;
    progress.bytes_read = blocks->bytes_read();
    progress.lines = line;
    progress.readings = report->readings;
    if (writer != nullptr) progress.durable_line = writer->durable_line();
    options_.on_progress(progress);
  };

  uint64_t next_line = layout.first_line;
  absl::Status read_status;
  std::vector<uint32_t> handles;
  ParsedBlock p;
  while (true) {
    p.Clear();
    absl::StatusOr<bool> more = blocks->Next(&p);
    if (!more.ok()) {
      read_status = more.status();
      break;
    }
    if (!*more) break;
    const uint64_t first_line = next_line;
    handles.resize(p.meters.size());
    for (size_t i = 0; i < p.meters.size(); ++i) handles[i] = placer.MeterHandle(p.meters[i]);
    size_t e = 0;
    for (const ParsedRow& row : p.rows) {
      while (e < p.errors.size() && p.errors[e].line <= row.line) {
        RowError err = p.errors[e++];
        err.file = report->file;
        err.line += first_line;
        sink.AddError(std::move(err));
      }
      placer.Place(handles[row.meter], row, first_line + row.line, &sink);
      if (writes && request->readings.size() >= options_.commit_readings) {
        commit(std::min(first_line + row.line, placer.first_waiting_line() - 1));
        report_progress(first_line + row.line);
      }
    }
    for (; e < p.errors.size(); ++e) {
      RowError err = p.errors[e];
      err.file = report->file;
      err.line += first_line;
      sink.AddError(std::move(err));
    }
    report->rejected += p.rejected_readings;
    report->readings += p.rows.size() + p.rejected_readings;
    report->rounded += p.rounded;
    report->naive_times += p.naive_times;
    next_line += p.line_count;

    if (writer != nullptr && !writer->status().ok()) break;
    report_progress(next_line - 1);
  }
  placer.FixAll(&sink);
  report->notes = blocks->Notes();
  if (dry_run) sink.RejectDamagedWindows(*store_);
  report->lines = next_line - 1;
  report->rounded += placer.rounded();
  report->series_created = placer.series_created();
  report->slot_check_stopped_after = placer.slot_check_stopped_after();
  report->new_series = placer.new_series();
  report->new_series_intervals = placer.new_series_intervals();
  if (writes) {
    if (writer->status().ok()) commit(report->lines);
    const absl::Status s = writer->Finish();
    take_refused();
    const storage::WriteCounts counts = writer->counts();
    report->added = counts.added;
    report->duplicates = counts.duplicates + sink.duplicates();
    report->versions = counts.versions;
    if (!s.ok()) {
      return absl::Status(s.code(),
                          fmt::format("{}: storing readings failed after line {}: {}", display_name,
                                      writer->durable_line(), StdView(s.message())));
    }
    if (options_.on_progress) {
      progress.durable_line = report->lines;
      progress.lines = report->lines;
      options_.on_progress(progress);
    }
  } else {
    report->added = sink.accepted();
    report->duplicates = sink.duplicates();
  }
  if (!read_status.ok()) {
    return absl::Status(read_status.code(),
                        fmt::format("{}: reading stopped after line {}: {}", display_name,
                                    report->lines, StdView(read_status.message())));
  }
  return absl::OkStatus();
}

}  // namespace gridline::ingest
