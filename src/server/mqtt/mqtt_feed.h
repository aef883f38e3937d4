// mqtt_feed.h: the MQTT live feed of `gridline serve --mqtt mqtt://HOST:PORT --mqtt-topic
// 'ami/+/reads'` (docs/mqtt.md). One thread holds an MQTT 3.1.1 session with the broker (its own
// client: mqtt_packet.h says why) and writes each message's readings to the store:
//
// - Session: CONNECT with a fixed client id and clean session off, SUBSCRIBE to the filter with
//   QoS 1 (a SUBACK granting less than QoS 1 is an error: the broker would not keep the messages
//   published while gridline is down). So the broker queues messages while gridline is away
//   and delivers them when it comes back.
// - Batches: the messages the broker has sent while the previous batch was written (up to
//   max_batch_messages / max_batch_bytes) are written together, as one durable store write
//   (mqtt_batch.h). The broker's in-flight window (mosquitto's max_inflight_messages) bounds
//   how many it sends before their PUBACKs: it must be larger than a batch for batches to fill.
// - Acknowledgement: a PUBLISH is answered with PUBACK only after the write that holds its
//   readings is durable (Store::Write returned after the synced group commit), in the order the
//   PUBLISHes came, as MQTT 3.1.1 section 4.6 asks. A message that cannot be used (topic or
//   payload; see mqtt_message.h) or whose rows are rejected is counted, logged with its topic on
//   one line and acknowledged with its batch, so it is not redelivered forever. A write the store
//   refuses (Unavailable: disk full, ...) acknowledges none of its batch: the connection is
//   dropped and made again after a backoff, and the broker redelivers them all.
// - Backpressure: the thread reads from the socket only while the batch has room, and not while
//   it is written, so at most one batch (max_batch_bytes), one read (64 KiB) and one packet
//   (max_packet_bytes) wait in memory; the broker (QoS 1) holds the rest, and TCP flow control
//   slows it.
// - Reconnect: exponential backoff from 250 ms to 30 s with jitter, logged; the subscription is
//   made again on each connection. PINGREQ keeps the connection alive; a broker silent for 1.5
//   keep-alive periods is taken as gone.
//
// Thread-safety: Start and Stop from one thread; subscribed() from any.
#ifndef GRIDLINE_SERVER_MQTT_MQTT_FEED_H_
#define GRIDLINE_SERVER_MQTT_MQTT_FEED_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "ingest/import_options.h"
#include "server/metrics.h"
#include "server/mqtt/mqtt_topic.h"
#include "storage/store.h"

namespace gridline::server::mqtt {

struct FeedOptions {
  BrokerAddress broker;
  std::string filter = "ami/+/reads";  // CheckMeterFilter holds
  std::string client_id;               // DefaultClientId() when empty
  std::string username, password;      // empty: none
  uint16_t keep_alive_s = 30;
  size_t max_packet_bytes = size_t{64} << 20;  // serve --max-body
  // A batch (one durable write, mqtt_batch.h) stops growing at this many messages or payload
  // bytes; what the broker sends beyond waits in the socket (TCP flow control).
  size_t max_batch_messages = 1000;
  size_t max_batch_bytes = size_t{8} << 20;
  int backoff_min_ms = 250;
  int backoff_max_ms = 30'000;
  ingest::ImportOptions import;  // tz, channel, ...; meter and round are set per message
};

// `gridline-` and 12 hex digits of a hash of the data directory's absolute path: fixed for a
// store, so a restart resumes its session, and different for two stores on one broker.
std::string DefaultClientId(const std::string& data_dir);

class MqttFeed {
 public:
  // `store` and `metrics` must outlive the feed.
  MqttFeed(storage::Store* store, Metrics* metrics, FeedOptions options);
  ~MqttFeed();  // Stop()
  MqttFeed(const MqttFeed&) = delete;
  MqttFeed& operator=(const MqttFeed&) = delete;

  // Starts the feed's thread. Unavailable when the wake-up pipe cannot be made.
  absl::Status Start();
  // Disconnects and joins the thread; messages being written are written (and acknowledged)
  // first. Idempotent.
  void Stop();

  // Whether the broker has granted the subscription on the current connection.
  bool subscribed() const { return subscribed_.load(std::memory_order_acquire); }
  const FeedOptions& options() const { return options_; }

 private:
  class Session;
  void Run();

  storage::Store* const store_;
  Metrics* const metrics_;
  const FeedOptions options_;
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> stopping_{false};
  int wake_[2] = {-1, -1};  // a pipe: Stop writes a byte so poll() returns
  std::thread thread_;
};

}  // namespace gridline::server::mqtt

#endif  // GRIDLINE_SERVER_MQTT_MQTT_FEED_H_
