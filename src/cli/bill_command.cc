// gridline bill run --meter ID --from T --to T --tariff NAME [--territory X] [--format csv|json]
//                   [--tz ZONE] [--data DIR]
//   computes the billing determinants and charges of the meter's validated readings over
//   [from, to) and keeps the bill; prints `determinant,value` (docs/billing.md).
// gridline bill trueup --meter ID --from T --to T [--format csv|json] [--tz ZONE] [--data DIR]
//   recomputes a billed period from the readings now stored, with the tariff the bill pinned,
//   keeps the true-up and prints `determinant,billed,actual,difference` (actual - billed).
// gridline bill list [--meter ID] [--data DIR]
//   prints the kept bills as JSON.
//
// --tariff is a file in data/tariffs/ (`pge-e-tou-c`) or a path. A naive --from/--to
// ("2024-07-01") is read in --tz, by default in the tariff's zone.
#include "cli/bill_command.h"

#include <cstdio>
#include <string>

#include "billing/bill_service.h"
#include "cli/cli_util.h"
#include "cli/commands.h"

namespace gridline::cli {

namespace {

struct BillFlags {
  std::string data, meter, from, to, tz, tariff, territory, format = "csv";
};

void AddPeriod(CLI::App* cmd, BillFlags* f) {
  cmd->add_option("--meter", f->meter, "meter id")->required();
  cmd->add_option("--from", f->from, "start of the period, inclusive (ISO 8601)")->required();
  cmd->add_option("--to", f->to, "end of the period, exclusive (ISO 8601)")->required();
  cmd->add_option("--tz", f->tz, "zone of a naive --from/--to (default: the tariff's)");
  cmd->add_option("--format", f->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--data", f->data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
}

int Print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

int RunBillRun(const BillFlags& f) {
  auto source = billing::ReadTariffSource(f.tariff);
  if (!source.ok()) return Fail("bill", source.status());
  auto engine = OpenStore(f.data, /*read_only=*/false);
  if (!engine.ok()) return Fail("bill", engine.status());
  auto bill = billing::RunBill(**engine, f.meter, {f.from, f.to, f.tz}, *source, f.territory);
  if (!bill.ok()) return Fail("bill", bill.status());
  return Print(f.format == "json" ? billing::BillJson(*bill) : billing::BillCsv(*bill));
}

int RunBillTrueup(const BillFlags& f) {
  auto engine = OpenStore(f.data, /*read_only=*/false);
  if (!engine.ok()) return Fail("bill", engine.status());
  auto t = billing::TrueUp(**engine, f.meter, {f.from, f.to, f.tz});
  if (!t.ok()) return Fail("bill", t.status());
  return Print(f.format == "json" ? billing::TrueupJson(*t) + "\n" : billing::TrueupCsv(*t));
}

int RunBillList(const BillFlags& f) {
  auto engine = OpenStore(f.data, /*read_only=*/true);
  if (!engine.ok()) return Fail("bill", engine.status());
  auto bills = billing::ListBills(**engine, f.meter, billing::kMaxBillsListed);
  if (!bills.ok()) return Fail("bill", bills.status());
  return Print(billing::BillsJson(*bills));
}

}  // namespace

int RunBill(int argc, char** argv) {
  CLI::App app{"Bill a meter over a period, and true up a billed period.", "gridline bill"};
  app.require_subcommand(1);
  BillFlags run_flags, trueup_flags, list_flags;
  CLI::App* run = app.add_subcommand("run", "compute, keep and print a bill");
  AddPeriod(run, &run_flags);
  run->add_option("--tariff", run_flags.tariff, "tariff name in data/tariffs/, or a path")
      ->required();
  run->add_option("--territory", run_flags.territory, "baseline territory (default: the tariff's)");
  CLI::App* trueup = app.add_subcommand("trueup", "recompute a billed period, print differences");
  AddPeriod(trueup, &trueup_flags);
  CLI::App* list = app.add_subcommand("list", "print the kept bills as JSON");
  list->add_option("--meter", list_flags.meter, "meter id (default: every meter)");
  list->add_option("--data", list_flags.data, "data directory");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (run->parsed()) return RunBillRun(run_flags);
  if (trueup->parsed()) return RunBillTrueup(trueup_flags);
  return RunBillList(list_flags);
}

}  // namespace gridline::cli
