// mqtt_bench.h: the MQTT part of `gridline bench ingest`: readings per second from a local
// publisher through a real mosquitto into `gridline serve --mqtt`, beside the broker's own rate.
//
// The bench starts Debian's mosquitto on an ephemeral loopback port (its config in the work
// directory: max_inflight_messages 2000, so the feed's batches of up to 1000 messages can fill,
// and no queue limit; docs/mqtt.md "Broker settings"), then for each run:
//   - a publisher thread of our own (server/mqtt/mqtt_packet.h encoders, QoS 1, up to 1000
//     PUBLISHes in flight) sends one message per meter and day: its 96 quarter-hours as the CSV
//     `timestamp,kwh` body the feed takes;
//   - broker only: a subscriber of our own that only answers each PUBLISH with its PUBACK;
//     timed from the first PUBLISH sent to the last one received;
//   - gridline: `gridline serve --mqtt` on a fresh store, timed from the first PUBLISH sent to the
//     moment /metrics counts every message stored (counted only once durable).
// Figures: mqtt_readings_per_s, mqtt_messages_per_s, mqtt_broker_only_messages_per_s (medians).
// Without mosquitto the bench says so on one line and emits nothing.
#ifndef GRIDLINE_BENCH_MQTT_BENCH_H_
#define GRIDLINE_BENCH_MQTT_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct MqttBenchOptions {
  int64_t meters = 2000;
  int days = 5;  // one message per meter and day
  int runs = 3;
  std::string dir;  // work directory; a temporary one when empty
  bool keep = false;
  std::string gridline_binary;
  std::string mosquitto = "/usr/sbin/mosquitto";
};

absl::Status RunMqttBench(const MqttBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_MQTT_BENCH_H_
