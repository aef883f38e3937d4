// rules_real_data_test.cc: the validation rules on real meters (test/data, each with its
// SOURCE.md): how often each rule fires per meter-month on households nobody tampered with (the
// rules that replace values must not fire there), that defects planted into the same real series
// are caught, Emporia's circuits against its mains, and DST on the PG&E fall-back and the Ausgrid
// standard-time clock.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "vee/rules/series_csv.h"
#include "vee/rules/validate.h"
#include "vee/rules/validate_months.h"

namespace gridline::vee {
namespace {

using Values = std::vector<std::optional<int64_t>>;

std::string Data(const std::string& rel) {
  return std::string(GL_SOURCE_DIR) + "/test/data/" + rel;
}

struct MonthCounts {
  size_t meter_months = 0;
  std::map<VeeRule, size_t> months_with;  // meter-months in which the rule fired
  size_t replaced = 0;
};

// Validates `values` in windows of local calendar months with history (validate_months.h).
void ValidateByMonth(const std::string& meter, UnixSeconds start, int64_t interval_s,
                     const Values& values, const TimeZone& zone, const RuleSet& rules,
                     MonthCounts* counts, std::vector<VeeException>* all = nullptr) {
  MeterWindow base;
  base.meter_id = meter;
  base.start_s = start;
  base.interval_s = interval_s;
  base.value_wh = values;
  base.zone = &zone;
  absl::Status s = vee::ValidateByMonth(base, rules, INT64_MIN, INT64_MAX,
                                        [&](const MeterWindow&, const ValidationResult& r) {
                                          ++counts->meter_months;
                                          counts->replaced += r.replace_count;
                                          std::map<VeeRule, bool> fired;
                                          for (const VeeException& e : r.exceptions) {
                                            fired[e.rule] = true;
                                            if (all != nullptr) all->push_back(e);
                                          }
                                          for (const auto& [rule, yes] : fired)
                                            ++counts->months_with[rule];
                                        });
  ASSERT_TRUE(s.ok()) << s;
}

void Print(const std::string& label, const MonthCounts& c) {
  std::printf("%s: %zu meter-months, %zu values replaced\n", label.c_str(), c.meter_months,
              c.replaced);
  for (const auto& [rule, n] : c.months_with) {
    std::printf("  %-22s %3zu meter-months (%.1f %%)\n",
                std::string(GetRuleSpec(rule).name).c_str(), n,
                100.0 * static_cast<double>(n) / static_cast<double>(c.meter_months));
  }
}

size_t Fired(const MonthCounts& c, VeeRule r) {
  auto it = c.months_with.find(r);
  return it == c.months_with.end() ? 0 : it->second;
}

SeriesCsv ReadLcl(const std::string& id) {
  SeriesCsvOptions o;
  o.time_column = "tstp";
  o.value_columns = {"energy(kWh/hh)"};
  absl::StatusOr<SeriesCsv> csv = ReadSeriesCsv(Data("lcl/" + id + ".csv"), o);
  EXPECT_TRUE(csv.ok()) << csv.status();
  return csv.ok() ? *std::move(csv) : SeriesCsv{};
}

constexpr const char* kLcl[] = {"MAC000002", "MAC000003", "MAC000004", "MAC000005",
                                "MAC000006", "MAC000007", "MAC000008", "MAC000009"};

// EVIDENCE: issue 13 item 1 — zero and consecutive-zero only flag; spike, high, unit and negative
// replace, so on untouched households they must (almost) never fire.
TEST(VeeRulesRealData, LclHouseholdsKeepTheirValues) {
  absl::StatusOr<TimeZone> london = TimeZone::Load("Europe/London");
  ASSERT_TRUE(london.ok());
  MonthCounts counts;
  for (const char* id : kLcl) {
    SeriesCsv csv = ReadLcl(id);
    ASSERT_EQ(csv.interval_s, 1800);
    ValidateByMonth(id, csv.start_s, csv.interval_s, csv.values_wh[0], *london, RuleSet::Defaults(),
                    &counts);
  }
  Print("LCL 8 households 2013", counts);
  EXPECT_GE(counts.meter_months, 90u);
  EXPECT_EQ(Fired(counts, VeeRule::kSpike), 0u);
  EXPECT_EQ(Fired(counts, VeeRule::kUnitMultiplier), 0u);
  EXPECT_EQ(Fired(counts, VeeRule::kNegativeDelivered), 0u);
  // A day over 4x the ADU is replaced; on real households that is a rare real day (Christmas).
  EXPECT_LE(Fired(counts, VeeRule::kHighUsage), counts.meter_months / 25);
  // MAC000003 and MAC000009 have real gaps.
  EXPECT_GE(Fired(counts, VeeRule::kMissingInterval), 2u);
}

// The same households with the defects planted: each is caught, and only it is replaced.
TEST(VeeRulesRealData, LclPlantedDefectsAreCaught) {
  absl::StatusOr<TimeZone> london = TimeZone::Load("Europe/London");
  ASSERT_TRUE(london.ok());
  for (const char* id : kLcl) {
    SeriesCsv csv = ReadLcl(id);
    Values v = csv.values_wh[0];
    // 2013-05-15 12:00Z and 18:00Z, 2013-06-20 09:00Z, as slots of the file's grid.
    auto slot = [&](int month, int day, int hour) {
      return static_cast<size_t>(
          (DaysFromCivil(2013, month, day) * 86400 + hour * 3600 - csv.start_s) / 1800);
    };
    const size_t spike = slot(5, 15, 12), negative = slot(5, 15, 18), unit = slot(6, 20, 9);
    ASSERT_TRUE(v[spike] && v[spike - 1] && v[spike + 1]) << id;
    // A misread far above anything the household drew that day (10x its highest), >= 12 kW.
    const size_t day0 = spike - spike % 48;
    int64_t day_max = 0;
    for (size_t i = day0; i < day0 + 48; ++i) day_max = std::max(day_max, v[i].value_or(0));
    v[spike] = std::max<int64_t>(10 * day_max, 6'000);
    v[negative] = -1'000;
    v[unit] = *v[unit] * 1000 + 100'000;  // kWh read as Wh
    MonthCounts counts;
    std::vector<VeeException> all;
    ValidateByMonth(id, csv.start_s, csv.interval_s, v, *london, RuleSet::Defaults(), &counts,
                    &all);
    auto caught = [&](VeeRule rule, size_t s) {
      const UnixSeconds t = csv.start_s + static_cast<int64_t>(s) * 1800;
      for (const VeeException& e : all) {
        if (e.rule == rule && e.first_slot_s <= t && t < e.end_slot_s) return true;
      }
      return false;
    };
    EXPECT_TRUE(caught(VeeRule::kSpike, spike) || caught(VeeRule::kUnitMultiplier, spike)) << id;
    EXPECT_TRUE(caught(VeeRule::kNegativeDelivered, negative)) << id;
    EXPECT_TRUE(caught(VeeRule::kUnitMultiplier, unit)) << id;
  }
}

SeriesCsv ReadAusgrid(const std::string& zone) {
  SeriesCsvOptions o;
  o.time_column = "";  // the header's first cell is empty
  o.value_columns = {"GC", "GG"};
  o.unit_kw = true;
  o.zone = zone;
  absl::StatusOr<SeriesCsv> csv =
      ReadSeriesCsv(Data("ausgrid-solar-home/customer12_2011-07_2012-06.csv"), o);
  EXPECT_TRUE(csv.ok()) << csv.status();
  return csv.ok() ? *std::move(csv) : SeriesCsv{};
}

// Ausgrid customer 12, consumption (GC) and PV (GG), read as Sydney wall-clock time: no rule that
// replaces values fires, and no DST shift shows. Read as if the stamps kept Australian standard
// time all year (Brisbane, UTC+10), the profile after the October 2011 change is an hour off and
// the rule says so: the stamps are wall-clock time.
TEST(VeeRulesRealData, AusgridSolarHome) {
  absl::StatusOr<TimeZone> sydney = TimeZone::Load("Australia/Sydney");
  ASSERT_TRUE(sydney.ok());
  SeriesCsv local = ReadAusgrid("Australia/Sydney");
  MonthCounts consumption, pv;
  ValidateByMonth("customer12", local.start_s, local.interval_s, local.values_wh[0], *sydney,
                  RuleSet::Defaults(), &consumption);
  Print("Ausgrid customer 12 GC (Sydney wall clock)", consumption);
  EXPECT_EQ(consumption.meter_months, 12u);
  EXPECT_EQ(consumption.replaced, 0u);
  EXPECT_EQ(Fired(consumption, VeeRule::kDstShift), 0u);
  RuleSet received = RuleSet::Defaults();
  ValidateByMonth("customer12", local.start_s, local.interval_s, local.values_wh[1], *sydney,
                  received, &pv);
  Print("Ausgrid customer 12 GG as delivered (PV: zero every night)", pv);
  EXPECT_EQ(Fired(pv, VeeRule::kZeroConsumption), 0u);  // never a whole day of zeros

  SeriesCsv standard = ReadAusgrid("Australia/Brisbane");
  MonthCounts shifted;
  std::vector<VeeException> all;
  ValidateByMonth("customer12", standard.start_s, standard.interval_s, standard.values_wh[0],
                  *sydney, RuleSet::Defaults(), &shifted, &all);
  std::vector<std::string> dst;
  for (const VeeException& e : all) {
    if (e.rule == VeeRule::kDstShift) dst.push_back(FormatIsoUtc(e.first_slot_s));
  }
  EXPECT_EQ(dst, std::vector<std::string>{"2011-10-02T13:00:00Z"});
}

// The PG&E account (hourly, America/Los_Angeles) across the fall-back of 2018-11-04, whose two
// 01:00 rows the reader places by order: no shift, and no value replaced but one high day. The
// same file read as if its clock had stayed on daylight time (UTC-7) matches better shifted, but
// by less than the margin: five days of one household are too few to say (docs/vee.md).
TEST(VeeRulesRealData, PgeFallBackDay) {
  absl::StatusOr<TimeZone> la = TimeZone::Load("America/Los_Angeles");
  ASSERT_TRUE(la.ok());
  RuleSet rules = RuleSet::Defaults();
  rules.set_value(Param::kDstDays, 5);  // the file ends six days after the change
  std::map<std::string, size_t> shifts;
  for (const char* zone : {"America/Los_Angeles", "Etc/GMT+7"}) {
    SeriesCsvOptions o;
    o.date_column = "DATE";
    o.time_column = "START TIME";
    o.value_columns = {"USAGE"};
    o.zone = zone;
    absl::StatusOr<SeriesCsv> csv =
        ReadSeriesCsv(Data("greenbutton/pge_real_2018-10-04_to_2018-11-10.csv"), o);
    ASSERT_TRUE(csv.ok()) << csv.status();
    ASSERT_EQ(csv->interval_s, 3600);
    ASSERT_EQ(csv->rows, 913u);
    MeterWindow in;
    in.meter_id = "pge";
    in.start_s = csv->start_s;
    in.interval_s = 3600;
    in.value_wh = csv->values_wh[0];
    in.zone = &*la;
    absl::StatusOr<ValidationResult> r = Validate(in, rules);
    ASSERT_TRUE(r.ok()) << r.status();
    for (const VeeException& e : r->exceptions) {
      std::printf("PG&E read in %s: %s %s %s\n", zone,
                  std::string(GetRuleSpec(e.rule).name).c_str(),
                  FormatIsoUtc(e.first_slot_s).c_str(), e.detail.c_str());
      if (e.rule == VeeRule::kDstShift) ++shifts[zone];
    }
  }
  EXPECT_EQ(shifts["America/Los_Angeles"], 0u);
}

struct Panel {
  SeriesCsv csv;
  PanelSeries panel;
};

Panel ReadEmporia() {
  const std::string path = Data("emporia-vue-circuits/8C9E94-Barn-15MIN.csv");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  char header[8192] = {};
  EXPECT_NE(f, nullptr);
  if (f == nullptr || std::fgets(header, sizeof header, f) == nullptr) return {};
  std::fclose(f);
  std::vector<std::string> names;
  std::string cell;
  for (const char* p = header; *p && *p != '\n' && *p != '\r'; ++p) {
    if (*p == ',') {
      names.push_back(cell);
      cell.clear();
    } else {
      cell += *p;
    }
  }
  names.push_back(cell);
  SeriesCsvOptions o;
  o.time_column = names[0];
  o.time_format = "%m/%d/%Y %H:%M:%S";
  o.zone = "America/New_York";
  o.unit_kw = true;
  o.value_columns.assign(names.begin() + 1, names.end());
  Panel p;
  absl::StatusOr<SeriesCsv> csv = ReadSeriesCsv(path, o);
  EXPECT_TRUE(csv.ok()) << csv.status();
  if (!csv.ok()) return {};
  p.csv = *std::move(csv);
  return p;
}

void Wire(Panel* p) {
  p->panel = PanelSeries{};
  for (size_t c = 0; c < p->csv.names.size(); ++c) {
    const std::string& name = p->csv.names[c];
    if (name.find("Mains_C") != std::string::npos) continue;  // `No CT`: no sensor fitted
    (name.find("Mains_") != std::string::npos ? p->panel.mains_wh : p->panel.circuits_wh)
        .push_back(p->csv.values_wh[c]);
  }
}

// Emporia Vue: 16 circuits never exceed the two mains legs (unmonitored loads make them less);
// a mains CT counted again as a circuit for one day does.
TEST(VeeRulesRealData, EmporiaCircuitsStayUnderTheirMains) {
  Panel p = ReadEmporia();
  Wire(&p);
  ASSERT_EQ(p.panel.mains_wh.size(), 2u);
  ASSERT_EQ(p.panel.circuits_wh.size(), 16u);
  absl::StatusOr<TimeZone> ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok());
  auto run = [&](const Panel& panel) {
    MeterWindow in;
    in.meter_id = "8C9E94";
    in.channel = ChannelKind::kKwhDelivered;
    in.start_s = panel.csv.start_s;
    in.interval_s = panel.csv.interval_s;
    in.value_wh = panel.panel.mains_wh[0];
    in.zone = &*ny;
    in.panel = &panel.panel;
    RuleSet rules = RuleSet::Defaults();
    for (const VeeRuleSpec& spec : AllRules()) {
      rules.set_enabled(spec.rule, spec.rule == VeeRule::kCircuitsExceedMains);
    }
    absl::StatusOr<ValidationResult> r = Validate(in, rules);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->exceptions : std::vector<VeeException>{};
  };
  EXPECT_TRUE(run(p).empty());
  // The heat pump circuit also carries mains leg A on 2026-02-10 (96 quarter-hours).
  Values& heat_pump = p.csv.values_wh[11];
  ASSERT_NE(p.csv.names[11].find("Heat Pump"), std::string::npos);
  const size_t first = static_cast<size_t>(
      (ny->LocalMidnightUtc(DaysFromCivil(2026, 2, 10)) - p.csv.start_s) / p.csv.interval_s);
  for (size_t i = first; i < first + 96; ++i) {
    if (heat_pump[i] && p.csv.values_wh[0][i]) *heat_pump[i] += *p.csv.values_wh[0][i];
  }
  Wire(&p);
  std::vector<VeeException> e = run(p);
  ASSERT_FALSE(e.empty());
  size_t flagged = 0;
  for (const VeeException& x : e) {
    EXPECT_GE(x.first_slot_s, p.csv.start_s + static_cast<int64_t>(first) * 900);
    flagged += static_cast<size_t>((x.end_slot_s - x.first_slot_s) / 900);
  }
  std::printf("Emporia planted day: %zu of 96 quarter-hours flagged in %zu exceptions\n", flagged,
              e.size());
  EXPECT_GE(flagged, 48u);
}

}  // namespace
}  // namespace gridline::vee
