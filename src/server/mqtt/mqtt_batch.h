// mqtt_batch.h: a batch of the MQTT feed's messages (mqtt_feed.h) written as one durable store
// write (docs/mqtt.md "Batches"). Each message is read (mqtt_message.h) and its readings placed by
// the importer (Importer::PlaceText) into one WriteRequest, in arrival order, so the store's rule
// for two readings of one slot (the later is the newer version) holds across the batch's messages
// as it does within one; then one Store::Write makes them durable with one synced commit, which
// the store's group commit may share with concurrent HTTP writes.
//
// - A message that cannot be used (topic, payload) or has rejected rows does not refuse its
//   neighbours: it is counted, logged with its topic, and done with (acknowledged), as before.
// - A write the store refuses (Unavailable: disk full, ...) leaves every message of the batch not
//   done: none is acknowledged, the broker delivers them all again.
// - One arrival batch (Catalog::AddBatch) per write, not per message: a feed of thousands of
//   messages a second would otherwise use up the 32-bit batch ids within weeks.
//
// Thread-compatible: the feed's thread owns it.
#ifndef GRIDLINE_SERVER_MQTT_MQTT_BATCH_H_
#define GRIDLINE_SERVER_MQTT_MQTT_BATCH_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ingest/import_options.h"
#include "server/metrics.h"
#include "server/mqtt/mqtt_packet.h"
#include "storage/store.h"

namespace gridline::server::mqtt {

// What one written batch did, for the feed's log and the tests.
struct BatchReport {
  uint64_t messages = 0;
  uint64_t accepted = 0;  // messages stored whole
  uint64_t rejected = 0;  // messages stored with some rows rejected
  uint64_t invalid = 0;   // messages that could not be used at all
  IngestCounts readings;
};

class BatchWriter {
 public:
  // `filter` is the subscription (its `+` level names the meter); `import` the options of every
  // message (meter, rounding and strictness are set per message). `store` and `metrics` must
  // outlive the writer.
  BatchWriter(storage::Store* store, Metrics* metrics, std::string filter,
              ingest::ImportOptions import);

  // Writes the readings of every message of `batch` with one Store::Write. OK when every message
  // is done with (stored, or bad and counted): each may now be acknowledged; the metrics and the
  // log have them. Otherwise the store's error, the metrics count the batch as retried, and no
  // message may be acknowledged. *report (when given) is filled on success.
  absl::Status Write(std::span<const Publish> batch, BatchReport* report = nullptr);

 private:
  struct Outcome;
  // Places message m's readings into request_; fills *out.
  void Place(const Publish& m, Outcome* out);

  storage::Store* const store_;
  Metrics* const metrics_;
  const std::string filter_;
  const ingest::ImportOptions import_;
  storage::WriteRequest request_;  // kept between batches: its capacity is reused
};

}  // namespace gridline::server::mqtt

#endif  // GRIDLINE_SERVER_MQTT_MQTT_BATCH_H_
