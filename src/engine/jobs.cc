#include "engine/jobs.h"

#include <chrono>

#include "absl/status/statusor.h"

namespace gridline::engine {

namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const char* JobStateName(JobState s) {
  switch (s) {
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
  }
  return "unknown";
}

struct Jobs::Job : public JobProgress {
  JobInfo info;  // guarded by the registry's mu_
  Jobs* owner = nullptr;
  void Set(uint64_t done, uint64_t total) override {
    absl::MutexLock l(&owner->mu_);
    info.done = done;
    info.total = total;
  }
};

Jobs::~Jobs() {
  WaitIdle();
  std::map<uint64_t, std::thread> threads;
  {
    absl::MutexLock l(&mu_);
    threads.swap(threads_);
  }
  for (auto& [id, t] : threads) t.join();
}

uint64_t Jobs::Start(std::string kind, Work work) {
  std::vector<std::thread> done;
  {
    absl::MutexLock l(&mu_);
    for (uint64_t id : to_join_) {
      done.push_back(std::move(threads_[id]));
      threads_.erase(id);
    }
    to_join_.clear();
  }
  for (std::thread& t : done) t.join();  // finished already: returns at once
  auto job = std::make_shared<Job>();
  job->owner = this;
  absl::MutexLock l(&mu_);
  const uint64_t id = next_id_++;
  job->info.id = id;
  job->info.kind = std::move(kind);
  job->info.started_us = NowMicros();
  jobs_[id] = job;
  ++running_;
  threads_[id] = std::thread([this, job, work = std::move(work)] {
    absl::StatusOr<std::string> result = work(*job);
    absl::MutexLock l(&mu_);
    job->info.finished_us = NowMicros();
    if (result.ok()) {
      job->info.state = JobState::kSucceeded;
      job->info.message = *result;
    } else {
      job->info.state = JobState::kFailed;
      job->info.message = std::string(result.status().message());
    }
    --running_;
    to_join_.push_back(job->info.id);
    finished_.push_back(job->info.id);
    while (finished_.size() > kMaxFinished) {
      jobs_.erase(finished_.front());
      finished_.pop_front();
    }
  });
  return id;
}

std::optional<JobInfo> Jobs::Get(uint64_t id) const {
  absl::MutexLock l(&mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->info;
}

std::vector<JobInfo> Jobs::List() const {
  absl::MutexLock l(&mu_);
  std::vector<JobInfo> out;
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    if (it->second->info.state == JobState::kRunning) out.push_back(it->second->info);
  }
  for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
    if (it->second->info.state != JobState::kRunning) out.push_back(it->second->info);
  }
  return out;
}

double Jobs::OldestRunningSeconds(const std::string& kind) const {
  absl::MutexLock l(&mu_);
  int64_t oldest = 0;
  for (const auto& [id, job] : jobs_) {
    if (job->info.state == JobState::kRunning && job->info.kind == kind) {
      if (oldest == 0 || job->info.started_us < oldest) oldest = job->info.started_us;
    }
  }
  return oldest == 0 ? 0.0 : static_cast<double>(NowMicros() - oldest) / 1e6;
}

void Jobs::WaitIdle() const {
  absl::MutexLock l(&mu_);
  mu_.Await(absl::Condition(
      +[](const int* running) { return *running == 0; }, &running_));
}

}  // namespace gridline::engine
