// metrics.cc: the counters behind /metrics and their Prometheus text (metrics.h).
#include "server/metrics.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "fmt/format.h"
#include "storage/store.h"

namespace gridline::server {

namespace {

// The store's size is a directory walk: at most one every few seconds, whatever the scrape rate.
constexpr int64_t kStoreSizeRefreshNs = 5'000'000'000;

int64_t SteadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A label value as the exposition format escapes it: backslash, quote and newline.
std::string LabelValue(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

uint64_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  const int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

Metrics::Metrics(std::string data_dir)
    : data_dir_(std::move(data_dir)),
      start_time_s_(std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count()),
      cells_(new Cell[kCodeCount]) {}

void Metrics::SetRoutes(std::vector<RouteLabel> routes) {
  routes_ = std::move(routes);
  cells_.reset(new Cell[(routes_.size() + 1) * kCodeCount]);
}

Metrics::~Metrics() = default;

int Metrics::CodeSlot(int http_status) {
  for (int i = 0; i < kCodeCount - 1; ++i) {
    if (kCodes[i] == http_status) return i;
  }
  return kCodeCount - 1;
}

void Metrics::ObserveRequest(int route, int http_status, double seconds) {
  if (route < -1 || route >= static_cast<int>(routes_.size())) route = -1;
  Cell& c = CellFor(route, CodeSlot(http_status));
  c.count.fetch_add(1, std::memory_order_relaxed);
  c.sum_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  int b = 0;
  while (b < kBucketCount && seconds > kBuckets[b]) ++b;
  if (b < kBucketCount) c.buckets[b].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::AddIngest(const IngestCounts& counts) {
  ingest_accepted_.fetch_add(counts.accepted, std::memory_order_relaxed);
  ingest_duplicates_.fetch_add(counts.duplicates, std::memory_order_relaxed);
  ingest_versions_.fetch_add(counts.versions, std::memory_order_relaxed);
  ingest_rejected_.fetch_add(counts.rejected, std::memory_order_relaxed);
  ingest_rounded_.fetch_add(counts.rounded, std::memory_order_relaxed);
}

void Metrics::SetRollupLagSource(std::function<double()> source) {
  absl::MutexLock l(&mu_);
  rollup_lag_ = std::move(source);
}

uint64_t Metrics::RequestCount(int route) const {
  uint64_t n = 0;
  const size_t row = static_cast<size_t>(route + 1) * kCodeCount;
  for (int i = 0; i < kCodeCount; ++i) n += cells_[row + i].count.load(std::memory_order_relaxed);
  return n;
}

uint64_t Metrics::StoreBytes() {
  const int64_t now = SteadyNs();
  if (store_bytes_at_ns_ == 0 || now - store_bytes_at_ns_ >= kStoreSizeRefreshNs) {
    store_bytes_ = storage::Store::DiskBytes(data_dir_);
    store_bytes_at_ns_ = now;
  }
  return store_bytes_;
}

std::string Metrics::Render() {
  std::string out;
  out.reserve(16384);
  auto labels = [&](int route, int slot) {
    const std::string code = slot == kCodeCount - 1 ? "other" : std::to_string(kCodes[slot]);
    if (route < 0) return fmt::format("method=\"\",route=\"unmatched\",code=\"{}\"", code);
    const RouteLabel& r = routes_[static_cast<size_t>(route)];
    return fmt::format("method=\"{}\",route=\"{}\",code=\"{}\"", LabelValue(r.method),
                       LabelValue(r.pattern), code);
  };
  const int route_count = static_cast<int>(routes_.size());

  out +=
      "# HELP gridline_http_requests_total HTTP requests answered, by route pattern and status.\n"
      "# TYPE gridline_http_requests_total counter\n";
  for (int r = -1; r < route_count; ++r) {
    for (int s = 0; s < kCodeCount; ++s) {
      const uint64_t n = CellFor(r, s).count.load(std::memory_order_relaxed);
      if (n > 0) out += fmt::format("gridline_http_requests_total{{{}}} {}\n", labels(r, s), n);
    }
  }
  out +=
      "# HELP gridline_http_request_duration_seconds Time to answer a request (a streamed "
      "answer: until its last byte was handed to the socket).\n"
      "# TYPE gridline_http_request_duration_seconds histogram\n";
  for (int r = -1; r < route_count; ++r) {
    for (int s = 0; s < kCodeCount; ++s) {
      Cell& c = CellFor(r, s);
      const uint64_t n = c.count.load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string l = labels(r, s);
      uint64_t cumulative = 0;
      for (int b = 0; b < kBucketCount; ++b) {
        cumulative += c.buckets[b].load(std::memory_order_relaxed);
        out += fmt::format("gridline_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", l,
                           kBuckets[b], cumulative);
      }
      // The count is read after the buckets: +Inf never shows fewer than a finite bucket.
      out += fmt::format("gridline_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", l,
                         std::max(n, cumulative));
      out += fmt::format("gridline_http_request_duration_seconds_sum{{{}}} {:.6f}\n", l,
                         c.sum_ns.load(std::memory_order_relaxed) / 1e9);
      out += fmt::format("gridline_http_request_duration_seconds_count{{{}}} {}\n", l,
                         std::max(n, cumulative));
    }
  }
  out += fmt::format(
      "# HELP gridline_http_requests_in_flight Requests being answered now.\n"
      "# TYPE gridline_http_requests_in_flight gauge\n"
      "gridline_http_requests_in_flight {}\n",
      in_flight_.load(std::memory_order_relaxed));
  out += fmt::format(
      "# HELP gridline_ingest_readings_total Readings written through the HTTP API and the MQTT "
      "feed, by result.\n"
      "# TYPE gridline_ingest_readings_total counter\n"
      "gridline_ingest_readings_total{{result=\"accepted\"}} {}\n"
      "gridline_ingest_readings_total{{result=\"duplicate\"}} {}\n"
      "gridline_ingest_readings_total{{result=\"version\"}} {}\n"
      "gridline_ingest_readings_total{{result=\"rejected\"}} {}\n"
      "gridline_ingest_readings_total{{result=\"rounded\"}} {}\n",
      ingest_accepted_.load(std::memory_order_relaxed),
      ingest_duplicates_.load(std::memory_order_relaxed),
      ingest_versions_.load(std::memory_order_relaxed),
      ingest_rejected_.load(std::memory_order_relaxed),
      ingest_rounded_.load(std::memory_order_relaxed));
  if (mqtt_enabled_.load(std::memory_order_relaxed)) {
    auto count = [&](MqttResult r) {
      return mqtt_messages_[static_cast<size_t>(r)].load(std::memory_order_relaxed);
    };
    out += fmt::format(
        "# HELP gridline_mqtt_messages_total MQTT messages of the feed: stored whole, with "
        "rejected readings, unusable (topic or payload), or not written (left unacknowledged "
        "for redelivery).\n"
        "# TYPE gridline_mqtt_messages_total counter\n"
        "gridline_mqtt_messages_total{{result=\"accepted\"}} {}\n"
        "gridline_mqtt_messages_total{{result=\"rejected\"}} {}\n"
        "gridline_mqtt_messages_total{{result=\"invalid\"}} {}\n"
        "gridline_mqtt_messages_total{{result=\"retried\"}} {}\n"
        "# HELP gridline_mqtt_subscribed 1 while the broker has granted the feed's subscription.\n"
        "# TYPE gridline_mqtt_subscribed gauge\n"
        "gridline_mqtt_subscribed {}\n"
        "# HELP gridline_mqtt_reconnects_total Connections to the broker lost or refused.\n"
        "# TYPE gridline_mqtt_reconnects_total counter\n"
        "gridline_mqtt_reconnects_total {}\n",
        count(MqttResult::kAccepted), count(MqttResult::kRejected), count(MqttResult::kInvalid),
        count(MqttResult::kRetried), mqtt_subscribed_.load(std::memory_order_relaxed) ? 1 : 0,
        mqtt_reconnects_.load(std::memory_order_relaxed));
  }
  double lag = 0;
  uint64_t store_bytes = 0;
  {
    absl::MutexLock l(&mu_);
    if (rollup_lag_) lag = rollup_lag_();
    store_bytes = StoreBytes();
  }
  out += fmt::format(
      "# HELP gridline_store_size_bytes Size of the store's directory (every file, as du -sb).\n"
      "# TYPE gridline_store_size_bytes gauge\n"
      "gridline_store_size_bytes {}\n"
      "# HELP gridline_rollup_lag_seconds How far the roll-ups are behind the readings.\n"
      "# TYPE gridline_rollup_lag_seconds gauge\n"
      "gridline_rollup_lag_seconds {}\n"
      "# HELP process_resident_memory_bytes Resident memory of the server.\n"
      "# TYPE process_resident_memory_bytes gauge\n"
      "process_resident_memory_bytes {}\n"
      "# HELP process_start_time_seconds When the server started (Unix seconds).\n"
      "# TYPE process_start_time_seconds gauge\n"
      "process_start_time_seconds {}\n",
      store_bytes, lag, ResidentBytes(), start_time_s_);
  return out;
}

}  // namespace gridline::server
