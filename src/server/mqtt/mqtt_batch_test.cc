// BatchWriter: a batch of MQTT messages as one durable write into a real store. A bad message
// among good ones refuses none of them; the later of two messages for one slot is the newer
// version; a message delivered again is duplicates; a write the store refuses (disk full) leaves
// every message of the batch to be delivered again and stores nothing.
#include "server/mqtt/mqtt_batch.h"

#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::server::mqtt {
namespace {

using gridline::testing::TempDir;

constexpr char kFilter[] = "ami/+/reads";

struct Message {
  std::string topic, payload;
};

std::vector<Publish> Publishes(const std::vector<Message>& messages) {
  std::vector<Publish> out;
  uint16_t id = 1;
  for (const Message& m : messages) {
    Publish p;
    p.topic = m.topic;
    p.payload = m.payload;
    p.qos = 1;
    p.packet_id = id++;
    out.push_back(p);
  }
  return out;
}

class MqttBatch : public ::testing::Test {
 protected:
  void Open(uint64_t disk_reserve_bytes = storage::kDefaultDiskReserveBytes) {
    storage::StoreOptions o;
    o.path = dir_.Sub("store");
    o.disk_reserve_bytes = disk_reserve_bytes;
    absl::StatusOr<std::unique_ptr<storage::Store>> s = storage::Store::Open(o);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    writer_ =
        std::make_unique<BatchWriter>(store_.get(), &metrics_, kFilter, ingest::ImportOptions());
  }

  // The stored (slot, value in Wh, batch) of meter's kWh delivered, in slot order.
  std::vector<std::tuple<int64_t, int64_t, storage::BatchId>> Stored(const std::string& meter) {
    std::vector<std::tuple<int64_t, int64_t, storage::BatchId>> out;
    const std::optional<storage::AssetId> asset = store_->catalog().FindAsset(meter);
    if (!asset) return out;
    const std::optional<storage::SeriesId> series =
        store_->catalog().FindSeries(*asset, ChannelKind::kKwhDelivered);
    if (!series) return out;
    std::unique_ptr<storage::ReadView> view = store_->NewReadView();
    absl::Status s = view->ForEachChunk(
        *series, 0, INT64_MAX / 2, [&](uint32_t window, const storage::Chunk& c) {
          for (size_t i = 0; i < c.size(); ++i) {
            out.emplace_back(storage::FirstSlotOfWindow(window) + c.offsets[i], c.values[i],
                             c.batches[i]);
          }
        });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  // A metric line's value from the /metrics text, -1 when absent.
  double Metric(const std::string& name) {
    const std::string text = metrics_.Render();
    const size_t at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size() + 2));
  }

  TempDir dir_;
  Metrics metrics_{dir_.path()};
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<BatchWriter> writer_;
};

// 2026-07-01T00:00:00Z on the quarter-hour grid.
constexpr int64_t kFirstSlot = 1'782'864'000 / 900;

TEST_F(MqttBatch, ABadMessageAmongGoodOnesRefusesNone) {
  Open();
  metrics_.EnableMqtt();
  const std::vector<Message> messages = {
      {"ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.25\n2026-07-01T00:15:00Z,0.5\n"},
      {"ami/M1/reads", "not csv at all"},
      {"ami//reads", "timestamp,kwh\n2026-07-01T00:30:00Z,1\n"},
      {"ami/M2/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.1\n2026-07-01T00:15:00Z,abc\n"},
      {"ami/M2/reads", "{\"readings\": [1, 2"},
      {"ami/M3/reads", "{\"readings\":[{\"timestamp\":\"2026-07-01T00:45:00Z\",\"kwh\":0.75}]}"},
  };
  const std::vector<Publish> batch = Publishes(messages);
  BatchReport report;
  ASSERT_TRUE(writer_->Write(batch, &report).ok());
  EXPECT_EQ(report.messages, 6u);
  EXPECT_EQ(report.accepted, 2u);
  EXPECT_EQ(report.rejected, 1u);
  EXPECT_EQ(report.invalid, 3u);
  EXPECT_EQ(report.readings.accepted, 4u);
  EXPECT_EQ(report.readings.rejected, 1u);
  // Every good reading is stored, each in one write: one arrival batch for all of them.
  const auto m1 = Stored("M1"), m2 = Stored("M2"), m3 = Stored("M3");
  ASSERT_EQ(m1.size(), 2u);
  ASSERT_EQ(m2.size(), 1u);
  ASSERT_EQ(m3.size(), 1u);
  EXPECT_EQ(m1[0], std::make_tuple(kFirstSlot, int64_t{250}, std::get<2>(m1[0])));
  EXPECT_EQ(m1[1], std::make_tuple(kFirstSlot + 1, int64_t{500}, std::get<2>(m1[0])));
  EXPECT_EQ(m2[0], std::make_tuple(kFirstSlot, int64_t{100}, std::get<2>(m1[0])));
  EXPECT_EQ(m3[0], std::make_tuple(kFirstSlot + 3, int64_t{750}, std::get<2>(m1[0])));
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"accepted\"}"), 2);
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"rejected\"}"), 1);
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"invalid\"}"), 3);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"accepted\"}"), 4);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"rejected\"}"), 1);
}

TEST_F(MqttBatch, TheLaterOfTwoMessagesForOneSlotIsTheNewerVersion) {
  Open();
  const std::vector<Message> messages = {
      {"ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.25\n"},
      {"ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.3\n"},
      {"ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.35\n"},
  };
  BatchReport report;
  ASSERT_TRUE(writer_->Write(Publishes(messages), &report).ok());
  EXPECT_EQ(report.readings.accepted, 1u);
  EXPECT_EQ(report.readings.versions, 2u);
  const auto m1 = Stored("M1");
  ASSERT_EQ(m1.size(), 1u);
  EXPECT_EQ(std::get<1>(m1[0]), 350);
}

TEST_F(MqttBatch, AMessageDeliveredAgainIsDuplicates) {
  Open();
  std::vector<Message> messages;
  for (int m = 0; m < 20; ++m) {
    std::string csv = "timestamp,kwh\n";
    for (int q = 0; q < 96; ++q) {
      csv += fmt::format("2026-07-01T{:02d}:{:02d}:00Z,0.{:03d}\n", q / 4, q % 4 * 15, m + q);
    }
    messages.push_back({fmt::format("ami/D{}/reads", m), csv});
  }
  BatchReport first, again;
  ASSERT_TRUE(writer_->Write(Publishes(messages), &first).ok());
  EXPECT_EQ(first.readings.accepted, 20u * 96);
  EXPECT_EQ(first.readings.duplicates, 0u);
  ASSERT_TRUE(writer_->Write(Publishes(messages), &again).ok());
  EXPECT_EQ(again.accepted, 20u);
  EXPECT_EQ(again.readings.accepted, 0u);
  EXPECT_EQ(again.readings.duplicates, 20u * 96);
  EXPECT_EQ(again.readings.versions, 0u);
  EXPECT_EQ(Stored("D7").size(), 96u);
}

TEST_F(MqttBatch, AWriteTheStoreRefusesLeavesTheWholeBatchToBeDeliveredAgain) {
  Open(/*disk_reserve_bytes=*/uint64_t{1} << 60);  // no disk has that: every write is refused
  metrics_.EnableMqtt();
  const std::vector<Message> messages = {
      {"ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.25\n"},
      {"ami/M1/reads", "not csv at all"},
      {"ami/M2/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.5\n"},
  };
  const absl::Status s = writer_->Write(Publishes(messages));
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_NE(s.message().find("disk full"), std::string::npos) << s;
  EXPECT_TRUE(Stored("M1").empty());
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"retried\"}"), 3);
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"accepted\"}"), 0);
  EXPECT_EQ(Metric("gridline_mqtt_messages_total{result=\"invalid\"}"), 0);
}

}  // namespace
}  // namespace gridline::server::mqtt
