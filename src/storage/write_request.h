// write_request.h: what a writer hands to Store::Write, and what it gets back.
#ifndef GRIDLINE_STORAGE_WRITE_REQUEST_H_
#define GRIDLINE_STORAGE_WRITE_REQUEST_H_

#include <cstdint>
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

  void Add(const WriteCounts& o) {
    added += o.added;
    duplicates += o.duplicates;
    versions += o.versions;
  }
};

struct WriteRequest {
  // Readings in arrival order; when a slot appears twice, the later one is the newer version.
  std::vector<Reading> readings;
  // The arrival batch these readings belong to (Catalog::AddBatch): one per import or request.
  BatchId batch = 0;
  // Filled by Store::Write.
  WriteCounts counts;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_WRITE_REQUEST_H_
