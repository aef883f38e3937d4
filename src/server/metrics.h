// metrics.h: what the server counts, and its Prometheus text exposition (`GET /metrics`,
// text/plain; version=0.0.4). Kept small and lock-cheap: the request path only does relaxed
// atomic adds into fixed arrays allocated at start (one cell per route x status code); nothing
// is allocated or locked per request.
//
//   gridline_http_requests_total{method,route,code}                 counter
//   gridline_http_request_duration_seconds{method,route,code}       histogram (_bucket/_sum/_count)
//   gridline_http_requests_in_flight                                gauge
//   gridline_ingest_readings_total{result=accepted|duplicate|version|rejected|rounded}  counter
//   gridline_store_size_bytes                                       gauge (Store::DiskBytes,
//                                                                   refreshed at most every 5 s)
//   gridline_rollup_lag_seconds                                     gauge (SetRollupLagSource)
//   gridline_mqtt_messages_total{result=accepted|rejected|invalid|retried}  counter (serve --mqtt:
//                                                                   messages stored whole, with
//                                                                   rejected rows, unusable, or
//                                                                   left unacknowledged)
//   gridline_mqtt_subscribed, gridline_mqtt_reconnects_total        gauge, counter
//   process_resident_memory_bytes, process_start_time_seconds       gauges
//
// `route` is the route's pattern (`/api/v1/meters/{id}/readings`), never the path asked, so the
// label set stays bounded; requests that match no route count under route="unmatched". Errors
// the HTTP front answers before any handler (400 framing, 408, 413, 415, 431, 503 overload)
// count under the route their target matches, with their own status; unmatched when it matches
// none or never arrived (a connection over the cap is refused before its request is read).
//
// Thread-safety: every method may be called from any thread.
#ifndef GRIDLINE_SERVER_METRICS_H_
#define GRIDLINE_SERVER_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gridline::server {

// What one request through the ingest API did to readings.
struct IngestCounts {
  uint64_t accepted = 0;    // stored in empty slots
  uint64_t duplicates = 0;  // same value as stored: nothing written
  uint64_t versions = 0;    // a different value for a filled slot: a new raw version
  uint64_t rejected = 0;    // row errors (and everything of a refused strict request)
  uint64_t rounded = 0;     // values round=true changed
};

// What became of one MQTT message (server/mqtt/mqtt_feed.h).
enum class MqttResult : uint8_t { kAccepted, kRejected, kInvalid, kRetried };

class Metrics {
 public:
  static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  static constexpr int kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);

  struct RouteLabel {
    std::string method;
    std::string pattern;
  };
  // `data_dir` is the store's directory (for its size).
  explicit Metrics(std::string data_dir);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Labels route index i with routes[i] (method and pattern).
  // REQUIRES: called once, before the first ObserveRequest (the server does it when it binds).
  void SetRoutes(std::vector<RouteLabel> routes);

  // One answered request: `route` is its index in the route table, -1 when none matched.
  void ObserveRequest(int route, int http_status, double seconds);
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  void AddIngest(const IngestCounts& counts);

  // The MQTT feed's counters, rendered once EnableMqtt was called (serve --mqtt).
  void EnableMqtt() { mqtt_enabled_.store(true, std::memory_order_relaxed); }
  void AddMqttMessage(MqttResult result) {
    mqtt_messages_[static_cast<size_t>(result)].fetch_add(1, std::memory_order_relaxed);
  }
  void SetMqttSubscribed(bool on) { mqtt_subscribed_.store(on, std::memory_order_relaxed); }
  void AddMqttReconnect() { mqtt_reconnects_.fetch_add(1, std::memory_order_relaxed); }

  // The roll-up job's lag behind the readings, in seconds; called at each scrape. Default 0.
  void SetRollupLagSource(std::function<double()> source);

  // The whole exposition text.
  std::string Render();

  // Requests counted so far for `route` (all codes); for tests.
  uint64_t RequestCount(int route) const;

 private:
  // The codes with a cell of their own; others count as "other".
  static constexpr int kCodes[] = {200, 201, 202, 204, 206, 304, 400, 401, 403, 404, 405, 406, 408,
                                   409, 411, 412, 413, 414, 415, 429, 431, 500, 501, 503, 504, 507};
  static constexpr int kCodeCount = sizeof(kCodes) / sizeof(kCodes[0]) + 1;
  struct Cell {
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_ns{0};
    std::atomic<uint64_t> buckets[kBucketCount] = {};  // not cumulative; summed when rendered
  };
  static int CodeSlot(int http_status);
  Cell& CellFor(int route, int code_slot) {
    return cells_[static_cast<size_t>(route + 1) * kCodeCount + static_cast<size_t>(code_slot)];
  }
  uint64_t StoreBytes() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::vector<RouteLabel> routes_;
  const std::string data_dir_;
  const int64_t start_time_s_;
  std::unique_ptr<Cell[]> cells_;  // (routes + 1) x kCodeCount; row 0 is "unmatched"
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> ingest_accepted_{0}, ingest_duplicates_{0}, ingest_versions_{0},
      ingest_rejected_{0}, ingest_rounded_{0};
  std::atomic<bool> mqtt_enabled_{false}, mqtt_subscribed_{false};
  std::atomic<uint64_t> mqtt_messages_[4] = {};
  std::atomic<uint64_t> mqtt_reconnects_{0};

  absl::Mutex mu_;  // scrapes only
  std::function<double()> rollup_lag_ ABSL_GUARDED_BY(mu_);
  int64_t store_bytes_at_ns_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t store_bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_METRICS_H_
