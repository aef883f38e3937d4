// write_request.h: what a writer hands to Store::Write, and what it gets back.
#ifndef GRIDLINE_STORAGE_WRITE_REQUEST_H_
#define GRIDLINE_STORAGE_WRITE_REQUEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/quality.h"
#include "storage/catalog.h"

namespace gridline::storage {

// One raw reading on a series' slot grid.
struct Reading {
  int64_t slot = 0;  // floor(utc_seconds / interval_s), >= 0
  int64_t value = 0;
  SeriesId series = 0;
  Quality quality = Quality::kActual;
};

struct WriteCounts {
  uint64_t added = 0;       // slots that had no value and now have one
  uint64_t duplicates = 0;  // same value as the slot's latest raw version: nothing written
  uint64_t versions = 0;    // a different value for a filled slot: kept as a new raw version
  uint64_t damaged = 0;     // not stored: they land in a damaged window (WriteRequest::damaged)

  void Add(const WriteCounts& o) {
    added += o.added;
    duplicates += o.duplicates;
    versions += o.versions;
    damaged += o.damaged;
  }
};

// Readings of a request that land in a window of a series whose stored chunk cannot be read
// (damage `gridline check` lists): a duplicate or a new version cannot be told from a new value
// there, so they are not stored until `gridline repair` sets the damage aside; every other reading
// of the request is.
struct DamagedWindowReadings {
  SeriesId series = 0;
  uint32_t window = 0;             // slots [window * kWindowSlots, (window + 1) * kWindowSlots)
  std::vector<uint32_t> readings;  // indexes into WriteRequest::readings, in slot order
  std::string error;               // why the window cannot be read
};

struct WriteRequest {
  // Readings in arrival order; when a slot appears twice, the later one is the newer version.
  std::vector<Reading> readings;
  // The arrival batch these readings belong to (Catalog::AddBatch): one per import or request.
  BatchId batch = 0;
  // Filled by Store::Write.
  WriteCounts counts;
  std::vector<DamagedWindowReadings> damaged;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_WRITE_REQUEST_H_
