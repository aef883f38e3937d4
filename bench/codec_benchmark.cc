// codec_benchmark.cc: speed and size of the value codecs (src/storage/codec/).
//
// Speed: BM_<Codec>Decode / BM_<Codec>Sum decode or sum 24 chunks of 4096 synthetic 15-minute
// values round-robin (about 100 KB encoded, so the caches hold it as they would in a scan),
// items/s = values. BM_Best*Lcl do the same on the LCL households with the codec EncodeValues
// chose per chunk. BM_EncodeBest runs EncodeValues (every candidate sized, the smallest written).
// Size: BM_SizeReport prints `name value unit` lines, once, comparing EncodeValues on 4096-value
// chunks with the xz -9e bound of src/bench/compression_bound.h, on real (LCL, Emporia) and
// synthetic data. Real data sets are looked up in $GL_DATASETS or test/data.
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/compression_bound.h"
#include "benchmark/benchmark.h"
#include "codec_bench_data.h"  // beside this file, not under src/
#include "storage/codec/codec.h"

namespace gridline::bench {
namespace {

using storage::CodecId;

constexpr size_t kChunk = 4096;

struct Encoded {
  std::vector<std::string> chunks;
  std::vector<size_t> counts;
  size_t values = 0;
};

// Encodes each chunk with `id`, or with EncodeValues when id is nullopt.
Encoded EncodeAll(const SeriesList& chunks, std::optional<CodecId> id) {
  Encoded e;
  for (const auto& c : chunks) {
    std::string s;
    if (id) {
      storage::EncodeValuesWith(*id, c, &s);
    } else {
      storage::EncodeValues(c, &s);
    }
    e.chunks.push_back(std::move(s));
    e.counts.push_back(c.size());
    e.values += c.size();
  }
  return e;
}

const SeriesList& ResidentialChunks() {
  static const SeriesList* c = new SeriesList(Chunk(SyntheticResidential(8, 128, 7), kChunk));
  return *c;
}
const SeriesList& RegisterChunks() {
  static const SeriesList* c = new SeriesList(Chunk(SyntheticRegisters(8, 128, 8), kChunk));
  return *c;
}
const SeriesList& LclChunks() {
  static const SeriesList* c = new SeriesList(Chunk(LoadLcl(), kChunk));
  return *c;
}

void RunDecode(benchmark::State& state, const SeriesList& chunks, std::optional<CodecId> id,
               bool sum_only) {
  if (chunks.empty()) {
    state.SkipWithError("no data");
    return;
  }
  Encoded e = EncodeAll(chunks, id);
  std::vector<int64_t> out(kChunk);
  size_t i = 0;
  int64_t total = 0;
  for (auto _ : state) {
    const std::string& s = e.chunks[i];
    const char* p = s.data();
    absl::Status st = sum_only
                          ? storage::SumValues(&p, s.data() + s.size(), e.counts[i], &total)
                          : storage::DecodeValues(&p, s.data() + s.size(), e.counts[i], out.data());
    if (!st.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(total);
    benchmark::DoNotOptimize(out.data());
    state.SetItemsProcessed(state.items_processed() + static_cast<int64_t>(e.counts[i]));
    i = i + 1 == e.chunks.size() ? 0 : i + 1;
  }
  size_t bytes = 0;
  for (const auto& s : e.chunks) bytes += s.size();
  state.counters["B/value"] = static_cast<double>(bytes) / static_cast<double>(e.values);
}

void BM_DeltaRiceDecode(benchmark::State& s) {
  RunDecode(s, ResidentialChunks(), CodecId::kDeltaRice, false);
}
void BM_DeltaRiceSum(benchmark::State& s) {
  RunDecode(s, ResidentialChunks(), CodecId::kDeltaRice, true);
}
void BM_DeltaBitpackDecode(benchmark::State& s) {
  RunDecode(s, ResidentialChunks(), CodecId::kDeltaBitpack, false);
}
void BM_DeltaBitpackSum(benchmark::State& s) {
  RunDecode(s, ResidentialChunks(), CodecId::kDeltaBitpack, true);
}
void BM_DeltaOfDeltaRiceSum(benchmark::State& s) {
  RunDecode(s, RegisterChunks(), CodecId::kDeltaOfDeltaRice, true);
}
void BM_SparseDeltaRiceSum(benchmark::State& s) {
  RunDecode(s, ResidentialChunks(), CodecId::kSparseDeltaRice, true);
}
void BM_BestDecodeLcl(benchmark::State& s) { RunDecode(s, LclChunks(), std::nullopt, false); }
void BM_BestSumLcl(benchmark::State& s) { RunDecode(s, LclChunks(), std::nullopt, true); }

void BM_EncodeBest(benchmark::State& state) {
  const SeriesList& chunks = ResidentialChunks();
  size_t i = 0;
  std::string out;
  for (auto _ : state) {
    out.clear();
    storage::EncodeValues(chunks[i], &out);
    benchmark::DoNotOptimize(out.data());
    state.SetItemsProcessed(state.items_processed() + static_cast<int64_t>(chunks[i].size()));
    i = i + 1 == chunks.size() ? 0 : i + 1;
  }
}

// The machine is shared and its clock varies with load: this loop of dependent adds runs at one
// add per cycle, so its items/s is the effective clock, and a codec's cycles per value is
// clock / (its items/s). Quote both from the same run.
void BM_CalibrationCycle(benchmark::State& state) {
  uint64_t x = 0;
  for (auto _ : state) {
    for (int i = 0; i < 4096; ++i) {
#if defined(__x86_64__)
      asm volatile("add $1, %0" : "+r"(x));
#else
      x = x + 1;
      benchmark::DoNotOptimize(x);
#endif
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 4096);
}

BENCHMARK(BM_CalibrationCycle);
BENCHMARK(BM_DeltaRiceDecode);
BENCHMARK(BM_DeltaRiceSum);
BENCHMARK(BM_DeltaBitpackDecode);
BENCHMARK(BM_DeltaBitpackSum);
BENCHMARK(BM_DeltaOfDeltaRiceSum);
BENCHMARK(BM_SparseDeltaRiceSum);
BENCHMARK(BM_BestDecodeLcl);
BENCHMARK(BM_BestSumLcl);
BENCHMARK(BM_EncodeBest);

// Prints the size lines for one data set and returns codec B/reading.
void ReportSizes(const std::string& name, const SeriesList& series) {
  if (series.empty()) {
    std::printf("# %s: data set not found\n", name.c_str());
    return;
  }
  Encoded e = EncodeAll(Chunk(series, kChunk), std::nullopt);
  size_t bytes = 0;
  std::map<std::string, size_t> mix;
  for (const auto& s : e.chunks) {
    bytes += s.size();
    mix[storage::CodecName(static_cast<CodecId>(s[0]))] += 1;
  }
  auto bound = XzDeltaVarintBound(series);
  const double codec = static_cast<double>(bytes) / static_cast<double>(e.values);
  std::printf("codec_bytes_per_reading_%s %.4f B\n", name.c_str(), codec);
  if (bound.ok()) {
    std::printf("xz_bound_bytes_per_reading_%s %.4f B\n", name.c_str(), bound->bytes_per_reading());
    std::printf("codec_over_bound_%s %.2f %%\n", name.c_str(),
                100.0 * (codec / bound->bytes_per_reading() - 1));
  }
  std::printf("readings_%s %zu n\n", name.c_str(), e.values);
  for (const auto& [codec_name, n] : mix) {
    std::printf("chunks_%s_%s %zu n\n", name.c_str(), codec_name.c_str(), n);
  }
}

void BM_SizeReport(benchmark::State& state) {
  for (auto _ : state) {
    ReportSizes("lcl", LoadLcl());
    ReportSizes("synthetic_residential_15min", SyntheticResidential(300, 128, 1));
    ReportSizes("synthetic_residential_quiet_15min", SyntheticResidential(300, 128, 4, 0.5));
    ReportSizes("synthetic_pv_15min", SyntheticPv(50, 128, 2));
    ReportSizes("synthetic_register_15min", SyntheticRegisters(50, 128, 3));
    ReportSizes("emporia_1s", LoadEmporiaSeconds());
    std::fflush(stdout);
  }
}
BENCHMARK(BM_SizeReport)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace gridline::bench
