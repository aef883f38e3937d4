// bill_service.h: bills and true-ups of a meter in a gridline store, shared by `gridline bill`
// and the /api/v1/billing routes so both compute, keep and print the same thing.
//
// Reading: the meter's kWh-delivered series (and kWh-received, when it has one) over [from, to)
// through the same path `query readings` uses for the validated layer (query/series_reader.h),
// so bills follow the validated values as VEE fills that layer. The class is the meter's
// `customer_class` in the topology (default `residential`).
//
// Keeping: a bill is one record in the store's `meta` column family under
// `billing/bill/METER\x1fFROM\x1fTO` (FROM, TO in UTC ISO 8601), written in one atomic commit
// (Store::CommitExclusive). It pins the tariff and holiday-calendar texts it was priced with, so
// a true-up reprices the period with the same tariff. A true-up recomputes the period from the
// readings now in the store and is kept under `billing/trueup/METER\x1fFROM\x1fTO\x1fNNNNNN`
// (NNNNNN counts the period's true-ups from 1). Record format: docs/billing.md, "Stored bills".
#ifndef GRIDLINE_BILLING_BILL_SERVICE_H_
#define GRIDLINE_BILLING_BILL_SERVICE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "billing/bill.h"
#include "billing/tariff.h"
#include "engine/engine.h"

namespace gridline::billing {

inline constexpr std::string_view kBillKeyPrefix = "billing/bill/";
inline constexpr std::string_view kTrueupKeyPrefix = "billing/trueup/";
// A listing returns at most this many bills (a meter has one a month).
inline constexpr size_t kMaxBillsListed = 10000;

struct StoredBill {
  std::string meter, tariff, customer_class, territory;
  std::string time_zone;  // the tariff's
  int64_t from_s = 0, to_s = 0;
  std::string computed_at;  // UTC ISO 8601
  TariffSource source;
  BillResult result;
};

struct TrueupRow {
  std::string name;
  int64_t billed = 0, actual = 0;
  int scale = 0;
};

struct StoredTrueup {
  std::string meter;
  int64_t from_s = 0, to_s = 0;
  std::string computed_at;
  int64_t sequence = 0;
  std::vector<TrueupRow> rows;  // every determinant of the bill or of the recomputation
};

// A billing period as a user types it: ISO 8601 instants, where a naive time ("2024-07-01")
// is read in `tz`, or when `tz` is empty in the tariff's zone (the bill's, for a true-up).
struct PeriodText {
  std::string from, to, tz;
};

// Computes the bill of `meter` over [from, to) with `source` and keeps it. NotFound for an
// unknown meter; InvalidArgument for a bad tariff or period; FailedPrecondition when the tariff
// does not serve the meter's class, or the period is already billed (a bill is never
// overwritten: use TrueUp); FailedPrecondition from a read-only engine.
absl::StatusOr<StoredBill> RunBill(engine::Engine& engine, const std::string& meter,
                                   const PeriodText& period, const TariffSource& source,
                                   const std::string& territory = "");

// Computes the bill a meter would get, without keeping it (the bench and tests).
absl::StatusOr<StoredBill> ComputeStoredBill(const engine::Engine& engine, const std::string& meter,
                                             int64_t from_s, int64_t to_s,
                                             const TariffSource& source,
                                             const std::string& territory);

// Recomputes the stored bill's period and keeps the true-up. NotFound when the period of that
// meter was never billed.
absl::StatusOr<StoredTrueup> TrueUp(engine::Engine& engine, const std::string& meter,
                                    const PeriodText& period);

// The stored bills of `meter` (every meter when empty), by meter then period; at most `limit`.
absl::StatusOr<std::vector<StoredBill>> ListBills(const engine::Engine& engine,
                                                  const std::string& meter, size_t limit);

// The text of a bill or true-up: CSV (`determinant,value` / `determinant,billed,actual,
// difference`) or JSON (docs/billing.md).
std::string BillCsv(const StoredBill& bill);
std::string BillJson(const StoredBill& bill);
std::string BillsJson(const std::vector<StoredBill>& bills);
std::string TrueupCsv(const StoredTrueup& t);
std::string TrueupJson(const StoredTrueup& t);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_BILL_SERVICE_H_
