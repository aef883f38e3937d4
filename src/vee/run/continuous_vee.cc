// continuous_vee.cc: periodic VEE passes (continuous_vee.h).
#include "vee/run/continuous_vee.h"

#include <chrono>
#include <cstdio>

#include "common/strings.h"
#include "vee/run/vee_run.h"

namespace gridline::vee {

ContinuousVee::ContinuousVee(engine::Engine* engine, ContinuousVeeOptions options)
    : engine_(engine), options_(std::move(options)) {
  if (options_.every_s > 0 && engine_->validated() != nullptr)
    thread_ = std::thread([this] { Loop(); });
}

ContinuousVee::~ContinuousVee() {
  {
    absl::MutexLock l(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t ContinuousVee::passes() const {
  absl::MutexLock l(&mu_);
  return passes_;
}

void ContinuousVee::Loop() {
  for (;;) {
    {
      absl::MutexLock l(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), absl::Seconds(options_.every_s))) return;
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    VeeRunOptions run;
    run.from_s = now - options_.window_s;
    run.zone = options_.zone;
    run.now_s = now;
    run.threads = 1;
    run.restart = true;
    absl::StatusOr<VeeRunStats> s = RunVee(*engine_, run);
    if (!s.ok()) {
      std::fprintf(stderr, "gridline serve: vee pass: %s\n",
                   std::string(StdView(s.status().message())).c_str());
    } else if (s->values_changed > 0 || s->exceptions_changed > 0 || s->exceptions_deleted > 0) {
      std::fprintf(stderr,
                   "gridline serve: vee pass: %llu readings, %llu values changed, %llu "
                   "exceptions created or updated\n",
                   static_cast<unsigned long long>(s->readings),
                   static_cast<unsigned long long>(s->values_changed),
                   static_cast<unsigned long long>(s->exceptions_changed));
    }
    absl::MutexLock l(&mu_);
    ++passes_;
  }
}

}  // namespace gridline::vee
