// bill.h: billing determinants and the bill of one meter over one period under one tariff
// (docs/billing.md). Input is the meter's interval energy on the plan's UTC grid (Wh delivered
// and, for net metering, received; std::nullopt where no reading exists, never read as zero) and
// how many of the present delivered readings have each quality.
//
// Arithmetic: energy is summed exactly in Wh (int64); demand is W = Wh x 3600 / interval_s
// (exact for intervals that divide an hour); money is nano-dollars (Wh x micro-dollars per kWh),
// summed in 128 bits, and rounded once, half away from zero, to cents: `amount`. The charge rows
// are the same exact figures each rounded to cents for display, so their sum may differ from
// `amount` by a few cents. Demand charges that span a season change are prorated by the days of
// each season (the one division, rounded to the nano-dollar).
#ifndef GRIDLINE_BILLING_BILL_H_
#define GRIDLINE_BILLING_BILL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "billing/bill_plan.h"
#include "billing/tariff.h"
#include "common/quality.h"

namespace gridline::billing {

struct MeterIntervals {
  std::vector<std::optional<int64_t>> delivered_wh;     // plan.size() values
  std::vector<std::optional<int64_t>> received_wh;      // empty, or plan.size() values
  std::array<int64_t, kQualityCount> quality_counts{};  // of the present delivered readings
};

// One printed figure: value / 10^scale (kWh and kW: 3, money: 2, counts: 0).
struct Determinant {
  std::string name;
  int64_t value = 0;
  int scale = 0;
};

struct BillResult {
  std::vector<Determinant> rows;  // in print order; `amount` last
  int64_t amount_cents = 0;
  const Determinant* Find(std::string_view name) const;
};

// Computes the determinants and charges. `territory` picks the baseline allowance (empty: the
// tariff's default). InvalidArgument for an unknown territory or input not on the plan's grid;
// OutOfRange if a total leaves int64 (not reachable with load_series.h's bounds).
absl::StatusOr<BillResult> ComputeBill(const Tariff& tariff, const BillPlan& plan,
                                       const MeterIntervals& input,
                                       const std::string& territory = "");

// Rounds nano-dollars to cents, half away from zero.
int64_t NanoDollarsToCents(__int128 nusd);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_BILL_H_
