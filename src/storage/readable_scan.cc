#include "storage/readable_scan.h"

#include <memory>
#include <vector>

#include "rocksdb/db.h"
#include "storage/rocks_status.h"

namespace gridline::storage {

namespace {

// Whether an iterator positioned by Seek(key) reads without error.
bool SeekReads(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf));
  it->Seek(key);
  return it->status().ok();
}

// (a + b) / 2 of two big-endian numbers of the same length.
std::string Midpoint(const std::string& a, const std::string& b) {
  const size_t n = a.size();
  std::vector<unsigned> sum(n + 1, 0);
  unsigned carry = 0;
  for (size_t i = n; i-- > 0;) {
    const unsigned s = static_cast<unsigned char>(a[i]) + static_cast<unsigned char>(b[i]) + carry;
    sum[i + 1] = s & 0xff;
    carry = s >> 8;
  }
  sum[0] = carry;
  std::string mid(n, '\0');
  unsigned rem = 0;
  for (size_t i = 0; i <= n; ++i) {  // divide the n+1 byte sum by two
    const unsigned cur = (rem << 8) | sum[i];
    if (i > 0) mid[i - 1] = static_cast<char>(cur >> 1);
    rem = cur & 1;
  }
  return mid;
}

// The smallest key >= from (padded) from which reads work again; empty when none up to the end.
// REQUIRES: Seek(from) fails.
std::string FindResume(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string from) {
  // Keys longer than the padding would be cut by the search: 8 bytes beyond the key is enough
  // for the fixed-width keys of keys.h and the short text keys of the catalog and meta.
  const size_t width = std::max<size_t>(from.size(), 16) + 8;
  from.resize(width, '\0');
  std::string hi(width, '\xff');
  if (!SeekReads(db, cf, hi)) return std::string();
  std::string lo = from;
  while (true) {
    const std::string mid = Midpoint(lo, hi);
    if (mid == lo) break;  // hi = lo + 1
    if (SeekReads(db, cf, mid)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  // Trailing zero bytes of the padding name the same place in key order for our keys.
  while (hi.size() > 1 && hi.back() == '\0') hi.pop_back();
  return hi;
}

}  // namespace

absl::Status ScanReadable(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                          const ScanCallbacks& callbacks) {
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = size_t{2} << 20;
  std::string start;  // empty: the first key
  bool first = true;
  while (true) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, cf));
    if (first) {
      it->SeekToFirst();
    } else {
      it->Seek(start);
    }
    std::string last;
    bool any = false;
    for (; it->Valid(); it->Next()) {
      callbacks.record(std::string_view(it->key().data(), it->key().size()),
                       std::string_view(it->value().data(), it->value().size()));
      last.assign(it->key().data(), it->key().size());
      any = true;
    }
    const rocksdb::Status s = it->status();
    if (s.ok()) return absl::OkStatus();
    if (!s.IsCorruption() && !s.IsIOError()) return FromRocks(s, "scanning " + cf->GetName());
    // The first key not read: just after the last one read (or where this pass started).
    std::string from = any ? last + std::string(1, '\0') : start;
    // A fresh seek that reads where this pass failed (a block read ahead, not the one needed)
    // goes on from there; only a pass that moved forward may do so, which bounds the retries.
    if (any && SeekReads(db, cf, from)) {
      start = from;
      first = false;
      continue;
    }
    const std::string resume = FindResume(db, cf, from);
    callbacks.lost(from, resume, s.ToString());
    if (resume.empty()) return absl::OkStatus();
    start = resume;
    first = false;
  }
}

}  // namespace gridline::storage
