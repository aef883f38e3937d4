#include "bench/ingest_bench.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"
#include "httplib.h"

namespace gridline::bench {

namespace {

constexpr int64_t kStart = 1'782'864'000;  // 2026-07-01T00:00:00Z
constexpr int kSlotsPerDay = 96;

// The /write bodies: for each day, each meter's 96 quarter-hours (a head-end's daily batch),
// cut into batches of `batch_lines` lines. Values vary so the codecs do real work.
std::vector<std::string> LineProtocolBatches(const IngestBenchOptions& o, uint64_t* readings) {
  std::vector<std::string> batches;
  std::string body;
  int lines = 0;
  *readings = 0;
  uint64_t x = 88172645463325252ull;
  for (int d = 0; d < o.days; ++d) {
    for (int64_t m = 0; m < o.meters; ++m) {
      for (int s = 0; s < kSlotsPerDay; ++s) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const int64_t t = kStart + (int64_t{d} * kSlotsPerDay + s) * 900;
        fmt::format_to(std::back_inserter(body), "kwh,meter=M{:06d} value=0.{:03d} {}\n", m,
                       x % 1000, t);
        ++*readings;
        if (++lines == o.batch_lines) {
          batches.push_back(std::move(body));
          body.clear();
          lines = 0;
        }
      }
    }
  }
  if (!body.empty()) batches.push_back(std::move(body));
  return batches;
}

}  // namespace

absl::Status RunIngestBench(const IngestBenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  uint64_t readings = 0;
  const std::vector<std::string> batches = LineProtocolBatches(o, &readings);
  uint64_t bytes = 0;
  for (const std::string& b : batches) bytes += b.size();
  emit("lineproto_http_readings", static_cast<double>(readings), "readings");
  emit("lineproto_http_body_bytes_per_reading", static_cast<double>(bytes) / readings, "B");
  std::vector<double> rates;
  for (int run = 0; run < o.runs; ++run) {
    const std::string store = fmt::format("{}/lineproto-{}", dir, run);
    GL_ASSIGN_OR_RETURN(std::unique_ptr<ServedStore> served,
                        ServedStore::Start(o.gridline_binary, store, dir));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::string failure;
    std::mutex failure_mu;
    const auto start = Clock::now();
    std::vector<std::thread> clients;
    for (int c = 0; c < o.clients; ++c) {
      clients.emplace_back([&] {
        httplib::Client client("127.0.0.1", served->port());
        client.set_keep_alive(true);
        client.set_read_timeout(300, 0);
        client.set_write_timeout(300, 0);
        for (size_t i = next++; i < batches.size() && !failed; i = next++) {
          httplib::Result r = client.Post("/write?db=bench&precision=s", batches[i], "text/plain");
          if (!r || r->status != 204) {
            std::lock_guard<std::mutex> l(failure_mu);
            failure = r ? fmt::format("HTTP {}: {}", r->status, r->body.substr(0, 300))
                        : httplib::to_string(r.error());
            failed = true;
          }
        }
      });
    }
    for (std::thread& t : clients) t.join();
    const double seconds = Seconds(start, Clock::now());
    if (failed) return absl::InternalError("POST /write failed: " + failure);
    rates.push_back(static_cast<double>(readings) / seconds);
    served.reset();
    std::error_code ec;
    std::filesystem::remove_all(store, ec);
  }
  emit("lineproto_http_readings_per_s", Median(rates), "readings/s");
  return absl::OkStatus();
}

}  // namespace gridline::bench
