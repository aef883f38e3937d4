// validated_layer.cc: ValidatedLayer (validated_layer.h): validated commits, exception status
// changes, and raw writes into processed slots.
#include "engine/validated_layer.h"

#include <algorithm>
#include <chrono>

#include "common/status_macros.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/batch_errors.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "vee/exception_store.h"

namespace gridline::engine {

namespace {

using storage::Chunk;
using storage::Origin;
using storage::OriginKind;
using storage::SlotChange;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One window's overlay, dense: cheap to look up and change by offset.
struct DenseOverlay {
  std::vector<uint8_t> present = std::vector<uint8_t>(storage::kWindowSlots, 0);
  std::vector<int64_t> value = std::vector<int64_t>(storage::kWindowSlots, 0);
  std::vector<Quality> quality = std::vector<Quality>(storage::kWindowSlots, Quality::kActual);
  std::vector<uint32_t> origin = std::vector<uint32_t>(storage::kWindowSlots, 0);
  bool had_any = false;

  void Load(const Chunk& c) {
    for (size_t i = 0; i < c.size(); ++i) {
      present[c.offsets[i]] = 1;
      value[c.offsets[i]] = c.values[i];
      quality[c.offsets[i]] = c.qualities[i];
      origin[c.offsets[i]] = c.batches[i];
    }
    had_any = !c.empty();
  }
  void ToChunk(Chunk* out) const {
    out->clear();
    for (int o = 0; o < storage::kWindowSlots; ++o) {
      if (present[o]) out->Append(static_cast<uint16_t>(o), value[o], quality[o], origin[o]);
    }
  }
};

// A validated state: no value (none or `missing`), or a value with its quality.
struct State {
  bool has = false;
  int64_t value = 0;
  Quality quality = Quality::kActual;
};

// The roll-up delta change (validated minus raw) when the validated state goes from v0 to v1 and
// the raw one from r0 to r1 (rollup_maintainer.h AddLayerChanges): (C(v1) - C(v0)) - (C(r1) -
// C(r0)), as at most two SlotChanges (a change adds `new` and takes `old`).
void AddDelta(int64_t slot, const State& v0, const State& v1, const State& r0, const State& r1,
              std::vector<SlotChange>* out) {
  if (v0.has || v1.has) {
    out->push_back(SlotChange{slot, v0.has, v1.has, v0.quality, v1.quality, v0.value, v1.value});
  }
  const bool raw_same =
      r0.has == r1.has && (!r0.has || (r0.value == r1.value && r0.quality == r1.quality));
  if (!raw_same) {
    out->push_back(SlotChange{slot, r1.has, r0.has, r1.quality, r0.quality, r1.value, r0.value});
  }
}

bool QualityFits(OriginKind kind, Quality q) {
  switch (kind) {
    case OriginKind::kEdited:
      return q == Quality::kEdited;
    case OriginKind::kEstimated:
      return q == Quality::kEstimated;
    case OriginKind::kValidated:
      return q == Quality::kActual || q == Quality::kSuspect || q == Quality::kMissing;
  }
  return false;
}

bool SameOrigin(const Origin& a, const Origin& b) {
  return a.kind == b.kind && a.method == b.method && a.rule == b.rule && a.user == b.user &&
         a.reason == b.reason;
}

std::string EncodeNextId(uint64_t id) {
  std::string v;
  storage::PutFixed64BigEndian(&v, id);
  return v;
}

// Reads the single meta record `key` from `view`; false when absent.
absl::StatusOr<bool> GetMeta(const storage::ReadView& view, const std::string& key,
                             std::string* value) {
  bool found = false;
  GL_RETURN_IF_ERROR(view.ScanMeta(key, key, [&](std::string_view k, std::string_view v) {
    if (k == key) {
      value->assign(v);
      found = true;
    }
    return false;
  }));
  return found;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ValidatedLayer>> ValidatedLayer::Open(
    storage::Store* store, rollup::RollupMaintainer* rollups) {
  std::unique_ptr<ValidatedLayer> layer(new ValidatedLayer(store, rollups));
  auto view = store->NewReadView();
  absl::flat_hash_set<uint64_t> windows;
  absl::flat_hash_set<storage::SeriesId> series_with_overlay;
  GL_RETURN_IF_ERROR(view->ForEachMeta(storage::kOverlayPrefix,
                                       [&](std::string_view key, std::string_view /*value*/) {
                                         storage::SeriesId series;
                                         uint32_t window;
                                         if (!storage::ParseOverlayKey(key, &series, &window))
                                           return;
                                         windows.insert((uint64_t{series} << 32) | window);
                                         series_with_overlay.insert(series);
                                       }));
  absl::MutexLock l(&layer->mu_);
  layer->overlay_windows_ = std::move(windows);
  layer->overlay_series_ = std::move(series_with_overlay);
  std::string next;
  GL_ASSIGN_OR_RETURN(const bool found,
                      GetMeta(*view, std::string(storage::kValidatedNextIdKey), &next));
  if (found) {
    if (next.size() != 8) return absl::DataLossError("corrupt validated layer id record");
    layer->next_id_ = storage::DecodeFixed64BigEndian(next.data());
  }
  store->SetWriteListener(layer.get());
  return layer;
}

absl::Status ValidatedLayer::CheckCommit(const ValidatedCommit& commit) const {
  const storage::Catalog& catalog = store_->catalog();
  if (commit.series < 1 || commit.series > catalog.series_count()) {
    return absl::NotFoundError(fmt::format("series {}: no such series", commit.series));
  }
  for (const Origin& o : commit.origins) {
    if (o.user.size() > storage::kMaxOriginUserBytes) {
      return absl::InvalidArgumentError(
          fmt::format("user: longer than {} bytes", storage::kMaxOriginUserBytes));
    }
    if (o.reason.size() > storage::kMaxOriginReasonBytes) {
      return absl::InvalidArgumentError(
          fmt::format("reason: longer than {} bytes", storage::kMaxOriginReasonBytes));
    }
  }
  // The validated layer covers a series from its first read to its last (CONTRACTS): a slot
  // outside has no place in reads, roll-up moves or the history of the meter.
  const storage::SeriesInfo info = catalog.GetSeries(commit.series);
  for (const ValidatedValue& v : commit.values) {
    if (v.slot < info.min_slot || v.slot > info.max_slot) {
      return absl::InvalidArgumentError(
          fmt::format("slot {}: outside the series' reads (slots {} .. {})", v.slot, info.min_slot,
                      info.max_slot));
    }
    if (v.origin_index >= commit.origins.size()) {
      return absl::InvalidArgumentError("origin: no such origin in the commit");
    }
    if (!QualityFits(commit.origins[v.origin_index].kind, v.quality)) {
      return absl::InvalidArgumentError(
          fmt::format("quality: `{}` does not go with a value {}", QualityName(v.quality),
                      storage::OriginKindName(commit.origins[v.origin_index].kind)));
    }
  }
  for (const vee::VeeException& e : commit.exceptions) {
    if (e.detail.size() > vee::kMaxExceptionTextBytes || e.first_slot_s >= e.end_slot_s) {
      return absl::InvalidArgumentError("exception: empty range or detail too long");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ValidatedCommitResult> ValidatedLayer::Commit(const ValidatedCommit& commit) {
  return CommitMany(std::span<const ValidatedCommit>(&commit, 1));
}

absl::StatusOr<ValidatedCommitResult> ValidatedLayer::CommitMany(
    std::span<const ValidatedCommit> commits,
    std::span<const std::pair<std::string, std::string>> meta_puts) {
  absl::flat_hash_set<storage::SeriesId> seen;
  for (const ValidatedCommit& c : commits) {
    GL_RETURN_IF_ERROR(CheckCommit(c));
    if (!seen.insert(c.series).second) {
      return absl::InvalidArgumentError(
          fmt::format("series {}: two commits of one series in one batch", c.series));
    }
  }
  ValidatedCommitResult total;
  if (commits.empty() && meta_puts.empty()) return total;
  GL_RETURN_IF_ERROR(store_->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    absl::MutexLock l(&mu_);
    total = ValidatedCommitResult();
    for (const ValidatedCommit& c : commits) {
      ValidatedCommitResult one;
      GL_RETURN_IF_ERROR(CommitLocked(c, batch, &one));
      total += one;
    }
    storage::BatchErrors errors;
    for (const auto& [key, value] : meta_puts) {
      errors.Keep(batch->Put(store_->meta_cf(), key, value));
    }
    return errors.Check("adding records to a validated commit");
  }));
  return total;
}

absl::Status ValidatedLayer::CommitLocked(const ValidatedCommit& commit, rocksdb::WriteBatch* batch,
                                          ValidatedCommitResult* result) {
  const storage::SeriesId series = commit.series;
  const storage::SeriesInfo info = store_->catalog().GetSeries(series);
  std::vector<ValidatedValue> values = commit.values;
  std::stable_sort(
      values.begin(), values.end(),
      [](const ValidatedValue& a, const ValidatedValue& b) { return a.slot < b.slot; });
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i].slot == values[i - 1].slot) {
      return absl::InvalidArgumentError(
          fmt::format("slot {}: two validated values in one commit", values[i].slot));
    }
  }
  const int64_t now_us = NowMicros();
  auto view = store_->NewReadView();  // writers are held off: the latest state
  storage::BatchErrors errors;
  // The stored origins the commit compares with, and the ids of the commit's own.
  absl::flat_hash_map<uint32_t, Origin> stored_origins;
  std::vector<uint32_t> new_ids(commit.origins.size(), 0);
  auto stored_origin = [&](uint32_t id) -> absl::StatusOr<const Origin*> {
    auto it = stored_origins.find(id);
    if (it != stored_origins.end()) return &it->second;
    std::string bytes;
    GL_ASSIGN_OR_RETURN(const bool found, GetMeta(*view, storage::OriginKey(id), &bytes));
    Origin o;
    if (found) GL_RETURN_IF_ERROR(storage::DecodeOrigin(bytes, &o));
    return &stored_origins.emplace(id, std::move(o)).first->second;
  };
  auto id_of = [&](uint32_t index) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) -> absl::StatusOr<uint32_t> {
    if (new_ids[index] != 0) return new_ids[index];
    if (next_id_ > UINT32_MAX) return absl::ResourceExhaustedError("validated layer: origin ids");
    new_ids[index] = static_cast<uint32_t>(next_id_++);
    Origin o = commit.origins[index];
    o.at_us = now_us;
    errors.Keep(batch->Put(store_->meta_cf(), storage::OriginKey(new_ids[index]),
                           storage::EncodeOrigin(o)));
    return new_ids[index];
  };

  std::vector<SlotChange> deltas;
  std::vector<ValidatedValue> edited;
  Chunk raw, overlay_chunk, encoded_chunk;
  std::string encoded;
  size_t i0 = 0;
  while (i0 < values.size()) {
    const uint32_t window = storage::WindowOfSlot(values[i0].slot);
    size_t i1 = i0 + 1;
    while (i1 < values.size() && storage::WindowOfSlot(values[i1].slot) == window) ++i1;
    const int64_t base = storage::FirstSlotOfWindow(window);
    raw.clear();
    GL_RETURN_IF_ERROR(view->ForEachChunk(series, base, base + storage::kWindowSlots,
                                          [&](uint32_t, const Chunk& c) { raw = c; }));
    DenseOverlay dense;
    GL_RETURN_IF_ERROR(view->ForEachOverlay(series, window, window,
                                            [&](uint32_t, const Chunk& c) { dense.Load(c); }));
    std::vector<int> raw_at(storage::kWindowSlots, -1);
    for (size_t r = 0; r < raw.size(); ++r) raw_at[raw.offsets[r]] = static_cast<int>(r);
    bool window_changed = false;
    for (size_t i = i0; i < i1; ++i) {
      const ValidatedValue& v = values[i];
      const uint16_t off = static_cast<uint16_t>(v.slot & storage::kWindowMask);
      const Origin& origin = commit.origins[v.origin_index];
      State r;
      if (raw_at[off] >= 0) r = State{true, raw.values[raw_at[off]], raw.qualities[raw_at[off]]};
      if (v.check_raw && (r.has != v.raw_has || (r.has && r.value != v.raw_value) ||
                          (dense.present[off] && dense.quality[off] == Quality::kEdited))) {
        ++result->stale;
        continue;
      }
      const bool missing = v.quality == Quality::kMissing;
      const State next{!missing, missing ? 0 : v.value, v.quality};
      // A value VEE keeps as it arrived needs no overlay entry: the raw value shows through.
      const bool through = r.has && next.has && r.value == next.value &&
                           r.quality == next.quality && origin.kind == OriginKind::kValidated;
      if (v.quality == Quality::kEdited) edited.push_back(v);
      State before = r;
      if (dense.present[off]) {
        GL_ASSIGN_OR_RETURN(const Origin* old, stored_origin(dense.origin[off]));
        if (!through && dense.value[off] == next.value && dense.quality[off] == next.quality &&
            SameOrigin(*old, origin)) {
          ++result->unchanged;
          continue;
        }
        before =
            State{dense.quality[off] != Quality::kMissing, dense.value[off], dense.quality[off]};
      } else if (through) {
        ++result->unchanged;
        continue;
      }
      ++result->changed;
      window_changed = true;
      storage::ValidatedVersion history;
      history.slot = v.slot;
      history.at_us = now_us;
      if (through) {
        dense.present[off] = 0;
        history.cleared = true;
        AddDelta(v.slot, before, r, r, r, &deltas);
      } else {
        GL_ASSIGN_OR_RETURN(const uint32_t id, id_of(v.origin_index));
        dense.present[off] = 1;
        dense.value[off] = next.value;
        dense.quality[off] = next.quality;
        dense.origin[off] = id;
        history.value = next.value;
        history.quality = next.quality;
        history.origin = id;
        AddDelta(v.slot, before, next, r, r, &deltas);
      }
      errors.Keep(batch->Put(store_->meta_cf(),
                             storage::ValidatedHistoryKey(series, v.slot, next_id_++),
                             storage::EncodeValidatedVersion(history)));
    }
    i0 = i1;
    if (!window_changed) continue;
    dense.ToChunk(&encoded_chunk);
    const std::string key = storage::OverlayKey(series, window);
    if (encoded_chunk.empty()) {
      errors.Keep(batch->Delete(store_->meta_cf(), key));
    } else {
      encoded.clear();
      storage::EncodeChunk(encoded_chunk, storage::ValueEncoding::kBest, &encoded);
      store_->NoteOverlay();  // before the batch is written: no snapshot holds it unnoticed
      errors.Keep(batch->Put(store_->meta_cf(), key, encoded));
      overlay_windows_.insert((uint64_t{series} << 32) | window);
      overlay_series_.insert(series);
    }
  }
  GL_RETURN_IF_ERROR(UpsertExceptions(commit, info, edited, now_us, batch, result));
  errors.Keep(batch->Put(store_->meta_cf(), std::string(storage::kValidatedNextIdKey),
                         EncodeNextId(next_id_)));
  GL_RETURN_IF_ERROR(errors.Check("building a validated commit"));
  if (rollups_ != nullptr && !deltas.empty()) {
    rollups_->AddLayerChanges(info, deltas);
    GL_RETURN_IF_ERROR(rollups_->EmitPending(batch));
  }
  return absl::OkStatus();
}

absl::Status ValidatedLayer::UpsertExceptions(const ValidatedCommit& commit,
                                              const storage::SeriesInfo& info,
                                              std::span<const ValidatedValue> edited,
                                              int64_t now_us, rocksdb::WriteBatch* batch,
                                              ValidatedCommitResult* result) {
  const std::string meter = store_->catalog().AssetExternalId(info.asset);
  auto view = store_->NewReadView();
  storage::BatchErrors errors;
  for (vee::VeeException e : commit.exceptions) {
    e.meter_id = meter;
    e.channel = info.channel;
    const std::string key = vee::ExceptionKey(commit.series, e);
    std::string bytes;
    GL_ASSIGN_OR_RETURN(const bool found, GetMeta(*view, key, &bytes));
    vee::ExceptionRecord r;
    if (found) {
      GL_RETURN_IF_ERROR(vee::DecodeExceptionRecord(bytes, &r));
      // An operator's decision (accepted, edited) stands when VEE finds the failure again.
      const bool decided = r.exception.status == vee::ExceptionStatus::kAccepted ||
                           r.exception.status == vee::ExceptionStatus::kEdited;
      if (decided) e.status = r.exception.status;
      if (r.exception.status == e.status && r.exception.severity == e.severity &&
          r.exception.detail == e.detail) {
        continue;
      }
      r.exception = e;
      r.updated_at_us = now_us;
      r.updated_by = commit.user;
    } else {
      r.series = commit.series;
      r.exception = e;
      r.created_at_us = r.updated_at_us = now_us;
      r.created_by = r.updated_by = commit.user;
    }
    ++result->exceptions_changed;
    errors.Keep(batch->Put(store_->meta_cf(), key, vee::EncodeExceptionRecord(r)));
  }
  GL_RETURN_IF_ERROR(DeleteSuperseded(commit, *view, batch, result));
  // An edit closes the open exceptions whose every slot it edits.
  if (!edited.empty()) {
    const int64_t interval = info.interval_s;
    absl::flat_hash_set<int64_t> slots;
    for (const ValidatedValue& v : edited) slots.insert(v.slot);
    std::string user, reason;
    for (const ValidatedValue& v : edited) {
      user = commit.origins[v.origin_index].user;
      reason = commit.origins[v.origin_index].reason;
    }
    vee::ExceptionFilter filter;
    filter.series = commit.series;
    filter.from_s = edited.front().slot * interval;
    filter.to_s = (edited.back().slot + 1) * interval;
    std::vector<std::pair<std::string, vee::ExceptionRecord>> close;
    GL_RETURN_IF_ERROR(vee::ListExceptions(
        *view, filter, "", [&](std::string_view id, const vee::ExceptionRecord& r) {
          const vee::ExceptionStatus s = r.exception.status;
          if (s != vee::ExceptionStatus::kOpen && s != vee::ExceptionStatus::kEstimated) {
            return true;
          }
          const int64_t first = r.exception.first_slot_s / interval;
          const int64_t end = (r.exception.end_slot_s + interval - 1) / interval;
          if (end - first > static_cast<int64_t>(slots.size())) return true;
          for (int64_t slot = first; slot < end; ++slot) {
            if (!slots.contains(slot)) return true;
          }
          close.emplace_back(*vee::ExceptionKeyOfId(id), r);
          return true;
        }));
    for (auto& [key, r] : close) {
      r.exception.status = vee::ExceptionStatus::kEdited;
      r.updated_at_us = now_us;
      r.updated_by = user;
      r.note = reason;
      ++result->exceptions_changed;
      errors.Keep(batch->Put(store_->meta_cf(), key, vee::EncodeExceptionRecord(r)));
    }
  }
  return errors.Check("adding VEE exceptions to a commit");
}

absl::Status ValidatedLayer::DeleteSuperseded(const ValidatedCommit& commit,
                                              const storage::ReadView& view,
                                              rocksdb::WriteBatch* batch,
                                              ValidatedCommitResult* result) {
  if (commit.supersede_to_s <= commit.supersede_from_s) return absl::OkStatus();
  absl::flat_hash_set<std::string> found;
  for (const vee::VeeException& e : commit.exceptions) {
    found.insert(vee::ExceptionKey(commit.series, e));
  }
  vee::ExceptionFilter filter;
  filter.series = commit.series;
  filter.from_s = commit.supersede_from_s;
  filter.to_s = commit.supersede_to_s;
  std::vector<std::string> gone;
  GL_RETURN_IF_ERROR(vee::ListExceptions(
      view, filter, "", [&](std::string_view id, const vee::ExceptionRecord& r) {
        const vee::ExceptionStatus s = r.exception.status;
        if (s != vee::ExceptionStatus::kOpen && s != vee::ExceptionStatus::kEstimated) return true;
        if (r.exception.first_slot_s < commit.supersede_from_s ||
            r.exception.end_slot_s > commit.supersede_to_s) {
          return true;
        }
        std::optional<std::string> key = vee::ExceptionKeyOfId(id);
        if (key && !found.contains(*key)) gone.push_back(std::move(*key));
        return true;
      }));
  storage::BatchErrors errors;
  for (const std::string& key : gone) errors.Keep(batch->Delete(store_->meta_cf(), key));
  result->exceptions_deleted += gone.size();
  return errors.Check("deleting superseded VEE exceptions");
}

absl::Status ValidatedLayer::ChangeExceptionStatus(const ExceptionStatusChange& change) {
  std::optional<std::string> key = vee::ExceptionKeyOfId(change.id);
  if (!key) return absl::NotFoundError(fmt::format("exception '{}': no such exception", change.id));
  if (change.user.empty() || change.user.size() > storage::kMaxOriginUserBytes) {
    return absl::InvalidArgumentError("user: required, at most 128 bytes");
  }
  if (change.reason.size() > vee::kMaxExceptionTextBytes) {
    return absl::InvalidArgumentError("reason: longer than 1024 bytes");
  }
  return store_->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    auto view = store_->NewReadView();
    std::string bytes;
    GL_ASSIGN_OR_RETURN(const bool found, GetMeta(*view, *key, &bytes));
    if (!found) {
      return absl::NotFoundError(fmt::format("exception '{}': no such exception", change.id));
    }
    vee::ExceptionRecord r;
    GL_RETURN_IF_ERROR(vee::DecodeExceptionRecord(bytes, &r));
    if (r.exception.status == change.status && r.updated_by == change.user &&
        r.note == change.reason) {
      return absl::OkStatus();
    }
    r.exception.status = change.status;
    r.updated_at_us = NowMicros();
    r.updated_by = change.user;
    r.note = change.reason;
    return storage::FromRocks(batch->Put(store_->meta_cf(), *key, vee::EncodeExceptionRecord(r)),
                              "changing an exception's status");
  });
}

bool ValidatedLayer::Wants(storage::SeriesId series, const storage::SeriesInfo& info) const {
  if (rollups_ != nullptr && rollups_->Wants(series, info)) return true;
  absl::MutexLock l(&mu_);
  return overlay_series_.contains(series);
}

void ValidatedLayer::OnChanges(storage::SeriesId series, const storage::SeriesInfo& info,
                               std::span<const SlotChange> changes) {
  if (rollups_ != nullptr && rollups_->Wants(series, info)) {
    rollups_->OnChanges(series, info, changes);
  }
  absl::MutexLock l(&mu_);
  if (!overlay_series_.contains(series)) return;
  for (const SlotChange& ch : changes) {
    if (overlay_windows_.contains((uint64_t{series} << 32) | storage::WindowOfSlot(ch.slot))) {
      raw_changes_.push_back(RawChange{series, ch});
    }
  }
}

absl::Status ValidatedLayer::OnGroupEnd(rocksdb::WriteBatch* batch) {
  {
    absl::MutexLock l(&mu_);
    if (!raw_changes_.empty()) {
      const int64_t now_us = NowMicros();
      std::vector<RawChange> changes;
      changes.swap(raw_changes_);
      // Reported per series and window in slot order; one series' windows may come in several
      // reports (several requests in a group).
      std::stable_sort(changes.begin(), changes.end(), [](const RawChange& a, const RawChange& b) {
        return a.series != b.series ? a.series < b.series : a.change.slot < b.change.slot;
      });
      size_t i0 = 0;
      while (i0 < changes.size()) {
        const storage::SeriesId series = changes[i0].series;
        const uint32_t window = storage::WindowOfSlot(changes[i0].change.slot);
        size_t i1 = i0 + 1;
        while (i1 < changes.size() && changes[i1].series == series &&
               storage::WindowOfSlot(changes[i1].change.slot) == window) {
          ++i1;
        }
        GL_RETURN_IF_ERROR(ApplyRawChanges(series, window,
                                           std::span<const RawChange>(changes.data() + i0, i1 - i0),
                                           now_us, batch));
        i0 = i1;
      }
      GL_RETURN_IF_ERROR(storage::FromRocks(
          batch->Put(store_->meta_cf(), std::string(storage::kValidatedNextIdKey),
                     EncodeNextId(next_id_)),
          "updating the validated layer"));
    }
  }
  return rollups_ != nullptr ? rollups_->OnGroupEnd(batch) : absl::OkStatus();
}

absl::Status ValidatedLayer::ApplyRawChanges(storage::SeriesId series, uint32_t window,
                                             std::span<const RawChange> changes, int64_t now_us,
                                             rocksdb::WriteBatch* batch) {
  const std::string key = storage::OverlayKey(series, window);
  std::string bytes;
  // The leader is the only writer (exclusive commits hold it off): the latest state is exact.
  rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->meta_cf(), key, &bytes);
  if (s.IsNotFound()) return absl::OkStatus();
  GL_RETURN_IF_ERROR(storage::FromRocks(s, "reading the validated layer"));
  Chunk chunk;
  GL_RETURN_IF_ERROR(storage::DecodeChunk(bytes, &chunk));
  DenseOverlay dense;
  dense.Load(chunk);
  std::vector<SlotChange> deltas;
  storage::BatchErrors errors;
  bool changed = false;
  for (const RawChange& rc : changes) {
    const SlotChange& ch = rc.change;
    const uint16_t off = static_cast<uint16_t>(ch.slot & storage::kWindowMask);
    if (!dense.present[off]) continue;
    const State r0{ch.had, ch.old_value, ch.old_quality};
    const State r1{ch.has, ch.new_value, ch.new_quality};
    const State v0{dense.quality[off] != Quality::kMissing, dense.value[off], dense.quality[off]};
    if (dense.quality[off] == Quality::kEdited) {
      AddDelta(ch.slot, v0, v0, r0, r1, &deltas);  // the edit stands over the new raw value
      continue;
    }
    // The slot is unprocessed again: its validated value is the new raw one.
    AddDelta(ch.slot, v0, r1, r0, r1, &deltas);
    dense.present[off] = 0;
    changed = true;
    storage::ValidatedVersion history;
    history.slot = ch.slot;
    history.at_us = now_us;
    history.cleared = true;
    errors.Keep(batch->Put(store_->meta_cf(),
                           storage::ValidatedHistoryKey(series, ch.slot, next_id_++),
                           storage::EncodeValidatedVersion(history)));
  }
  if (changed) {
    dense.ToChunk(&chunk);
    if (chunk.empty()) {
      errors.Keep(batch->Delete(store_->meta_cf(), key));
    } else {
      std::string encoded;
      storage::EncodeChunk(chunk, storage::ValueEncoding::kBest, &encoded);
      errors.Keep(batch->Put(store_->meta_cf(), key, encoded));
    }
  }
  GL_RETURN_IF_ERROR(errors.Check("updating the validated layer"));
  if (rollups_ != nullptr && !deltas.empty()) {
    rollups_->AddLayerChanges(store_->catalog().GetSeries(series), deltas);
  }
  return absl::OkStatus();
}

void ValidatedLayer::OnGroupAbort() {
  {
    absl::MutexLock l(&mu_);
    raw_changes_.clear();
  }
  if (rollups_ != nullptr) rollups_->OnGroupAbort();
}

void ValidatedLayer::OnExclusiveDone(bool committed) {
  if (rollups_ != nullptr) rollups_->OnExclusiveDone(committed);
}

}  // namespace gridline::engine
