#include "ingest/series_placer.h"

#include <algorithm>
#include <numeric>

#include "common/decimal.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/value_unit.h"

namespace gridline::ingest {

namespace {

// Wall-clock seconds as `2026-03-08T02:00:00`, no zone.
std::string LocalText(int64_t local) {
  std::string t = FormatIsoUtc(local);
  if (!t.empty() && t.back() == 'Z') t.pop_back();
  return t;
}

}  // namespace

int64_t LearnInterval(std::vector<int64_t> times) {
  std::sort(times.begin(), times.end());
  // Gaps between consecutive distinct times, sorted, so equal gaps are neighbours.
  std::vector<int64_t> gaps;
  gaps.reserve(times.size());
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] != times[i - 1]) gaps.push_back(times[i] - times[i - 1]);
  }
  if (gaps.empty()) return 900;
  std::sort(gaps.begin(), gaps.end());
  int64_t best = gaps[0];
  size_t best_count = 0;
  for (size_t i = 0; i < gaps.size();) {
    size_t j = i;
    while (j < gaps.size() && gaps[j] == gaps[i]) ++j;
    if (j - i >= best_count) {  // >=: a tie goes to the larger gap, met later
      best = gaps[i];
      best_count = j - i;
    }
    i = j;
  }
  // The largest whole divisor of a day that divides the dominant gap, so reads at that gap stay
  // on the grid (7 h apart: a 1 h grid; 3 days: a day).
  return std::gcd(best, kSecondsPerDay);
}

SeriesPlacer::SeriesPlacer(storage::Catalog* catalog, PlacerOptions options)
    : catalog_(catalog), options_(std::move(options)) {}

uint32_t SeriesPlacer::MeterHandle(std::string_view meter_id) {
  auto it = meter_index_.find(AbslView(meter_id));
  if (it != meter_index_.end()) return it->second;
  Meter m;
  m.id = std::string(meter_id);
  if (auto a = catalog_->FindAsset(meter_id)) {
    m.asset = *a;
  } else if (!options_.dry_run) {
    m.asset = catalog_->FindOrAddAsset(meter_id, storage::AssetKind::kMeter);
  }
  const uint32_t handle = static_cast<uint32_t>(meters_.size());
  meters_.push_back(std::move(m));
  meter_index_.emplace(std::string(meter_id), handle);
  return handle;
}

SeriesPlacer::State& SeriesPlacer::StateFor(uint32_t meter_handle, ChannelKind channel) {
  const uint64_t key = (static_cast<uint64_t>(meter_handle) << 8) | static_cast<uint8_t>(channel);
  if (key == last_state_key_) return states_[last_state_];
  if (key == prev_state_key_) {
    std::swap(last_state_key_, prev_state_key_);
    std::swap(last_state_, prev_state_);
    return states_[last_state_];
  }
  auto it = state_index_.find(key);
  if (it == state_index_.end()) {
    State s;
    s.meter = meters_[meter_handle].id;
    s.channel = channel;
    const storage::AssetId asset = meters_[meter_handle].asset;
    if (asset != 0) {
      if (auto id = catalog_->FindSeries(asset, channel)) {
        s.series = *id;
        SetInterval(s, catalog_->GetSeries(*id).interval_s);
      }
    }
    it = state_index_.emplace(key, static_cast<uint32_t>(states_.size())).first;
    states_.push_back(std::move(s));
  }
  prev_state_key_ = last_state_key_;
  prev_state_ = last_state_;
  last_state_key_ = key;
  last_state_ = it->second;
  return states_[it->second];
}

void SeriesPlacer::Place(uint32_t meter_handle, const ParsedRow& row, uint64_t line,
                         PlacerSink* sink) {
  State& s = StateFor(meter_handle, row.channel);
  if (s.interval_s > 0) {
    if (options_.interval_s && *options_.interval_s != s.interval_s) {
      sink->Reject(line, "timestamp",
                   fmt::format("series {} {} has a {} interval; --interval {} does not match",
                               s.meter, GetChannelSpec(s.channel).name,
                               FormatDuration(s.interval_s), FormatDuration(*options_.interval_s)));
      return;
    }
    PlaceKnown(s, row, line, sink);
    return;
  }
  if (s.waiting.empty()) {
    learning_.insert({line, static_cast<uint32_t>(&s - states_.data())});
  }
  s.waiting.push_back(Waiting{row, line});
  ++waiting_reads_;
  if (s.waiting.size() >= kLearnReads || options_.interval_s) {
    Fix(s, sink);
  } else if (waiting_reads_ > kMaxWaitingReads) {
    FixAll(sink);
  }
}

void SeriesPlacer::SetInterval(State& s, int64_t interval_s) {
  s.interval_s = interval_s;
  s.range = PlausibleRange(s.channel, interval_s);
}

void SeriesPlacer::Fix(State& s, PlacerSink* sink) {
  const uint64_t first_line = s.waiting.front().line;
  learning_.erase({first_line, static_cast<uint32_t>(&s - states_.data())});
  int64_t interval_s;
  if (options_.interval_s) {
    interval_s = *options_.interval_s;
  } else {
    std::vector<int64_t> times;
    times.reserve(s.waiting.size());
    for (const Waiting& w : s.waiting) times.push_back(w.row.time);
    interval_s = LearnInterval(std::move(times));
  }
  SetInterval(s, interval_s);
  bool created = options_.dry_run;
  if (!options_.dry_run) {
    const uint32_t handle = meter_index_.find(AbslView(s.meter))->second;
    auto id =
        catalog_->AddSeries(meters_[handle].asset, s.channel, static_cast<int32_t>(s.interval_s));
    if (id.ok()) {
      s.series = *id;
      ++series_created_;
      created = true;
    } else {
      // Someone else created it meanwhile: adopt its interval.
      s.series = *catalog_->FindSeries(meters_[handle].asset, s.channel);
      SetInterval(s, catalog_->GetSeries(s.series).interval_s);
    }
  }
  if (created) {
    ++new_intervals_[s.interval_s];
    if (new_series_.size() < kMaxListedSeries) {
      new_series_.push_back(NewSeries{s.meter, s.channel, s.interval_s});
    }
  }
  std::vector<Waiting> waiting;
  waiting.swap(s.waiting);
  waiting_reads_ -= waiting.size();
  for (const Waiting& w : waiting) PlaceKnown(s, w.row, w.line, sink);
}

void SeriesPlacer::FixAll(PlacerSink* sink) {
  while (!learning_.empty()) Fix(states_[learning_.begin()->second], sink);
}

std::string SeriesPlacer::FieldOf(const ParsedRow& row) const {
  if (row.column != UINT16_MAX && row.column < options_.field_names.size()) {
    return options_.field_names[row.column];
  }
  return "value";
}

bool SeriesPlacer::ResolveLocalEnd(State& s, const ParsedRow& row, uint64_t line, PlacerSink* sink,
                                   int64_t* start) {
  // The interval ends at the labelled wall-clock time, so it starts one interval earlier on the
  // wall clock; only then is the zone asked. PJM's hour-ending `2:00` on the day DST starts in
  // America/New_York ends 01:00-02:00 EST (02:00 itself does not exist), and its two `2:00` rows
  // on the day DST ends are 01:00-02:00 EDT, then EST.
  const int64_t local_start = row.local_end - s.interval_s;
  const LocalResolution r = options_.zone.LocalToUtc(local_start);
  if (r.kind == LocalResolution::Kind::kNonexistent) {
    sink->Reject(line, "timestamp",
                 fmt::format("{} ends a {} interval starting at {} local time, which does not "
                             "exist in {} (the clocks skip that hour when DST starts)",
                             LocalText(row.local_end), FormatDuration(s.interval_s),
                             LocalText(local_start), options_.zone.name()));
    return false;
  }
  *start = r.earliest;
  // The repeated hour: the second pass once the series has gone past the first.
  if (r.kind == LocalResolution::Kind::kAmbiguous && s.last_time >= r.earliest) *start = r.latest;
  return true;
}

std::optional<SlotHistory::Earlier> SeriesPlacer::RecordSlot(State& s, int64_t slot, int64_t value,
                                                             uint64_t line) {
  if (slot_check_stopped_after_ > 0) return std::nullopt;
  const size_t before = s.history.bytes();
  std::optional<SlotHistory::Earlier> earlier = s.history.Record(slot, value, line);
  history_bytes_ += s.history.bytes() - before;
  if (history_bytes_ > options_.slot_history_bytes) {
    // Spent: every reading placed so far was checked, which is every reading of the lines before
    // this one and before the first still waiting for its series' interval.
    slot_check_stopped_after_ = std::max<uint64_t>(std::min(line, first_waiting_line()) - 1, 1);
    for (State& st : states_) st.history = SlotHistory();
    history_bytes_ = 0;
  }
  return earlier;
}

bool SeriesPlacer::ConvertUnit(const State& s, const ParsedRow& row, uint64_t line,
                               PlacerSink* sink, int64_t* value) {
  const ValueUnit unit = static_cast<ValueUnit>(row.unit);
  const std::optional<UnitConversion> conv = ConversionFor(unit, s.channel);
  const ChannelSpec& c = GetChannelSpec(s.channel);
  const ValueUnitSpec& u = GetValueUnitSpec(unit);
  const std::string text = FormatScaledDecimal(row.value, row.decimals);
  if (!conv) {
    sink->Reject(line, FieldOf(row),
                 fmt::format("channel {} is in {}, not {}", c.name, c.unit, u.shown));
    return false;
  }
  bool rounded = false;
  switch (
      ConvertValue(row.value, row.decimals, *conv, s.interval_s, options_.round, value, &rounded)) {
    case ConvertStatus::kOk:
      rounded_ += rounded;
      return true;
    case ConvertStatus::kInexact:
      sink->Reject(line, FieldOf(row),
                   fmt::format("{} {} over a {} interval is not a whole number of {} {} (the "
                               "resolution of {}); use --round to round it half to even",
                               text, u.shown, FormatDuration(s.interval_s),
                               FormatScaledDecimal(1, c.scale), c.unit, c.name));
      return false;
    case ConvertStatus::kOutOfRange:
      break;
  }
  sink->Reject(line, FieldOf(row), fmt::format("value out of range: {} {}", text, u.shown));
  return false;
}

void SeriesPlacer::PlaceKnown(State& s, const ParsedRow& row, uint64_t line, PlacerSink* sink) {
  int64_t time = row.time;
  int64_t value = row.value;
  if (row.unit != 0 && !ConvertUnit(s, row, line, sink, &value)) return;
  if (!s.range.Contains(value)) {
    sink->Reject(line, FieldOf(row), OutOfRangeReason(s.channel, s.interval_s, value));
    return;
  }
  int64_t slot;
  if (time == s.next_time && row.ambiguous_s == 0 && row.local_end == kNoLocalEnd) {
    s.last_time = time;
    s.next_time = time + s.interval_s;
    slot = s.next_slot++;
  } else {
    if (row.local_end != kNoLocalEnd && options_.label_end) {
      if (!ResolveLocalEnd(s, row, line, sink, &time)) return;
      s.last_time = time;
      // (next_time stays: this path is taken for every such row.)
    } else {
      // The repeated hour at the end of DST: the second pass once the series has gone past the
      // first.
      if (row.ambiguous_s > 0 && s.last_time >= time) time += row.ambiguous_s;
      s.last_time = time;
      if (options_.label_end) time -= s.interval_s;
    }
    if (time < 0) {
      sink->Reject(line, "timestamp", "before 1970-01-01T00:00:00Z, which the store cannot hold");
      return;
    }
    if (time % s.interval_s != 0) {
      sink->Reject(
          line, "timestamp",
          fmt::format("{} is not on the {} grid of series {} {}", FormatIsoUtc(time),
                      FormatDuration(s.interval_s), s.meter, GetChannelSpec(s.channel).name));
      return;
    }
    slot = time / s.interval_s;
    s.next_time = s.last_time + s.interval_s;
    s.next_slot = slot + 1;
  }
  if (const std::optional<SlotHistory::Earlier> earlier = RecordSlot(s, slot, value, line)) {
    if (earlier->value == value) {
      sink->Duplicate(line);
      return;
    }
    const ChannelSpec& c = GetChannelSpec(s.channel);
    sink->Reject(
        line, FieldOf(row),
        fmt::format("line {} already gave {} {} the value {} for {}; this line gives {} "
                    "(two different values for one slot in one input)",
                    earlier->line, s.meter, c.name, FormatScaledDecimal(earlier->value, c.scale),
                    FormatIsoUtc(slot * s.interval_s), FormatScaledDecimal(value, c.scale)));
    return;
  }
  sink->Accept(storage::Reading{slot, value, s.series, row.quality}, line);
}

}  // namespace gridline::ingest
