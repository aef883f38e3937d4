// vee.cc: the validated layer's routes (docs/vee.md, docs/api.md "VEE").
//
//   GET  /api/v1/vee/exceptions[?meter=&rule=&status=&from=&to=&limit=&cursor=]
//        exceptions in (meter, time) order, page by page (pagination.h); CSV or JSON as
//        `gridline vee exceptions` prints them (vee/exception_output.h)
//   POST /api/v1/vee/exceptions/{id}/accept?user=&reason=
//   PUT  /api/v1/meters/{id}/readings/{timestamp}?kwh=&user=&reason=[&to=][&channel=]
//        a manual edit (engine/manual_edit.h): the slot (or every slot in [timestamp, to))
//        becomes `edited`
//   GET  /api/v1/meters/{id}/readings/{timestamp}/history
//        every version of one reading, as `gridline query history` prints it
//
// Exceptions and histories name a customer's meter: only the roles that read meters' readings
// see them (kReaders); edits and accepts change what bills are made of: admin only.
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "engine/manual_edit.h"
#include "fmt/format.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/pagination.h"
#include "server/reply.h"
#include "server/routes/meter_params.h"
#include "server/routes/routes.h"
#include "vee/exception_output.h"
#include "vee/exception_store.h"
#include "vee/history_output.h"

namespace gridline::server {

namespace {

absl::StatusOr<int64_t> PathInstant(const ApiRequest& request) {
  absl::StatusOr<int64_t> t = ParseInstant(request.PathParam("timestamp"));
  if (!t.ok()) return InvalidParameter("timestamp", StdView(t.status().message()));
  return *t;
}

absl::Status GetExceptions(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const PageRequest page, Page(request));
  vee::ExceptionFilter filter;
  if (std::optional<std::string> meter = request.Query("meter")) {
    if (!request.store().catalog().FindAsset(*meter)) {
      Where where;
      where.parameter = "meter";
      return WithWhere(absl::NotFoundError(fmt::format("unknown meter '{}'", *meter)), where);
    }
    filter.meter = *meter;
  }
  if (std::optional<std::string> rule = request.Query("rule")) {
    filter.rule = vee::RuleFromName(*rule);
    if (!filter.rule) return InvalidParameter("rule", fmt::format("unknown rule '{}'", *rule));
  }
  if (std::optional<std::string> status = request.Query("status")) {
    filter.status = vee::ExceptionStatusFromName(*status);
  }
  if (request.Query("from")) {
    GL_ASSIGN_OR_RETURN(filter.from_s, request.Instant("from"));
  }
  if (request.Query("to")) {
    GL_ASSIGN_OR_RETURN(filter.to_s, request.Instant("to"));
  }
  if (!page.after.empty() && !vee::ExceptionKeyOfId(page.after)) {
    return InvalidParameter("cursor", "not a cursor of this list");
  }
  auto view = request.store().NewReadView();
  std::vector<vee::ExceptionRow> rows;
  bool more = false;
  GL_RETURN_IF_ERROR(vee::ListExceptions(*view, filter, page.after,
                                         [&](std::string_view id, const vee::ExceptionRecord& r) {
                                           if (rows.size() == page.limit) {
                                             more = true;
                                             return false;
                                           }
                                           rows.emplace_back(std::string(id), r);
                                           return true;
                                         }));
  if (request.csv()) {
    std::string out;
    vee::AppendExceptionsCsv(rows, &out);
    reply.Body(std::move(out), kCsv);
    return absl::OkStatus();
  }
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    vee::WriteExceptionsJson(rows, w);
    WriteNextCursor(w, more ? rows.back().first : std::string());
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status AcceptException(const ApiRequest& request, Reply& reply) {
  engine::ExceptionStatusChange change;
  change.id = request.PathParam("id");
  change.status = vee::ExceptionStatus::kAccepted;
  change.user = request.QueryOr("user", "");
  change.reason = request.QueryOr("reason", "");
  if (change.reason.empty()) return InvalidParameter("reason", "required");
  absl::Status s = request.context().engine->validated()->ChangeExceptionStatus(change);
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    return InvalidParameter("user", StdView(s.message()));
  }
  GL_RETURN_IF_ERROR(s);
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "id");
    WriteString(w, change.id);
    WriteKey(w, "status");
    WriteString(w, "accepted");
    WriteKey(w, "user");
    WriteString(w, change.user);
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status PutEdit(const ApiRequest& request, Reply& reply) {
  engine::ManualEdit edit;
  edit.meter = request.PathParam("id");
  edit.channel = request.QueryOr("channel", "kwh_delivered");
  GL_ASSIGN_OR_RETURN(edit.from_s, PathInstant(request));
  edit.to_s = edit.from_s + 1;
  if (request.Query("to")) {
    GL_ASSIGN_OR_RETURN(edit.to_s, request.Instant("to"));
  }
  if (edit.to_s <= edit.from_s) return InvalidParameter("to", "must be after the timestamp");
  edit.value = request.QueryOr("kwh", "");
  edit.user = request.QueryOr("user", "");
  edit.reason = request.QueryOr("reason", "");
  absl::StatusOr<engine::ManualEditResult> result =
      engine::ApplyManualEdit(request.context().engine, edit);
  if (!result.ok() && result.status().code() == absl::StatusCode::kInvalidArgument) {
    // The message starts with the parameter at fault ("user: required").
    const std::string message(StdView(result.status().message()));
    const size_t colon = message.find(':');
    std::string name = colon == std::string::npos ? "kwh" : message.substr(0, colon);
    return InvalidParameter(name, message);
  }
  if (!result.ok()) return result.status();
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "meter");
    WriteString(w, edit.meter);
    WriteKey(w, "edited");
    w.Uint64(result->slots);
    WriteKey(w, "changed");
    w.Uint64(result->commit.changed);
    WriteKey(w, "unchanged");
    w.Uint64(result->commit.unchanged);
    WriteKey(w, "exceptions_closed");
    w.Uint64(result->commit.exceptions_changed);
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status GetHistory(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const int64_t at, PathInstant(request));
  auto view = request.store().NewReadView();
  GL_ASSIGN_OR_RETURN(query::MeterSeries target, FindMeter(request));
  absl::StatusOr<std::vector<vee::HistoryEvent>> events = vee::ReadHistory(*view, target, at);
  if (!events.ok() && events.status().code() == absl::StatusCode::kInvalidArgument) {
    return InvalidParameter("timestamp", StdView(events.status().message()));
  }
  if (!events.ok()) return events.status();
  reply.Body(vee::HistoryText(target, at, *events, request.format()), request.csv() ? kCsv : kJson);
  return absl::OkStatus();
}

}  // namespace

void RegisterVeeRoutes(Router* router) {
  Route list{
      .method = "GET",
      .pattern = "/api/v1/vee/exceptions",
      .access = kReaders,
      .summary =
          "VEE exceptions (rule, severity, status, the reads concerned, who and when), "
          "filtered, page by page",
      .params = {QueryParam("meter", ParamType::kString, "only this meter's"),
                 QueryParam("rule", ParamType::kString, "only this rule's (e.g. spike)"),
                 EnumParam("status", {"open", "estimated", "edited", "accepted"},
                           "only those with this status"),
                 QueryParam("from", ParamType::kInstant, "only those overlapping [from, to)"),
                 QueryParam("to", ParamType::kInstant, "end of that range, exclusive")},
      .produces = {kJson, kCsv},
      .handler = GetExceptions,
      .tag = "vee",
  };
  for (ParamSpec& p : PageParams()) list.params.push_back(std::move(p));
  router->Add(std::move(list));
  router->Add({
      .method = "POST",
      .pattern = "/api/v1/vee/exceptions/{id}/accept",
      .access = kAdminOnly,
      .summary = "Accept a VEE exception, with who and why",
      .params = {PathParam("id", "exception id"),
                 Required(QueryParam("user", ParamType::kString, "who accepts")),
                 Required(QueryParam("reason", ParamType::kString, "why"))},
      .produces = {kJson},
      .handler = AcceptException,
      .tag = "vee",
  });
  router->Add({
      .method = "PUT",
      .pattern = "/api/v1/meters/{id}/readings/{timestamp}",
      .access = kAdminOnly,
      .summary = "Edit a reading by hand (or every reading in [timestamp, to)): its validated "
                 "value becomes `edited`, with who and why; the raw values stay",
      .params = {MeterIdParam(), PathParam("timestamp", "start of the interval (ISO 8601)"),
                 Required(QueryParam("kwh", ParamType::kString,
                                     "the value, in the channel's unit (kWh: at most 3 decimals)")),
                 Required(QueryParam("user", ParamType::kString, "who edits")),
                 Required(QueryParam("reason", ParamType::kString, "why")),
                 QueryParam("to", ParamType::kInstant, "edit every interval up to here"),
                 ChannelParam()},
      .produces = {kJson},
      .handler = PutEdit,
      .tag = "vee",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/meters/{id}/readings/{timestamp}/history",
      .access = kReaders,
      .summary = "Every version of one reading: received (each raw version, when it arrived), "
                 "estimated, edited, with who, when and why",
      .params = {MeterIdParam(), PathParam("timestamp", "start of the interval (ISO 8601)"),
                 ChannelParam()},
      .produces = {kJson, kCsv},
      .handler = GetHistory,
      .tag = "vee",
  });
}

}  // namespace gridline::server
