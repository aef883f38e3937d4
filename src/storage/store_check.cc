// store_check.cc: Store::Check, verifying every table file and every record (store_check.h).
#include <algorithm>
#include <memory>

#include "common/channel.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
#include "rocksdb/sst_file_reader.h"
#include "storage/keys.h"
#include "storage/readable_scan.h"
#include "storage/rocks_status.h"
#include "storage/store.h"

namespace gridline::storage {

namespace {

// The first 8 bytes of `key` as a big-endian number, plus one when the key is longer: it then
// lies after the 8-byte key of that number (a scan's "just after the last key read").
uint64_t Prefix64(const std::string& key) {
  std::string k = key.substr(0, 8);
  k.resize(8, '\0');
  return DecodeFixed64BigEndian(k.data()) + (key.size() > 8 ? 1 : 0);
}

// Splits lost chunk keys [begin, end) into one range per series the catalog knows, clipped to
// each series' coverage. `end` empty: to the end.
void ChunkRanges(const Catalog& catalog, const std::string& begin, const std::string& end,
                 const std::string& error, std::vector<DamagedRange>* out) {
  const uint64_t b = Prefix64(begin);
  const uint64_t e = end.empty() ? UINT64_MAX : Prefix64(end);
  const SeriesId first = static_cast<SeriesId>(b >> 32);
  const SeriesId last = static_cast<SeriesId>(
      std::min<uint64_t>((e - 1) >> 32, static_cast<uint64_t>(catalog.series_count())));
  for (SeriesId s = std::max<SeriesId>(first, 1); s <= last && s >= 1; ++s) {
    const SeriesInfo info = catalog.GetSeries(s);
    if (info.min_slot > info.max_slot) continue;
    int64_t from = s == first ? FirstSlotOfWindow(static_cast<uint32_t>(b)) : 0;
    int64_t to = (e - 1) >> 32 == s ? FirstSlotOfWindow(static_cast<uint32_t>(e - 1)) + kWindowSlots
                                    : INT64_MAX;
    from = std::max(from, info.min_slot);
    to = std::min(to, info.max_slot + 1);
    if (from >= to) continue;
    out->push_back(DamagedRange{"chunks", begin, end, s, from, to, error});
  }
}

// Lost version keys (series u32 | slot u64 | sequence u64) as one range per series.
void VersionRanges(const Catalog& catalog, const std::string& begin, const std::string& end,
                   const std::string& error, std::vector<DamagedRange>* out) {
  auto parse = [](const std::string& key, uint32_t* series, int64_t* slot) {
    std::string k = key.substr(0, 12);
    k.resize(12, '\0');
    *series = DecodeFixed32BigEndian(k.data());
    *slot = static_cast<int64_t>(DecodeFixed64BigEndian(k.data() + 4));
  };
  uint32_t s0 = 0, s1 = UINT32_MAX;
  int64_t slot0 = 0, slot1 = INT64_MAX;
  parse(begin, &s0, &slot0);
  if (!end.empty()) {
    parse(end, &s1, &slot1);
    ++slot1;  // the end key's slot may hold lost sequences
  }
  const SeriesId last = std::min<uint64_t>(s1, catalog.series_count());
  for (SeriesId s = std::max<SeriesId>(s0, 1); s <= last && s >= 1; ++s) {
    out->push_back(DamagedRange{"versions", begin, end, s, s == s0 ? slot0 : 0,
                                s == s1 ? slot1 : INT64_MAX, error});
  }
}

std::string Printable(const std::string& key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

std::string FileName(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

absl::StatusOr<CheckReport> Store::Check() const {
  CheckReport report;
  std::vector<rocksdb::LiveFileMetaData> files;
  db_->GetLiveFilesMetaData(&files);
  std::vector<std::string> damaged_cfs;
  for (const rocksdb::LiveFileMetaData& f : files) {
    rocksdb::Options options(rocksdb::DBOptions(), OptionsOf(f.column_family_name));
    rocksdb::SstFileReader reader(options);
    rocksdb::Status s = reader.Open(f.db_path + "/" + FileName(f.name));
    if (s.ok()) s = reader.VerifyChecksum();
    ++report.files;
    if (s.ok()) continue;
    report.damaged_files.push_back(
        DamagedFile{FileName(f.name), f.column_family_name, s.ToString()});
    damaged_cfs.push_back(f.column_family_name);
  }
  for (rocksdb::ColumnFamilyHandle* cf : AllHandles()) {
    const std::string name = cf->GetName();
    const bool is_chunks = cf == chunks_cf_;
    // Chunks are always read (each carries its own checksum); other families when a file of
    // theirs is damaged, to find what of them is lost.
    if (!is_chunks &&
        std::find(damaged_cfs.begin(), damaged_cfs.end(), name) == damaged_cfs.end()) {
      continue;
    }
    ScanCallbacks callbacks;
    Chunk chunk;
    callbacks.record = [&](std::string_view key, std::string_view value) {
      ++report.records;
      if (!is_chunks) return;
      ++report.chunks;
      uint32_t series = 0, window = 0;
      if (!ParseChunkKey(key, &series, &window)) return;
      if (absl::Status st = DecodeChunk(value, &chunk); !st.ok()) {
        const std::string k(key);
        DamagedRange r{name,
                       k,
                       ChunkKey(series, window + 1),
                       series,
                       FirstSlotOfWindow(window),
                       FirstSlotOfWindow(window) + kWindowSlots,
                       std::string(StdView(st.message()))};
        report.damaged_ranges.push_back(std::move(r));
      }
    };
    callbacks.lost = [&](const std::string& begin, const std::string& end,
                         const std::string& error) {
      if (is_chunks) {
        ChunkRanges(catalog_, begin, end, error, &report.damaged_ranges);
      } else if (cf == versions_cf_) {
        VersionRanges(catalog_, begin, end, error, &report.damaged_ranges);
      } else {
        report.damaged_ranges.push_back(DamagedRange{name, begin, end, 0, 0, 0, error});
      }
    };
    GL_RETURN_IF_ERROR(ScanReadable(db_.get(), cf, callbacks));
  }
  // A repair's roll-ups still to recompute (read through the database; a damaged meta family is
  // listed above).
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, meta_cf_));
  const rocksdb::Slice prefix(kRollupRecomputePrefix.data(), kRollupRecomputePrefix.size());
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ++report.rollups_to_recompute;
  }
  return report;
}

std::vector<std::string> Store::DescribeDamage(const CheckReport& report) const {
  std::vector<std::string> lines;
  if (report.rollups_to_recompute > 0) {
    lines.push_back(
        fmt::format("{} repair record(s) whose roll-ups are not recomputed yet: the roll-ups above "
                    "the readings "
                    "set aside still count them (run gridline repair)",
                    report.rollups_to_recompute));
  }
  for (const DamagedFile& f : report.damaged_files) {
    lines.push_back(fmt::format("damaged file {} ({}): {}", f.file, f.column_family, f.error));
  }
  for (const DamagedRange& r : report.damaged_ranges) {
    if (r.series == 0 || r.series > catalog_.series_count()) {
      lines.push_back(fmt::format("unreadable {} keys [{}, {}): {}", r.column_family,
                                  Printable(r.begin_key),
                                  r.end_key.empty() ? "end" : Printable(r.end_key), r.error));
      continue;
    }
    const SeriesInfo info = catalog_.GetSeries(r.series);
    const int64_t interval = std::max<int32_t>(info.interval_s, 1);
    const std::string from = FormatIsoUtc(r.from_slot * interval);
    const std::string to =
        r.to_slot == INT64_MAX ? std::string("end") : FormatIsoUtc(r.to_slot * interval);
    lines.push_back(fmt::format("unreadable {}: meter {} channel {} [{}, {}): {}", r.column_family,
                                catalog_.AssetExternalId(info.asset),
                                GetChannelSpec(info.channel).name, from, to, r.error));
  }
  return lines;
}

}  // namespace gridline::storage
