// Realism and determinism of the in-process generator. Each realism check is one that a broken
// model fails: evening above night, weekdays above weekends for businesses, PV only by day, EV
// sessions of several kW, defects near their configured rates and absent when disabled.
#include "sim/fleet.h"

#include <cstdint>
#include <map>
#include <tuple>

#include "common/time.h"
#include "gtest/gtest.h"

namespace gridline::sim {
namespace {

FleetOptions Options(int64_t meters, int days, int y, unsigned m, unsigned d, uint64_t seed) {
  FleetOptions o;
  o.meters = meters;
  o.days = days;
  o.start_day = DaysFromCivil(y, m, d);
  o.seed = seed;
  return o;
}

std::unique_ptr<Fleet> Make(const FleetOptions& o) {
  absl::StatusOr<std::unique_ptr<Fleet>> f = Fleet::Create(o);
  EXPECT_TRUE(f.ok()) << f.status();
  return std::move(*f);
}

uint64_t Hash(Fleet* fleet) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    for (int s = 0; s < kSlotsPerDay; ++s) {
      mix(static_cast<uint64_t>(md.values.delivered_wh[s]));
      mix(static_cast<uint64_t>(md.values.received_wh[s]));
    }
    mix(md.defects.missing.count() * 1000 + md.late_rows.size());
  });
  return h;
}

TEST(Fleet, RejectsBadOptions) {
  FleetOptions o;
  o.meters = 0;
  EXPECT_FALSE(Fleet::Create(o).ok());
  o.meters = 1;
  o.days = 0;
  EXPECT_FALSE(Fleet::Create(o).ok());
  o.days = 1;
  o.mix.pv_share = 1.5;
  EXPECT_FALSE(Fleet::Create(o).ok());
}

TEST(Fleet, SameSeedSameValuesOtherSeedOtherValues) {
  const FleetOptions a = Options(300, 3, 2026, 7, 1, 5);
  FleetOptions b = a;
  b.seed = 6;
  EXPECT_EQ(Hash(Make(a).get()), Hash(Make(a).get()));
  EXPECT_NE(Hash(Make(a).get()), Hash(Make(b).get()));
}

TEST(Fleet, MeterDoesNotDependOnFleetSize) {
  FleetOptions small = Options(10, 2, 2026, 7, 1, 9);
  FleetOptions big = Options(600, 2, 2026, 7, 1, 9);
  std::map<std::pair<int, int>, int64_t> sums;
  Make(small)->ForEachMeterDay([&](const MeterDay& md) {
    int64_t s = 0;
    for (int v : md.values.delivered_wh) s += v;
    sums[{static_cast<int>(md.profile->index), md.day_index}] = s;
  });
  Make(big)->ForEachMeterDay([&](const MeterDay& md) {
    if (md.profile->index >= 10) return;
    int64_t s = 0;
    for (int v : md.values.delivered_wh) s += v;
    EXPECT_EQ(s, (sums[{static_cast<int>(md.profile->index), md.day_index}]));
  });
}

// Local hour of slot s of a meter-day.
int LocalHour(const Fleet& f, const MeterDay& md, int s) {
  return f.weather().Day(md.day_index).local_minute[s] / 60;
}

TEST(Fleet, ResidentialEveningPeakAboveNight) {
  FleetOptions o = Options(200, 7, 2026, 4, 6, 2);
  o.defects.enabled = false;
  o.mix.commercial_share = 0;
  o.mix.pv_share = 0;
  o.mix.ev_share = 0;
  auto fleet = Make(o);
  double evening = 0, night = 0, n_evening = 0, n_night = 0;
  int64_t typical = 0, values = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    for (int s = 0; s < kSlotsPerDay; ++s) {
      const int h = LocalHour(*fleet, md, s);
      const int v = md.values.delivered_wh[s];
      if (h >= 18 && h < 21) evening += v, ++n_evening;
      if (h >= 1 && h < 4) night += v, ++n_night;
      typical += (v >= 20 && v <= 2000);
      ++values;
    }
  });
  EXPECT_GT(evening / n_evening, 1.8 * night / n_night);
  // Typical 15-minute values are 20-2000 Wh.
  EXPECT_GT(static_cast<double>(typical) / values, 0.95);
}

TEST(Fleet, CommercialWeekdayMiddayAboveWeekend) {
  FleetOptions o = Options(60, 14, 2026, 4, 6, 3);
  o.defects.enabled = false;
  o.mix.commercial_share = 1;
  auto fleet = Make(o);
  double weekday = 0, weekend = 0, n_weekday = 0, n_weekend = 0, peak_kw = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    const DayConditions& day = fleet->weather().Day(md.day_index);
    for (int s = 0; s < kSlotsPerDay; ++s) {
      const int h = day.local_minute[s] / 60;
      if (h < 11 || h >= 14) continue;
      if (IsRestDay(day.local_day[s])) {
        weekend += md.values.delivered_wh[s], ++n_weekend;
      } else {
        weekday += md.values.delivered_wh[s], ++n_weekday;
      }
      peak_kw = std::max(peak_kw, md.values.delivered_wh[s] * 4 / 1000.0);
    }
  });
  EXPECT_GT(weekday / n_weekday, 1.15 * weekend / n_weekend);
  EXPECT_GT(weekday / n_weekday * 4 / 1000.0, 10.0);  // tens of kW on average
}

TEST(Fleet, PvExportsAtSummerNoonAndNeverAtNight) {
  FleetOptions o = Options(80, 5, 2026, 6, 20, 4);
  o.defects.enabled = false;
  o.mix.commercial_share = 0;
  o.mix.pv_share = 1;
  o.mix.ev_share = 0;
  auto fleet = Make(o);
  double noon = 0, n_noon = 0;
  int64_t night_export = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    ASSERT_TRUE(md.has_received);
    for (int s = 0; s < kSlotsPerDay; ++s) {
      const int h = LocalHour(*fleet, md, s);
      if (h >= 12 && h < 14) noon += md.values.received_wh[s], ++n_noon;
      if (h >= 22 || h < 4) night_export += md.values.received_wh[s];
      // Net metering: never both directions in one interval.
      EXPECT_TRUE(md.values.received_wh[s] == 0 || md.values.delivered_wh[s] == 0);
    }
  });
  EXPECT_GT(noon / n_noon, 300.0);  // > 1.2 kW average export
  EXPECT_EQ(night_export, 0);
}

TEST(Fleet, EvMetersChargeAtSeveralKilowattsInTheEvening) {
  FleetOptions o = Options(100, 7, 2026, 4, 6, 5);
  o.defects.enabled = false;
  o.mix.commercial_share = 0;
  o.mix.pv_share = 0;
  FleetOptions without = o;
  o.mix.ev_share = 1;
  without.mix.ev_share = 0;
  auto share_of_days_with_charging = [](Fleet* fleet) {
    int64_t days = 0, charging = 0;
    fleet->ForEachMeterDay([&](const MeterDay& md) {
      bool hit = false;
      for (int s = 0; s < kSlotsPerDay; ++s) {
        const int h = fleet->weather().Day(md.day_index).local_minute[s] / 60;
        const bool evening_or_night = h >= 17 || h < 6;
        hit |= evening_or_night && md.values.delivered_wh[s] >= 1000;  // >= 4 kW for 15 min
      }
      ++days;
      charging += hit;
    });
    return static_cast<double>(charging) / days;
  };
  const double with_ev = share_of_days_with_charging(Make(o).get());
  const double no_ev = share_of_days_with_charging(Make(without).get());
  EXPECT_GT(with_ev, 0.5);
  EXPECT_GT(with_ev, no_ev + 0.3);
}

TEST(Fleet, DefectsNearConfiguredRates) {
  FleetOptions o = Options(1000, 10, 2026, 7, 1, 6);
  o.mix.pv_share = 0;
  o.defects.stop_rate = 0.01;
  auto fleet = Make(o);
  int64_t slots = 0, missing = 0, outage_days = 0, meter_days = 0, dups = 0, late = 0, spikes = 0;
  int64_t stopped_meters = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    const DayDefects& d = md.defects;
    ++meter_days;
    slots += kSlotsPerDay;
    missing += static_cast<int64_t>((d.missing & ~d.outage).count());
    // Count outage starts: the first outage slot not continuing one from the day before.
    for (int s = 0; s < kSlotsPerDay; ++s) {
      if (d.outage[s] && (s == 0 ? false : !d.outage[s - 1])) ++outage_days;
    }
    dups += static_cast<int64_t>(d.duplicate[0].count());
    late += static_cast<int64_t>(d.late[0].count());
    spikes += static_cast<int64_t>(d.spike.count());
    if (md.day_index == o.days - 1 && d.outage[kSlotsPerDay - 1] && d.outage[0]) ++stopped_meters;
  });
  const double n = static_cast<double>(slots);
  EXPECT_NEAR(missing / n, 0.002, 0.0007);
  EXPECT_NEAR(outage_days / static_cast<double>(meter_days), 0.005 + 0.01 / 10, 0.003);
  EXPECT_NEAR(dups / n, 0.001, 0.0004);
  EXPECT_NEAR(late / n, 0.005 * 0.9, 0.0015);  // none on the last of 10 days
  EXPECT_GT(spikes, 40);
  EXPECT_LT(spikes, 160);
  EXPECT_GE(stopped_meters, 2);
  EXPECT_LE(stopped_meters, 25);

  FleetOptions clean = o;
  clean.defects.enabled = false;
  int64_t any = 0;
  Make(clean)->ForEachMeterDay([&](const MeterDay& md) {
    const DayDefects& d = md.defects;
    any += static_cast<int64_t>(d.missing.count() + d.duplicate[0].count() + d.late[0].count() +
                                d.spike.count() + md.late_rows.size());
  });
  EXPECT_EQ(any, 0);
}

TEST(Fleet, OutagesTakeOutTransformersTogether) {
  FleetOptions o = Options(1500, 20, 2026, 7, 1, 12);
  o.defects.outage_rate = 0.02;
  o.defects.stop_rate = 0;
  auto fleet = Make(o);
  // (day, transformer, start slot) -> meters whose outage starts there.
  std::map<std::tuple<int, int64_t, int>, int> starts;
  int64_t outage_starts = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    const int64_t xfmr = fleet->place(md.profile->index).transformer;
    ASSERT_GE(xfmr, 0);
    for (int s = 1; s < kSlotsPerDay; ++s) {
      if (md.defects.outage[s] && !md.defects.outage[s - 1]) {
        ++starts[{md.day_index, xfmr, s}];
        ++outage_starts;
      }
    }
  });
  int64_t shared = 0;
  for (const auto& [key, n] : starts) shared += n > 1 ? n : 0;
  EXPECT_GT(outage_starts, 300);
  EXPECT_GT(static_cast<double>(shared) / outage_starts, 0.5);  // most hit a whole transformer
}

TEST(Fleet, LoadRunsHighWhenPowerReturns) {
  FleetOptions o = Options(800, 10, 2026, 7, 1, 13);
  o.defects.outage_rate = 0.03;
  o.defects.spike_rate = 0;
  FleetOptions clean = o;
  clean.defects.enabled = false;
  std::map<std::pair<int64_t, int>, std::vector<int32_t>> reference;
  Make(clean)->ForEachMeterDay([&](const MeterDay& md) {
    reference[{md.profile->index, md.day_index}].assign(md.values.delivered_wh,
                                                        md.values.delivered_wh + kSlotsPerDay);
  });
  double after = 0, before = 0;
  int64_t restorations = 0, untouched = 0, compared = 0;
  Make(o)->ForEachMeterDay([&](const MeterDay& md) {
    const std::vector<int32_t>& ref = reference[{md.profile->index, md.day_index}];
    for (int s = 1; s < kSlotsPerDay; ++s) {
      if (md.defects.outage[s - 1] && !md.defects.outage[s]) {
        after += md.values.delivered_wh[s];
        before += ref[s];
        ++restorations;
      } else if (!md.defects.outage[s] && !md.defects.outage[s - 1] &&
                 (s < 2 || !md.defects.outage[s - 2])) {
        untouched += md.values.delivered_wh[s] == ref[s];
        ++compared;
      }
    }
  });
  EXPECT_GT(restorations, 100);
  EXPECT_NEAR(after / before, 1.6, 0.05);
  EXPECT_EQ(untouched, compared);  // elsewhere defects leave the clean values alone
}

TEST(Fleet, LateRowsArriveWithTheNextDay) {
  FleetOptions o = Options(200, 3, 2026, 7, 1, 8);
  o.defects.late_rate = 0.05;
  o.mix.pv_share = 0;
  auto fleet = Make(o);
  std::map<int64_t, std::vector<std::pair<int, int32_t>>> pending;  // meter -> (slot, value)
  int64_t seen = 0;
  fleet->ForEachMeterDay([&](const MeterDay& md) {
    auto& expect = pending[md.profile->index];
    ASSERT_EQ(md.late_rows.size(), expect.size());
    for (size_t i = 0; i < expect.size(); ++i) {
      EXPECT_EQ(md.late_rows[i].slot, expect[i].first);
      EXPECT_EQ(md.late_rows[i].value_wh, expect[i].second);
      ++seen;
    }
    expect.clear();
    for (int s = 0; s < kSlotsPerDay; ++s) {
      if (md.defects.late[0][s]) expect.push_back({s, md.values.delivered_wh[s]});
    }
  });
  EXPECT_GT(seen, 1000);
}

}  // namespace
}  // namespace gridline::sim
