// billing.cc: bills and true-ups (docs/billing.md), as `gridline bill` computes them.
//
//   POST /api/v1/billing/run?meter=&from=&to=&tariff=[&territory=][&tz=][&format=csv|json]
//   POST /api/v1/billing/trueup?meter=&from=&to=[&tz=][&format=csv|json]
//   GET  /api/v1/billing/bills?meter=
//
// A bill is one customer's data, never the public role's: run and trueup keep records, so they are
// admin only (analyst writes nothing); the kept bills are read by analyst and admin. `tariff` names
// a file of the server's tariff folder (data/tariffs/, or $GRIDLINE_TARIFFS), never a path. A naive
// from/to is read in `tz`, by default in the tariff's zone. Errors: 404 for an unknown meter or an
// unbilled period, 409 (FailedPrecondition) for a period already billed or a tariff that does
// not serve the meter's class, 400 for a bad tariff or parameter.
#include "billing/bill_service.h"
#include "common/status_macros.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/billing_routes.h"

namespace gridline::server {

namespace {

absl::StatusOr<billing::PeriodText> PeriodOf(const ApiRequest& request) {
  billing::PeriodText p;
  p.from = request.QueryOr("from", "");
  p.to = request.QueryOr("to", "");
  p.tz = request.QueryOr("tz", "");
  return p;
}

void Answer(const ApiRequest& request, Reply& reply, std::string csv, std::string json) {
  if (request.csv()) {
    reply.Body(std::move(csv), kCsv);
  } else {
    reply.Body(std::move(json), kJson);
  }
}

absl::Status PostRun(const ApiRequest& request, Reply& reply) {
  const std::string tariff = request.QueryOr("tariff", "");
  if (tariff.empty() || tariff.find('/') != std::string::npos ||
      tariff.find("..") != std::string::npos || tariff.ends_with(".toml")) {
    return absl::InvalidArgumentError(
        "tariff: a tariff name from the server's tariff folder, e.g. pge-e-tou-c");
  }
  GL_ASSIGN_OR_RETURN(billing::TariffSource source, billing::ReadTariffSource(tariff));
  GL_ASSIGN_OR_RETURN(billing::PeriodText period, PeriodOf(request));
  GL_ASSIGN_OR_RETURN(billing::StoredBill bill,
                      billing::RunBill(*request.context().engine, request.QueryOr("meter", ""),
                                       period, source, request.QueryOr("territory", "")));
  Answer(request, reply, billing::BillCsv(bill), billing::BillJson(bill));
  return absl::OkStatus();
}

absl::Status PostTrueup(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(billing::PeriodText period, PeriodOf(request));
  GL_ASSIGN_OR_RETURN(
      billing::StoredTrueup t,
      billing::TrueUp(*request.context().engine, request.QueryOr("meter", ""), period));
  Answer(request, reply, billing::TrueupCsv(t), billing::TrueupJson(t) + "\n");
  return absl::OkStatus();
}

absl::Status GetBills(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(std::vector<billing::StoredBill> bills,
                      billing::ListBills(*request.context().engine, request.QueryOr("meter", ""),
                                         billing::kMaxBillsListed));
  reply.Body(billing::BillsJson(bills), kJson);
  return absl::OkStatus();
}

ParamSpec MeterParam() { return QueryParam("meter", ParamType::kString, "meter id", true); }
ParamSpec PeriodFrom() {
  return QueryParam("from", ParamType::kString,
                    "start, inclusive (ISO 8601; naive: in tz, else the tariff's zone)", true);
}
ParamSpec PeriodTo() {
  return QueryParam("to", ParamType::kString, "end, exclusive (ISO 8601)", true);
}
ParamSpec PeriodTz() {
  return QueryParam("tz", ParamType::kString, "IANA zone of a naive from/to");
}

}  // namespace

void RegisterBillingRoutes(Router* router) {
  router->Add({
      .method = "POST",
      .pattern = "/api/v1/billing/run",
      .access = kAdminOnly,
      .summary = "Compute a meter's bill for [from, to) under a tariff, keep it and answer its "
                 "determinants (CSV `determinant,value` or JSON), as `gridline bill run`",
      .params = {MeterParam(), PeriodFrom(), PeriodTo(),
                 QueryParam("tariff", ParamType::kString, "tariff name (data/tariffs/NAME.toml)",
                            true),
                 QueryParam("territory", ParamType::kString, "baseline territory"), PeriodTz()},
      .produces = {kJson, kCsv},
      .handler = PostRun,
      .tag = "billing",
  });
  router->Add({
      .method = "POST",
      .pattern = "/api/v1/billing/trueup",
      .access = kAdminOnly,
      .summary = "Recompute a billed period from the readings now stored and keep the true-up "
                 "(`determinant,billed,actual,difference`), as `gridline bill trueup`",
      .params = {MeterParam(), PeriodFrom(), PeriodTo(), PeriodTz()},
      .produces = {kJson, kCsv},
      .handler = PostTrueup,
      .tag = "billing",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/billing/bills",
      .access = kReaders,
      .summary = "The kept bills of a meter, with their determinants",
      .params = {MeterParam()},
      .handler = GetBills,
      .tag = "billing",
  });
}

}  // namespace gridline::server
