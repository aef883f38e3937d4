#include "storage/chunk.h"

#include <algorithm>
#include <array>
#include <bitset>

#include "common/varint.h"
#include "fmt/format.h"
#include "storage/codec/codec.h"
#include "xxhash.h"

namespace gridline::storage {

namespace {

constexpr uint8_t kFormatVersion = 1;

uint32_t Checksum(const char* data, size_t n) {
  return static_cast<uint32_t>(XXH3_64bits(data, n));
}

absl::Status Corrupt(const char* what) {
  return absl::DataLossError(fmt::format("corrupt chunk: {}", what));
}

// Runs of equal values in `v`: calls emit(value, length) for each.
template <typename T, typename Emit>
void ForEachRun(const std::vector<T>& v, Emit emit) {
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i + 1;
    while (j < v.size() && v[j] == v[i]) ++j;
    emit(v[i], j - i);
    i = j;
  }
}

template <typename T>
size_t CountRuns(const std::vector<T>& v) {
  size_t n = 0;
  ForEachRun(v, [&](const T&, size_t) { ++n; });
  return n;
}

}  // namespace

uint32_t ChunkChecksum(std::string_view body) { return Checksum(body.data(), body.size()); }

void EncodeChunk(const Chunk& chunk, ValueEncoding encoding, std::string* out) {
  const size_t start = out->size();
  const size_t n = chunk.size();
  out->reserve(start + 32 + n * 2);
  out->push_back(static_cast<char>(kFormatVersion));
  PutVarint64(out, n);
  PutVarint64(out, chunk.offsets[0]);

  // Presence: the gaps between present runs. Counted first (the count precedes them).
  const uint16_t* o = chunk.offsets.data();
  size_t gap_count = 0;
  for (size_t i = 1; i < n; ++i) gap_count += (o[i] - o[i - 1]) != 1;
  PutVarint64(out, gap_count);
  if (gap_count > 0) {
    size_t run = 1;
    for (size_t i = 1; i < n; ++i) {
      const size_t step = o[i] - o[i - 1];
      if (step == 1) {
        ++run;
        continue;
      }
      PutVarint64(out, run);
      PutVarint64(out, step - 1);
      run = 1;
    }
  }

  // Quality runs, the last length implied. Usually one run.
  const Quality* q = chunk.qualities.data();
  if (std::all_of(q + 1, q + n, [&](Quality x) { return x == q[0]; })) {
    PutVarint64(out, 1);
    out->push_back(static_cast<char>(q[0]));
  } else {
    const size_t quality_runs = CountRuns(chunk.qualities);
    PutVarint64(out, quality_runs);
    size_t emitted = 0;
    ForEachRun(chunk.qualities, [&](Quality x, size_t len) {
      out->push_back(static_cast<char>(x));
      if (++emitted < quality_runs) PutVarint64(out, len);
    });
  }

  // Arrival batches: a small table, then runs of table indexes when there is more than one.
  const uint32_t* b = chunk.batches.data();
  if (std::all_of(b + 1, b + n, [&](uint32_t x) { return x == b[0]; })) {
    PutVarint64(out, 1);
    PutVarint64(out, ZigZagEncode(static_cast<int64_t>(b[0])));
  } else {
    std::vector<uint32_t> table(chunk.batches.begin(), chunk.batches.end());
    std::sort(table.begin(), table.end());
    table.erase(std::unique(table.begin(), table.end()), table.end());
    PutVarint64(out, table.size());
    uint32_t prev = 0;
    for (uint32_t id : table) {
      PutVarint64(out, ZigZagEncode(static_cast<int64_t>(id) - static_cast<int64_t>(prev)));
      prev = id;
    }
    const size_t batch_runs = CountRuns(chunk.batches);
    PutVarint64(out, batch_runs);
    size_t emitted = 0;
    ForEachRun(chunk.batches, [&](uint32_t id, size_t len) {
      PutVarint64(out, std::lower_bound(table.begin(), table.end(), id) - table.begin());
      if (++emitted < batch_runs) PutVarint64(out, len);
    });
  }

  if (encoding == ValueEncoding::kBest) {
    EncodeValues(chunk.values, out);
  } else {
    EncodeValuesWith(CodecId::kDeltaBitpack, chunk.values, out);
  }
  PutFixed32(out, Checksum(out->data() + start, out->size() - start));
}

namespace {

// Parses everything before the values. Fills offsets/qualities/batches of `out` when non-null
// (only offsets with `offsets_only`). On success *p points at the codec byte and *count holds
// the number of values.
absl::Status ParseHeader(const char** p, const char* limit, uint32_t* count, Chunk* out,
                         bool offsets_only = false) {
  if (*p >= limit || static_cast<uint8_t>(**p) != kFormatVersion) return Corrupt("unknown version");
  ++*p;
  uint64_t n, first, gaps;
  if (!GetVarint64(p, limit, &n) || n == 0 || n > kWindowSlots) return Corrupt("bad count");
  if (!GetVarint64(p, limit, &first) || first >= kWindowSlots) return Corrupt("bad first offset");
  if (!GetVarint64(p, limit, &gaps) || gaps >= n) return Corrupt("bad gap count");
  *count = static_cast<uint32_t>(n);
  if (out != nullptr) {
    out->offsets.resize(n);
    if (!offsets_only) {
      out->qualities.resize(n);
      out->batches.resize(n);
    }
  }
  uint64_t offset = first;
  size_t filled = 0;
  // Lengths come from disk: compare without sums that could wrap (offset <= kWindowSlots and
  // filled <= n hold throughout).
  auto fill = [&](uint64_t len) -> bool {
    if (len == 0 || len > n - filled || len > kWindowSlots - offset) return false;
    if (out != nullptr) {
      for (uint64_t i = 0; i < len; ++i) out->offsets[filled + i] = static_cast<uint16_t>(offset + i);
    }
    filled += len;
    offset += len;
    return true;
  };
  for (uint64_t g = 0; g < gaps; ++g) {
    uint64_t present, gap;
    if (!GetVarint64(p, limit, &present) || !GetVarint64(p, limit, &gap) || gap == 0) {
      return Corrupt("bad presence runs");
    }
    if (!fill(present)) return Corrupt("presence runs overflow the window");
    if (gap >= kWindowSlots - offset) return Corrupt("presence gap overflows the window");
    offset += gap;
  }
  if (!fill(n - filled)) return Corrupt("presence runs overflow the window");
  if (offsets_only) return absl::OkStatus();

  uint64_t quality_runs;
  if (!GetVarint64(p, limit, &quality_runs) || quality_runs == 0 || quality_runs > n) {
    return Corrupt("bad quality run count");
  }
  filled = 0;
  for (uint64_t r = 0; r < quality_runs; ++r) {
    if (*p >= limit) return Corrupt("truncated quality runs");
    const uint8_t q = static_cast<uint8_t>(**p);
    ++*p;
    if (q >= kQualityCount) return Corrupt("unknown quality code");
    uint64_t len = n - filled;
    if (r + 1 < quality_runs) {
      if (!GetVarint64(p, limit, &len) || len == 0 || len >= n - filled) {
        return Corrupt("bad quality run");
      }
    }
    if (out != nullptr) {
      std::fill(out->qualities.begin() + filled, out->qualities.begin() + filled + len,
                static_cast<Quality>(q));
    }
    filled += len;
  }

  uint64_t table_size;
  if (!GetVarint64(p, limit, &table_size) || table_size == 0 || table_size > n) {
    return Corrupt("bad batch table");
  }
  std::array<uint32_t, 64> small_table;
  std::vector<uint32_t> big_table;
  uint32_t* table = small_table.data();
  if (table_size > small_table.size()) {
    big_table.resize(table_size);
    table = big_table.data();
  }
  int64_t prev = 0;
  for (uint64_t i = 0; i < table_size; ++i) {
    uint64_t z;
    if (!GetVarint64(p, limit, &z)) return Corrupt("truncated batch table");
    // prev stays in [0, UINT32_MAX]: check the delta before adding it, so nothing can wrap.
    const int64_t delta = ZigZagDecode(z);
    if (delta < -prev || delta > int64_t{UINT32_MAX} - prev) {
      return Corrupt("batch id out of range");
    }
    prev += delta;
    table[i] = static_cast<uint32_t>(prev);
  }
  if (table_size == 1) {
    if (out != nullptr) std::fill(out->batches.begin(), out->batches.end(), table[0]);
  } else {
    uint64_t runs;
    if (!GetVarint64(p, limit, &runs) || runs == 0 || runs > n) return Corrupt("bad batch runs");
    filled = 0;
    for (uint64_t r = 0; r < runs; ++r) {
      uint64_t index, len = n - filled;
      if (!GetVarint64(p, limit, &index) || index >= table_size) return Corrupt("bad batch index");
      if (r + 1 < runs) {
        if (!GetVarint64(p, limit, &len) || len == 0 || len >= n - filled) {
          return Corrupt("bad batch run");
        }
      }
      if (out != nullptr) {
        std::fill(out->batches.begin() + filled, out->batches.begin() + filled + len, table[index]);
      }
      filled += len;
    }
  }
  return absl::OkStatus();
}

absl::Status VerifyChecksum(std::string_view bytes) {
  if (bytes.size() < 5) return Corrupt("too short");
  const uint32_t stored = DecodeFixed32(bytes.data() + bytes.size() - 4);
  if (stored != Checksum(bytes.data(), bytes.size() - 4)) return Corrupt("checksum mismatch");
  return absl::OkStatus();
}

}  // namespace

absl::Status DecodeChunk(std::string_view bytes, Chunk* out) {
  if (absl::Status s = VerifyChecksum(bytes); !s.ok()) return s;
  const char* p = bytes.data();
  const char* limit = bytes.data() + bytes.size() - 4;
  uint32_t count;
  if (absl::Status s = ParseHeader(&p, limit, &count, out); !s.ok()) return s;
  out->values.resize(count);
  if (absl::Status s = DecodeValues(&p, limit, count, out->values.data()); !s.ok()) return s;
  if (p != limit) return Corrupt("trailing bytes after values");
  return absl::OkStatus();
}

absl::Status DecodeChunkOffsets(std::string_view bytes, std::vector<uint16_t>* offsets) {
  if (absl::Status s = VerifyChecksum(bytes); !s.ok()) return s;
  const char* p = bytes.data();
  const char* limit = bytes.data() + bytes.size() - 4;
  uint32_t count;
  Chunk chunk;
  chunk.offsets.swap(*offsets);
  absl::Status s = ParseHeader(&p, limit, &count, &chunk, /*offsets_only=*/true);
  chunk.offsets.swap(*offsets);
  return s;
}

absl::Status SumChunk(std::string_view bytes, uint32_t* count, int64_t* sum) {
  if (absl::Status s = VerifyChecksum(bytes); !s.ok()) return s;
  const char* p = bytes.data();
  const char* limit = bytes.data() + bytes.size() - 4;
  if (absl::Status s = ParseHeader(&p, limit, count, nullptr); !s.ok()) return s;
  return SumValues(&p, limit, *count, sum);
}

void MergeChunks(std::span<const Chunk* const> layers, Chunk* out) {
  out->clear();
  if (layers.size() == 1) {
    *out = *layers[0];
    return;
  }
  // Dense by offset: the newest layer holding an offset wins. A window is only 4096 slots, so
  // this is one pass over each layer plus one over the window.
  struct Slot {
    int64_t value;
    uint32_t batch;
    Quality quality;
  };
  std::array<Slot, kWindowSlots> dense;
  std::bitset<kWindowSlots> present;
  for (const Chunk* layer : layers) {
    for (size_t i = 0; i < layer->size(); ++i) {
      const uint16_t o = layer->offsets[i];
      dense[o] = Slot{layer->values[i], layer->batches[i], layer->qualities[i]};
      present.set(o);
    }
  }
  out->reserve(present.count());
  for (size_t o = present._Find_first(); o < kWindowSlots; o = present._Find_next(o)) {
    out->Append(static_cast<uint16_t>(o), dense[o].value, dense[o].quality, dense[o].batch);
  }
}

}  // namespace gridline::storage
