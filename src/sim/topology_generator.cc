#include "sim/topology_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "fmt/format.h"
#include "sim/rng.h"

namespace gridline::sim {

namespace {

constexpr double kMetresPerDegree = 111'320.0;
constexpr int kMetersPerFeeder = 400;
constexpr int kFeedersPerSubstation = 4;
constexpr double kSubstationSpacingM = 3000.0;
constexpr int kResidentialKva[] = {25, 50, 75, 100, 167};
constexpr int kCommercialKva[] = {25, 50, 75, 100, 167, 225, 300, 500, 750, 1000, 1500, 2000, 2500};

template <size_t N>
int SmallestRating(const int (&sizes)[N], double kva) {
  for (int s : sizes) {
    if (s >= kva) return s;
  }
  return sizes[N - 1];
}

// Positions as metres east/north of the town centre.
struct Point {
  double x;
  double y;
};

class Projection {
 public:
  explicit Projection(const TownOptions& town)
      : lat0_(town.latitude_deg),
        lon0_(town.longitude_deg),
        m_per_deg_lon_(kMetresPerDegree * std::cos(town.latitude_deg * std::numbers::pi / 180)) {}
  double Lat(const Point& p) const { return lat0_ + p.y / kMetresPerDegree; }
  double Lon(const Point& p) const { return lon0_ + p.x / m_per_deg_lon_; }

 private:
  double lat0_;
  double lon0_;
  double m_per_deg_lon_;
};

std::string Id(char prefix, int64_t n, int digits) {
  return fmt::format("{}{:0{}d}", prefix, n, digits);
}

}  // namespace

const char* AssetKindName(AssetKind kind) {
  switch (kind) {
    case AssetKind::kSubstation:
      return "substation";
    case AssetKind::kFeeder:
      return "feeder";
    case AssetKind::kTransformer:
      return "transformer";
    case AssetKind::kMeter:
      return "meter";
  }
  return "?";
}

const std::vector<std::string>& PricingNodes() {
  static const std::vector<std::string>* nodes =
      new std::vector<std::string>{"DLAP_PGAE-APND", "0096WD_7_N001", "TH_NP15_GEN-APND"};
  return *nodes;
}

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusM = 6'371'000.0;
  const double r = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * r;
  const double dlon = (lon2 - lon1) * r;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

std::vector<Asset> GenerateTopology(uint64_t seed, const std::vector<MeterProfile>& profiles,
                                    const TownOptions& town, int id_digits) {
  Rng rng(seed, Stream::kTopology);
  const Projection proj(town);
  const int64_t meters = static_cast<int64_t>(profiles.size());
  const int64_t feeders = std::max<int64_t>(1, (meters + kMetersPerFeeder / 2) / kMetersPerFeeder);
  const int64_t substations =
      std::max<int64_t>(1, (feeders + kFeedersPerSubstation / 2) / kFeedersPerSubstation);
  const int grid = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(substations))));
  // Worst case about 10 transformers per 80 meters; reserve generously.
  std::vector<Asset> assets;
  assets.reserve(static_cast<size_t>(meters + meters / 4 + feeders + substations + 16));
  int64_t transformer_no = 0;
  const int xfmr_digits = std::max(6, id_digits - 1);

  for (int64_t s = 0; s < substations; ++s) {
    const int row = static_cast<int>(s / grid);
    const int col = static_cast<int>(s % grid);
    const Point sub{(col - (grid - 1) / 2.0) * kSubstationSpacingM + rng.Uniform(-600, 600),
                    (row - (grid - 1) / 2.0) * kSubstationSpacingM + rng.Uniform(-600, 600)};
    const int8_t node = static_cast<int8_t>(s % static_cast<int64_t>(PricingNodes().size()));
    const int32_t sub_index = static_cast<int32_t>(assets.size());
    assets.push_back(
        {Id('S', s + 1, 3), AssetKind::kSubstation, -1, proj.Lat(sub), proj.Lon(sub), 0, -1, node});
    int32_t sub_kva = 0;

    const int64_t f_begin = feeders * s / substations;
    const int64_t f_end = feeders * (s + 1) / substations;
    const double angle0 = rng.Uniform(0, 2 * std::numbers::pi);
    for (int64_t f = f_begin; f < f_end; ++f) {
      const double angle = angle0 +
                           2 * std::numbers::pi * static_cast<double>(f - f_begin) /
                               static_cast<double>(f_end - f_begin) +
                           rng.Uniform(-0.25, 0.25);
      const Point dir{std::cos(angle), std::sin(angle)};
      const Point side{-dir.y, dir.x};
      const int32_t feeder_index = static_cast<int32_t>(assets.size());
      assets.push_back({Id('F', f + 1, 4), AssetKind::kFeeder, sub_index, proj.Lat(sub),
                        proj.Lon(sub), 0, -1, node});
      int32_t feeder_kva = 0;

      // Walk the feeder: main line outwards, a lateral every few transformers.
      double along = rng.Uniform(150, 400);
      double lateral_side = 1;
      int on_lateral = 0;
      double lateral_len = 0;
      auto next_spot = [&]() {
        if (on_lateral == 0) {
          along += rng.Uniform(60, 140);
          lateral_side = -lateral_side;
          lateral_len = 0;
          on_lateral = static_cast<int>(rng.UniformInt(2, 6));
        }
        --on_lateral;
        lateral_len += rng.Uniform(40, 60);
        return Point{sub.x + dir.x * along + side.x * lateral_side * lateral_len,
                     sub.y + dir.y * along + side.y * lateral_side * lateral_len};
      };

      // The feeder's transformers in meter order: each commercial meter alone, residential
      // meters in runs of 5-10 (a short last run joins the one before).
      const int64_t m_begin = meters * f / feeders;
      const int64_t m_end = meters * (f + 1) / feeders;
      std::vector<std::vector<int64_t>> groups;
      std::vector<int64_t> homes;
      for (int64_t m = m_begin; m < m_end; ++m) {
        if (profiles[m].customer_class == CustomerClass::kCommercial) {
          groups.push_back({m});
        } else {
          homes.push_back(m);
        }
      }
      std::vector<std::vector<int64_t>> home_groups;
      for (size_t h = 0; h < homes.size();) {
        size_t want = static_cast<size_t>(rng.UniformInt(5, 10));
        if (homes.size() - h < want + 5 && homes.size() - h <= 10) want = homes.size() - h;
        want = std::min(want, homes.size() - h);
        home_groups.emplace_back(homes.begin() + h, homes.begin() + h + want);
        h += want;
      }
      groups.insert(groups.end(), home_groups.begin(), home_groups.end());
      std::sort(
          groups.begin(), groups.end(),
          [](const std::vector<int64_t>& a, const std::vector<int64_t>& b) { return a[0] < b[0]; });
      for (const std::vector<int64_t>& served : groups) {
        double peak_kw = 0;
        for (int64_t i : served) peak_kw += profiles[i].DesignPeakKw();
        int rating;
        if (profiles[served[0]].customer_class == CustomerClass::kCommercial) {
          rating = SmallestRating(kCommercialKva, peak_kw * 0.85 / 0.9);
        } else {
          // Homes rarely peak together: size to ~45 % of the sum of their peaks (docs/domain.md
          // section 3, diversity factor), at power factor 0.95.
          const double diversity = served.size() == 1 ? 1.0 : 0.45;
          rating = SmallestRating(kResidentialKva, peak_kw * diversity / 0.95);
        }
        const Point at = next_spot();
        const int32_t xfmr_index = static_cast<int32_t>(assets.size());
        assets.push_back({Id('T', ++transformer_no, xfmr_digits), AssetKind::kTransformer,
                          feeder_index, proj.Lat(at), proj.Lon(at), rating, -1, node});
        feeder_kva += rating;
        for (int64_t i : served) {
          const double a = rng.Uniform(0, 2 * std::numbers::pi);
          const double d = rng.Uniform(12, 85);
          const Point mp{at.x + d * std::cos(a), at.y + d * std::sin(a)};
          assets.push_back({Id('M', i, id_digits), AssetKind::kMeter, xfmr_index, proj.Lat(mp),
                            proj.Lon(mp), 0, i, node});
        }
      }
      // Feeder breaker rating: the connected kVA with a 0.4 demand factor, in 2 MVA steps and
      // at least a 12.47 kV, 400 A circuit (~8.6 MVA).
      const int32_t rated = std::max<int32_t>(8000, (feeder_kva * 4 / 10 + 1999) / 2000 * 2000);
      assets[feeder_index].rating_kva = rated;
      sub_kva += rated;
    }
    // Substation transformer: 75 % of the feeders' ratings, in 5 MVA steps.
    assets[sub_index].rating_kva = std::max<int32_t>(10000, (sub_kva * 3 / 4 + 4999) / 5000 * 5000);
  }
  return assets;
}

absl::Status WriteTopologyCsv(const std::vector<Asset>& assets,
                              const std::vector<MeterProfile>& profiles, bool gzip,
                              OutputFile* out) {
  std::string packed;
  auto flush = [&](const std::string& text) {
    if (!gzip) return out->Write(text);
    packed.clear();
    absl::Status s = AppendGzipMember(text, 6, &packed);
    return s.ok() ? out->Write(packed) : s;
  };
  std::string buf =
      "asset_id,kind,parent_id,lat,lon,rating_kva,customer_class,pv,ev,pricing_node\n";
  for (const Asset& a : assets) {
    const char* parent = a.parent >= 0 ? assets[a.parent].id.c_str() : "";
    if (a.kind == AssetKind::kMeter) {
      const MeterProfile& p = profiles[a.meter_index];
      buf += fmt::format("{},meter,{},{:.6f},{:.6f},,{},{},{},{}\n", a.id, parent, a.lat, a.lon,
                         CustomerClassName(p.customer_class), p.has_pv ? "true" : "false",
                         p.has_ev ? "true" : "false", PricingNodes()[a.pricing_node]);
    } else {
      buf += fmt::format("{},{},{},{:.6f},{:.6f},{},,,,{}\n", a.id, AssetKindName(a.kind), parent,
                         a.lat, a.lon, a.rating_kva, PricingNodes()[a.pricing_node]);
    }
    if (buf.size() > (1 << 20)) {
      absl::Status s = flush(buf);
      if (!s.ok()) return s;
      buf.clear();
    }
  }
  absl::Status s = flush(buf);
  if (!s.ok()) return s;
  return out->Close();
}

}  // namespace gridline::sim
