// asset_kind.cc: kind names and the parent-kind table (asset_kind.h).
#include "topology/asset_kind.h"

#include "common/strings.h"

namespace gridline::topology {

namespace {

struct KindRule {
  AssetKind kind;
  std::string_view name;
  KindMask parents;
  bool may_be_root;
};

// The shape of the grid tree: the only place it is written down.
constexpr KindRule kRules[kAssetKindCount] = {
    {AssetKind::kSubstation, "substation", 0, true},
    {AssetKind::kFeeder, "feeder", KindBit(AssetKind::kSubstation), false},
    {AssetKind::kTransformer, "transformer", KindBit(AssetKind::kFeeder), false},
    {AssetKind::kServicePoint, "service_point", KindBit(AssetKind::kTransformer), true},
    {AssetKind::kMeter, "meter",
     KindBit(AssetKind::kServicePoint) | KindBit(AssetKind::kTransformer), false},
    {AssetKind::kPanel, "panel", KindBit(AssetKind::kServicePoint) | KindBit(AssetKind::kPanel),
     true},
    {AssetKind::kCircuit, "circuit", KindBit(AssetKind::kPanel), false},
    {AssetKind::kSensor, "sensor", KindBit(AssetKind::kCircuit) | KindBit(AssetKind::kPanel),
     false},
};

const KindRule& Rule(AssetKind kind) { return kRules[static_cast<int>(kind) - 1]; }

}  // namespace

std::string_view AssetKindName(AssetKind kind) {
  if (!IsValidAssetKind(static_cast<uint8_t>(kind))) return "unknown";
  return Rule(kind).name;
}

std::optional<AssetKind> ParseAssetKind(std::string_view name) {
  name = StripSpaces(name);
  for (const KindRule& r : kRules) {
    if (EqualsIgnoreCase(name, r.name)) return r.kind;
  }
  return std::nullopt;
}

bool IsValidAssetKind(uint8_t kind) { return kind >= 1 && kind <= kAssetKindCount; }

KindMask AllowedParentKinds(AssetKind kind) { return Rule(kind).parents; }

bool MayBeRoot(AssetKind kind) { return Rule(kind).may_be_root; }

std::string KindMaskNames(KindMask mask) {
  std::string names;
  for (const KindRule& r : kRules) {
    if ((mask & KindBit(r.kind)) == 0) continue;
    if (!names.empty()) names += " or ";
    names += r.name;
  }
  return names.empty() ? std::string("none") : names;
}

}  // namespace gridline::topology
