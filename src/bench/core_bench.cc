#include "bench/core_bench.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/compression_bound.h"
#include "common/status_macros.h"
#include "fmt/format.h"
#include "query/series_reader.h"
#include "sim/csv_writer.h"
#include "sim/fleet.h"
#include "storage/store.h"

namespace gridline::bench {

absl::Status RunCoreBench(const CoreBenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  emit("bench_meters", static_cast<double>(o.meters), "meters");
  emit("bench_days", o.days, "days");

  // 1. Generate the reads.
  sim::FleetOptions fleet_options;
  fleet_options.meters = o.meters;
  fleet_options.days = o.days;
  fleet_options.start_day = o.start_day;
  fleet_options.seed = o.seed;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::Fleet> fleet, sim::Fleet::Create(fleet_options));
  const std::string csv = dir + "/reads.csv";
  sim::ReadsStats stats;
  {
    GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::OutputFile> out, sim::OutputFile::Open(csv));
    const auto t0 = Clock::now();
    GL_RETURN_IF_ERROR(sim::WriteReads(fleet.get(), sim::CsvWriterOptions(), out.get(), &stats));
    GL_RETURN_IF_ERROR(out->Close());
    emit("sim_rows_per_s", stats.rows / Seconds(t0, Clock::now()), "rows/s");
  }
  emit("csv_rows", static_cast<double>(stats.rows), "rows");
  emit("csv_bytes_per_row", static_cast<double>(stats.bytes) / stats.rows, "B");

  // 2. Import it, as a user would, into fresh stores; the median run counts.
  const std::string store_dir = dir + "/store";
  std::vector<double> rates, rss;
  for (int run = 0; run < o.import_runs; ++run) {
    std::filesystem::remove_all(store_dir);
    GL_ASSIGN_OR_RETURN(ChildResult r, RunChild({o.gridline_binary, "import", "csv", "--data",
                                                 store_dir, "--progress", "none", csv}));
    rates.push_back(stats.rows / r.seconds);
    rss.push_back(r.peak_rss_mib);
  }
  emit("import_rows_per_s", Median(rates), "rows/s");
  emit("import_rows_per_s_best", *std::max_element(rates.begin(), rates.end()), "rows/s");
  emit("import_peak_rss", *std::max_element(rss.begin(), rss.end()), "MiB");

  // The same reads in the wide layout utilities export (one row per meter, day and channel with
  // 96 interval columns), imported into fresh stores as well.
  {
    GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::Fleet> wide_fleet, sim::Fleet::Create(fleet_options));
    const std::string wide_csv = dir + "/reads-wide.csv";
    sim::ReadsStats wide_stats;
    GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::OutputFile> out, sim::OutputFile::Open(wide_csv));
    sim::CsvWriterOptions wide_options;
    wide_options.layout = sim::ReadsLayout::kWide;
    GL_RETURN_IF_ERROR(sim::WriteReads(wide_fleet.get(), wide_options, out.get(), &wide_stats));
    GL_RETURN_IF_ERROR(out->Close());
    const double readings = static_cast<double>(
        wide_stats.delivered_rows + wide_stats.received_rows + wide_stats.duplicate_rows);
    std::vector<double> wide_rates, wide_rss;
    for (int run = 0; run < o.import_runs; ++run) {
      std::filesystem::remove_all(store_dir);
      GL_ASSIGN_OR_RETURN(ChildResult r, RunChild({o.gridline_binary, "import", "csv", "--data",
                                                   store_dir, "--progress", "none", wide_csv}));
      wide_rates.push_back(readings / r.seconds);
      wide_rss.push_back(r.peak_rss_mib);
    }
    std::filesystem::remove(wide_csv);
    emit("import_wide_readings_per_s", Median(wide_rates), "readings/s");
    emit("import_wide_peak_rss", *std::max_element(wide_rss.begin(), wide_rss.end()), "MiB");
  }
  // The store measured below is the one the long file built.
  std::filesystem::remove_all(store_dir);
  GL_RETURN_IF_ERROR(
      RunChild({o.gridline_binary, "import", "csv", "--data", store_dir, "--progress", "none", csv})
          .status());

  StoreBenchOptions store_options;
  store_options.store_dir = store_dir;
  store_options.from = o.start_day * 86400;
  store_options.query_samples = o.query_samples;
  store_options.scan_runs = o.scan_runs;
  store_options.bound = o.bound;
  store_options.seed = o.seed;
  return RunStoreBench(store_options, emit);
}

absl::Status RunStoreBench(const StoreBenchOptions& o, const EmitFn& emit) {
  const std::string& store_dir = o.store_dir;
  // 3. Size on disk after the import's flush and compaction.
  const uint64_t store_bytes = storage::Store::DiskBytes(store_dir);
  storage::StoreOptions store_options;
  store_options.path = store_dir;
  store_options.block_cache_bytes = size_t{256} << 20;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, storage::Store::Open(store_options));
  const uint32_t series_end = static_cast<uint32_t>(store->catalog().series_count()) + 1;
  uint64_t readings = 0;
  int64_t total = 0;
  GL_RETURN_IF_ERROR(store->NewReadView()->SumAll(1, series_end, &readings, &total));
  emit("stored_readings", static_cast<double>(readings), "readings");
  emit("store_bytes", static_cast<double>(store_bytes), "B");
  const double bytes_per_reading = static_cast<double>(store_bytes) / readings;
  emit("bytes_per_reading", bytes_per_reading, "B");

  // 4. Single-meter month queries: a random meter's kWh delivered over 30 days (or the whole run).
  {
    std::mt19937_64 rng(o.seed);
    const int64_t from = o.from;
    const int64_t to = from + 30 * int64_t{86400};
    std::vector<double> ms;
    int64_t sink = 0;
    for (int pass = 0; pass < 2; ++pass) {  // the first pass warms the caches
      ms.clear();
      for (int i = 0; i < o.query_samples; ++i) {
        const storage::AssetId asset =
            1 + static_cast<storage::AssetId>(rng() % store->catalog().asset_count());
        auto series = store->catalog().FindSeries(asset, ChannelKind::kKwhDelivered);
        if (!series) continue;
        const auto t0 = Clock::now();
        auto view = store->NewReadView();
        const storage::SeriesInfo info = store->catalog().GetSeries(*series);
        // The layer `query readings` reads by default: the validated one (raw where no VEE ran).
        GL_RETURN_IF_ERROR(query::ReadSeriesRange(
            *view, *series, info, from, to, [&](const query::ReadingRow& r) { sink += r.value; },
            Deadline(), query::Layer::kValidated));
        ms.push_back(Seconds(t0, Clock::now()) * 1e3);
      }
    }
    std::sort(ms.begin(), ms.end());
    emit("query_month_ms_median", ms[ms.size() / 2], "ms");
    emit("query_month_ms_p99", ms[ms.size() * 99 / 100], "ms");
    if (sink == 42) emit("", 0, "");  // keeps the reads from being optimised away
  }

  // 5. Scan and sum every chunk on every core, warm, median of several runs.
  {
    const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<double> rates_scan;
    for (int run = 0; run < o.scan_runs + 1; ++run) {
      std::vector<std::thread> workers;
      std::vector<uint64_t> counts(threads);
      std::vector<int64_t> sums(threads);
      std::vector<absl::Status> statuses(threads);
      const auto t0 = Clock::now();
      for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
          const uint32_t span = (series_end - 1 + threads - 1) / threads;
          const uint32_t first = 1 + t * span;
          const uint32_t end = std::min(series_end, first + span);
          statuses[t] = store->NewReadView()->SumAll(first, end, &counts[t], &sums[t]);
        });
      }
      for (std::thread& w : workers) w.join();
      const double s = Seconds(t0, Clock::now());
      uint64_t n = 0;
      int64_t sum = 0;
      for (int t = 0; t < threads; ++t) {
        GL_RETURN_IF_ERROR(statuses[t]);
        n += counts[t];
        sum += sums[t];
      }
      if (n != readings || sum != total) return absl::InternalError("scan totals differ");
      if (run > 0) rates_scan.push_back(n / s);
    }
    emit("scan_sum_readings_per_s", Median(rates_scan), "readings/s");
  }

  // 6. The practical size bound: each series' reads in time order as zig-zag delta varints
  //    through xz -9e, against the store's bytes per reading.
  if (o.bound) {
    std::vector<std::vector<int64_t>> series(series_end - 1);
    auto view = store->NewReadView();
    for (uint32_t s = 1; s < series_end; ++s) {
      GL_RETURN_IF_ERROR(
          view->ForEachChunk(s, 0, INT64_MAX / 4, [&](uint32_t, const storage::Chunk& c) {
            series[s - 1].insert(series[s - 1].end(), c.values.begin(), c.values.end());
          }));
    }
    const auto t0 = Clock::now();
    GL_ASSIGN_OR_RETURN(CompressionBound bound, XzDeltaVarintBound(series));
    emit("xz_bound_seconds", Seconds(t0, Clock::now()), "s");
    emit("xz_bound_bytes_per_reading", bound.bytes_per_reading(), "B");
    emit("size_vs_bound", bytes_per_reading / bound.bytes_per_reading(), "ratio");
  }
  return absl::OkStatus();
}

}  // namespace gridline::bench
