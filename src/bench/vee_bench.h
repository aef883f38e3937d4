// vee_bench.h: `gridline bench vee`, the accuracy of every estimation method on real households
// (docs/vee.md "Estimation"). The Low Carbon London households of test/data/lcl are read straight
// from their files (half-hourly kWh, UTC stamps; the meters are in Europe/London with the
// England and Wales bank holidays of data/holidays). Known reads are hidden as gaps of each
// length of kGapLengths (deterministic positions from --seed, only where the truth and both
// edges are present and at least kHistoryDays of history lie before), each gap is estimated
// alone with each method, and the error against the hidden truth is printed:
//   vee_mae_<method>_<gap> Wh       mean absolute error per hidden half-hour
//   vee_mape_<method>_<gap> %       sum |error| / sum truth x 100 (weighted: households read 0)
//   vee_mae_<method>_all Wh         the mean of the gap lengths' MAEs (each length counts once)
//   vee_default_vs_mdma_mae_ratio   the default's overall MAE over the MDMA rule's
//   vee_gaps <n>, vee_hidden_reads <n>
// Methods are those of vee_types.h, `default` (estimator.h) and `median7` (the median of the
// same slot on the 7 previous days, the second reference). Figures are on the held-out
// households (--set test) unless --set train asks for the ones the default was chosen on.
#ifndef GRIDLINE_BENCH_VEE_BENCH_H_
#define GRIDLINE_BENCH_VEE_BENCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/bench_util.h"
#include "vee/estimate/class_profile.h"
#include "vee/estimate/estimate_input.h"

namespace gridline::bench {

// The default was chosen on these households; the others are held out.
inline const std::vector<std::string> kVeeTrainHouseholds = {"MAC000002", "MAC000003", "MAC000004",
                                                             "MAC000005"};
inline const std::vector<std::string> kVeeTestHouseholds = {"MAC000006", "MAC000007", "MAC000008",
                                                            "MAC000009"};
inline constexpr int kHistoryDays = 35;

struct GapLength {
  std::string_view name;  // `30m`, `1h`, ... `day`
  int64_t seconds;        // 0: one whole local day (46, 48 or 50 half-hours)
};
inline constexpr GapLength kGapLengths[] = {{"30m", 1800}, {"1h", 3600},  {"2h", 7200},
                                            {"4h", 14400}, {"8h", 28800}, {"24h", 86400},
                                            {"day", 0}};

// One household's channel as the LCL file has it.
struct Household {
  std::string id;
  UnixSeconds start_s = 0;
  std::vector<std::optional<int64_t>> wh;  // per half-hour
};

// Reads `dir`/ID.csv (`LCLid,tstp,energy(kWh/hh)`). InvalidArgument("FILE:LINE: FIELD: reason")
// on a malformed line; a value that is not a number (`Null`) is a missing read.
absl::StatusOr<Household> LoadLclHousehold(const std::string& dir, const std::string& id);

struct VeeBenchOptions {
  std::string lcl_dir = "test/data/lcl";
  std::string holidays_file = "data/holidays/england-and-wales-2011-2014.txt";
  std::string zone = "Europe/London";
  std::string set = "test";   // test, train or all
  int gaps_per_length = 150;  // per household
  uint64_t seed = 1;
  bool tune = false;  // also print the edge_shape variants the default was chosen from
};

// The error of one method on one gap length.
struct Score {
  double abs_error_wh = 0;
  double truth_wh = 0;
  int64_t reads = 0;     // hidden reads estimated
  int64_t unfilled = 0;  // hidden reads the method left missing
  double Mae() const { return reads == 0 ? 0 : abs_error_wh / static_cast<double>(reads); }
  double Mape() const { return truth_wh == 0 ? 0 : 100.0 * abs_error_wh / truth_wh; }
};

struct VeeAccuracy {
  std::vector<std::string> methods;        // row names
  std::vector<std::vector<Score>> scores;  // [method][gap length]
  int64_t gaps = 0;
  double OverallMae(size_t method) const;  // mean over gap lengths
  std::optional<size_t> Find(std::string_view method) const;
};

// Hides gaps in `households` and scores each method (above); `profile` (the class profile of the
// training households) feeds class_profile, and may be null. `tune` adds the edge_shape
// variants. Deterministic for a seed. InvalidArgument for an unknown zone.
absl::StatusOr<VeeAccuracy> MeasureAccuracy(const std::vector<Household>& households,
                                            const VeeBenchOptions& options,
                                            const vee::HolidaySet& holidays,
                                            const vee::ClassProfile* profile);

// The class profile of `households` in `zone` with `holidays`.
absl::StatusOr<vee::ClassProfile> HouseholdProfile(const std::vector<Household>& households,
                                                   const TimeZone& zone,
                                                   const vee::HolidaySet& holidays);

absl::Status RunVeeBench(const VeeBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_VEE_BENCH_H_
