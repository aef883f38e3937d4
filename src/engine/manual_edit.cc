// manual_edit.cc: ApplyManualEdit (manual_edit.h).
#include "engine/manual_edit.h"

#include "common/decimal.h"
#include "common/status_macros.h"
#include "fmt/format.h"
#include "query/meter_series.h"

namespace gridline::engine {

absl::StatusOr<ManualEditResult> ApplyManualEdit(Engine* engine, const ManualEdit& edit) {
  if (edit.user.empty() || edit.user.size() > storage::kMaxOriginUserBytes) {
    return absl::InvalidArgumentError(
        fmt::format("user: required, at most {} bytes", storage::kMaxOriginUserBytes));
  }
  if (edit.reason.empty() || edit.reason.size() > storage::kMaxOriginReasonBytes) {
    return absl::InvalidArgumentError(
        fmt::format("reason: required, at most {} bytes", storage::kMaxOriginReasonBytes));
  }
  GL_ASSIGN_OR_RETURN(const query::MeterSeries target,
                      query::FindMeterSeries(engine->store()->catalog(), edit.meter, edit.channel));
  const int64_t interval = target.info.interval_s;
  int64_t value = 0;
  bool rounded = false;
  if (const DecimalStatus d =
          ParseScaledDecimal(edit.value, target.spec().scale, /*round=*/false, &value, &rounded);
      d != DecimalStatus::kOk) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: '{}': {}", query::ValueColumn(target.channel), edit.value, DecimalStatusMessage(d)));
  }
  if (!PlausibleRange(target.channel, interval).Contains(value)) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", query::ValueColumn(target.channel),
                    OutOfRangeReason(target.channel, interval, value)));
  }
  if (edit.from_s < 0 || edit.from_s % interval != 0) {
    return absl::InvalidArgumentError(
        fmt::format("timestamp: {} is not the start of an interval of {} (every {} s)",
                    FormatIsoUtc(edit.from_s), edit.meter, interval));
  }
  const int64_t first = edit.from_s / interval;
  const int64_t end = std::max(first + 1, (edit.to_s + interval - 1) / interval);
  if (end - first > kMaxEditSlots) {
    return absl::InvalidArgumentError(
        fmt::format("to: an edit sets at most {} intervals", kMaxEditSlots));
  }
  // The validated layer covers a meter from its first read to its last (CONTRACTS).
  if (first < target.info.min_slot || end - 1 > target.info.max_slot) {
    return absl::InvalidArgumentError(fmt::format(
        "timestamp: {} lies outside the reads of {} ({} .. {})", FormatIsoUtc(edit.from_s),
        edit.meter,
        target.info.min_slot > target.info.max_slot ? "none"
                                                    : FormatIsoUtc(target.info.min_slot * interval),
        target.info.min_slot > target.info.max_slot
            ? "none"
            : FormatIsoUtc((target.info.max_slot + 1) * interval)));
  }
  ValidatedCommit commit;
  commit.series = target.series;
  commit.user = edit.user;
  storage::Origin origin;
  origin.kind = storage::OriginKind::kEdited;
  origin.user = edit.user;
  origin.reason = edit.reason;
  commit.origins.push_back(origin);
  commit.values.reserve(static_cast<size_t>(end - first));
  for (int64_t slot = first; slot < end; ++slot) {
    commit.values.push_back(ValidatedValue{slot, value, Quality::kEdited, 0});
  }
  ManualEditResult result;
  result.slots = static_cast<uint64_t>(end - first);
  GL_ASSIGN_OR_RETURN(result.commit, engine->CommitValidated(commit));
  return result;
}

}  // namespace gridline::engine
