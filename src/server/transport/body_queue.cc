// body_queue.cc: the bounded queue of a streamed body's chunks (body_queue.h).
#include "server/transport/body_queue.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/time/time.h"
#include "fmt/format.h"

namespace gridline::server::transport {

BodyQueue::BodyQueue(size_t max_chunks, std::chrono::milliseconds max_wait,
                     std::function<void()> resume)
    : max_chunks_(std::max<size_t>(1, max_chunks)),
      max_wait_(max_wait),
      resume_(std::move(resume)) {}

bool BodyQueue::Push(std::string chunk) {
  absl::MutexLock lock(&mu_);
  if (aborted_ || finished_ || !error_.ok()) return false;
  pushed_ += chunk.size();
  if (!chunk.empty()) chunks_.push_back(std::move(chunk));
  if (chunks_.size() < max_chunks_) return true;
  paused_ = true;
  return false;
}

void BodyQueue::Finish() {
  absl::MutexLock lock(&mu_);
  finished_ = true;
}

void BodyQueue::Fail(absl::Status status) {
  absl::MutexLock lock(&mu_);
  if (!finished_ && error_.ok()) error_ = std::move(status);
}

absl::StatusOr<size_t> BodyQueue::Read(char* buf, size_t n) {
  bool first = false;
  {
    absl::MutexLock lock(&mu_);
    first = !started_;
    started_ = true;
  }
  // The writer waits for the first call before it reads anything.
  if (first) resume_();
  bool resume = false;
  size_t got = 0;
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(absl::Condition(this, &BodyQueue::Readable),
                              absl::Milliseconds(max_wait_.count()))) {
      return absl::UnavailableError(fmt::format(
          "body: no bytes arrived for {} s, the upload was cut", max_wait_.count() / 1000));
    }
    if (aborted_) return absl::CancelledError("body: the upload was abandoned");
    while (got < n && !chunks_.empty()) {
      std::string& front = chunks_.front();
      const size_t k = std::min(n - got, front.size() - offset_);
      std::memcpy(buf + got, front.data() + offset_, k);
      got += k;
      offset_ += k;
      if (offset_ == front.size()) {
        chunks_.pop_front();
        offset_ = 0;
        if (paused_) {
          paused_ = false;
          resume = true;
        }
      }
    }
    if (got == 0) {
      if (!error_.ok()) return error_;
      read_to_end_ = finished_;
    }
  }
  if (resume) resume_();
  return got;
}

void BodyQueue::Abort() {
  absl::MutexLock lock(&mu_);
  aborted_ = true;
  chunks_.clear();
  offset_ = 0;
}

bool BodyQueue::complete() {
  absl::MutexLock lock(&mu_);
  return read_to_end_ && !aborted_;
}

bool BodyQueue::aborted() {
  absl::MutexLock lock(&mu_);
  return aborted_;
}

uint64_t BodyQueue::bytes_pushed() {
  absl::MutexLock lock(&mu_);
  return pushed_;
}

}  // namespace gridline::server::transport
