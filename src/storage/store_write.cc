// store_write.cc: the store's write path. Writers queue; the writer at the head of the queue (the
// leader) folds the queued requests into one RocksDB WriteBatch, syncs it once and wakes the
// others, as LevelDB's DBImpl::Write does. The leader is the only thread that turns readings into
// chunk operands, so reading a chunk before writing it (to tell duplicates and new versions from
// new values) cannot race with another writer.
#include <algorithm>
#include <bitset>
#include <chrono>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/audit.h"
#include "storage/batch_errors.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/store.h"
#include "storage/stored_window.h"
#include "storage/write_listener.h"

namespace gridline::storage {

namespace {

// On a failed group or deletion, tells the write listener to forget what it gathered for a
// batch that is never written.
struct AbortListener {
  WriteListener* listener;
  bool armed = true;
  ~AbortListener() {
    if (armed && listener != nullptr) listener->OnGroupAbort();
  }
};

// A group commit stops growing at this many readings, bounding the leader's memory and the
// latency of the writers that wait for it.
constexpr size_t kMaxGroupReadings = size_t{4} << 20;

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string EncodeVersionValue(int64_t value, Quality quality, BatchId batch) {
  std::string v;
  PutVarint64(&v, ZigZagEncode(value));
  v.push_back(static_cast<char>(quality));
  PutVarint64(&v, batch);
  return v;
}

// The readings of a write group, flattened: one request's readings are used in place; several
// requests' are concatenated, with the request each came from.
struct GroupReadings {
  const Reading* readings = nullptr;
  const uint32_t* request_of = nullptr;   // null when the group has one request
  const size_t* request_first = nullptr;  // where each request's readings start (with request_of)
  size_t size = 0;
  uint32_t request(uint32_t i) const { return request_of == nullptr ? 0 : request_of[i]; }
  // The index of reading i in its own request.
  uint32_t index_in_request(uint32_t i) const {
    return request_of == nullptr ? i : static_cast<uint32_t>(i - request_first[request_of[i]]);
  }
};

GroupReadings Flatten(const std::vector<WriteRequest*>& requests, std::vector<Reading>* flat,
                      std::vector<uint32_t>* request_of, std::vector<size_t>* request_first) {
  if (requests.size() == 1) {
    return GroupReadings{requests[0]->readings.data(), nullptr, nullptr,
                         requests[0]->readings.size()};
  }
  flat->clear();
  request_of->clear();
  request_first->clear();
  for (uint32_t r = 0; r < requests.size(); ++r) {
    request_first->push_back(flat->size());
    flat->insert(flat->end(), requests[r]->readings.begin(), requests[r]->readings.end());
    request_of->insert(request_of->end(), requests[r]->readings.size(), r);
  }
  return GroupReadings{flat->data(), request_of->data(), request_first->data(), flat->size()};
}

// Sorts order[0, n) by slot, keeping arrival order among equal slots. A series' readings usually
// arrive nearly in order (its days one after another, a duplicate or a late row a few dozen
// places off), so an insertion sort moves little; past a budget of moves a merge sort finishes.
void SortBySlotStable(const Reading* r, uint32_t* order, size_t n) {
  size_t moves = 0;
  const size_t budget = 8 * n + 64;
  for (size_t i = 1; i < n; ++i) {
    if (r[order[i]].slot >= r[order[i - 1]].slot) continue;
    const uint32_t x = order[i];
    const int64_t slot = r[x].slot;
    size_t j = i;
    while (j > 0 && r[order[j - 1]].slot > slot) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = x;
    moves += i - j;
    if (moves > budget) {
      // Insertion sort kept equal slots in arrival order, so a stable sort of the rest does too.
      std::stable_sort(order, order + n,
                       [r](uint32_t a, uint32_t b) { return r[a].slot < r[b].slot; });
      return;
    }
  }
}

// Fills *keys with (series << 32 | index) for g's readings, grouped by series and, within a
// series, in arrival order: a stable LSD radix sort on the series bits, 8 bits a pass (256
// buckets keep the scatter in cache), streaming through one compact array instead of chasing
// readings; passes whose digit is the same for every reading are skipped (tens of thousands of
// series need two).
void GroupBySeries(const GroupReadings& g, std::vector<uint64_t>* keys,
                   std::vector<uint64_t>* scratch) {
  keys->resize(g.size);
  uint32_t all_or = 0, all_and = ~0u;
  for (size_t i = 0; i < g.size; ++i) {
    const uint32_t s = g.readings[i].series;
    (*keys)[i] = (uint64_t{s} << 32) | i;
    all_or |= s;
    all_and &= s;
  }
  scratch->resize(g.size);
  constexpr int kBits = 8;
  constexpr uint32_t kMask = (1u << kBits) - 1;
  std::vector<uint32_t> count(kMask + 2);
  for (int shift = 0; shift < 32; shift += kBits) {
    if (((all_or ^ all_and) >> shift & kMask) == 0) continue;  // digit constant: nothing to do
    const int key_shift = 32 + shift;
    std::fill(count.begin(), count.end(), 0);
    for (uint64_t k : *keys) ++count[((k >> key_shift) & kMask) + 1];
    for (uint32_t d = 0; d <= kMask; ++d) count[d + 1] += count[d];
    for (uint64_t k : *keys) (*scratch)[count[(k >> key_shift) & kMask]++] = k;
    keys->swap(*scratch);
  }
}

// Whether a reading of idx[i0, i1) lands on a slot `present` marks.
bool AnyPresent(const GroupReadings& g, const uint32_t* idx, size_t i0, size_t i1,
                const std::bitset<kWindowSlots>& present) {
  for (size_t i = i0; i < i1; ++i) {
    if (present.test(static_cast<size_t>(g.readings[idx[i]].slot & kWindowMask))) return true;
  }
  return false;
}

// Sets the readings idx[i0, i1) of window `window` of `series` aside in their requests: the
// window's stored chunk cannot be read (write_request.h, DamagedWindowReadings).
void RefuseDamagedWindow(const std::vector<WriteRequest*>& requests, const GroupReadings& g,
                         const uint32_t* idx, size_t i0, size_t i1, SeriesId series,
                         uint32_t window, const absl::Status& error) {
  for (size_t i = i0; i < i1; ++i) {
    WriteRequest* req = requests[g.request(idx[i])];
    if (req->damaged.empty() || req->damaged.back().series != series ||
        req->damaged.back().window != window) {
      req->damaged.push_back(
          DamagedWindowReadings{series, window, {}, std::string(StdView(error.message()))});
    }
    req->damaged.back().readings.push_back(g.index_in_request(idx[i]));
    ++req->counts.damaged;
  }
}

}  // namespace

struct Store::Writer {
  explicit Writer(WriteRequest* r) : request(r) {}
  WriteRequest* request;
  absl::Status status;
  bool done = false;
  absl::CondVar cv;
};

absl::Status Store::Write(WriteRequest* request) {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  request->counts = WriteCounts();
  request->damaged.clear();
  if (request->batch == 0) request->batch = NewBatch("write");
  Writer w(request);
  absl::MutexLock l(&write_mu_);
  writers_.push_back(&w);
  while (!w.done && &w != writers_.front()) w.cv.Wait(&write_mu_);
  if (w.done) return w.status;

  // This writer leads: take a group from the head of the queue. The group's requests are
  // copied while the lock is held: once it is released other writers push_back, and a deque
  // insertion invalidates every iterator into it.
  std::vector<WriteRequest*> group;
  size_t readings = 0;
  for (auto it = writers_.begin();
       it != writers_.end() && (group.empty() || readings < kMaxGroupReadings); ++it) {
    readings += (*it)->request->readings.size();
    group.push_back((*it)->request);
  }
  const size_t group_size = group.size();
  write_mu_.Unlock();
  const absl::Status status = ApplyGroup(group);
  write_mu_.Lock();
  for (size_t i = 0; i < group_size; ++i) {
    Writer* x = writers_.front();
    writers_.pop_front();
    x->status = status;
    x->done = true;
    if (x != &w) x->cv.Signal();
  }
  if (!writers_.empty()) writers_.front()->cv.Signal();
  return status;
}

absl::Status Store::ApplyGroup(const std::vector<WriteRequest*>& requests) {
  // Only the leader runs here, without write_mu_: the requests belong to writers that wait for
  // it to finish.

  rocksdb::WriteBatch batch;
  BatchErrors batch_errors;
  const size_t pending = catalog_.TakePending(&batch, catalog_cf_, &batch_errors);
  const int64_t now_us = NowMicros();

  // Group the readings by series, keeping arrival order within a series (a stable sort on the
  // series id alone: O(n), see GroupBySeries); then each series' readings by slot. The buffers
  // are kept per leader thread: a group of a million readings would otherwise fault in fresh
  // pages every time.
  thread_local std::vector<Reading> flat;
  thread_local std::vector<uint32_t> request_of, order;
  thread_local std::vector<size_t> request_first;
  thread_local std::vector<uint64_t> keys, scratch;
  const GroupReadings g = Flatten(requests, &flat, &request_of, &request_first);
  GroupBySeries(g, &keys, &scratch);
  order.resize(g.size);
  for (size_t i = 0; i < g.size; ++i) order[i] = static_cast<uint32_t>(keys[i]);

  StoredWindow stored;
  Chunk operand;
  std::string encoded;
  thread_local std::vector<SlotChange> changes;
  AbortListener abort_listener{listener_};

  size_t g0 = 0;
  while (g0 < order.size()) {
    const SeriesId series = static_cast<SeriesId>(keys[g0] >> 32);
    size_t g1 = g0 + 1;
    while (g1 < order.size() && (keys[g1] >> 32) == series) ++g1;
    // Equal slots keep arrival order: the later reading is the newer version.
    uint32_t* idx = order.data() + g0;
    const size_t count = g1 - g0;
    SortBySlotStable(g.readings, idx, count);
    g0 = g1;

    const SeriesInfo info = catalog_.GetSeries(series);
    const bool report = listener_ != nullptr && listener_->Wants(series, info);
    size_t i0 = 0;
    while (i0 < count) {
      const uint32_t window = WindowOfSlot(g.readings[idx[i0]].slot);
      size_t i1 = i0 + 1;
      while (i1 < count && WindowOfSlot(g.readings[idx[i1]].slot) == window) ++i1;

      // Which slots hold values already. Only a window whose slots overlap the series' coverage
      // can; its presence is read once and then kept (presence_) while later groups add to it.
      const uint64_t window_key = (uint64_t{series} << 32) | window;
      const std::string key = ChunkKey(series, window);
      stored.Reset();
      bool stored_loaded = false;
      std::bitset<kWindowSlots>* present = nullptr;
      absl::Status window_status;  // not OK: the window's stored chunk cannot be read
      if (g.readings[idx[i1 - 1]].slot >= info.min_slot &&
          g.readings[idx[i0]].slot <= info.max_slot) {
        auto it = presence_.find(window_key);
        if (it != presence_.end()) {
          present = it->second.get();
        } else {
          window_status = stored.Load(db_.get(), chunks_cf_, key);
          if (window_status.ok()) {
            stored_loaded = true;
            if (presence_.size() >= kMaxPresenceEntries) presence_.clear();
            present = presence_
                          .emplace(window_key,
                                   std::make_unique<std::bitset<kWindowSlots>>(stored.presence()))
                          .first->second.get();
          }
        }
      }
      // The stored values the readings land on are decoded before any is compared, so a window
      // that cannot be read is refused whole, before anything of it is in the batch.
      if (window_status.ok() && present != nullptr && AnyPresent(g, idx, i0, i1, *present)) {
        if (!stored_loaded) window_status = stored.Load(db_.get(), chunks_cf_, key);
        if (window_status.ok()) window_status = stored.DecodeValues();
      }
      if (!window_status.ok()) {
        if (window_status.code() != absl::StatusCode::kDataLoss) {
          presence_.clear();
          return absl::Status(window_status.code(),
                              fmt::format("series {} window {}: {}", series, window,
                                          StdView(window_status.message())));
        }
        // Damage: these readings are refused; the rest of the group is written.
        RefuseDamagedWindow(requests, g, idx, i0, i1, series, window, window_status);
        i0 = i1;
        continue;
      }

      operand.clear();
      operand.reserve(i1 - i0);
      // One entry per operand entry at most: sized once, filled by index (no growth checks).
      size_t change_count = 0;
      if (report && changes.size() < i1 - i0) changes.resize(i1 - i0);
      for (size_t i = i0; i < i1; ++i) {
        const Reading& it = g.readings[idx[i]];
        const uint16_t offset = static_cast<uint16_t>(it.slot & kWindowMask);
        WriteRequest* req = requests[g.request(idx[i])];
        const BatchId new_batch = req->batch;
        // The slot's current latest value: from this group's operand, else from the store.
        bool has_current = false;
        int64_t cur_value = 0;
        Quality cur_quality = Quality::kActual;
        BatchId cur_batch = 0;
        const bool in_operand = !operand.empty() && operand.offsets.back() == offset;
        if (in_operand) {
          has_current = true;
          cur_value = operand.values.back();
          cur_quality = operand.qualities.back();
          cur_batch = operand.batches.back();
        } else if (present != nullptr && present->test(offset) && stored.Has(offset)) {
          stored.Lookup(offset, &cur_value, &cur_quality, &cur_batch);
          has_current = true;
        }
        if (!has_current) {
          operand.Append(offset, it.value, it.quality, new_batch);
          if (report) {
            changes[change_count++] =
                SlotChange{it.slot, false, true, Quality::kActual, it.quality, 0, it.value};
          }
          ++req->counts.added;
          continue;
        }
        if (cur_value == it.value) {
          ++req->counts.duplicates;
          continue;
        }
        const uint64_t seq = next_sequence_.fetch_add(1);
        batch_errors.Keep(batch.Put(versions_cf_, VersionKey(series, it.slot, seq),
                                    EncodeVersionValue(cur_value, cur_quality, cur_batch)));
        AuditRecord audit;
        audit.kind = AuditKind::kNewVersion;
        audit.at_us = now_us;
        audit.series = series;
        audit.slot = it.slot;
        audit.old_value = cur_value;
        audit.new_value = it.value;
        audit.old_batch = cur_batch;
        audit.new_batch = new_batch;
        batch_errors.Keep(batch.Put(audit_cf_, SequenceKey(seq), EncodeAuditRecord(audit)));
        if (in_operand) {
          operand.values.back() = it.value;
          operand.qualities.back() = it.quality;
          operand.batches.back() = new_batch;
          if (report) {
            changes[change_count - 1].new_value = it.value;
            changes[change_count - 1].new_quality = it.quality;
          }
        } else {
          operand.Append(offset, it.value, it.quality, new_batch);
          if (report) {
            changes[change_count++] =
                SlotChange{it.slot, true, true, cur_quality, it.quality, cur_value, it.value};
          }
        }
        ++req->counts.versions;
      }
      if (report && change_count > 0) {
        listener_->OnChanges(series, info,
                             std::span<const SlotChange>(changes.data(), change_count));
      }
      if (!operand.empty()) {
        encoded.clear();
        EncodeChunk(operand, ValueEncoding::kFast, &encoded);
        batch_errors.Keep(batch.Merge(chunks_cf_, key, encoded));
        dirty_windows_.insert(window_key);
        // Keep a window's kept presence exact, also when this write did not need to consult it.
        if (present == nullptr) {
          auto it = presence_.find(window_key);
          if (it != presence_.end()) present = it->second.get();
        }
        if (present != nullptr) {
          for (uint16_t o : operand.offsets) present->set(o);
        }
      }
      i0 = i1;
    }
    const auto [series_key, series_value] =
        catalog_.ExtendCoverage(series, g.readings[idx[0]].slot, g.readings[idx[count - 1]].slot);
    batch_errors.Keep(batch.Put(catalog_cf_, series_key, series_value));
  }

  if (listener_ != nullptr) GL_RETURN_IF_ERROR(listener_->OnGroupEnd(&batch));
  // The last moment a refusal costs nothing: RocksDB has not seen the batch.
  absl::Status st = batch_errors.Check("building the batch of readings");
  if (st.ok()) st = CheckDiskSpace(batch.GetDataSize(), "writing readings");
  if (!st.ok()) {
    presence_.clear();
    return st;
  }
  abort_listener.armed = false;
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  if (rocksdb::Status s = db_->Write(write_options, &batch); !s.ok()) {
    // The presence kept for windows now includes slots that were not written.
    presence_.clear();
    return FromRocks(s, "writing readings");
  }
  catalog_.CommitPending(pending);
  return absl::OkStatus();
}

absl::Status Store::CheckWindowReadable(SeriesId series, uint32_t window) const {
  const SeriesInfo info = catalog_.GetSeries(series);
  if (FirstSlotOfWindow(window + 1) <= info.min_slot || FirstSlotOfWindow(window) > info.max_slot) {
    return absl::OkStatus();
  }
  StoredWindow stored;
  GL_RETURN_IF_ERROR(stored.Load(db_.get(), chunks_cf_, ChunkKey(series, window)));
  return stored.DecodeValues();
}

absl::StatusOr<uint64_t> Store::DeleteRange(SeriesId series, int64_t from_slot, int64_t to_slot) {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  if (from_slot >= to_slot) return uint64_t{0};
  // Deletion waits until no write group is in flight and holds the queue's lock while it runs,
  // so it cannot interleave with a group's read-before-write.
  absl::MutexLock l(&write_mu_);
  AwaitNoWriters();
  rocksdb::WriteBatch batch;
  BatchErrors batch_errors;
  const size_t pending = catalog_.TakePending(&batch, catalog_cf_, &batch_errors);
  uint64_t deleted = 0;
  const SeriesInfo info = catalog_.GetSeries(series);
  const bool report = listener_ != nullptr && listener_->Wants(series, info);
  std::vector<SlotChange> changes;
  AbortListener abort_listener{listener_};
  Chunk chunk, kept;
  std::string value, encoded;
  for (uint32_t window = WindowOfSlot(from_slot); window <= WindowOfSlot(to_slot - 1); ++window) {
    const std::string key = ChunkKey(series, window);
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), chunks_cf_, key, &value);
    if (s.IsNotFound()) continue;
    GL_RETURN_IF_ERROR(FromRocks(s, "reading a chunk to delete from"));
    GL_RETURN_IF_ERROR(DecodeChunk(value, &chunk));
    kept.clear();
    changes.clear();
    const int64_t base = FirstSlotOfWindow(window);
    for (size_t i = 0; i < chunk.size(); ++i) {
      const int64_t slot = base + chunk.offsets[i];
      if (slot >= from_slot && slot < to_slot) {
        if (report) {
          changes.push_back(SlotChange{slot, true, false, chunk.qualities[i], Quality::kActual,
                                       chunk.values[i], 0});
        }
        batch_errors.Keep(
            batch.Put(versions_cf_, VersionKey(series, slot, next_sequence_.fetch_add(1)),
                      EncodeVersionValue(chunk.values[i], chunk.qualities[i], chunk.batches[i])));
        ++deleted;
      } else {
        kept.Append(chunk.offsets[i], chunk.values[i], chunk.qualities[i], chunk.batches[i]);
      }
    }
    if (kept.size() == chunk.size()) continue;
    if (report) listener_->OnChanges(series, info, changes);
    if (kept.empty()) {
      batch_errors.Keep(batch.Delete(chunks_cf_, key));
    } else {
      encoded.clear();
      EncodeChunk(kept, ValueEncoding::kBest, &encoded);
      batch_errors.Keep(batch.Put(chunks_cf_, key, encoded));
    }
  }
  presence_.clear();
  AuditRecord audit;
  audit.kind = AuditKind::kDeleteRange;
  audit.at_us = NowMicros();
  audit.series = series;
  audit.slot = from_slot;
  audit.slot_end = to_slot;
  audit.count = deleted;
  const uint64_t audit_seq = next_sequence_.fetch_add(1);
  batch_errors.Keep(batch.Put(audit_cf_, SequenceKey(audit_seq), EncodeAuditRecord(audit)));
  if (report) GL_RETURN_IF_ERROR(listener_->OnGroupEnd(&batch));
  GL_RETURN_IF_ERROR(batch_errors.Check("building the batch of a deletion"));
  GL_RETURN_IF_ERROR(CheckDiskSpace(batch.GetDataSize(), "deleting readings"));
  abort_listener.armed = false;
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  GL_RETURN_IF_ERROR(FromRocks(db_->Write(write_options, &batch), "deleting readings"));
  catalog_.CommitPending(pending);
  return deleted;
}

}  // namespace gridline::storage
