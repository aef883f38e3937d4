// worker_pool.h: the bounded pool that runs complete HTTP requests (routing, the handler, writing
// the answer) off the I/O threads. The I/O threads only read requests; a request reaches the pool
// once its headers and body are in memory, so a slow client never holds a worker while it sends.
//
// Bounds: `threads` workers and at most `max_queued` requests waiting; TrySubmit refuses past
// that (the caller answers 503), so a burst costs a bounded queue, not unbounded memory.
//
// Thread-safety: TrySubmit from any thread; Shutdown once, from a thread that is not a worker.
#ifndef GRIDLINE_SERVER_TRANSPORT_WORKER_POOL_H_
#define GRIDLINE_SERVER_TRANSPORT_WORKER_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gridline::server::transport {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queued);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false (task dropped) when the queue is full or the pool is shut down.
  bool TrySubmit(std::function<void()> task);

  // Runs the queued tasks, then joins the workers. Idempotent.
  void Shutdown();

 private:
  void Run();

  const size_t max_queued_;
  // A condition variable rather than Mutex::Await: a hand-off per request wakes one worker
  // (Signal), where Await re-evaluates every waiting worker's condition on each unlock.
  absl::Mutex mu_;
  absl::CondVar ready_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_WORKER_POOL_H_
