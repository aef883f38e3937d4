// privacy_bench.cc: the cost of the public 15/15 check, full against kept verdicts
// (privacy_bench.h).
#include "bench/privacy_bench.h"

#include <algorithm>
#include <memory>

#include "common/status_macros.h"
#include "engine/engine.h"
#include "fmt/format.h"
#include "rollup/placement_builder.h"
#include "rollup/privacy_check.h"
#include "rollup/rollup_lookup.h"

namespace gridline::bench {

absl::Status RunPrivacyBench(const PrivacyBenchOptions& options, const EmitFn& emit) {
  storage::StoreOptions store_options;
  store_options.path = options.store_dir;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> db, engine::Engine::Open(store_options));
  const auto topology = db->current_topology();
  const auto placement = rollup::BuildPlacement(*topology);
  for (const std::string& id : options.assets) {
    GL_ASSIGN_OR_RETURN(const storage::AssetId asset,
                        rollup::FindRollupAsset(db->store()->catalog(), id));
    const std::string name = fmt::format("{}_{}", options.label, id == "_system" ? "system" : id);
    std::vector<double> full, cold, cold_max, warm;
    rollup::PrivacyCheckResult result;
    int requests = 0;
    size_t cache_bytes = 0;
    for (int run = 0; run < options.runs; ++run) {
      auto view = db->store()->NewReadView();
      rollup::PrivacyCheckOptions unlimited;
      unlimited.max_readings = INT64_MAX;
      Clock::time_point t0 = Clock::now();
      GL_ASSIGN_OR_RETURN(
          result, rollup::CheckPublicRelease(*view, *topology, *placement, asset, options.from,
                                             options.to, options.metric, unlimited));
      full.push_back(Seconds(t0, Clock::now()));
      // Cold: a new cache, asked as a client asks again after each bounded refusal.
      rollup::PrivacyVerdictCache cache;
      double sum = 0, longest = 0;
      requests = 0;
      for (;;) {
        t0 = Clock::now();
        absl::StatusOr<rollup::PrivacyCheckResult> r = rollup::CheckPublicReleaseCached(
            *view, *topology, *placement, asset, options.from, options.to, options.metric, &cache);
        const double s = Seconds(t0, Clock::now());
        sum += s;
        longest = std::max(longest, s);
        ++requests;
        if (r.ok()) {
          if (r->released != result.released || r->slot_start != result.slot_start) {
            return absl::InternalError(fmt::format("{}: the kept verdicts disagree", id));
          }
          break;
        }
        if (r.status().code() != absl::StatusCode::kUnavailable || requests > 1000) {
          return r.status();
        }
      }
      cold.push_back(sum);
      cold_max.push_back(longest);
      t0 = Clock::now();
      GL_ASSIGN_OR_RETURN(
          const rollup::PrivacyCheckResult again,
          rollup::CheckPublicReleaseCached(*view, *topology, *placement, asset, options.from,
                                           options.to, options.metric, &cache));
      warm.push_back(Seconds(t0, Clock::now()));
      if (again.readings != 0) return absl::InternalError(id + ": a warm check read readings");
      cache_bytes = cache.stats().bytes;
    }
    emit(name + "_readings", static_cast<double>(result.readings), "readings");
    emit(name + "_released", result.released ? 1 : 0, "bool");
    emit(name + "_full_s", Median(full), "s");
    emit(name + "_cold_s", Median(cold), "s");
    emit(name + "_cold_requests", requests, "requests");
    emit(name + "_cold_max_request_s", Median(cold_max), "s");
    emit(name + "_warm_us", Median(warm) * 1e6, "us");
    emit(name + "_cache_bytes", static_cast<double>(cache_bytes), "bytes");
  }
  return absl::OkStatus();
}

}  // namespace gridline::bench
