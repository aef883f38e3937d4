// ValidatedLayer through the engine: the merged read, idempotent commits, what a later raw write
// does to a processed slot, manual edits closing exceptions, exception status changes, and the
// history of a reading.
#include "engine/validated_layer.h"

#include "engine/engine.h"
#include "engine/manual_edit.h"
#include "gtest/gtest.h"
#include "query/meter_series.h"
#include "query/series_reader.h"
#include "test/test_util.h"
#include "vee/exception_store.h"
#include "vee/history_output.h"

namespace gridline::engine {
namespace {

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int64_t kSlot0 = kStart / 900;

struct Row {
  int64_t slot;
  int64_t value;
  Quality quality;
  bool operator==(const Row&) const = default;
};

class ValidatedLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path();
    auto opened = Engine::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
    storage::Catalog& catalog = db_->store()->catalog();
    const storage::AssetId m = catalog.FindOrAddAsset("M1", storage::AssetKind::kMeter);
    series_ = *catalog.AddSeries(m, ChannelKind::kKwhDelivered, 900);
    // Slots 0..9 read 100 Wh, except slot 4 which reads 9000 (a spike) and 6 (a gap).
    storage::WriteRequest r;
    for (int64_t i = 0; i < 10; ++i) {
      if (i == 6) continue;
      r.readings.push_back({kSlot0 + i, i == 4 ? 9000 : 100, series_, Quality::kActual});
    }
    ASSERT_TRUE(db_->store()->Write(&r).ok());
  }

  std::vector<Row> Read(query::Layer layer) {
    std::vector<Row> rows;
    auto view = db_->store()->NewReadView();
    const storage::SeriesInfo info = db_->store()->catalog().GetSeries(series_);
    EXPECT_TRUE(query::ReadSeriesRange(
                    *view, series_, info, kStart, kStart + 10 * 900,
                    [&](const query::ReadingRow& r) {
                      rows.push_back({r.time / 900 - kSlot0, r.value, r.quality});
                    },
                    Deadline(), layer)
                    .ok());
    return rows;
  }

  // VEE's commit: slot 4 replaced by an estimate (spike), slot 6 estimated, slot 8 flagged.
  ValidatedCommit VeeCommit() {
    ValidatedCommit c;
    c.series = series_;
    c.origins.resize(2);
    c.origins[0].kind = storage::OriginKind::kEstimated;
    c.origins[0].method = static_cast<uint8_t>(vee::EstimationMethod::kLinearInterpolation);
    c.origins[0].rule = static_cast<uint8_t>(vee::VeeRule::kSpike);
    c.origins[0].user = "vee";
    c.origins[1].kind = storage::OriginKind::kValidated;
    c.origins[1].rule = static_cast<uint8_t>(vee::VeeRule::kMissingInterval);
    c.origins[1].user = "vee";
    c.values = {{kSlot0 + 4, 100, Quality::kEstimated, 0},
                {kSlot0 + 6, 100, Quality::kEstimated, 0},
                {kSlot0 + 8, 100, Quality::kActual, 1}};
    vee::VeeException spike;
    spike.rule = vee::VeeRule::kSpike;
    spike.severity = vee::Severity::kError;
    spike.first_slot_s = (kSlot0 + 4) * 900;
    spike.end_slot_s = (kSlot0 + 5) * 900;
    spike.status = vee::ExceptionStatus::kEstimated;
    spike.detail = "9.000 kWh is 90x its neighbours";
    c.exceptions.push_back(spike);
    return c;
  }

  std::vector<vee::ExceptionRecord> Exceptions() {
    std::vector<vee::ExceptionRecord> out;
    auto view = db_->store()->NewReadView();
    EXPECT_TRUE(vee::ListExceptions(*view, vee::ExceptionFilter(), "",
                                    [&](std::string_view, const vee::ExceptionRecord& r) {
                                      out.push_back(r);
                                      return true;
                                    })
                    .ok());
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Engine> db_;
  storage::SeriesId series_ = 0;
};

TEST_F(ValidatedLayerTest, ValidatedReadMergesOverlayOverRaw) {
  const std::vector<Row> raw_before = Read(query::Layer::kRaw);
  auto result = db_->CommitValidated(VeeCommit());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->changed, 2u);  // slot 8 kept as it arrived needs no overlay entry
  EXPECT_EQ(result->unchanged, 1u);
  EXPECT_EQ(Read(query::Layer::kRaw), raw_before);  // raw data is never lost
  const std::vector<Row> v = Read(query::Layer::kValidated);
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[4], (Row{4, 100, Quality::kEstimated}));
  EXPECT_EQ(v[6], (Row{6, 100, Quality::kEstimated}));
  EXPECT_EQ(v[5], (Row{5, 100, Quality::kActual}));
}

TEST_F(ValidatedLayerTest, MissingSlotHasNoValue) {
  ValidatedCommit c;
  c.series = series_;
  c.origins.resize(1);
  c.origins[0].kind = storage::OriginKind::kValidated;
  c.values = {{kSlot0 + 6, 0, Quality::kMissing, 0}};
  ASSERT_TRUE(db_->CommitValidated(c).ok());
  const std::vector<Row> v = Read(query::Layer::kValidated);
  ASSERT_EQ(v.size(), 10u);
  EXPECT_EQ(v[6], (Row{6, 0, Quality::kMissing}));
  EXPECT_EQ(Read(query::Layer::kRaw).size(), 9u);
}

TEST_F(ValidatedLayerTest, CommittingTheSameValuesAgainChangesNothing) {
  ASSERT_TRUE(db_->CommitValidated(VeeCommit()).ok());
  auto view = db_->store()->NewReadView();
  auto target = query::FindMeterSeries(db_->store()->catalog(), "M1");
  ASSERT_TRUE(target.ok());
  auto history_before = vee::ReadHistory(*view, *target, (kSlot0 + 4) * 900);
  ASSERT_TRUE(history_before.ok());
  auto again = db_->CommitValidated(VeeCommit());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->changed, 0u);
  EXPECT_EQ(again->unchanged, 3u);
  EXPECT_EQ(again->exceptions_changed, 0u);
  auto view2 = db_->store()->NewReadView();
  auto history_after = vee::ReadHistory(*view2, *target, (kSlot0 + 4) * 900);
  ASSERT_TRUE(history_after.ok());
  EXPECT_EQ(history_after->size(), history_before->size());
  EXPECT_EQ(Exceptions().size(), 1u);
}

TEST_F(ValidatedLayerTest, LateRawValueMakesAnEstimatedSlotUnprocessedButAnEditStands) {
  ASSERT_TRUE(db_->CommitValidated(VeeCommit()).ok());
  ManualEdit edit;
  edit.meter = "M1";
  edit.from_s = (kSlot0 + 4) * 900;
  edit.to_s = edit.from_s + 1;
  edit.value = "0.120";
  edit.user = "ops";
  edit.reason = "field read";
  auto edited = ApplyManualEdit(db_.get(), edit);
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->commit.changed, 1u);
  // The spike's exception covered only the edited slot: it closes as edited.
  ASSERT_EQ(Exceptions().size(), 1u);
  EXPECT_EQ(Exceptions()[0].exception.status, vee::ExceptionStatus::kEdited);
  EXPECT_EQ(Exceptions()[0].updated_by, "ops");
  // The gap's actual read arrives late, and a new version of the edited slot.
  storage::WriteRequest late;
  late.readings = {{kSlot0 + 6, 97, series_, Quality::kActual},
                   {kSlot0 + 4, 8000, series_, Quality::kActual}};
  ASSERT_TRUE(db_->store()->Write(&late).ok());
  const std::vector<Row> v = Read(query::Layer::kValidated);
  EXPECT_EQ(v[6], (Row{6, 97, Quality::kActual}));
  EXPECT_EQ(v[4], (Row{4, 120, Quality::kEdited}));
  EXPECT_EQ(Read(query::Layer::kRaw)[4], (Row{4, 8000, Quality::kActual}));
  // The history of slot 6: estimated, then received, then unprocessed again.
  auto view = db_->store()->NewReadView();
  auto target = query::FindMeterSeries(db_->store()->catalog(), "M1");
  auto history = vee::ReadHistory(*view, *target, (kSlot0 + 6) * 900);
  ASSERT_TRUE(history.ok());
  std::vector<std::string> events;
  for (const vee::HistoryEvent& e : *history) events.push_back(e.event);
  EXPECT_EQ(events, (std::vector<std::string>{"estimated", "received", "unprocessed"}));
  EXPECT_EQ((*history)[0].origin, "linear");
}

TEST_F(ValidatedLayerTest, EditsAreCheckedBeforeAnythingIsCommitted) {
  ManualEdit edit;
  edit.meter = "M1";
  edit.from_s = (kSlot0 + 4) * 900;
  edit.to_s = edit.from_s + 1;
  edit.value = "0.1205";
  edit.user = "ops";
  edit.reason = "x";
  EXPECT_EQ(ApplyManualEdit(db_.get(), edit).status().code(), absl::StatusCode::kInvalidArgument);
  edit.value = "0.120";
  edit.reason = "";
  EXPECT_EQ(ApplyManualEdit(db_.get(), edit).status().code(), absl::StatusCode::kInvalidArgument);
  edit.reason = "x";
  edit.from_s += 60;  // off the grid
  EXPECT_EQ(ApplyManualEdit(db_.get(), edit).status().code(), absl::StatusCode::kInvalidArgument);
  edit.from_s = (kSlot0 + 40) * 900;  // after the last read
  edit.to_s = edit.from_s + 1;
  EXPECT_EQ(ApplyManualEdit(db_.get(), edit).status().code(), absl::StatusCode::kInvalidArgument);
  edit.meter = "nope";
  EXPECT_EQ(ApplyManualEdit(db_.get(), edit).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Read(query::Layer::kValidated), Read(query::Layer::kRaw));
}

TEST_F(ValidatedLayerTest, AcceptedExceptionStaysAcceptedWhenVeeFindsItAgain) {
  ASSERT_TRUE(db_->CommitValidated(VeeCommit()).ok());
  std::string id;
  {
    auto view = db_->store()->NewReadView();
    ASSERT_TRUE(vee::ListExceptions(*view, vee::ExceptionFilter(), "",
                                    [&](std::string_view i, const vee::ExceptionRecord&) {
                                      id = std::string(i);
                                      return false;
                                    })
                    .ok());
  }
  ExceptionStatusChange change{id, vee::ExceptionStatus::kAccepted, "ops", "known event"};
  ASSERT_TRUE(db_->validated()->ChangeExceptionStatus(change).ok());
  ASSERT_TRUE(db_->CommitValidated(VeeCommit()).ok());
  ASSERT_EQ(Exceptions().size(), 1u);
  EXPECT_EQ(Exceptions()[0].exception.status, vee::ExceptionStatus::kAccepted);
  EXPECT_EQ(Exceptions()[0].note, "known event");
  change.id = std::string(id.size(), '0');
  EXPECT_EQ(db_->validated()->ChangeExceptionStatus(change).code(), absl::StatusCode::kNotFound);
}

// VEE plans on a snapshot: a slot whose raw value changed after the plan (a late read) is left
// alone, and so is a slot a person edited meanwhile; the other slots of the commit land.
TEST_F(ValidatedLayerTest, CheckRawSkipsSlotsChangedAfterThePlan) {
  ValidatedCommit c = VeeCommit();
  for (ValidatedValue& v : c.values) {
    v.check_raw = true;
    v.raw_has = v.slot != kSlot0 + 6;
    v.raw_value = v.slot == kSlot0 + 4 ? 9000 : 100;
  }
  c.values[0].raw_value = 8000;  // slot 4: planned on another raw value than the store holds
  auto result = db_->CommitValidated(c);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stale, 1u);
  const std::vector<Row> v = Read(query::Layer::kValidated);
  EXPECT_EQ(v[4], (Row{4, 9000, Quality::kActual}));  // left for the next run
  EXPECT_EQ(v[6], (Row{6, 100, Quality::kEstimated}));
  // An edit made after a plan stands against it.
  ValidatedCommit edit;
  edit.series = series_;
  edit.origins.resize(1);
  edit.origins[0].kind = storage::OriginKind::kEdited;
  edit.origins[0].user = "ops1";
  edit.values = {{kSlot0 + 6, 250, Quality::kEdited, 0}};
  ASSERT_TRUE(db_->CommitValidated(edit).ok());
  c.values[0].raw_value = 9000;
  result = db_->CommitValidated(c);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stale, 1u);
  EXPECT_EQ(Read(query::Layer::kValidated)[6], (Row{6, 250, Quality::kEdited}));
  EXPECT_EQ(Read(query::Layer::kValidated)[4], (Row{4, 100, Quality::kEstimated}));
}

// A commit that is VEE's whole finding over a range deletes its open or estimated exceptions
// there that it does not find again, and keeps an accepted one; its extra records land with it.
TEST_F(ValidatedLayerTest, SupersedingCommitDeletesExceptionsNotFoundAgain) {
  ValidatedCommit first = VeeCommit();
  vee::VeeException zero = first.exceptions[0];
  zero.rule = vee::VeeRule::kZeroConsumption;
  zero.status = vee::ExceptionStatus::kOpen;
  first.exceptions.push_back(zero);
  ASSERT_TRUE(db_->CommitValidated(first).ok());
  ASSERT_EQ(Exceptions().size(), 2u);
  ValidatedCommit again = VeeCommit();  // finds the spike only
  again.supersede_from_s = kStart;
  again.supersede_to_s = kStart + 10 * 900;
  const std::pair<std::string, std::string> mark{"vee/run/test", "1"};
  auto result = db_->CommitValidatedMany(std::span<const ValidatedCommit>(&again, 1),
                                         std::span(&mark, 1));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exceptions_deleted, 1u);
  std::vector<vee::ExceptionRecord> left = Exceptions();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].exception.rule, vee::VeeRule::kSpike);
  bool marked = false;
  auto view = db_->store()->NewReadView();
  ASSERT_TRUE(view->ForEachMeta("vee/run/test", [&](std::string_view, std::string_view v) {
                    marked = v == "1";
                  }).ok());
  EXPECT_TRUE(marked);
  // Outside the range, or accepted: kept.
  ValidatedCommit none;
  none.series = series_;
  none.supersede_from_s = kStart + 5 * 900;
  none.supersede_to_s = kStart + 10 * 900;
  ASSERT_TRUE(db_->CommitValidated(none).ok());
  EXPECT_EQ(Exceptions().size(), 1u);
}

TEST_F(ValidatedLayerTest, OverlaySurvivesReopen) {
  ASSERT_TRUE(db_->CommitValidated(VeeCommit()).ok());
  db_.reset();
  storage::StoreOptions options;
  options.path = dir_.path();
  auto opened = Engine::Open(options);
  ASSERT_TRUE(opened.ok());
  db_ = std::move(*opened);
  // The reopened layer still knows the overlay windows: a late raw value clears the estimate.
  storage::WriteRequest late;
  late.readings = {{kSlot0 + 6, 97, series_, Quality::kActual}};
  ASSERT_TRUE(db_->store()->Write(&late).ok());
  const std::vector<Row> v = Read(query::Layer::kValidated);
  EXPECT_EQ(v[4], (Row{4, 100, Quality::kEstimated}));
  EXPECT_EQ(v[6], (Row{6, 97, Quality::kActual}));
}

}  // namespace
}  // namespace gridline::engine
