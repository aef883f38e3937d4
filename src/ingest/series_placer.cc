#include "ingest/series_placer.h"

#include <numeric>

#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::ingest {

int64_t IntervalFromGcd(uint64_t gcd_s) {
  if (gcd_s == 0) return 900;
  return static_cast<int64_t>(std::gcd(gcd_s, uint64_t{86400}));
}

SeriesPlacer::SeriesPlacer(storage::Catalog* catalog, PlacerOptions options)
    : catalog_(catalog), options_(options) {}

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
        s.interval_s = catalog_->GetSeries(*id).interval_s;
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
    PlaceKnown(s, row.time, row.ambiguous_s, row.value, row.quality, line, sink);
    return;
  }
  if (s.waiting.empty()) {
    learning_.insert({line, static_cast<uint32_t>(&s - states_.data())});
  } else {
    const int64_t d = row.time - s.waiting.front().time;
    s.gcd = std::gcd(s.gcd, static_cast<uint64_t>(d < 0 ? -d : d));
  }
  s.waiting.push_back(Waiting{row.time, row.value, line, row.ambiguous_s, row.quality});
  ++waiting_reads_;
  if (s.waiting.size() >= kLearnReads || options_.interval_s) {
    Fix(s, sink);
  } else if (waiting_reads_ > kMaxWaitingReads) {
    FixAll(sink);
  }
}

void SeriesPlacer::Fix(State& s, PlacerSink* sink) {
  const uint64_t first_line = s.waiting.front().line;
  learning_.erase({first_line, static_cast<uint32_t>(&s - states_.data())});
  s.interval_s = options_.interval_s ? *options_.interval_s : IntervalFromGcd(s.gcd);
  if (!options_.dry_run) {
    const uint32_t handle = meter_index_.find(AbslView(s.meter))->second;
    auto id = catalog_->AddSeries(meters_[handle].asset, s.channel,
                                  static_cast<int32_t>(s.interval_s));
    if (id.ok()) {
      s.series = *id;
      ++series_created_;
    } else {
      // Someone else created it meanwhile: adopt its interval.
      s.series = *catalog_->FindSeries(meters_[handle].asset, s.channel);
      s.interval_s = catalog_->GetSeries(s.series).interval_s;
    }
  }
  std::vector<Waiting> waiting;
  waiting.swap(s.waiting);
  waiting_reads_ -= waiting.size();
  for (const Waiting& w : waiting) {
    PlaceKnown(s, w.time, w.ambiguous_s, w.value, w.quality, w.line, sink);
  }
}

void SeriesPlacer::FixAll(PlacerSink* sink) {
  while (!learning_.empty()) Fix(states_[learning_.begin()->second], sink);
}

void SeriesPlacer::PlaceKnown(State& s, int64_t time, int32_t ambiguous_s, int64_t value,
                              Quality quality, uint64_t line, PlacerSink* sink) {
  if (time == s.next_time && ambiguous_s == 0) {
    s.last_time = time;
    s.next_time = time + s.interval_s;
    sink->Accept(storage::Reading{s.next_slot++, value, s.series, quality}, line);
    return;
  }
  // The repeated hour at the end of DST: the second pass once the series has gone past the first.
  if (ambiguous_s > 0 && s.last_time >= time) time += ambiguous_s;
  s.last_time = time;
  if (options_.label_end) time -= s.interval_s;
  if (time < 0) {
    sink->Reject(line, "timestamp", "before 1970-01-01T00:00:00Z, which the store cannot hold");
    return;
  }
  if (time % s.interval_s != 0) {
    sink->Reject(line, "timestamp",
                 fmt::format("{} is not on the {} grid of series {} {}", FormatIsoUtc(time),
                             FormatDuration(s.interval_s), s.meter, GetChannelSpec(s.channel).name));
    return;
  }
  const int64_t slot = time / s.interval_s;
  s.next_time = s.last_time + s.interval_s;
  s.next_slot = slot + 1;
  sink->Accept(storage::Reading{slot, value, s.series, quality}, line);
}

}  // namespace gridline::ingest
