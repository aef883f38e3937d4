#include "bench/billing_bench.h"

#include <time.h>

#include <algorithm>
#include <vector>

#include "billing/bill.h"
#include "billing/bill_plan.h"
#include "billing/tariff.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "sim/fleet.h"

namespace gridline::bench {

namespace {

// July 2024 in Los Angeles, simulated as 32 UTC days from 1 July so the local month is covered.
constexpr int kDays = 32;

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct MeterMonth {
  std::vector<int32_t> delivered, received;  // kDays * kSlotsPerDay Wh; received empty without PV
  std::vector<bool> missing;
};

}  // namespace

absl::Status RunBillingBench(const BillingBenchOptions& options, const EmitFn& emit) {
  GL_ASSIGN_OR_RETURN(billing::TariffSource source, billing::ReadTariffSource(options.tariff));
  GL_ASSIGN_OR_RETURN(billing::Tariff tariff, billing::ParseTariff(source));
  sim::FleetOptions fo;
  fo.meters = options.meters;
  fo.days = kDays;
  fo.start_day = DaysFromCivil(2024, 7, 1);
  fo.seed = options.seed;
  GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::Fleet> fleet, sim::Fleet::Create(fo));
  const size_t per_day = sim::kSlotsPerDay;
  std::vector<MeterMonth> months(static_cast<size_t>(options.meters));
  fleet->ForEachMeterDay([&](const sim::MeterDay& d) {
    MeterMonth& m = months[static_cast<size_t>(d.profile->index)];
    if (m.delivered.empty()) {
      m.delivered.resize(kDays * per_day);
      m.missing.resize(kDays * per_day);
      if (d.has_received) m.received.resize(kDays * per_day);
    }
    const size_t base = static_cast<size_t>(d.day_index) * per_day;
    for (size_t s = 0; s < per_day; ++s) {
      m.delivered[base + s] = d.values.delivered_wh[s];
      m.missing[base + s] = d.defects.missing[s];
      if (!m.received.empty()) m.received[base + s] = d.values.received_wh[s];
    }
  });
  const TimeZone& zone = tariff.zone;
  const int64_t sim_start = fo.start_day * kSecondsPerDay;
  const int64_t from = zone.LocalMidnightUtc(DaysFromCivil(2024, 7, 1));
  const int64_t to = zone.LocalMidnightUtc(DaysFromCivil(2024, 8, 1));
  std::vector<double> seconds, cpu_seconds;
  int64_t checksum = 0;
  for (int run = 0; run < options.runs; ++run) {
    const auto t0 = Clock::now();
    const double cpu0 = ThreadCpuSeconds();
    GL_ASSIGN_OR_RETURN(billing::BillPlan plan, billing::PlanBill(tariff, from, to, 900));
    const size_t offset = static_cast<size_t>((plan.start_s - sim_start) / 900);
    billing::MeterIntervals in;
    for (const MeterMonth& m : months) {
      in.delivered_wh.assign(plan.size(), std::nullopt);
      in.received_wh.clear();
      if (!m.received.empty()) in.received_wh.assign(plan.size(), std::nullopt);
      in.quality_counts = {};
      for (size_t i = 0; i < plan.size(); ++i) {
        if (m.missing[offset + i]) continue;
        in.delivered_wh[i] = m.delivered[offset + i];
        if (!m.received.empty()) in.received_wh[i] = m.received[offset + i];
        ++in.quality_counts[0];
      }
      GL_ASSIGN_OR_RETURN(billing::BillResult bill, billing::ComputeBill(tariff, plan, in));
      checksum += bill.amount_cents;
    }
    seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    cpu_seconds.push_back(ThreadCpuSeconds() - cpu0);
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu_seconds.begin(), cpu_seconds.end());
  const double median = seconds[seconds.size() / 2];
  emit(fmt::format("billing_determinants_{}_meters_s", options.meters), median, "s");
  // The same run's CPU time on its one thread: the wall time on a machine shared with other
  // work includes the time the thread waited for a core.
  emit(fmt::format("billing_determinants_{}_meters_cpu_s", options.meters),
       cpu_seconds[cpu_seconds.size() / 2], "s");
  emit("billing_bills_per_s", static_cast<double>(options.meters) / median, "bills/s");
  // The fleet's total, so the work cannot be optimised away and two runs can be compared.
  emit("billing_amount_total_usd", static_cast<double>(checksum / options.runs) / 100.0, "USD");
  return absl::OkStatus();
}

}  // namespace gridline::bench
