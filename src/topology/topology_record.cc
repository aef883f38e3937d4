// topology_record.cc: the stored form of a topology asset (topology_record.h,
// docs/topology.md "Records"). Decoding is bounds-checked: the bytes come from disk.
#include "topology/topology_record.h"

#include <bit>
#include <cstring>

#include "common/varint.h"
#include "fmt/format.h"

namespace gridline::topology {

namespace {

constexpr uint8_t kRecordVersion = 1;

enum Flags : uint8_t {
  kHasPosition = 1,
  kHasRatingKva = 2,
  kHasRatingA = 4,
  kPv = 8,
  kEv = 16,
};

void PutDouble(std::string* dst, double v) {
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  PutFixed32(dst, static_cast<uint32_t>(bits));
  PutFixed32(dst, static_cast<uint32_t>(bits >> 32));
}

void PutString(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}
  bool ok() const { return ok_; }
  bool done() const { return p_ == end_; }

  uint8_t Byte() {
    if (!ok_ || p_ >= end_) return Fail<uint8_t>();
    return static_cast<uint8_t>(*p_++);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    if (!ok_ || !GetVarint64(&p_, end_, &v)) return Fail<uint64_t>();
    return v;
  }
  double Double() {
    if (!ok_ || end_ - p_ < 8) return Fail<double>();
    const uint64_t bits = DecodeFixed32(p_) | (static_cast<uint64_t>(DecodeFixed32(p_ + 4)) << 32);
    p_ += 8;
    return std::bit_cast<double>(bits);
  }
  std::string String() {
    const uint64_t n = Varint();
    if (!ok_ || static_cast<uint64_t>(end_ - p_) < n) return Fail<std::string>();
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  // A count of items each at least `min_bytes` long: bounded by what is left, so that a corrupt
  // count cannot make the decoder reserve gigabytes.
  uint64_t Count(size_t min_bytes) {
    const uint64_t n = Varint();
    if (ok_ && n > static_cast<uint64_t>(end_ - p_) / min_bytes) return Fail<uint64_t>();
    return n;
  }

 private:
  template <typename T>
  T Fail() {
    ok_ = false;
    return T{};
  }
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

}  // namespace

std::string TopologyRecordKey(storage::AssetId id) {
  std::string key(kTopologyKeyPrefix);
  PutFixed32BigEndian(&key, id);
  return key;
}

bool ParseTopologyRecordKey(std::string_view key, storage::AssetId* id) {
  if (key.size() != kTopologyKeyPrefix.size() + 4 || !key.starts_with(kTopologyKeyPrefix)) {
    return false;
  }
  *id = DecodeFixed32BigEndian(key.data() + kTopologyKeyPrefix.size());
  return *id != 0;
}

std::string EncodeAssetRecord(const AssetInfo& a) {
  std::string v;
  v.push_back(static_cast<char>(kRecordVersion));
  PutString(&v, a.external_id);
  v.push_back(static_cast<char>(a.kind));
  PutVarint64(&v, a.parents.size());
  for (const ParentPeriod& p : a.parents) {
    PutVarint64(&v, ZigZagEncode(p.from));
    PutVarint64(&v, p.parent);
  }
  uint8_t flags = 0;
  if (a.position) flags |= kHasPosition;
  if (a.rating_kva) flags |= kHasRatingKva;
  if (a.rating_a) flags |= kHasRatingA;
  if (a.pv) flags |= kPv;
  if (a.ev) flags |= kEv;
  v.push_back(static_cast<char>(flags));
  if (a.position) {
    PutDouble(&v, a.position->lat);
    PutDouble(&v, a.position->lon);
  }
  if (a.rating_kva) PutDouble(&v, *a.rating_kva);
  if (a.rating_a) PutDouble(&v, *a.rating_a);
  PutString(&v, a.customer_class);
  PutString(&v, a.pricing_node);
  PutString(&v, a.weather_station);
  PutVarint64(&v, a.attributes.size());
  for (const auto& [key, value] : a.attributes) {
    PutString(&v, key);
    PutString(&v, value);
  }
  PutVarint64(&v, a.routes.size());
  for (const Route& r : a.routes) {
    PutVarint64(&v, r.size());
    for (const LatLon& p : r) {
      PutDouble(&v, p.lat);
      PutDouble(&v, p.lon);
    }
  }
  return v;
}

absl::StatusOr<AssetInfo> DecodeAssetRecord(storage::AssetId id, std::string_view value) {
  auto corrupt = [&](std::string_view what) {
    return absl::DataLossError(fmt::format("topology record of asset {}: {}", id, what));
  };
  Reader r(value);
  const uint8_t version = r.Byte();
  if (r.ok() && version != kRecordVersion) {
    return corrupt(fmt::format("unknown record version {}", version));
  }
  AssetInfo a;
  a.id = id;
  a.external_id = r.String();
  const uint8_t kind = r.Byte();
  if (r.ok() && !IsValidAssetKind(kind)) return corrupt(fmt::format("unknown kind {}", kind));
  a.kind = static_cast<AssetKind>(kind);
  const uint64_t periods = r.Count(2);
  for (uint64_t i = 0; i < periods && r.ok(); ++i) {
    ParentPeriod p;
    p.from = ZigZagDecode(r.Varint());
    const uint64_t parent = r.Varint();
    if (parent > UINT32_MAX) return corrupt("parent id out of range");
    p.parent = static_cast<storage::AssetId>(parent);
    if (!a.parents.empty() && p.from <= a.parents.back().from) {
      return corrupt("parent periods out of order");
    }
    a.parents.push_back(p);
  }
  const uint8_t flags = r.Byte();
  if ((flags & kHasPosition) != 0) {
    LatLon ll;
    ll.lat = r.Double();
    ll.lon = r.Double();
    a.position = ll;
  }
  if ((flags & kHasRatingKva) != 0) a.rating_kva = r.Double();
  if ((flags & kHasRatingA) != 0) a.rating_a = r.Double();
  a.pv = (flags & kPv) != 0;
  a.ev = (flags & kEv) != 0;
  a.customer_class = r.String();
  a.pricing_node = r.String();
  a.weather_station = r.String();
  const uint64_t attributes = r.Count(2);
  for (uint64_t i = 0; i < attributes && r.ok(); ++i) {
    std::string key = r.String();
    std::string val = r.String();
    a.attributes.emplace_back(std::move(key), std::move(val));
  }
  const uint64_t routes = r.Count(1);
  for (uint64_t i = 0; i < routes && r.ok(); ++i) {
    const uint64_t points = r.Count(16);
    Route route;
    route.reserve(points);
    for (uint64_t j = 0; j < points && r.ok(); ++j) {
      LatLon ll;
      ll.lat = r.Double();
      ll.lon = r.Double();
      route.push_back(ll);
    }
    a.routes.push_back(std::move(route));
  }
  if (!r.ok()) return corrupt("truncated");
  if (!r.done()) return corrupt("trailing bytes");
  if (a.parents.empty()) return corrupt("no parent period");
  if (a.external_id.empty()) return corrupt("empty external id");
  return a;
}

}  // namespace gridline::topology
