// continuous_vee.h: VEE as `serve` runs it on new data: every `every_s` seconds a pass of
// RunVee (vee_run.h) over the trailing `window_s` of every meter, on one thread so requests keep
// the other cores. A pass is idempotent, so data that did not change costs a read and no write;
// a late read inside the window is judged on the next pass (the raw write itself already sent
// its slot back to unprocessed: engine/validated_layer.h).
#ifndef GRIDLINE_VEE_RUN_CONTINUOUS_VEE_H_
#define GRIDLINE_VEE_RUN_CONTINUOUS_VEE_H_

#include <cstdint>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/engine.h"

namespace gridline::vee {

struct ContinuousVeeOptions {
  int64_t every_s = 60;                   // 0: off
  int64_t window_s = 7 * kSecondsPerDay;  // how far back each pass looks
  std::string zone = "UTC";
};

class ContinuousVee {
 public:
  // Starts the passes (none when options.every_s is 0). The engine outlives this object.
  ContinuousVee(engine::Engine* engine, ContinuousVeeOptions options);
  // Stops: waits for a pass in flight to finish.
  ~ContinuousVee();
  ContinuousVee(const ContinuousVee&) = delete;
  ContinuousVee& operator=(const ContinuousVee&) = delete;

  uint64_t passes() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Loop();
  engine::Engine* const engine_;
  const ContinuousVeeOptions options_;
  mutable absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t passes_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RUN_CONTINUOUS_VEE_H_
