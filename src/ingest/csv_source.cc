#include "ingest/csv_source.h"

#include <pthread.h>

#include <algorithm>
#include <deque>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/line_block_reader.h"

namespace gridline::ingest {

namespace {

struct Block {
  ByteBuffer text;
  ParsedBlock parsed;
  bool ready = false;
};

// Parser threads, each with its own CsvBlockParser. Blocks are submitted in input order and
// collected in the same order by the importing thread.
class ParsePool {
 public:
  ParsePool(int threads, const CsvLayout& layout, const CsvOptions& options) {
    for (int i = 0; i < threads; ++i) {
      workers_.emplace_back([this, &layout, &options] {
        pthread_setname_np(pthread_self(), "gl-parse");
        CsvBlockParser parser(layout, options);
        while (true) {
          Block* b;
          {
            absl::MutexLock l(&mu_);
            mu_.Await(absl::Condition(this, &ParsePool::HasWorkOrStop));
            if (queue_.empty()) return;
            b = queue_.front();
            queue_.pop_front();
          }
          b->parsed.Clear();
          parser.Parse(b->text.view(), &b->parsed);
          absl::MutexLock l(&mu_);
          b->ready = true;
        }
      });
    }
  }
  ~ParsePool() {
    {
      absl::MutexLock l(&mu_);
      stop_ = true;
    }
    for (std::thread& t : workers_) t.join();
  }
  void Submit(Block* b) {
    absl::MutexLock l(&mu_);
    b->ready = false;
    queue_.push_back(b);
  }
  void Wait(Block* b) {
    absl::MutexLock l(&mu_);
    mu_.Await(absl::Condition(&b->ready));
  }

 private:
  // Await conditions: absl::Mutex evaluates them with mu_ held.
  bool HasWorkOrStop() const ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stop_ || !queue_.empty(); }

  absl::Mutex mu_;
  std::deque<Block*> queue_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

class CsvSource : public BlockSource {
 public:
  CsvSource(std::unique_ptr<InputFile> in, std::unique_ptr<LineBlockReader> reader,
            CsvLayout csv_layout, const CsvOptions& options, int threads, uint64_t header_line)
      : in_(std::move(in)),
        reader_(std::move(reader)),
        csv_layout_(std::move(csv_layout)),
        options_(options),
        depth_(static_cast<size_t>(threads) * 2 + 1),
        pool_(threads, csv_layout_, options_) {
    layout_.first_line = header_line + 1;
    if (!csv_layout_.header_zone.empty() && !options_.zone_given) {
      if (absl::StatusOr<TimeZone> z = TimeZone::Load(csv_layout_.header_zone); z.ok()) {
        layout_.zone_name = csv_layout_.header_zone;
        layout_.zone = *z;
      }
    }
    layout_.honours_label_end = csv_layout_.shape == CsvShape::kLong;
    for (size_t i = 0; i < csv_layout_.columns.size(); ++i) {
      layout_.field_names.push_back(csv_layout_.columns[i].empty() ? fmt::format("column {}", i + 1)
                                                                   : csv_layout_.columns[i]);
    }
    blocks_.resize(depth_);
    for (auto& b : blocks_) b = std::make_unique<Block>();
  }

  const SourceLayout& layout() const override { return layout_; }
  std::vector<std::string> Notes() const override {
    if (layout_.zone_name.empty()) return {};
    return {
        fmt::format("timestamps without a UTC offset were read in {}, the zone the header "
                    "names (--tz overrides)",
                    layout_.zone_name)};
  }
  uint64_t bytes_read() const override { return in_->raw_bytes_read(); }

  absl::StatusOr<bool> Next(ParsedBlock* out) override {
    // Keep the pool busy: read ahead while there is a free block.
    while (!input_done_ && submitted_ - taken_ < depth_) {
      Block* b = blocks_[submitted_ % depth_].get();
      absl::StatusOr<bool> more = reader_->Next(&b->text);
      if (!more.ok()) {
        read_status_ = more.status();
        input_done_ = true;
        break;
      }
      if (!*more) {
        input_done_ = true;
        break;
      }
      pool_.Submit(b);
      ++submitted_;
    }
    if (taken_ == submitted_) {
      if (!read_status_.ok()) return read_status_;
      return false;
    }
    Block* b = blocks_[taken_ % depth_].get();
    pool_.Wait(b);
    // The block's buffers go to the caller and the caller's come back for the next parse.
    std::swap(*out, b->parsed);
    ++taken_;
    return true;
  }

 private:
  std::unique_ptr<InputFile> in_;
  std::unique_ptr<LineBlockReader> reader_;
  const CsvLayout csv_layout_;
  const CsvOptions options_;
  SourceLayout layout_;
  const size_t depth_;
  std::vector<std::unique_ptr<Block>> blocks_;
  size_t submitted_ = 0;
  size_t taken_ = 0;
  bool input_done_ = false;
  absl::Status read_status_;
  // Last: its threads use the members above and are joined first.
  ParsePool pool_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BlockSource>> OpenCsvSource(std::unique_ptr<InputFile> in,
                                                           const std::string& name,
                                                           const CsvOptions& options, int threads) {
  auto reader = std::make_unique<LineBlockReader>(in.get());
  std::string header;
  // --skip: a prologue before the header; the header is then line skip + 1.
  const int skip = std::clamp(options.skip_lines, 0, kMaxSkipLines);
  for (int i = 0; i <= skip; ++i) {
    GL_ASSIGN_OR_RETURN(bool has_line, reader->ReadFirstLine(&header));
    if (!has_line) {
      return absl::InvalidArgumentError(
          skip == 0 ? fmt::format("{}: empty file (expected a CSV header)", name)
                    : fmt::format("{}: the file ends before the header (--skip {}: {} lines)", name,
                                  skip, i));
    }
  }
  const uint64_t header_line = static_cast<uint64_t>(skip) + 1;
  absl::StatusOr<CsvLayout> layout = ParseCsvHeader(header, options);
  if (!layout.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}:{}: header: {}", name, header_line, StdView(layout.status().message())));
  }
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::make_unique<CsvSource>(std::move(in), std::move(reader), *std::move(layout), options,
                                     threads, header_line);
}

}  // namespace gridline::ingest
