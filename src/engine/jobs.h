// jobs.h: background jobs with progress (a topology change that moves roll-ups, later VEE runs),
// started by the API and watched through GET /api/v1/jobs/{id}. Each job runs on its own thread;
// the registry keeps the last kMaxFinished finished jobs for inspection.
//
// Thread-safety: every method may be called from any thread.
#ifndef GRIDLINE_ENGINE_JOBS_H_
#define GRIDLINE_ENGINE_JOBS_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace gridline::engine {

enum class JobState : uint8_t { kRunning, kSucceeded, kFailed };
const char* JobStateName(JobState s);

struct JobInfo {
  uint64_t id = 0;
  std::string kind;
  JobState state = JobState::kRunning;
  uint64_t done = 0;   // units of work done (meters moved, ...)
  uint64_t total = 0;  // 0 while unknown
  int64_t started_us = 0;
  int64_t finished_us = 0;  // 0 while running
  std::string message;      // the result's summary, or the error
};

// What a job's work function reports its progress through.
class JobProgress {
 public:
  virtual ~JobProgress() = default;
  virtual void Set(uint64_t done, uint64_t total) = 0;
};

class Jobs {
 public:
  Jobs() = default;
  ~Jobs();  // waits for running jobs
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;

  // Starts `work` on a new thread and returns the job's id at once. work returns the summary
  // message on success.
  using Work = std::function<absl::StatusOr<std::string>(JobProgress&)>;
  uint64_t Start(std::string kind, Work work);

  std::optional<JobInfo> Get(uint64_t id) const;
  // Running jobs first, then finished ones, newest first.
  std::vector<JobInfo> List() const;
  // Seconds since the oldest running job of `kind` started; 0 when none runs.
  double OldestRunningSeconds(const std::string& kind) const;
  // Blocks until no job runs.
  void WaitIdle() const;

  static constexpr size_t kMaxFinished = 100;

 private:
  struct Job;
  mutable absl::Mutex mu_;
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::shared_ptr<Job>> jobs_ ABSL_GUARDED_BY(mu_);
  std::deque<uint64_t> finished_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  // Threads of jobs not yet joined; a finished job's thread is joined by the next Start.
  std::map<uint64_t, std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::vector<uint64_t> to_join_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_JOBS_H_
