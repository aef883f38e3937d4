// series_placer.h: puts parsed readings on their series' slot grid (docs/conventions.md "Series,
// intervals, time").
//
// - A meter unknown to the catalog is created on first sight; so is its (meter, channel) series.
// - A new series learns its interval from the data: the dominant spacing of its timestamps in
//   this import (the most frequent gap between consecutive distinct times, ties to the larger),
//   rounded down to the largest whole divisor of a day that divides it, so a stray read does not
//   shrink it and row order does not change it; `--interval` overrides; a series with a single read
//   and no flag gets 15 minutes. Its readings wait here until the interval is fixed: after
//   kLearnReads reads, at the end of the input, or when the waiting readings exceed a memory
//   budget.
// - A reading off its series' grid is a row error that names the interval.
// - A value in a unit that needs the interval (ParsedRow::unit: average kW into a kWh channel,
//   value_unit.h) is converted exactly once the interval is known; one that is not a whole
//   number of the channel's resolution is a row error unless --round.
// - A reading outside its channel's plausible range (common/channel.h) is a row error naming the
//   bound, so no sum of readings can come near the int64 limit.
// - With `--label end` a timestamp marks the end of its interval and moves back by one interval;
//   a naive local time moves back on the wall clock before the zone resolves it
//   (ParsedRow::local_end), so hour-ending files import exactly on both DST days.
// - A naive local time in the hour repeated when DST ends is the first pass unless the series
//   already went past it, as in a file sorted by local time that lists the hour twice.
// - A second reading for a slot in the same input is a row error naming the earlier line when
//   its value differs, and a duplicate (not stored again) when it is equal (slot_history.h).
//   The slots seen are kept within a memory budget (PlacerOptions::slot_history_bytes); once it
//   is spent the check stops for the rest of the input and its memory is freed: a later reading
//   for a slot given earlier goes to the store, which keeps a different value as a new version
//   (the earlier one kept, with an audit record) and counts an equal one as a duplicate, as it
//   does across inputs. slot_check_stopped_after() says from where.
//
// In dry-run mode (the validation pass of --strict) nothing is created in the catalog.
//
// Thread-compatible: one importer thread owns a placer.
#ifndef GRIDLINE_INGEST_SERIES_PLACER_H_
#define GRIDLINE_INGEST_SERIES_PLACER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/channel.h"
#include "common/time_zone.h"
#include "ingest/parsed_block.h"
#include "ingest/slot_history.h"
#include "storage/catalog.h"
#include "storage/write_request.h"

namespace gridline::ingest {

struct PlacerOptions {
  std::optional<int64_t> interval_s;  // --interval
  bool label_end = false;             // --label end
  bool dry_run = false;
  // --round: a value converted here (ParsedRow::unit: average kW into kWh over the interval)
  // that is not a whole number of the channel's resolution is rounded half to even instead of
  // refused.
  bool round = false;
  TimeZone zone;  // --tz, for ParsedRow::local_end
  // The error field of each header column (ParsedRow::column); "value" when empty.
  std::vector<std::string> field_names;
  // The memory the same-slot check of this input may use (slot_history.h).
  size_t slot_history_bytes = kMaxSlotHistoryBytes;
};

// A series this import created, for the summary.
struct NewSeries {
  std::string meter;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  int64_t interval_s = 0;
};

// Receives what the placer decides, in the order it decides it.
class PlacerSink {
 public:
  virtual ~PlacerSink() = default;
  virtual void Accept(const storage::Reading& reading, uint64_t line) = 0;
  virtual void Reject(uint64_t line, std::string field, std::string reason) = 0;
  // A reading equal to one an earlier line of the same input gave its slot: not stored again.
  virtual void Duplicate(uint64_t line) = 0;
};

class SeriesPlacer {
 public:
  // Reads of a new series wait for its interval until there are this many.
  static constexpr size_t kLearnReads = 64;
  // Waiting reads of all new series together; past this the intervals are fixed with what is known.
  static constexpr size_t kMaxWaitingReads = size_t{2} << 20;

  SeriesPlacer(storage::Catalog* catalog, PlacerOptions options);

  // A handle for a meter id, valid for this placer's lifetime.
  // REQUIRES: 1 <= meter_id.size() <= storage::kMaxExternalIdBytes.
  uint32_t MeterHandle(std::string_view meter_id);

  // Places `row` (its `line` is the absolute input line) of the meter behind `meter_handle`.
  void Place(uint32_t meter_handle, const ParsedRow& row, uint64_t line, PlacerSink* sink);

  // Fixes the interval of every series still learning and places its waiting reads.
  void FixAll(PlacerSink* sink);

  // The first input line whose reading still waits here, or UINT64_MAX: every accepted reading
  // from an earlier line has already gone to the sink.
  uint64_t first_waiting_line() const {
    return learning_.empty() ? UINT64_MAX : learning_.begin()->first;
  }

  // 0 while the same-slot check covers the whole input; once its budget is spent, N: it covered
  // every reading of lines 1..N and none after.
  uint64_t slot_check_stopped_after() const { return slot_check_stopped_after_; }
  // Bytes the slot histories hold now.
  size_t slot_history_bytes() const { return history_bytes_; }
  // Values the conversion of ParsedRow::unit rounded (--round).
  uint64_t rounded() const { return rounded_; }

  // New series created so far (none in dry-run mode).
  uint64_t series_created() const { return series_created_; }
  // The first kMaxListedSeries of them, in order of creation (learned in dry-run mode too).
  static constexpr size_t kMaxListedSeries = 20;
  const std::vector<NewSeries>& new_series() const { return new_series_; }
  // How many new series got each interval (seconds -> count), all of them.
  const std::map<int64_t, uint64_t>& new_series_intervals() const { return new_intervals_; }

 private:
  struct Waiting {
    ParsedRow row;
    uint64_t line;
  };
  struct State {
    std::string meter;              // for error messages
    storage::SeriesId series = 0;   // 0 while learning (or always, in dry run)
    int64_t interval_s = 0;         // 0 while learning
    int64_t last_time = INT64_MIN;  // latest timestamp placed, for DST disambiguation
    // The timestamp that would continue the series one interval on, and its slot: a file in time
    // order places each reading without a division.
    int64_t next_time = INT64_MIN;
    int64_t next_slot = 0;
    ValueRange range;  // plausible values, once the interval is known
    ChannelKind channel = ChannelKind::kKwhDelivered;
    std::vector<Waiting> waiting;
    SlotHistory history;  // slots given in this input
  };
  struct Meter {
    std::string id;
    storage::AssetId asset = 0;  // 0 when not in the catalog (dry run)
  };

  State& StateFor(uint32_t meter_handle, ChannelKind channel);
  void Fix(State& s, PlacerSink* sink);
  void SetInterval(State& s, int64_t interval_s);
  void PlaceKnown(State& s, const ParsedRow& row, uint64_t line, PlacerSink* sink);
  // The UTC start of a --label end reading given in local time; false after a Reject.
  bool ResolveLocalEnd(State& s, const ParsedRow& row, uint64_t line, PlacerSink* sink,
                       int64_t* start);
  std::string FieldOf(const ParsedRow& row) const;
  // Records `slot` in s's history; the earlier reading of the slot in this input, if any.
  std::optional<SlotHistory::Earlier> RecordSlot(State& s, int64_t slot, int64_t value,
                                                 uint64_t line);
  // The stored value of a row whose unit needs the interval; false after a Reject.
  bool ConvertUnit(const State& s, const ParsedRow& row, uint64_t line, PlacerSink* sink,
                   int64_t* value);

  storage::Catalog* catalog_;
  PlacerOptions options_;
  std::vector<Meter> meters_;
  absl::flat_hash_map<std::string, uint32_t> meter_index_;
  std::vector<State> states_;
  absl::flat_hash_map<uint64_t, uint32_t> state_index_;  // (meter handle, channel) -> state
  // States still learning, by the line of their first waiting read.
  std::set<std::pair<uint64_t, uint32_t>> learning_;
  size_t waiting_reads_ = 0;
  size_t history_bytes_ = 0;               // all states' SlotHistory::bytes()
  uint64_t slot_check_stopped_after_ = 0;  // 0: the check is on
  uint64_t series_created_ = 0;
  uint64_t rounded_ = 0;
  std::vector<NewSeries> new_series_;
  std::map<int64_t, uint64_t> new_intervals_;
  // The two most recent (meter, channel) keys and their states: a PV meter's delivered and
  // received rows alternate.
  uint64_t last_state_key_ = UINT64_MAX;
  uint32_t last_state_ = 0;
  uint64_t prev_state_key_ = UINT64_MAX;
  uint32_t prev_state_ = 0;
};

// The interval a new series gets from its timestamps (in any order, repeats allowed): the most
// frequent gap between consecutive distinct times (ties: the larger), rounded down to the largest
// whole divisor of a day that divides it, or 15 minutes when there is no gap (one read).
int64_t LearnInterval(std::vector<int64_t> times);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_SERIES_PLACER_H_
