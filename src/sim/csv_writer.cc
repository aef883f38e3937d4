#include "sim/csv_writer.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gridline::sim {

namespace {

struct Item {
  std::string bytes;
  std::string late_bytes;  // the previous day's late rows, written after the whole day
  ReadsStats stats;
  absl::Status status;
  bool ready = false;
};

class Pipeline {
 public:
  Pipeline(Fleet* fleet, const CsvWriterOptions& options, int threads)
      : fleet_(fleet),
        options_(options),
        threads_(threads),
        blocks_(fleet->block_count()),
        total_(blocks_ * fleet->days()),
        window_(std::max<int64_t>(4, 3 * threads)),
        items_(window_),
        block_day_(blocks_, 0) {}

  absl::Status Run(OutputFile* out, ReadsStats* stats) {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads_; ++t) workers.emplace_back([this] { Work(); });
    absl::Status status;
    std::string late;  // late rows gathered over the current day's blocks
    for (int64_t i = 0; i < total_; ++i) {
      Item item;
      {
        absl::MutexLock lock(&mu_);
        while (!items_[i % window_].ready) cv_.Wait(&mu_);
        item = std::move(items_[i % window_]);
        items_[i % window_] = Item();
      }
      if (status.ok()) status = item.status;
      if (status.ok()) status = out->Write(item.bytes);
      late += item.late_bytes;
      if (status.ok() && i % blocks_ == blocks_ - 1 && !late.empty()) {
        status = out->Write(late);  // after the day's last block
        late.clear();
      }
      stats->Add(item.stats);
      {
        absl::MutexLock lock(&mu_);
        ++written_;
        spare_.push_back(std::move(item.bytes));
        if (!status.ok()) failed_ = true;
      }
      cv_.SignalAll();
      if (!status.ok()) break;
    }
    for (std::thread& w : workers) w.join();
    return status;
  }

 private:
  void Work() {
    ReadsFormatter formatter(options_.layout, MeterIdDigits(fleet_->meter_count()));
    std::vector<MeterDay> block;
    std::string text;
    std::string late_text;
    while (true) {
      int64_t i;
      {
        absl::MutexLock lock(&mu_);
        while (!(failed_ || next_ >= total_ || next_ < written_ + window_)) cv_.Wait(&mu_);
        if (failed_ || next_ >= total_) return;
        i = next_++;
      }
      const int day = static_cast<int>(i / blocks_);
      const int64_t b = i % blocks_;
      {
        // The block's meters must have finished the previous day.
        absl::MutexLock lock(&mu_);
        while (!(failed_ || block_day_[b] == day)) cv_.Wait(&mu_);
        if (failed_) return;
      }
      fleet_->SimulateBlock(day, b, &block);
      {
        absl::MutexLock lock(&mu_);
        block_day_[b] = day + 1;
      }
      cv_.SignalAll();

      Item item;
      {
        // Reuse written buffers: fresh multi-megabyte strings would page-fault on every item.
        absl::MutexLock lock(&mu_);
        if (!spare_.empty()) {
          item.bytes = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      item.bytes.clear();
      if (options_.gzip) {
        text.clear();
        late_text.clear();
        formatter.AppendBlock(block, &text, &late_text, &item.stats);
        item.status = AppendGzipMember(text, options_.gzip_level, &item.bytes);
        if (item.status.ok() && !late_text.empty()) {
          item.status = AppendGzipMember(late_text, options_.gzip_level, &item.late_bytes);
        }
      } else {
        formatter.AppendBlock(block, &item.bytes, &item.late_bytes, &item.stats);
      }
      item.ready = true;
      {
        absl::MutexLock lock(&mu_);
        items_[i % window_] = std::move(item);
      }
      cv_.SignalAll();
    }
  }

  Fleet* fleet_;
  const CsvWriterOptions options_;
  const int threads_;
  const int64_t blocks_;
  const int64_t total_;
  const int64_t window_;

  absl::Mutex mu_;
  absl::CondVar cv_;
  std::vector<Item> items_ ABSL_GUARDED_BY(mu_);     // ring of window_ slots
  std::vector<int> block_day_ ABSL_GUARDED_BY(mu_);  // next day each block may generate
  int64_t next_ ABSL_GUARDED_BY(mu_) = 0;            // next item to hand out
  int64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::string> spare_ ABSL_GUARDED_BY(mu_);  // written buffers for reuse
};

}  // namespace

absl::Status WriteReads(Fleet* fleet, const CsvWriterOptions& options, OutputFile* out,
                        ReadsStats* stats) {
  *stats = ReadsStats();
  const std::string header = ReadsFormatter::Header(options.layout);
  std::string head_bytes;
  if (options.gzip) {
    absl::Status s = AppendGzipMember(header, options.gzip_level, &head_bytes);
    if (!s.ok()) return s;
  } else {
    head_bytes = header;
  }
  absl::Status s = out->Write(head_bytes);
  if (!s.ok()) return s;
  stats->bytes += static_cast<int64_t>(header.size());
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, 256);
  Pipeline pipeline(fleet, options, threads);
  return pipeline.Run(out, stats);
}

}  // namespace gridline::sim
