// body_queue.h: the body of a streamed upload on its way from the socket to the handler: a
// bounded queue of chunks that the connection's I/O strand fills (Push) as bytes arrive and the
// handler's worker thread drains (Read, as an ingest::ByteStream the importer reads).
//
// Backpressure: at most `max_chunks` chunks wait (each at most the connection's chunk size, 1
// MiB), so an upload costs the server O(max_chunks x chunk) bytes however long it is. When Push
// fills the queue the strand stops reading the socket (TCP then slows the client); the reader
// calls `resume` (outside the lock) once it took a chunk from a full queue, and the strand reads
// on. The first Read also calls `resume`: nothing of the body is read (and no `100 Continue`
// sent) until the handler asks for it, so a request the dispatcher refuses (401, 403, a replayed
// Idempotency-Key) never reads its body.
//
// The end: Finish (the body ended), Fail (the client went away, an idle upload was cut, the
// body passed its limit: Read returns that error once the chunks before it were read), or Abort
// (the reader gives up: later pushes are dropped and the strand stops reading). Read never waits
// longer than `max_wait` for a byte (a bound behind the strand's own idle timer, so that no
// thread waits forever).
//
// Thread-safety: Push, Finish, Fail from one writer thread (the strand); Read from one reader
// thread; Abort, complete, aborted from any.
#ifndef GRIDLINE_SERVER_TRANSPORT_BODY_QUEUE_H_
#define GRIDLINE_SERVER_TRANSPORT_BODY_QUEUE_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "ingest/input_file.h"

namespace gridline::server::transport {

class BodyQueue : public ingest::ByteStream {
 public:
  BodyQueue(size_t max_chunks, std::chrono::milliseconds max_wait, std::function<void()> resume);

  // Writer side. Queues `chunk` (dropped after Abort); whether there is room for another one
  // (false: stop reading until `resume`).
  bool Push(std::string chunk);
  void Finish();
  void Fail(absl::Status status);

  // Reader side (ingest::ByteStream).
  absl::StatusOr<size_t> Read(char* buf, size_t n) override;
  void Abort();

  // Every byte was read and the body ended (the connection can take the next request).
  bool complete();
  bool aborted();
  uint64_t bytes_pushed();

 private:
  bool Readable() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !chunks_.empty() || finished_ || aborted_ || !error_.ok();
  }

  const size_t max_chunks_;
  const std::chrono::milliseconds max_wait_;
  const std::function<void()> resume_;
  absl::Mutex mu_;
  std::deque<std::string> chunks_ ABSL_GUARDED_BY(mu_);
  size_t offset_ ABSL_GUARDED_BY(mu_) = 0;  // read of chunks_.front()
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool aborted_ ABSL_GUARDED_BY(mu_) = false;
  bool read_to_end_ ABSL_GUARDED_BY(mu_) = false;
  bool paused_ ABSL_GUARDED_BY(mu_) = false;   // a Push found the queue full: `resume` is due
  bool started_ ABSL_GUARDED_BY(mu_) = false;  // the first Read called `resume`
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  uint64_t pushed_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_BODY_QUEUE_H_
