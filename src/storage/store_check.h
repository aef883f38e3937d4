// store_check.h: what `gridline check` finds and `gridline repair` sets aside.
//
// A check reads every table file of the store with its block checksums verified (RocksDB's
// SstFileReader), then scans every column family through the database: each chunk is decoded,
// which verifies its own checksum (docs/chunk_format.md), and where a read fails on a damaged
// block the scan finds the next key it can read again (a binary search over the key space), so
// one damaged block costs the keys it held, not the rest of the store. What could not be read is
// listed as ranges: for chunks and versions a series and a slot range, else a range of raw keys.
//
// Repair (Store::Repair) flushes the memtables, hard-links every damaged table file and every
// table holding keys of a lost range into DIR/quarantine/STAMP/ (with README.txt, the check's
// listing, and bad-records.sst for chunks whose own checksum failed), then rebuilds each damaged
// column family from what the scan could read: dropped, created again and given the salvaged
// records as ingested tables. Nothing is dropped that is not kept in the quarantine folder.
// Before it rebuilds anything it records which readings it sets aside, so the roll-ups above them
// are recomputed from what remains (rollup_recompute_record.h, rollup/rollup_recompute.h).
#ifndef GRIDLINE_STORAGE_STORE_CHECK_H_
#define GRIDLINE_STORAGE_STORE_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "storage/catalog.h"
#include "storage/rollup_recompute_record.h"

namespace gridline::storage {

// A table file whose block checksums do not verify.
struct DamagedFile {
  std::string file;           // its name in the data directory, e.g. "000123.sst"
  std::string column_family;  // chunks, versions, ...
  std::string error;
};

// Keys that could not be read, [begin_key, end_key) in key order. For the chunks and versions
// column families, also the series and its slots [from_slot, to_slot) (clipped to the series'
// coverage); series 0 when the range is of other keys.
struct DamagedRange {
  std::string column_family;
  std::string begin_key, end_key;
  SeriesId series = 0;
  int64_t from_slot = 0, to_slot = 0;
  std::string error;
};

struct CheckReport {
  uint64_t files = 0;    // table files verified
  uint64_t records = 0;  // records read through the database
  uint64_t chunks = 0;   // of which chunks decoded
  std::vector<DamagedFile> damaged_files;
  std::vector<DamagedRange> damaged_ranges;
  // Records of a repair whose roll-ups are not recomputed yet (rollup_recompute_record.h): the
  // roll-ups above the readings it set aside still count them until `gridline repair` runs.
  uint64_t rollups_to_recompute = 0;
  // Damage only: a pending recompute is not damage of the store's files.
  bool whole() const { return damaged_files.empty() && damaged_ranges.empty(); }
};

struct RepairReport {
  CheckReport check;             // what was found before the repair
  std::string quarantine;        // the folder the damage went to; empty when nothing was done
  uint64_t records_kept = 0;     // records rebuilt into the repaired column families
  uint64_t files_set_aside = 0;  // table files kept in the quarantine folder
  uint64_t bad_chunks = 0;       // readable chunks whose own checksum failed, set aside
  // Exactly which readings left the store: per series, the slot ranges whose chunks were set
  // aside (merged, in series then slot order). The roll-ups above them are recomputed from what
  // remains (rollup_recompute_record.h), every roll-up when `rollups_rebuilt`.
  std::vector<SetAsideRange> readings_set_aside;
  bool rollups_rebuilt = false;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_STORE_CHECK_H_
