// asset_kind.h: the kinds of grid assets by name, and the one table that says under which kinds
// of parent each kind may hang (and which kinds may be roots). Every check of the tree's shape
// (the topology validator, the importers' messages) reads this table, so a rule changes here only.
//
// The tree (docs/design.md "Data model"):
//   substation -> feeder -> transformer -> service_point -> meter
//                                       \-> meter (a meter directly under its transformer)
//   service_point -> panel -> circuit -> sensor      (sub-metering)
//                    panel -> panel (a sub-panel)    panel -> sensor (mains CTs on the panel)
// Roots: substations, and service points and panels of sub-metering customers that have no
// utility topology above them (a premise known only through its panel's sensors).
#ifndef GRIDLINE_TOPOLOGY_ASSET_KIND_H_
#define GRIDLINE_TOPOLOGY_ASSET_KIND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/catalog.h"

namespace gridline::topology {

using storage::AssetKind;

inline constexpr int kAssetKindCount = 8;  // kSubstation (1) .. kSensor (8)

// A set of kinds as bits (1 << kind). kAllKinds holds every kind.
using KindMask = uint16_t;
inline constexpr KindMask KindBit(AssetKind kind) {
  return static_cast<KindMask>(1u << static_cast<unsigned>(kind));
}
inline constexpr KindMask kAllKinds = 0x1FE;  // bits 1..8

// "substation", "feeder", "transformer", "service_point", "meter", "panel", "circuit", "sensor".
std::string_view AssetKindName(AssetKind kind);

// The kind named `name` (case-insensitive, surrounding spaces ignored); nullopt when unknown.
std::optional<AssetKind> ParseAssetKind(std::string_view name);

// True when `kind` is one of the eight kinds (for bytes read from disk).
bool IsValidAssetKind(uint8_t kind);

// The kinds an asset of `kind` may hang under.
KindMask AllowedParentKinds(AssetKind kind);

// Whether an asset of `kind` may be a root (have no parent).
bool MayBeRoot(AssetKind kind);

// "feeder", "service_point or transformer", "panel, circuit": for messages.
std::string KindMaskNames(KindMask mask);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_ASSET_KIND_H_
