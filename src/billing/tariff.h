// tariff.h: a retail electricity tariff as data (TOML; docs/billing.md lists every key):
// seasons by local date, time-of-use periods by day type (weekday, weekend, holiday from a
// holiday calendar) and local wall-clock time, energy prices per season x period, tiers against
// a baseline allowance per day by territory and season, demand charges on the largest interval
// demand (all hours or one period), fixed charges per day and per bill, a minimum bill, and net
// energy metering (none, NEM 2 netting at the retail price, or Net Billing export credit from an
// hourly price table 12 months x weekday/weekend x 24 h). data/tariffs/ ships pge-e-tou-c and
// pge-b-19.
//
// Money is exact: prices are micro-dollars (per kWh or per kW), read from decimal text. The
// bill's arithmetic (bill.h) works in nano-dollars and rounds once, to cents, at the end.
#ifndef GRIDLINE_BILLING_TARIFF_H_
#define GRIDLINE_BILLING_TARIFF_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "billing/holiday_calendar.h"
#include "common/time_zone.h"

namespace gridline::billing {

enum class DayType : uint8_t { kWeekday = 0, kWeekend = 1, kHoliday = 2 };
inline constexpr int kDayTypeCount = 3;
std::string_view DayTypeName(DayType t);

enum class NemMode : uint8_t { kNone, kNem2, kNetBilling };
std::string_view NemModeName(NemMode m);

// Bounds that keep a tariff small: every table below is indexed by a uint8_t.
inline constexpr size_t kMaxSeasons = 12;
inline constexpr size_t kMaxPeriods = 8;
inline constexpr size_t kMaxPeriodRules = 64;
inline constexpr size_t kMaxTiers = 8;
inline constexpr size_t kMaxDemandCharges = 16;

struct Season {
  std::string name;
  int from_md = 101;  // month * 100 + day, inclusive; a season may wrap the new year
  int to_md = 1231;
  bool Contains(int md) const {
    return from_md <= to_md ? (md >= from_md && md <= to_md) : (md >= from_md || md <= to_md);
  }
};

// Local wall-clock minutes [from_min, to_min) of the days and seasons in its masks belong to
// `period`. The first rule that matches wins; the tariff's default period takes the rest.
struct PeriodRule {
  uint8_t period = 0;
  uint8_t day_types = 0x7;  // bit per DayType
  uint32_t seasons = ~0u;   // bit per season
  int from_min = 0, to_min = 1440;
};

struct Tier {
  std::optional<int64_t> up_to_baseline_pct;  // the last tier has none
  int64_t adder_uusd_per_kwh = 0;             // added to the energy price (negative: a credit)
};

struct DemandCharge {
  std::string name;
  int period = -1;  // -1: all hours
  uint32_t seasons = ~0u;
  int64_t price_uusd_per_kw = 0;
};

struct Tariff {
  std::string name, description, source, rates_effective;
  std::vector<std::string> classes;  // customer classes it serves; empty: any
  TimeZone zone;
  std::vector<Season> seasons;
  std::vector<std::string> periods;
  int default_period = 0;
  std::vector<PeriodRule> rules;
  std::optional<HolidayCalendar> holidays;
  std::string holidays_file;  // as the tariff names it
  // [season * periods.size() + period], micro-dollars per kWh.
  std::vector<int64_t> energy_price;
  std::vector<Tier> tiers;
  std::string territory;                                            // default baseline territory
  std::map<std::string, std::vector<int64_t>> baseline_wh_per_day;  // territory -> per season
  std::vector<DemandCharge> demand;
  int64_t per_day_uusd = 0, per_bill_uusd = 0, minimum_per_day_uusd = 0;
  NemMode nem = NemMode::kNone;
  // Net Billing export price, micro-dollars per kWh: [(month - 1) * 48 + weekend * 24 + hour].
  std::vector<int64_t> export_price;

  int PeriodIndex(std::string_view name) const;
  int SeasonIndex(std::string_view name) const;
  int64_t EnergyPrice(int season, int period) const {
    return energy_price[static_cast<size_t>(season) * periods.size() + static_cast<size_t>(period)];
  }
};

// The texts a tariff was built from, kept with every bill so a true-up prices the period with
// exactly the tariff that billed it (a later edit of the file does not change an old bill).
struct TariffSource {
  std::string file;           // as named on the command line, for errors
  std::string text;           // the tariff TOML
  std::string holidays_text;  // the holiday calendar it names, or empty
};

// Parses a tariff. InvalidArgument, located FILE:LINE:COL: KEY: reason, for any bad key or value.
absl::StatusOr<Tariff> ParseTariff(const TariffSource& source);

// Reads the tariff named `name_or_path` and the calendar it names (relative to the tariff's
// folder). A name without '/' or ".toml" is looked up as NAME.toml in $GRIDLINE_TARIFFS, then
// ./data/tariffs, then data/tariffs beside the executable's parent folder (build/gridline ->
// data/tariffs). NotFound names the places tried.
absl::StatusOr<TariffSource> ReadTariffSource(const std::string& name_or_path);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_TARIFF_H_
