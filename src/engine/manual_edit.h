// manual_edit.h: a user's edit of a meter's readings, as `gridline vee edit` and
// `PUT /api/v1/meters/{id}/readings/{timestamp}` make it (docs/vee.md "Manual edits"): the slots
// become `edited` in the validated layer with the user and the reason as their origin, the raw
// values stay, and the open exceptions the edit covers close as `edited`. One validated commit
// (Engine::CommitValidated): atomic, and idempotent (the same edit again changes nothing).
#ifndef GRIDLINE_ENGINE_MANUAL_EDIT_H_
#define GRIDLINE_ENGINE_MANUAL_EDIT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/time.h"
#include "engine/engine.h"

namespace gridline::engine {

// The most slots one edit may set: bounds a request's memory and its batch.
inline constexpr int64_t kMaxEditSlots = 100'000;

struct ManualEdit {
  std::string meter;
  std::string channel = "kwh_delivered";
  UnixSeconds from_s = 0;  // the first interval start, on the series' grid
  UnixSeconds to_s = 0;    // exclusive; from_s + 1 edits the one interval at from_s
  std::string value;       // in the channel's unit (kWh), at most its decimals
  std::string user;
  std::string reason;
};

struct ManualEditResult {
  uint64_t slots = 0;
  ValidatedCommitResult commit;
};

// InvalidArgument (naming the field) for a missing user or reason, a value that is not a decimal
// of the channel's resolution or outside its plausible range, a timestamp off the series' grid,
// a range outside the meter's reads or over kMaxEditSlots; NotFound for an unknown meter or
// channel; FailedPrecondition when read-only.
absl::StatusOr<ManualEditResult> ApplyManualEdit(Engine* engine, const ManualEdit& edit);

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_MANUAL_EDIT_H_
