// bench_util.h: what the macro benchmarks share: timing, medians, running gridline as a child
// process the way a user runs it (with its peak RSS), and a scratch directory.
#ifndef GRIDLINE_BENCH_BENCH_UTIL_H_
#define GRIDLINE_BENCH_BENCH_UTIL_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace gridline::bench {

using Clock = std::chrono::steady_clock;
using EmitFn = std::function<void(std::string_view name, double value, std::string_view unit)>;

inline double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// The middle element (upper middle for an even count); 0 for none.
double Median(std::vector<double> v);
// The q-quantile (0..1) by rank; 0 for none.
double Quantile(std::vector<double> v, double q);

struct ChildResult {
  double seconds = 0;
  double peak_rss_mib = 0;
};

// Runs `argv` as a child process (stdout to /dev/null) and waits for it; fails unless it exits 0.
// `env` entries (NAME=VALUE) are added to the environment.
absl::StatusOr<ChildResult> RunChild(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& env = {});

// A work directory: `dir` when given, else a fresh one under $TMPDIR; removed on destruction
// unless `keep`.
class ScratchDir {
 public:
  ScratchDir(std::string dir, bool keep);
  ~ScratchDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool keep_;
};

// `gridline serve --no-auth` on an ephemeral loopback port, stopped (SIGTERM) on destruction.
class ServedStore {
 public:
  // Starts `bin serve` on `store`, its output in `dir`/serve.out; `extra` flags are added.
  static absl::StatusOr<std::unique_ptr<ServedStore>> Start(
      const std::string& bin, const std::string& store, const std::string& dir,
      const std::vector<std::string>& extra = {});
  ~ServedStore();
  ServedStore(const ServedStore&) = delete;
  ServedStore& operator=(const ServedStore&) = delete;
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

 private:
  ServedStore() = default;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_BENCH_UTIL_H_
