// readings_output.cc: ReadingsOutput, the CSV and JSON text of a meter's readings, one chunk
// window at a time.
#include "query/readings_output.h"

#include <algorithm>

#include "common/decimal.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "query/series_reader.h"
#include "storage/chunk.h"

namespace gridline::query {

ReadingsOutput::ReadingsOutput(std::unique_ptr<storage::ReadView> view, ReadingsRequest request,
                               OutputFormat format)
    : view_(std::move(view)),
      request_(std::move(request)),
      format_(format),
      scale_(request_.target.spec().scale),
      column_(ValueColumn(request_.target.channel)) {
  const storage::SeriesInfo& info = request_.target.info;
  first_slot_ = SlotAtOrAfter(request_.from, info.interval_s);
  end_slot_ = std::max(first_slot_, SlotAtOrAfter(request_.to, info.interval_s));
  // Read only where the series may hold values: a range of years over a series of days costs
  // no empty window reads.
  next_slot_ = std::max(first_slot_, info.min_slot);
  if (info.min_slot > info.max_slot) next_slot_ = end_slot_;
}

absl::StatusOr<bool> ReadingsOutput::Next(std::string* out) {
  sink_.set_out(out);
  const size_t before = out->size();
  if (state_ == State::kDone) return false;
  if (state_ == State::kHeader) {
    state_ = State::kRows;
    const ChannelSpec& spec = request_.target.spec();
    if (format_ == OutputFormat::kJson) {
      json_.StartObject();
      WriteKey(json_, "meter");
      WriteString(json_, request_.target.meter);
      WriteKey(json_, "channel");
      WriteString(json_, spec.name);
      WriteKey(json_, "unit");
      WriteString(json_, spec.unit);
      WriteKey(json_, "layer");
      WriteString(json_, request_.layer);
      WriteKey(json_, "readings");
      json_.StartArray();
    } else {
      out->append("timestamp,").append(column_).append(",quality");
      if (request_.versions) out->append(",arrived_at,status");
      out->push_back('\n');
    }
  }
  const int64_t stop = request_.target.info.min_slot > request_.target.info.max_slot
                           ? next_slot_
                           : std::min(end_slot_, request_.target.info.max_slot + 1);
  // At least one row per piece (or the end): skip windows that hold nothing.
  const uint64_t rows_before = rows_;
  while (next_slot_ < stop && rows_ == rows_before) {
    const int64_t window_end =
        std::min(stop, storage::FirstSlotOfWindow(storage::WindowOfSlot(next_slot_)) +
                           storage::kWindowSlots);
    const absl::Status s = ReadWindow(next_slot_, window_end, out);
    next_slot_ = window_end;
    if (!s.ok()) {
      state_ = State::kDone;
      return s;
    }
  }
  if (next_slot_ >= stop) {
    next_slot_ = end_slot_;
    state_ = State::kDone;
    if (format_ == OutputFormat::kJson) {
      json_.EndArray();
      json_.EndObject();
      out->push_back('\n');
    }
  }
  return out->size() > before;
}

absl::Status ReadingsOutput::ReadWindow(int64_t from_slot, int64_t to_slot, std::string* out) {
  const storage::SeriesInfo& info = request_.target.info;
  const int64_t interval = info.interval_s;
  if (!request_.versions) {
    // The validated layer unless raw was asked for; --versions lists the raw versions.
    const Layer layer = request_.layer == "raw" ? Layer::kRaw : Layer::kValidated;
    return ReadSeriesRange(
        *view_, request_.target.series, info, from_slot * interval, to_slot * interval,
        [&](const ReadingRow& r) { Row(r.time, r.value, r.quality, r.batch, nullptr, out); },
        Deadline(), layer);
  }
  older_.clear();
  GL_RETURN_IF_ERROR(
      view_->ForEachVersion(request_.target.series, from_slot, to_slot,
                            [&](const storage::Version& v) { older_.push_back(v); }));
  size_t next_old = 0;
  auto superseded = [&](const storage::Version& v) {
    Row(v.slot * interval, v.value, v.quality, v.batch, "superseded", out);
  };
  GL_RETURN_IF_ERROR(ReadSeriesRange(*view_, request_.target.series, info, from_slot * interval,
                                     to_slot * interval, [&](const ReadingRow& r) {
                                       const int64_t slot = r.time / interval;
                                       // Superseded versions of this slot, and of earlier slots
                                       // that no longer hold a value (deleted), come first.
                                       while (next_old < older_.size() &&
                                              older_[next_old].slot <= slot) {
                                         superseded(older_[next_old++]);
                                       }
                                       Row(r.time, r.value, r.quality, r.batch, "latest", out);
                                     }));
  for (; next_old < older_.size(); ++next_old) superseded(older_[next_old]);
  return absl::OkStatus();
}

void ReadingsOutput::Row(int64_t time, int64_t value, Quality quality, storage::BatchId batch,
                         const char* status, std::string* out) {
  ++rows_;
  if (format_ == OutputFormat::kJson) {
    std::string text;
    json_.StartObject();
    WriteKey(json_, "timestamp");
    AppendIsoUtc(time, &text);
    WriteString(json_, text);
    WriteKey(json_, column_);
    if (quality == Quality::kMissing) {
      json_.Null();
    } else {
      WriteDecimal(json_, value, scale_);
    }
    WriteKey(json_, "quality");
    WriteString(json_, QualityName(quality));
    if (status != nullptr) {
      text.clear();
      AppendArrival(batch, &text);
      WriteKey(json_, "arrived_at");
      WriteString(json_, text);
      WriteKey(json_, "status");
      WriteString(json_, status);
    }
    json_.EndObject();
    return;
  }
  AppendIsoUtc(time, out);
  out->push_back(',');
  // A processed slot nothing could fill has no value (CONTRACTS: empty, quality `missing`).
  if (quality != Quality::kMissing) AppendScaledDecimal(value, scale_, out);
  out->push_back(',');
  out->append(QualityName(quality));
  if (status != nullptr) {
    out->push_back(',');
    AppendArrival(batch, out);
    out->push_back(',');
    out->append(status);
  }
  out->push_back('\n');
}

// `2026-07-01T00:15:00.123Z`: when the batch holding the value arrived, to the millisecond.
void ReadingsOutput::AppendArrival(storage::BatchId batch, std::string* out) const {
  const std::optional<storage::BatchInfo> info = view_->store().catalog().GetBatch(batch);
  if (!info) return;
  const int64_t s = FloorDiv(info->arrived_at_us, 1'000'000);
  const int64_t ms = (info->arrived_at_us - s * 1'000'000) / 1000;
  std::string iso = FormatIsoUtc(s);
  iso.pop_back();
  iso.push_back('.');
  iso.push_back(static_cast<char>('0' + ms / 100));
  iso.push_back(static_cast<char>('0' + ms / 10 % 10));
  iso.push_back(static_cast<char>('0' + ms % 10));
  iso.push_back('Z');
  out->append(iso);
}

}  // namespace gridline::query
