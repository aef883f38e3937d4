// topology_generator.h: the grid that serves the simulated fleet, as the topology CSV that
// `gridline import topology` reads:
//   asset_id,kind,parent_id,lat,lon,rating_kva,customer_class,pv,ev,pricing_node
// Kinds substation > feeder > transformer > meter; parents come before children (depth first).
// Meter ids are the reads' meter ids. pv and ev are `true`/`false` on meter rows and empty on the
// others, as are customer_class; rating_kva is empty on meters.
//
// Shape of the town (documented, not configurable): about 400 meters per feeder, 3-5 feeders per
// substation; substations on a jittered 3 km grid around the town centre; each feeder's main line
// radiates from its substation, laterals branch off it every few transformers, and
// transformers stand along them ~40-60 m apart; residential meters hang 5-10 to a transformer
// sized to their diversified peak (25/50/75/100/167 kVA), commercial meters alone on a transformer
// sized to theirs (up to three-phase 2500 kVA pad-mounts); meters sit within 100 m of their
// transformer. Each substation settles at one CAISO pricing node, taken in turn from
// DLAP_PGAE-APND (PG&E default load aggregation point), 0096WD_7_N001 (the node of CAISO's OASIS
// price samples) and TH_NP15_GEN-APND (NP15 trading hub).
#ifndef GRIDLINE_SIM_TOPOLOGY_GENERATOR_H_
#define GRIDLINE_SIM_TOPOLOGY_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sim/meter_profile.h"
#include "sim/output_file.h"
#include "sim/weather.h"

namespace gridline::sim {

enum class AssetKind : uint8_t { kSubstation, kFeeder, kTransformer, kMeter };

const char* AssetKindName(AssetKind kind);

struct Asset {
  std::string id;
  AssetKind kind;
  int32_t parent = -1;  // index into the asset list; -1 for substations
  double lat = 0;
  double lon = 0;
  int32_t rating_kva = 0;    // 0 on meters
  int64_t meter_index = -1;  // for meters
  int8_t pricing_node = 0;   // index into PricingNodes()
};

// The node names a substation may settle at.
const std::vector<std::string>& PricingNodes();

// Builds the topology of meters 0 .. profiles.size()-1 (the fleet's profiles), in CSV order.
std::vector<Asset> GenerateTopology(uint64_t seed, const std::vector<MeterProfile>& profiles,
                                    const TownOptions& town, int id_digits);

// Writes the CSV, as gzip members when `gzip`, and closes `out`. Fails with the output's status.
absl::Status WriteTopologyCsv(const std::vector<Asset>& assets,
                              const std::vector<MeterProfile>& profiles, bool gzip,
                              OutputFile* out);

// Great-circle distance in metres (haversine).
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_TOPOLOGY_GENERATOR_H_
