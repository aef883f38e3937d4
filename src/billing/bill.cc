#include "billing/bill.h"

#include <algorithm>
#include <limits>

#include "fmt/format.h"

namespace gridline::billing {

namespace {

constexpr int kEnergyScale = 3;  // Wh as kWh
constexpr int kMoneyScale = 2;   // cents as dollars

// Sums of one meter over the plan, all exact.
struct Sums {
  std::vector<int64_t> delivered, received, net, imported;  // per bucket, Wh
  std::vector<int64_t> w_max;                               // per bucket, W of billable demand
  std::array<int64_t, 24> exported_by_hour{};               // Wh by local hour of day
  int64_t exported = 0;
  __int128 export_credit_nusd = 0;
  int64_t present = 0;
};

Sums Accumulate(const Tariff& t, const BillPlan& plan, const MeterIntervals& in) {
  const size_t buckets = t.seasons.size() * t.periods.size();
  Sums s;
  s.delivered.assign(buckets, 0);
  s.received.assign(buckets, 0);
  s.net.assign(buckets, 0);
  s.imported.assign(buckets, 0);
  s.w_max.assign(buckets, std::numeric_limits<int64_t>::min());
  const bool has_received = !in.received_wh.empty();
  const bool net_metered = t.nem != NemMode::kNone;
  // W = Wh x 3600 / interval: a multiplication when the interval divides an hour (the hot case).
  const int64_t per_hour = 3600 % plan.interval_s == 0 ? 3600 / plan.interval_s : 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    const std::optional<int64_t>& d = in.delivered_wh[i];
    // Plain values, not a copied optional: GCC 12 at -O1 warns that its value may be unset.
    const bool r = has_received && in.received_wh[i].has_value();
    if (!d && !r) continue;
    ++s.present;
    const size_t b = plan.bucket[i];
    const int64_t dv = d.value_or(0), rv = r ? *in.received_wh[i] : 0;
    s.delivered[b] += dv;
    s.received[b] += rv;
    // NEM nets delivered against received in each interval first.
    const int64_t billable = net_metered ? dv - rv : dv;
    s.net[b] += billable;
    if (billable > 0) s.imported[b] += billable;
    if (billable < 0 && net_metered) {
      const int64_t out = -billable;
      s.exported += out;
      s.exported_by_hour[plan.export_class[i] % 24] += out;
      if (t.nem == NemMode::kNetBilling) {
        s.export_credit_nusd += static_cast<__int128>(out) * t.export_price[plan.export_class[i]];
      }
    }
    if (d || net_metered) {
      const int64_t w = per_hour != 0 ? billable * per_hour : billable * 3600 / plan.interval_s;
      s.w_max[b] = std::max(s.w_max[b], w);
    }
  }
  return s;
}

int64_t Sum(const std::vector<int64_t>& v) {
  int64_t total = 0;
  for (int64_t x : v) total += x;
  return total;
}

int64_t MaxOf(const Sums& s, const Tariff& t, uint32_t seasons, int period) {
  int64_t best = std::numeric_limits<int64_t>::min();
  for (size_t si = 0; si < t.seasons.size(); ++si) {
    if ((seasons >> si & 1) == 0) continue;
    for (size_t p = 0; p < t.periods.size(); ++p) {
      if (period >= 0 && static_cast<size_t>(period) != p) continue;
      best = std::max(best, s.w_max[si * t.periods.size() + p]);
    }
  }
  return best == std::numeric_limits<int64_t>::min() ? 0 : std::max<int64_t>(best, 0);
}

}  // namespace

int64_t NanoDollarsToCents(__int128 nusd) {
  constexpr int64_t kPerCent = 10'000'000;
  const __int128 half = kPerCent / 2;
  const __int128 q = nusd >= 0 ? (nusd + half) / kPerCent : -((-nusd + half) / kPerCent);
  return static_cast<int64_t>(q);
}

const Determinant* BillResult::Find(std::string_view name) const {
  for (const Determinant& d : rows) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

absl::StatusOr<BillResult> ComputeBill(const Tariff& t, const BillPlan& plan,
                                       const MeterIntervals& in, const std::string& territory) {
  if (in.delivered_wh.size() != plan.size() ||
      (!in.received_wh.empty() && in.received_wh.size() != plan.size())) {
    return absl::InvalidArgumentError("the meter's intervals are not on the bill's grid");
  }
  const std::string& terr = territory.empty() ? t.territory : territory;
  const std::vector<int64_t>* allowance = nullptr;
  if (!t.baseline_wh_per_day.empty()) {
    auto it = t.baseline_wh_per_day.find(terr);
    if (it == t.baseline_wh_per_day.end()) {
      return absl::InvalidArgumentError(
          fmt::format("tariff {}: no baseline allowance for territory '{}'", t.name, terr));
    }
    allowance = &it->second;
  }
  const Sums s = Accumulate(t, plan, in);
  const size_t np = t.periods.size();
  BillResult bill;
  auto row = [&](std::string name, int64_t value, int scale) {
    bill.rows.push_back({std::move(name), value, scale});
  };
  // Energy determinants: net of received when net-metered, else delivered.
  row("kwh_total", Sum(s.net), kEnergyScale);
  for (size_t p = 0; p < np; ++p) {
    int64_t wh = 0;
    for (size_t si = 0; si < t.seasons.size(); ++si) wh += s.net[si * np + p];
    row("kwh_" + t.periods[p], wh, kEnergyScale);
  }
  for (size_t si = 0; si < t.seasons.size(); ++si) {
    for (size_t p = 0; p < np; ++p) {
      row(fmt::format("kwh_{}_{}", t.seasons[si].name, t.periods[p]), s.net[si * np + p],
          kEnergyScale);
    }
  }
  if (t.nem != NemMode::kNone) {
    row("kwh_delivered", Sum(s.delivered), kEnergyScale);
    row("kwh_received", Sum(s.received), kEnergyScale);
    row("kwh_imported", Sum(s.imported), kEnergyScale);
    row("kwh_exported", s.exported, kEnergyScale);
    for (size_t h = 0; h < 24; ++h) {
      if (s.exported_by_hour[h] != 0) {
        row(fmt::format("kwh_exported_h{:02}", h), s.exported_by_hour[h], kEnergyScale);
      }
    }
  }
  // The energy the prices apply to, per bucket: Net Billing charges imports (exports earn the
  // export price); NEM 2 charges the net of each period, which may be a credit.
  const std::vector<int64_t>& priced = t.nem == NemMode::kNetBilling ? s.imported : s.net;
  __int128 energy_nusd = 0;
  for (size_t b = 0; b < priced.size(); ++b) {
    energy_nusd += static_cast<__int128>(priced[b]) * t.energy_price[b];
  }
  // Tiers against the baseline allowance of the period's days, season by season.
  std::vector<__int128> tier_nusd;
  if (allowance != nullptr) {
    int64_t baseline_wh = 0;
    for (size_t si = 0; si < t.seasons.size(); ++si) {
      baseline_wh += plan.season_days[si] * (*allowance)[si];
    }
    row("kwh_baseline", baseline_wh, kEnergyScale);
    const int64_t usage = std::max<int64_t>(Sum(priced), 0);
    int64_t lower = 0;
    for (size_t k = 0; k < t.tiers.size(); ++k) {
      const Tier& tier = t.tiers[k];
      const int64_t upper = tier.up_to_baseline_pct ? baseline_wh * *tier.up_to_baseline_pct / 100
                                                    : std::numeric_limits<int64_t>::max();
      const int64_t in_tier = std::clamp<int64_t>(usage, lower, std::max(lower, upper)) - lower;
      row(fmt::format("kwh_tier{}", k + 1), in_tier, kEnergyScale);
      tier_nusd.push_back(static_cast<__int128>(in_tier) * tier.adder_uusd_per_kwh);
      lower = std::max(lower, upper);
    }
  }
  // Demand: the largest interval demand, overall and per period.
  const uint32_t all_seasons = t.seasons.size() >= 32 ? ~0u : (1u << t.seasons.size()) - 1;
  row("kw_max", MaxOf(s, t, all_seasons, -1), kEnergyScale);
  for (size_t p = 0; p < np; ++p) {
    row("kw_max_" + t.periods[p], MaxOf(s, t, all_seasons, static_cast<int>(p)), kEnergyScale);
  }
  std::vector<__int128> demand_nusd;
  for (const DemandCharge& d : t.demand) {
    __int128 charge = 0;
    if ((d.seasons & all_seasons) == all_seasons) {
      charge = static_cast<__int128>(MaxOf(s, t, all_seasons, d.period)) * d.price_uusd_per_kw;
    } else {
      // A seasonal charge on the season's own maximum, prorated by the season's share of days.
      for (size_t si = 0; si < t.seasons.size(); ++si) {
        if ((d.seasons >> si & 1) == 0 || plan.season_days[si] == 0) continue;
        const __int128 full =
            static_cast<__int128>(MaxOf(s, t, 1u << si, d.period)) * d.price_uusd_per_kw;
        charge += (full * plan.season_days[si] * 2 + plan.days) / (2 * plan.days);
      }
    }
    demand_nusd.push_back(charge);
  }
  // Days and data quality.
  row("days", plan.days, 0);
  for (size_t si = 0; si < t.seasons.size(); ++si) {
    row("days_" + t.seasons[si].name, plan.season_days[si], 0);
  }
  row("intervals", static_cast<int64_t>(plan.size()), 0);
  row("intervals_missing", static_cast<int64_t>(plan.size()) - s.present, 0);
  row("estimated_intervals", in.quality_counts[static_cast<int>(Quality::kEstimated)], 0);
  row("edited_intervals", in.quality_counts[static_cast<int>(Quality::kEdited)], 0);
  row("suspect_intervals", in.quality_counts[static_cast<int>(Quality::kSuspect)], 0);
  // Charges, exact; then the one rounding.
  __int128 total = energy_nusd;
  row("charge_energy", NanoDollarsToCents(energy_nusd), kMoneyScale);
  for (size_t k = 0; k < tier_nusd.size(); ++k) {
    total += tier_nusd[k];
    row(fmt::format("charge_tier{}", k + 1), NanoDollarsToCents(tier_nusd[k]), kMoneyScale);
  }
  for (size_t k = 0; k < demand_nusd.size(); ++k) {
    total += demand_nusd[k];
    row("charge_demand_" + t.demand[k].name, NanoDollarsToCents(demand_nusd[k]), kMoneyScale);
  }
  const __int128 fixed =
      (static_cast<__int128>(t.per_day_uusd) * plan.days + t.per_bill_uusd) * 1000;
  total += fixed;
  row("charge_fixed", NanoDollarsToCents(fixed), kMoneyScale);
  if (t.nem == NemMode::kNetBilling) {
    total -= s.export_credit_nusd;
    row("credit_export", NanoDollarsToCents(-s.export_credit_nusd), kMoneyScale);
  }
  const __int128 minimum = static_cast<__int128>(t.minimum_per_day_uusd) * plan.days * 1000;
  const __int128 topup = total < minimum ? minimum - total : 0;
  total += topup;
  row("charge_minimum", NanoDollarsToCents(topup), kMoneyScale);
  bill.amount_cents = NanoDollarsToCents(total);
  row("amount", bill.amount_cents, kMoneyScale);
  return bill;
}

}  // namespace gridline::billing
