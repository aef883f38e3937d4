// history_output.cc: ReadHistory and HistoryText (history_output.h).
#include "vee/history_output.h"

#include <algorithm>

#include "common/decimal.h"
#include "common/json_writer.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "storage/keys.h"
#include "storage/validated_layer.h"
#include "vee/vee_types.h"

namespace gridline::vee {

namespace {

int64_t ArrivalUs(const storage::ReadView& view, storage::BatchId batch, std::string* source) {
  const std::optional<storage::BatchInfo> info = view.store().catalog().GetBatch(batch);
  if (!info) return 0;
  *source = info->source;
  return info->arrived_at_us;
}

// `2026-07-01T00:15:00.123Z`.
std::string FormatAtUs(int64_t at_us) {
  const int64_t s = FloorDiv(at_us, 1'000'000);
  const int64_t ms = (at_us - s * 1'000'000) / 1000;
  std::string iso = FormatIsoUtc(s);
  iso.pop_back();
  return iso + fmt::format(".{:03d}Z", ms);
}

std::string OriginText(const storage::Origin& o) {
  switch (o.kind) {
    case storage::OriginKind::kEstimated:
      return o.method == 0 ? std::string()
                           : std::string(MethodName(static_cast<EstimationMethod>(o.method)));
    case storage::OriginKind::kValidated:
      if (o.rule >= 1 && o.rule <= AllRules().size()) {
        return std::string(GetRuleSpec(static_cast<VeeRule>(o.rule)).name);
      }
      return std::string();
    case storage::OriginKind::kEdited:
      return std::string();
  }
  return std::string();
}

}  // namespace

absl::StatusOr<std::vector<HistoryEvent>> ReadHistory(const storage::ReadView& view,
                                                      const query::MeterSeries& target,
                                                      int64_t timestamp_s) {
  const int64_t interval = target.info.interval_s;
  if (timestamp_s < 0 || timestamp_s % interval != 0) {
    return absl::InvalidArgumentError(
        fmt::format("timestamp: {} is not the start of an interval of {} (every {} s)",
                    FormatIsoUtc(timestamp_s), target.meter, interval));
  }
  const int64_t slot = timestamp_s / interval;
  std::vector<HistoryEvent> events;
  auto received = [&](int64_t value, Quality quality, storage::BatchId batch) {
    HistoryEvent e;
    e.event = "received";
    e.value = value;
    e.quality = quality;
    e.at_us = ArrivalUs(view, batch, &e.origin);
    events.push_back(std::move(e));
  };
  GL_RETURN_IF_ERROR(view.ForEachVersion(
      target.series, slot, slot + 1,
      [&](const storage::Version& v) { received(v.value, v.quality, v.batch); }));
  const uint16_t offset = static_cast<uint16_t>(slot & storage::kWindowMask);
  GL_RETURN_IF_ERROR(
      view.ForEachChunk(target.series, slot, slot + 1, [&](uint32_t, const storage::Chunk& c) {
        auto it = std::lower_bound(c.offsets.begin(), c.offsets.end(), offset);
        if (it == c.offsets.end() || *it != offset) return;
        const size_t i = static_cast<size_t>(it - c.offsets.begin());
        received(c.values[i], c.qualities[i], c.batches[i]);
      }));
  // The validated versions: the key prefix of this slot, then each with its origin.
  std::string prefix = storage::ValidatedHistoryKey(target.series, slot, 0);
  prefix.resize(prefix.size() - 8);
  absl::Status status;
  std::vector<storage::ValidatedVersion> validated;
  GL_RETURN_IF_ERROR(view.ScanMeta(prefix, prefix, [&](std::string_view key, std::string_view v) {
    storage::ValidatedVersion version;
    storage::SeriesId series;
    if (!storage::ParseValidatedHistoryKey(key, &series, &version.slot, &version.sequence)) {
      return true;
    }
    status = storage::DecodeValidatedVersion(v, &version);
    if (!status.ok()) return false;
    validated.push_back(version);
    return true;
  }));
  GL_RETURN_IF_ERROR(status);
  for (const storage::ValidatedVersion& v : validated) {
    HistoryEvent e;
    e.raw = false;
    e.at_us = v.at_us;
    if (v.cleared) {
      e.event = "unprocessed";
      e.has_value = false;
      events.push_back(std::move(e));
      continue;
    }
    e.value = v.value;
    e.quality = v.quality;
    e.has_value = v.quality != Quality::kMissing;
    storage::Origin origin;
    const std::string key = storage::OriginKey(v.origin);
    GL_RETURN_IF_ERROR(view.ScanMeta(key, key, [&](std::string_view, std::string_view bytes) {
      status = storage::DecodeOrigin(bytes, &origin);
      return false;
    }));
    GL_RETURN_IF_ERROR(status);
    e.event = storage::OriginKindName(origin.kind);
    e.origin = OriginText(origin);
    e.user = origin.user;
    e.reason = origin.reason;
    events.push_back(std::move(e));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const HistoryEvent& a, const HistoryEvent& b) { return a.at_us < b.at_us; });
  return events;
}

std::string HistoryText(const query::MeterSeries& target, int64_t timestamp_s,
                        const std::vector<HistoryEvent>& events, query::OutputFormat format) {
  const int scale = target.spec().scale;
  const std::string_view column = query::ValueColumn(target.channel);
  std::string out;
  if (format == query::OutputFormat::kCsv) {
    out.append("at,layer,event,").append(column).append(",quality,origin,user,reason\n");
    for (const HistoryEvent& e : events) {
      out.append(FormatAtUs(e.at_us)).push_back(',');
      out.append(e.raw ? "raw," : "validated,").append(e.event).push_back(',');
      if (e.has_value) AppendScaledDecimal(e.value, scale, &out);
      out.push_back(',');
      if (e.event != "unprocessed") out.append(QualityName(e.quality));
      out.push_back(',');
      AppendCsvField(e.origin, &out);
      out.push_back(',');
      AppendCsvField(e.user, &out);
      out.push_back(',');
      AppendCsvField(e.reason, &out);
      out.push_back('\n');
    }
    return out;
  }
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "meter");
  WriteString(w, target.meter);
  WriteKey(w, "channel");
  WriteString(w, target.spec().name);
  WriteKey(w, "timestamp");
  WriteString(w, FormatIsoUtc(timestamp_s));
  WriteKey(w, "versions");
  w.StartArray();
  for (const HistoryEvent& e : events) {
    w.StartObject();
    WriteKey(w, "at");
    WriteString(w, FormatAtUs(e.at_us));
    WriteKey(w, "layer");
    WriteString(w, e.raw ? "raw" : "validated");
    WriteKey(w, "event");
    WriteString(w, e.event);
    WriteKey(w, column);
    if (e.has_value) {
      WriteDecimal(w, e.value, scale);
    } else {
      w.Null();
    }
    WriteKey(w, "quality");
    if (e.event == "unprocessed") {
      w.Null();
    } else {
      WriteString(w, QualityName(e.quality));
    }
    WriteKey(w, "origin");
    WriteString(w, e.origin);
    WriteKey(w, "user");
    WriteString(w, e.user);
    WriteKey(w, "reason");
    WriteString(w, e.reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace gridline::vee
