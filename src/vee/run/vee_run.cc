// vee_run.cc: VEE over the archive (vee_run.h).
#include "vee/run/vee_run.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "common/decimal.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/write_batch.h"
#include "storage/rocks_status.h"
#include "xxhash.h"

namespace gridline::vee {

namespace {

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// What makes two runs the same run: a checkpoint only resumes its own run.
std::string Signature(const VeeRunOptions& o, size_t series_total) {
  std::string text = fmt::format("v1|{}|{}|{}|{}|{}|{}|", o.from_s, o.to_s, o.zone,
                                 o.now_s.value_or(0), o.block_series, series_total);
  for (const std::string& m : o.meters) {
    text.append(m);
    text.push_back('\x1f');
  }
  text.push_back('|');
  text.append(o.rules_text);
  text.push_back('|');
  text.append(o.holidays_text);
  return fmt::format("{:016x}", XXH3_64bits(text.data(), text.size()));
}

// The checkpoint: "SIGNATURE NEXT_BLOCK".
std::optional<size_t> ReadCheckpoint(const storage::Store& store, const std::string& signature) {
  auto view = store.NewReadView();
  std::optional<size_t> next;
  const std::string key(kVeeCheckpointKey);
  (void)view->ScanMeta(key, key, [&](std::string_view k, std::string_view v) {
    if (k != key) return false;
    const size_t space = v.find(' ');
    if (space != std::string_view::npos && v.substr(0, space) == signature) {
      size_t n = 0;
      bool ok = space + 1 < v.size();
      for (char c : v.substr(space + 1)) {
        if (c < '0' || c > '9') ok = false;
        n = n * 10 + static_cast<size_t>(c - '0');
      }
      if (ok) next = n;
    }
    return false;
  });
  return next;
}

absl::Status WriteCheckpoint(storage::Store* store, const std::string& signature,
                             std::optional<size_t> next_block) {
  return store->CommitExclusive([&](rocksdb::WriteBatch* batch) {
    const std::string key(kVeeCheckpointKey);
    return storage::FromRocks(
        next_block ? batch->Put(store->meta_cf(), key, fmt::format("{} {}", signature, *next_block))
                   : batch->Delete(store->meta_cf(), key),
        "writing the VEE checkpoint");
  });
}

std::vector<VeeReportRow> ReportRows(const SeriesSlots& s, const SeriesVeeFigures& f) {
  std::vector<VeeReportRow> rows;
  VeeReportRow all;
  all.meter = s.meter_id;
  all.channel = s.channel;
  all.rule.assign(1, '*');
  for (size_t r = 0; r < kRuleCount; ++r) {
    all.exceptions_before += s.exceptions_before[r];
    all.exceptions_after += f.exceptions_after[r];
  }
  all.slots_replaced = f.replaced;
  all.slots_changed = f.slots_changed;
  all.wh_before = f.wh_before;
  all.wh_after = f.wh_after;
  rows.push_back(all);
  for (const VeeRuleSpec& spec : AllRules()) {
    const size_t r = static_cast<size_t>(spec.rule) - 1;
    if (s.exceptions_before[r] == 0 && f.exceptions_after[r] == 0 && f.replaced_by_rule[r] == 0) {
      continue;
    }
    VeeReportRow row;
    row.meter = s.meter_id;
    row.channel = s.channel;
    row.rule = std::string(spec.name);
    row.exceptions_before = s.exceptions_before[r];
    row.exceptions_after = f.exceptions_after[r];
    row.slots_replaced = f.replaced_by_rule[r];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

absl::StatusOr<VeeRunStats> RunVee(engine::Engine& engine, const VeeRunOptions& options,
                                   const VeeRunProgress& progress) {
  if (!options.dry_run && engine.validated() == nullptr) {
    return absl::FailedPreconditionError("vee run: the store is open read-only");
  }
  GL_ASSIGN_OR_RETURN(const TimeZone zone, TimeZone::Load(options.zone));
  const auto started = std::chrono::steady_clock::now();
  const double cpu0 = ProcessCpuSeconds();
  storage::Store* store = engine.store();
  const storage::Catalog& catalog = store->catalog();
  // The series of the run, in series order.
  std::vector<storage::SeriesId> series;
  if (options.meters.empty()) {
    for (storage::SeriesId id = 1; id <= catalog.series_count(); ++id) {
      if (VeeJudges(catalog.GetSeries(id).channel)) series.push_back(id);
    }
  } else {
    for (const std::string& m : options.meters) {
      std::optional<storage::AssetId> asset = catalog.FindAsset(m);
      if (!asset) return absl::InvalidArgumentError(fmt::format("meter '{}': no such meter", m));
      for (storage::SeriesId id : catalog.SeriesOfAsset(*asset)) {
        if (VeeJudges(catalog.GetSeries(id).channel)) series.push_back(id);
      }
    }
    std::sort(series.begin(), series.end());
    series.erase(std::unique(series.begin(), series.end()), series.end());
  }
  const size_t block = std::max<size_t>(1, options.block_series);
  const size_t blocks = (series.size() + block - 1) / block;
  const std::string signature = Signature(options, series.size());
  size_t first_block = 0;
  VeeRunStats totals;
  totals.series_total = series.size();
  if (!options.dry_run && !options.restart) {
    first_block = std::min(blocks, ReadCheckpoint(*store, signature).value_or(0));
    totals.series_resumed = std::min(series.size(), first_block * block);
  }
  std::shared_ptr<const topology::Topology> topo = engine.current_topology();
  auto class_of = [&](storage::SeriesId id) {
    if (topo != nullptr) {
      const std::string meter = catalog.AssetExternalId(catalog.GetSeries(id).asset);
      if (std::optional<storage::AssetId> a = topo->FindByExternalId(meter)) {
        if (const topology::AssetInfo* info = topo->Find(*a)) return info->customer_class;
      }
    }
    return std::string(topology::kDefaultCustomerClass);
  };

  // What the workers share.
  struct Shared {
    absl::Mutex mu;
    VeeRunStats stats ABSL_GUARDED_BY(mu);
    absl::Status error ABSL_GUARDED_BY(mu);
    std::vector<uint8_t> block_done ABSL_GUARDED_BY(mu);
    size_t watermark ABSL_GUARDED_BY(mu) = 0;  // every block before it is done
    std::map<size_t, std::vector<VeeReportRow>> report_blocks ABSL_GUARDED_BY(mu);
  } sh;
  {
    absl::MutexLock l(&sh.mu);
    sh.block_done.assign(blocks, 0);
    sh.watermark = first_block;
  }
  std::atomic<size_t> next_block{first_block};
  std::atomic<bool> stop{false};

  auto work = [&] {
    // Each worker its own zone: TimeZone caches per object (estimator.h).
    const TimeZone my_zone = zone;
    std::map<std::string, RuleSet> rules_by_scope;
    while (!stop.load()) {
      const size_t b = next_block.fetch_add(1);
      if (b >= blocks) return;
      const size_t lo = b * block, hi = std::min(series.size(), lo + block);
      VeeRunStats mine;
      std::vector<engine::ValidatedCommit> commits;
      std::vector<VeeReportRow> rows;
      absl::Status s;
      {
        auto view = store->NewReadView();
        for (size_t k = lo; k < hi && s.ok(); ++k) {
          const storage::SeriesId id = series[k];
          const std::string cls = class_of(id);
          absl::StatusOr<SeriesSlots> slots =
              LoadSeriesSlots(*view, id, options.from_s, options.to_s, cls);
          if (!slots.ok()) {
            s = slots.status();
            break;
          }
          const std::string scope = fmt::format("{}|{}", static_cast<int>(slots->channel), cls);
          auto it = rules_by_scope.find(scope);
          if (it == rules_by_scope.end()) {
            it = rules_by_scope.emplace(scope, options.rules.Resolve(slots->channel, cls)).first;
          }
          SeriesVeeSettings settings;
          settings.rules = &it->second;
          settings.zone = &my_zone;
          settings.holidays = &options.holidays;
          settings.now_s = options.now_s;
          absl::StatusOr<SeriesVeePlan> plan = PlanSeriesVee(*slots, settings);
          if (!plan.ok()) {
            s = absl::Status(plan.status().code(), fmt::format("meter {}: {}", slots->meter_id,
                                                               StdView(plan.status().message())));
            break;
          }
          const SeriesVeeFigures& f = plan->figures;
          ++mine.series_done;
          mine.readings += f.readings;
          mine.estimated += f.estimated;
          mine.missing += f.missing;
          mine.replaced += f.replaced;
          for (uint32_t c : f.exceptions_after) mine.exceptions += c;
          if (options.dry_run) mine.values_changed += f.slots_changed;
          if (options.report) {
            for (VeeReportRow& r : ReportRows(*slots, f)) rows.push_back(std::move(r));
          }
          if (!options.dry_run && plan->needs_commit) commits.push_back(std::move(plan->commit));
        }
      }
      // When every earlier block is done, the checkpoint moves past this one in the same batch.
      std::vector<std::pair<std::string, std::string>> checkpoint;
      if (s.ok() && !options.dry_run && !commits.empty()) {
        absl::MutexLock l(&sh.mu);
        if (sh.watermark == b) {
          checkpoint.emplace_back(std::string(kVeeCheckpointKey),
                                  fmt::format("{} {}", signature, b + 1));
        }
      }
      if (s.ok() && !commits.empty()) {
        absl::StatusOr<engine::ValidatedCommitResult> r =
            engine.CommitValidatedMany(commits, checkpoint);
        if (r.ok()) {
          mine.values_changed += r->changed;
          mine.exceptions_changed += r->exceptions_changed;
          mine.exceptions_deleted += r->exceptions_deleted;
          mine.stale += r->stale;
        } else {
          s = r.status();
        }
      }
      absl::MutexLock l(&sh.mu);
      if (!s.ok()) {
        if (sh.error.ok()) sh.error = s;
        stop.store(true);
        return;
      }
      VeeRunStats& t = sh.stats;
      t.series_done += mine.series_done;
      t.readings += mine.readings;
      t.estimated += mine.estimated;
      t.missing += mine.missing;
      t.replaced += mine.replaced;
      t.exceptions += mine.exceptions;
      t.values_changed += mine.values_changed;
      t.exceptions_changed += mine.exceptions_changed;
      t.exceptions_deleted += mine.exceptions_deleted;
      t.stale += mine.stale;
      if (options.report) sh.report_blocks.emplace(b, std::move(rows));
      sh.block_done[b] = 1;
      while (sh.watermark < blocks && sh.block_done[sh.watermark]) ++sh.watermark;
    }
  };

  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  // The calling thread reports progress and writes the checkpoint about once a second.
  size_t written = first_block;
  absl::Status checkpoint_status;
  auto snapshot = [&]() {
    absl::MutexLock l(&sh.mu);
    VeeRunStats now = sh.stats;
    now.series_total = totals.series_total;
    now.series_resumed = totals.series_resumed;
    now.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::make_pair(now, sh.watermark);
  };
  for (;;) {
    bool finished = false;
    {
      absl::MutexLock l(&sh.mu);
      auto all_done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(sh.mu) {
        return sh.watermark >= blocks || !sh.error.ok();
      };
      finished = sh.mu.AwaitWithTimeout(absl::Condition(&all_done), absl::Seconds(1));
    }
    if (finished) break;
    auto [now, mark] = snapshot();
    if (progress) progress(now);
    if (!options.dry_run && mark != written && checkpoint_status.ok()) {
      checkpoint_status = WriteCheckpoint(store, signature, mark);
      written = mark;
    }
  }
  for (std::thread& t : pool) t.join();
  {
    absl::MutexLock l(&sh.mu);
    if (!sh.error.ok()) {
      if (!options.dry_run && sh.watermark != written) {
        (void)WriteCheckpoint(store, signature, sh.watermark);
      }
      return sh.error;
    }
  }
  GL_RETURN_IF_ERROR(checkpoint_status);
  // Finished: the checkpoint goes, so the next run (new data) starts from the beginning.
  if (!options.dry_run) GL_RETURN_IF_ERROR(WriteCheckpoint(store, signature, std::nullopt));
  auto [result, mark] = snapshot();
  (void)mark;
  {
    absl::MutexLock l(&sh.mu);
    for (auto& [b, rows] : sh.report_blocks) {
      for (VeeReportRow& r : rows) result.report.push_back(std::move(r));
    }
  }
  result.cpu_seconds = ProcessCpuSeconds() - cpu0;
  if (progress) progress(result);
  return result;
}

std::string FormatVeeReport(const std::vector<VeeReportRow>& rows) {
  std::string out =
      "meter,channel,rule,exceptions_before,exceptions_after,slots_replaced,slots_changed,"
      "kwh_before,kwh_after,kwh_change\n";
  auto kwh = [](int64_t wh) { return FormatScaledDecimal(wh, 3); };
  for (const VeeReportRow& r : rows) {
    if (r.rule == "*") {
      out += fmt::format("{},{},*,{},{},{},{},{},{},{}\n", r.meter, GetChannelSpec(r.channel).name,
                         r.exceptions_before, r.exceptions_after, r.slots_replaced, r.slots_changed,
                         kwh(r.wh_before), kwh(r.wh_after), kwh(r.wh_after - r.wh_before));
    } else {
      out += fmt::format("{},{},{},{},{},{},,,,\n", r.meter, GetChannelSpec(r.channel).name, r.rule,
                         r.exceptions_before, r.exceptions_after, r.slots_replaced);
    }
  }
  return out;
}

}  // namespace gridline::vee
