// csv_benchmark.cc: speed of CsvBlockParser on ~4 MB blocks, the size the importer feeds it.
// Counters: rows/s (input rows), readings/s (ParsedRows produced; a wide row gives up to 288) and
// bytes/s. The target is >= 10 M long rows/s per core (the import must reach 12 M readings/s
// end to end on 2 cores). Scenarios:
//   BM_CsvLongSortedByMeter   M0012345,2026-07-01T00:15:00Z,0.219: a meter's day, then the next
//   BM_CsvLongSortedByTime    the same rows ordered by time: the meter changes on every row
//   BM_CsvLongNaiveInZone     `2026-07-01 00:15:00` read in America/New_York
//   BM_CsvLongQuotedWithQuality  quoted fields and a quality column (the slower splitter)
//   BM_CsvWide96 / BM_CsvWide24  one meter-day per row
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "fmt/format.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {
namespace {

constexpr size_t kBlockBytes = 4 << 20;

std::string Kwh(std::mt19937& rng) {
  // Typical household quarter-hours: 0.000 .. 2.999 kWh, three decimals.
  const unsigned wh = rng() % 3000;
  return fmt::format("{}.{:03d}", wh / 1000, wh % 1000);
}

std::string Stamp(int day, int slot, bool naive) {
  return fmt::format("2026-07-{:02d}{}{:02d}:{:02d}:00{}", 1 + day, naive ? ' ' : 'T', slot / 4,
                     slot % 4 * 15, naive ? "" : "Z");
}

// Long rows until the block is ~4 MB. `by_time`: all meters' slot 0, then slot 1, ...
std::string LongBlock(bool by_time, bool naive, bool quoted_with_quality) {
  std::mt19937 rng(1);
  std::string text;
  text.reserve(kBlockBytes + 256);
  const int meters = 1000;
  auto row = [&](int meter, int day, int slot) {
    const std::string id = fmt::format("M{:07d}", 12345 + meter);
    if (quoted_with_quality) {
      text += fmt::format("\"{}\",\"{}\",{},A\n", id, Stamp(day, slot, naive), Kwh(rng));
    } else {
      text += fmt::format("{},{},{}\n", id, Stamp(day, slot, naive), Kwh(rng));
    }
  };
  for (int day = 0; text.size() < kBlockBytes; ++day) {
    if (by_time) {
      for (int slot = 0; slot < 96 && text.size() < kBlockBytes; ++slot) {
        for (int m = 0; m < meters && text.size() < kBlockBytes; ++m) row(m, day % 28, slot);
      }
    } else {
      for (int m = 0; m < meters && text.size() < kBlockBytes; ++m) {
        for (int slot = 0; slot < 96; ++slot) row(m, day % 28, slot);
      }
    }
  }
  return text;
}

std::string WideBlock(int n) {
  std::mt19937 rng(2);
  std::string text;
  text.reserve(kBlockBytes + 4096);
  for (int row = 0; text.size() < kBlockBytes; ++row) {
    text += fmt::format("M{:07d},2026-07-{:02d}", 12345 + row / 28, 1 + row % 28);
    for (int i = 0; i < n; ++i) {
      text += ',';
      text += Kwh(rng);
    }
    text += '\n';
  }
  return text;
}

void Run(benchmark::State& state, const std::string& header, const std::string& text,
         const CsvOptions& options) {
  auto layout = ParseCsvHeader(header, options);
  if (!layout.ok()) {
    state.SkipWithError(std::string(layout.status().message()).c_str());
    return;
  }
  CsvBlockParser parser(*layout, options);
  ParsedBlock block;
  uint64_t lines = 0, readings = 0;
  for (auto _ : state) {
    block.Clear();
    parser.Parse(text, &block);
    benchmark::DoNotOptimize(block.rows.data());
    lines += block.line_count;
    readings += block.rows.size();
  }
  if (!block.errors.empty()) state.SkipWithError(block.errors[0].reason.c_str());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
  state.counters["readings/s"] =
      benchmark::Counter(static_cast<double>(readings), benchmark::Counter::kIsRate);
}

void BM_CsvLongSortedByMeter(benchmark::State& state) {
  static const std::string text = LongBlock(false, false, false);
  Run(state, "meter_id,timestamp,kwh", text, {});
}
BENCHMARK(BM_CsvLongSortedByMeter)->Unit(benchmark::kMillisecond);

void BM_CsvLongSortedByTime(benchmark::State& state) {
  static const std::string text = LongBlock(true, false, false);
  Run(state, "meter_id,timestamp,kwh", text, {});
}
BENCHMARK(BM_CsvLongSortedByTime)->Unit(benchmark::kMillisecond);

void BM_CsvLongNaiveInZone(benchmark::State& state) {
  static const std::string text = LongBlock(false, true, false);
  CsvOptions o;
  auto tz = TimeZone::Load("America/New_York");
  if (tz.ok()) o.zone = *tz;
  Run(state, "meter_id,timestamp,kwh", text, o);
}
BENCHMARK(BM_CsvLongNaiveInZone)->Unit(benchmark::kMillisecond);

void BM_CsvLongQuotedWithQuality(benchmark::State& state) {
  static const std::string text = LongBlock(false, false, true);
  Run(state, "meter_id,timestamp,kwh,quality", text, {});
}
BENCHMARK(BM_CsvLongQuotedWithQuality)->Unit(benchmark::kMillisecond);

std::string WideHeader(int n) {
  std::string h = "meter_id,date";
  for (int i = 0; i < n; ++i) h += fmt::format(",i{}", i);
  return h;
}

void BM_CsvWide96(benchmark::State& state) {
  static const std::string text = WideBlock(96);
  Run(state, WideHeader(96), text, {});
}
BENCHMARK(BM_CsvWide96)->Unit(benchmark::kMillisecond);

void BM_CsvWide24(benchmark::State& state) {
  static const std::string text = WideBlock(24);
  Run(state, WideHeader(24), text, {});
}
BENCHMARK(BM_CsvWide24)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridline::ingest
