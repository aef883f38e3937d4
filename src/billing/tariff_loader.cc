// tariff_loader.cc: ParseTariff and ReadTariffSource (tariff.h); the file format is
// docs/billing.md, "Tariff files".
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "billing/tariff.h"
#include "billing/toml_fields.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "common/toml_text.h"
#include "fmt/format.h"

namespace gridline::billing {

namespace {

constexpr int kMicro = 6;  // prices are read as micro-dollars

struct DayTypeName_ {
  std::string_view name;
  DayType type;
};
constexpr DayTypeName_ kDayTypes[] = {
    {"weekday", DayType::kWeekday}, {"weekend", DayType::kWeekend}, {"holiday", DayType::kHoliday}};

struct NemName {
  std::string_view name;
  NemMode mode;
};
constexpr NemName kNemModes[] = {
    {"none", NemMode::kNone}, {"nem2", NemMode::kNem2}, {"net_billing", NemMode::kNetBilling}};

// "06-01" -> 601.
absl::StatusOr<int> MonthDay(const TomlScope& s, std::string_view key) {
  GL_ASSIGN_OR_RETURN(std::string text, s.String(key));
  unsigned m = 0, d = 0;
  char dash = 0;
  std::istringstream in(text);
  if (text.size() != 5 || !(in >> m >> dash >> d) || dash != '-' || m < 1 || m > 12 || d < 1 ||
      d > 31) {
    return s.Error(key, "expected MM-DD, e.g. \"06-01\"");
  }
  return static_cast<int>(m * 100 + d);
}

// "16:00" -> 960; "24:00" -> 1440.
absl::StatusOr<int> Minutes(const TomlScope& s, std::string_view key) {
  GL_ASSIGN_OR_RETURN(std::string text, s.String(key));
  unsigned h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || std::sscanf(text.c_str(), "%2u:%2u", &h, &m) != 2 ||
      m > 59 || h > 24 || (h == 24 && m != 0)) {
    return s.Error(key, "expected HH:MM local time, 00:00 to 24:00");
  }
  return static_cast<int>(h * 60 + m);
}

const toml::array* ArrayOfTables(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  return n == nullptr ? nullptr : n->as_array();
}

absl::Status ReadSeasons(const TomlScope& top, Tariff* t) {
  const toml::array* a = ArrayOfTables(*top.table, "season");
  if (a == nullptr || !a->is_array_of_tables() || a->empty()) {
    return top.Error("season", "missing: at least one [[season]] with name, from, to");
  }
  if (a->size() > kMaxSeasons) return top.Error("season", "too many seasons");
  for (size_t i = 0; i < a->size(); ++i) {
    TomlScope s{top.file, a->get(i)->as_table(), fmt::format("season[{}]", i)};
    GL_RETURN_IF_ERROR(s.OnlyKeys({"name", "from", "to"}));
    Season season;
    GL_ASSIGN_OR_RETURN(season.name, s.String("name"));
    GL_ASSIGN_OR_RETURN(season.from_md, MonthDay(s, "from"));
    GL_ASSIGN_OR_RETURN(season.to_md, MonthDay(s, "to"));
    if (t->SeasonIndex(season.name) >= 0) return s.Error("name", "season named twice");
    t->seasons.push_back(std::move(season));
  }
  // Every day of a leap year belongs to exactly one season.
  for (unsigned m = 1; m <= 12; ++m) {
    for (unsigned d = 1; d <= DaysInMonth(2024, m); ++d) {
      const int md = static_cast<int>(m * 100 + d);
      const auto n = std::count_if(t->seasons.begin(), t->seasons.end(),
                                   [&](const Season& s) { return s.Contains(md); });
      if (n != 1) {
        return top.Error("season", fmt::format("{:02}-{:02} is in {} seasons; every day must be "
                                               "in exactly one",
                                               m, d, n));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> SeasonMask(const TomlScope& s, const Tariff& t) {
  GL_ASSIGN_OR_RETURN(std::vector<std::string> names, s.StringList("seasons"));
  if (names.empty()) return ~0u;
  uint32_t mask = 0;
  for (const std::string& n : names) {
    const int i = t.SeasonIndex(n);
    if (i < 0) return s.Error("seasons", fmt::format("unknown season '{}'", n));
    mask |= 1u << i;
  }
  return mask;
}

absl::StatusOr<int> PeriodOf(const TomlScope& s, const Tariff& t, std::string_view key) {
  GL_ASSIGN_OR_RETURN(std::string name, s.String(key));
  const int p = t.PeriodIndex(name);
  if (p < 0) return s.Error(key, fmt::format("'{}' is not one of `periods`", name));
  return p;
}

absl::Status ReadPeriods(const TomlScope& top, Tariff* t) {
  GL_ASSIGN_OR_RETURN(t->periods, top.StringList("periods"));
  if (t->periods.empty()) return top.Error("periods", "missing: the names of the TOU periods");
  if (t->periods.size() > kMaxPeriods) return top.Error("periods", "too many periods");
  for (size_t i = 0; i < t->periods.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (t->periods[i] == t->periods[j]) return top.Error("periods", "a period named twice");
    }
  }
  if (top.table->get("default_period") == nullptr) {
    return top.Error("default_period", "missing: the period of the hours no [[tou]] rule takes");
  }
  GL_ASSIGN_OR_RETURN(t->default_period, PeriodOf(top, *t, "default_period"));
  const toml::array* a = ArrayOfTables(*top.table, "tou");
  if (a == nullptr) return absl::OkStatus();
  if (!a->is_array_of_tables()) return top.Error("tou", "expected [[tou]] tables");
  if (a->size() > kMaxPeriodRules) return top.Error("tou", "too many rules");
  for (size_t i = 0; i < a->size(); ++i) {
    TomlScope s{top.file, a->get(i)->as_table(), fmt::format("tou[{}]", i)};
    GL_RETURN_IF_ERROR(s.OnlyKeys({"period", "days", "seasons", "from", "to"}));
    PeriodRule r;
    GL_ASSIGN_OR_RETURN(int p, PeriodOf(s, *t, "period"));
    r.period = static_cast<uint8_t>(p);
    GL_ASSIGN_OR_RETURN(std::vector<std::string> days, s.StringList("days"));
    if (!days.empty()) {
      r.day_types = 0;
      for (const std::string& d : days) {
        const auto* it = std::find_if(std::begin(kDayTypes), std::end(kDayTypes),
                                      [&](const DayTypeName_& n) { return n.name == d; });
        if (it == std::end(kDayTypes)) {
          return s.Error("days", fmt::format("'{}': expected weekday, weekend or holiday", d));
        }
        r.day_types |= static_cast<uint8_t>(1u << static_cast<int>(it->type));
      }
    }
    GL_ASSIGN_OR_RETURN(r.seasons, SeasonMask(s, *t));
    GL_ASSIGN_OR_RETURN(r.from_min, Minutes(s, "from"));
    GL_ASSIGN_OR_RETURN(r.to_min, Minutes(s, "to"));
    if (r.from_min >= r.to_min) return s.Error("to", "must be after `from` (same day)");
    t->rules.push_back(r);
  }
  return absl::OkStatus();
}

absl::Status ReadEnergy(const TomlScope& top, Tariff* t) {
  t->energy_price.assign(t->seasons.size() * t->periods.size(), 0);
  const toml::node* n = top.table->get("energy");
  if (n == nullptr) return top.Error("energy", "missing: [energy.SEASON] PERIOD = price per kWh");
  if (!n->is_table()) return top.Error("energy", "expected a table");
  TomlScope energy{top.file, n->as_table(), "energy"};
  for (const auto& [season_key, node] : *energy.table) {
    const int si = t->SeasonIndex(season_key.str());
    if (si < 0 || !node.is_table()) {
      return energy.Error(season_key.str(), "expected a table named after a season");
    }
    TomlScope s{top.file, node.as_table(), energy.Key(season_key.str())};
    for (const auto& [period_key, price] : *s.table) {
      const int pi = t->PeriodIndex(period_key.str());
      if (pi < 0) return s.Error(period_key.str(), "not one of `periods`");
      GL_ASSIGN_OR_RETURN(int64_t v,
                          DecimalOfNode(price, kMicro, top.file, s.Key(period_key.str())));
      t->energy_price[static_cast<size_t>(si) * t->periods.size() + static_cast<size_t>(pi)] = v;
    }
  }
  return absl::OkStatus();
}

absl::Status ReadBaselineAndTiers(const TomlScope& top, Tariff* t) {
  if (const toml::array* a = ArrayOfTables(*top.table, "tier")) {
    if (!a->is_array_of_tables() || a->size() > kMaxTiers) {
      return top.Error("tier", "expected at most 8 [[tier]] tables");
    }
    std::optional<int64_t> previous = 0;
    for (size_t i = 0; i < a->size(); ++i) {
      TomlScope s{top.file, a->get(i)->as_table(), fmt::format("tier[{}]", i)};
      GL_RETURN_IF_ERROR(s.OnlyKeys({"up_to_baseline_pct", "adder"}));
      Tier tier;
      GL_ASSIGN_OR_RETURN(tier.up_to_baseline_pct, s.OptionalInt("up_to_baseline_pct", 1, 10000));
      if (!previous) return s.Error("up_to_baseline_pct", "a tier follows the unbounded last one");
      if (tier.up_to_baseline_pct && *tier.up_to_baseline_pct <= *previous) {
        return s.Error("up_to_baseline_pct", "must grow from tier to tier");
      }
      previous = tier.up_to_baseline_pct;
      GL_ASSIGN_OR_RETURN(std::optional<int64_t> adder, s.OptionalDecimal("adder", kMicro));
      tier.adder_uusd_per_kwh = adder.value_or(0);
      t->tiers.push_back(tier);
    }
  }
  const toml::node* n = top.table->get("baseline");
  if (n == nullptr) {
    if (!t->tiers.empty()) return top.Error("tier", "tiers need a [baseline] allowance");
    return absl::OkStatus();
  }
  if (!n->is_table()) return top.Error("baseline", "expected a table");
  TomlScope b{top.file, n->as_table(), "baseline"};
  GL_RETURN_IF_ERROR(b.OnlyKeys({"territory", "allowance_kwh_per_day"}));
  GL_ASSIGN_OR_RETURN(t->territory, b.String("territory"));
  const toml::node* al = b.table->get("allowance_kwh_per_day");
  if (al == nullptr || !al->is_table()) {
    return b.Error("allowance_kwh_per_day", "expected [baseline.allowance_kwh_per_day.TERRITORY]");
  }
  TomlScope allowances{top.file, al->as_table(), b.Key("allowance_kwh_per_day")};
  for (const auto& [territory, node] : *allowances.table) {
    if (!node.is_table()) return allowances.Error(territory.str(), "expected SEASON = kWh");
    TomlScope s{top.file, node.as_table(), allowances.Key(territory.str())};
    std::vector<int64_t> per_season(t->seasons.size(), 0);
    for (size_t si = 0; si < t->seasons.size(); ++si) {
      GL_ASSIGN_OR_RETURN(std::optional<int64_t> wh, s.OptionalDecimal(t->seasons[si].name, 3));
      if (!wh) return s.Error(t->seasons[si].name, "missing: kWh per day in this season");
      if (*wh < 0) return s.Error(t->seasons[si].name, "must be >= 0");
      per_season[si] = *wh;
    }
    t->baseline_wh_per_day[std::string(territory.str())] = std::move(per_season);
  }
  if (!t->baseline_wh_per_day.contains(t->territory)) {
    return b.Error("territory", "has no allowance_kwh_per_day table");
  }
  return absl::OkStatus();
}

absl::Status ReadDemand(const TomlScope& top, Tariff* t) {
  const toml::array* a = ArrayOfTables(*top.table, "demand");
  if (a == nullptr) return absl::OkStatus();
  if (!a->is_array_of_tables() || a->size() > kMaxDemandCharges) {
    return top.Error("demand", "expected at most 16 [[demand]] tables");
  }
  for (size_t i = 0; i < a->size(); ++i) {
    TomlScope s{top.file, a->get(i)->as_table(), fmt::format("demand[{}]", i)};
    GL_RETURN_IF_ERROR(s.OnlyKeys({"name", "period", "seasons", "price_per_kw"}));
    DemandCharge d;
    GL_ASSIGN_OR_RETURN(d.name, s.String("name"));
    if (s.table->get("period") != nullptr) {
      GL_ASSIGN_OR_RETURN(d.period, PeriodOf(s, *t, "period"));
    }
    GL_ASSIGN_OR_RETURN(d.seasons, SeasonMask(s, *t));
    GL_ASSIGN_OR_RETURN(std::optional<int64_t> price, s.OptionalDecimal("price_per_kw", kMicro));
    if (!price) return s.Error("price_per_kw", "missing");
    d.price_uusd_per_kw = *price;
    t->demand.push_back(std::move(d));
  }
  return absl::OkStatus();
}

absl::Status ReadFixed(const TomlScope& top, Tariff* t) {
  const toml::node* n = top.table->get("fixed");
  if (n == nullptr) return absl::OkStatus();
  if (!n->is_table()) return top.Error("fixed", "expected a table");
  TomlScope s{top.file, n->as_table(), "fixed"};
  GL_RETURN_IF_ERROR(s.OnlyKeys({"per_day", "per_bill", "minimum_per_day"}));
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> per_day, s.OptionalDecimal("per_day", kMicro));
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> per_bill, s.OptionalDecimal("per_bill", kMicro));
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> minimum, s.OptionalDecimal("minimum_per_day", kMicro));
  t->per_day_uusd = per_day.value_or(0);
  t->per_bill_uusd = per_bill.value_or(0);
  t->minimum_per_day_uusd = minimum.value_or(0);
  return absl::OkStatus();
}

// weekday / weekend: 12 arrays (months) of 24 prices (local hours).
absl::Status ReadExportTable(const TomlScope& s, std::string_view key, int weekend, Tariff* t) {
  const toml::node* n = s.table->get(key);
  const toml::array* months = n == nullptr ? nullptr : n->as_array();
  if (months == nullptr || months->size() != 12) {
    return s.Error(key, "expected 12 arrays (January .. December) of 24 hourly prices");
  }
  for (size_t m = 0; m < 12; ++m) {
    const toml::array* hours = months->get(m)->as_array();
    if (hours == nullptr || hours->size() != 24) {
      return s.Error(key, fmt::format("month {}: expected 24 hourly prices", m + 1));
    }
    for (size_t h = 0; h < 24; ++h) {
      GL_ASSIGN_OR_RETURN(int64_t v, DecimalOfNode(*hours->get(h), kMicro, s.file,
                                                   fmt::format("{}[{}][{}]", s.Key(key), m, h)));
      t->export_price[m * 48 + static_cast<size_t>(weekend) * 24 + h] = v;
    }
  }
  return absl::OkStatus();
}

absl::Status ReadNem(const TomlScope& top, Tariff* t) {
  const toml::node* n = top.table->get("nem");
  if (n == nullptr) return absl::OkStatus();
  if (!n->is_table()) return top.Error("nem", "expected a table");
  TomlScope s{top.file, n->as_table(), "nem"};
  GL_RETURN_IF_ERROR(s.OnlyKeys({"mode", "export_price"}));
  GL_ASSIGN_OR_RETURN(std::string mode, s.String("mode"));
  const auto* it = std::find_if(std::begin(kNemModes), std::end(kNemModes),
                                [&](const NemName& m) { return m.name == mode; });
  if (it == std::end(kNemModes)) return s.Error("mode", "expected none, nem2 or net_billing");
  t->nem = it->mode;
  if (t->nem != NemMode::kNetBilling) return absl::OkStatus();
  const toml::node* e = s.table->get("export_price");
  if (e == nullptr || !e->is_table()) {
    return s.Error("export_price",
                   "net_billing needs [nem.export_price] (flat, or weekday and "
                   "weekend tables)");
  }
  TomlScope ep{top.file, e->as_table(), s.Key("export_price")};
  GL_RETURN_IF_ERROR(ep.OnlyKeys({"flat", "weekday", "weekend"}));
  t->export_price.assign(12 * 48, 0);
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> flat, ep.OptionalDecimal("flat", kMicro));
  if (flat) {
    std::fill(t->export_price.begin(), t->export_price.end(), *flat);
    return absl::OkStatus();
  }
  GL_RETURN_IF_ERROR(ReadExportTable(ep, "weekday", 0, t));
  return ReadExportTable(ep, "weekend", 1, t);
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("{}: cannot read", path));
  std::string text;
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxTomlBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}: larger than {} bytes", path, kMaxTomlBytes));
    }
  }
  return text;
}

std::vector<std::string> TariffDirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("GRIDLINE_TARIFFS"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  dirs.emplace_back("data/tariffs");
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path().parent_path() / "data" / "tariffs").string());
  return dirs;
}

}  // namespace

std::string_view DayTypeName(DayType t) { return kDayTypes[static_cast<int>(t)].name; }
std::string_view NemModeName(NemMode m) { return kNemModes[static_cast<int>(m)].name; }

int Tariff::PeriodIndex(std::string_view n) const {
  for (size_t i = 0; i < periods.size(); ++i) {
    if (periods[i] == n) return static_cast<int>(i);
  }
  return -1;
}

int Tariff::SeasonIndex(std::string_view n) const {
  for (size_t i = 0; i < seasons.size(); ++i) {
    if (seasons[i].name == n) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<Tariff> ParseTariff(const TariffSource& source) {
  GL_ASSIGN_OR_RETURN(toml::table table, ParseTomlText(source.text, source.file));
  TomlScope top{source.file, &table, ""};
  GL_RETURN_IF_ERROR(top.OnlyKeys({"name", "description", "source", "rates_effective", "classes",
                                   "time_zone", "holidays", "periods", "default_period", "season",
                                   "tou", "energy", "tier", "baseline", "demand", "fixed", "nem"}));
  Tariff t;
  GL_ASSIGN_OR_RETURN(t.name, top.String("name"));
  t.description = top.StringOr("description", "");
  t.source = top.StringOr("source", "");
  t.rates_effective = top.StringOr("rates_effective", "");
  GL_ASSIGN_OR_RETURN(t.classes, top.StringList("classes"));
  GL_ASSIGN_OR_RETURN(std::string zone, top.String("time_zone"));
  auto loaded = TimeZone::Load(zone);
  if (!loaded.ok()) return top.Error("time_zone", std::string(loaded.status().message()));
  t.zone = *loaded;
  t.holidays_file = top.StringOr("holidays", "");
  if (!t.holidays_file.empty()) {
    GL_ASSIGN_OR_RETURN(HolidayCalendar cal,
                        HolidayCalendar::FromText(source.holidays_text, t.holidays_file));
    t.holidays = std::move(cal);
  }
  GL_RETURN_IF_ERROR(ReadSeasons(top, &t));
  GL_RETURN_IF_ERROR(ReadPeriods(top, &t));
  GL_RETURN_IF_ERROR(ReadEnergy(top, &t));
  GL_RETURN_IF_ERROR(ReadBaselineAndTiers(top, &t));
  GL_RETURN_IF_ERROR(ReadDemand(top, &t));
  GL_RETURN_IF_ERROR(ReadFixed(top, &t));
  GL_RETURN_IF_ERROR(ReadNem(top, &t));
  return t;
}

absl::StatusOr<TariffSource> ReadTariffSource(const std::string& name_or_path) {
  std::string path = name_or_path;
  const bool is_path =
      name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml");
  if (!is_path) {
    std::string tried;
    path.clear();
    for (const std::string& dir : TariffDirs()) {
      const std::string candidate = dir + "/" + name_or_path + ".toml";
      if (std::filesystem::exists(candidate)) {
        path = candidate;
        break;
      }
      tried += (tried.empty() ? "" : ", ") + candidate;
    }
    if (path.empty()) {
      return absl::NotFoundError(
          fmt::format("tariff '{}' not found (tried {})", name_or_path, tried));
    }
  }
  TariffSource source;
  source.file = path;
  GL_ASSIGN_OR_RETURN(source.text, ReadWholeFile(path));
  // The calendar the tariff names is read now, so the bill can keep its text.
  auto table = ParseTomlText(source.text, path);
  if (!table.ok()) return table.status();
  if (const toml::node* h = table->get("holidays"); h != nullptr && h->is_string()) {
    const std::filesystem::path cal =
        std::filesystem::path(path).parent_path() / std::string(h->as_string()->get());
    GL_ASSIGN_OR_RETURN(source.holidays_text, ReadWholeFile(cal.string()));
  }
  return source;
}

}  // namespace gridline::billing
