// mqtt_batch.cc: a batch of feed messages as one store write (mqtt_batch.h).
#include "server/mqtt/mqtt_batch.h"

#include <algorithm>
#include <cstdio>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "ingest/importer.h"
#include "ingest/input_formats.h"
#include "ingest/json/json_readings.h"
#include "server/mqtt/mqtt_message.h"

namespace gridline::server::mqtt {

namespace {

void Log(const std::string& line) {
  std::fprintf(stderr, "gridline serve: mqtt: %s\n", line.c_str());
}

}  // namespace

// What became of one message of the batch.
struct BatchWriter::Outcome {
  bool invalid = false;
  std::string why;   // invalid: the reason
  size_t first = 0;  // its readings in request_: [first, end)
  size_t end = 0;
  uint64_t readings = 0;  // found in the payload, good and rejected
  uint64_t rejected = 0;
  uint64_t damaged = 0;  // refused by the store: their window is damaged
  uint64_t rounded = 0;
  uint64_t duplicates = 0;  // repeats within the payload
  bool json = false;
  bool have_first = false;
  ingest::RowError first_error;
};

BatchWriter::BatchWriter(storage::Store* store, Metrics* metrics, std::string filter,
                         ingest::ImportOptions import)
    : store_(store), metrics_(metrics), filter_(std::move(filter)), import_(std::move(import)) {}

void BatchWriter::Place(const Publish& m, Outcome* out) {
  out->first = out->end = request_.readings.size();
  MessageReadings readings;
  if (absl::Status s = ReadMessage(filter_, m.topic, m.payload, &readings); !s.ok()) {
    out->invalid = true;
    out->why = std::string(StdView(s.message()));
    return;
  }
  ingest::ImportOptions o = import_;
  o.csv.meter_id = readings.meter;
  o.csv.round = true;  // MQTT payloads carry binary floats (docs/conventions.md)
  o.parse_threads = 1;
  o.strict = false;
  o.on_progress = nullptr;
  out->json = readings.body.json;
  if (!readings.body.rejected.empty()) {
    out->first_error = readings.body.rejected.front();
    out->have_first = true;
  }
  o.on_error = [out](const ingest::RowError& e) {
    if (!out->have_first) {
      out->first_error = e;
      out->have_first = true;
    }
  };
  ingest::Importer importer(store_, std::move(o));
  absl::StatusOr<ingest::FileReport> r =
      importer.PlaceText(*ingest::FindInputFormat("csv"), "payload", readings.body.csv, &request_);
  if (!r.ok()) {
    // Nothing of it was placed: the importer fails before its first reading (a header it does
    // not understand), and placing writes nothing.
    request_.readings.resize(out->first);
    out->invalid = true;
    out->why = fmt::format("payload: {}", StdView(r.status().message()));
    return;
  }
  out->end = request_.readings.size();
  const uint64_t early = readings.body.rejected.size();
  out->readings = r->readings + early;
  out->rejected = r->rejected + early;
  out->rounded = r->rounded;
  out->duplicates = r->duplicates;
}

absl::Status BatchWriter::Write(std::span<const Publish> batch, BatchReport* report) {
  request_.readings.clear();
  request_.batch = 0;
  std::vector<Outcome> outcomes(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) Place(batch[i], &outcomes[i]);

  BatchReport r;
  r.messages = batch.size();
  if (!request_.readings.empty()) {
    request_.batch = store_->NewBatch(fmt::format("mqtt {}", filter_));
    if (absl::Status s = store_->Write(&request_); !s.ok()) {
      for (size_t i = 0; i < batch.size(); ++i) metrics_->AddMqttMessage(MqttResult::kRetried);
      return s;
    }
    // A reading the store refused (damaged window) counts against the message it came from.
    for (const storage::DamagedWindowReadings& d : request_.damaged) {
      for (uint32_t index : d.readings) {
        auto it = std::upper_bound(outcomes.begin(), outcomes.end(), size_t{index},
                                   [](size_t i, const Outcome& o) { return i < o.end; });
        if (it != outcomes.end()) ++it->damaged;
      }
    }
    r.readings.accepted = request_.counts.added;
    r.readings.duplicates = request_.counts.duplicates;
    r.readings.versions = request_.counts.versions;
  }

  for (size_t i = 0; i < batch.size(); ++i) {
    const Outcome& o = outcomes[i];
    const std::string topic = ingest::Shown(batch[i].topic);
    if (o.invalid) {
      ++r.invalid;
      metrics_->AddMqttMessage(MqttResult::kInvalid);
      Log(fmt::format("topic {}: invalid: {}", topic, o.why));
      continue;
    }
    r.readings.duplicates += o.duplicates;
    r.readings.rejected += o.rejected + o.damaged;
    r.readings.rounded += o.rounded;
    if (o.rejected + o.damaged == 0) {
      ++r.accepted;
      metrics_->AddMqttMessage(MqttResult::kAccepted);
      continue;
    }
    ++r.rejected;
    metrics_->AddMqttMessage(MqttResult::kRejected);
    if (o.rejected > 0) {
      const ingest::RowError& e = o.first_error;
      const std::string where =
          o.json ? fmt::format("index {}", static_cast<int64_t>(e.line) -
                                               static_cast<int64_t>(ingest::kLineOfFirstReading))
                 : fmt::format("line {}", e.line);
      Log(fmt::format("topic {}: {} of {} readings rejected; the first: {}: {}: {}", topic,
                      o.rejected, o.readings, where, e.field, e.reason));
    }
    if (o.damaged > 0) {
      Log(
          fmt::format("topic {}: {} of {} readings not stored: they land in a damaged window "
                      "(gridline check lists it; run gridline repair)",
                      topic, o.damaged, o.readings));
    }
  }
  metrics_->AddIngest(r.readings);
  if (report != nullptr) *report = r;
  return absl::OkStatus();
}

}  // namespace gridline::server::mqtt
