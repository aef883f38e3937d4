// influx.cc: the InfluxDB 1.x write API, so that InfluxDB clients, the `influx` shell and
// Telegraf's influxdb output write to gridline unchanged (docs/api.md "InfluxDB clients").
//
//   POST /write?db=&rp=&precision=n|ns|u|us|ms|s|m|h   admin, ingest: line protocol
//        (ingest/lineproto/line_protocol.h) whatever the Content-Type; 204 when every point
//        was stored, 400 `partial_write` with the counts and row errors otherwise
//   GET  /ping, POST /ping                             anyone: 204
//   GET|POST /query?q=CREATE DATABASE x                admin, ingest: success for CREATE
//        DATABASE (any db is accepted and "created" on first write) and SHOW DATABASES; any
//        other statement is answered in its result with an error that says so
//
// The token may be a bearer token, the password of Basic auth, or the `p` parameter (as
// InfluxDB clients send it: `influx -password TOKEN`). The mapping of measurements, tags and
// fields to readings is the server's (`serve --lp-meter-tag`, ...; ServerContext).
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/json_writer.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "httplib.h"
#include "ingest/input_formats.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/ingest_reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

// What an InfluxDB server answers in X-Influxdb-Version: clients print it, some check the major.
constexpr char kInfluxVersion[] = "1.8.10-gridline";

absl::Status PostWrite(const ApiRequest& request, Reply& reply) {
  reply.SetHeader("X-Influxdb-Version", kInfluxVersion);
  IngestJob job;
  job.format = ingest::FindInputFormat("lineproto");
  job.influx_answers = true;
  job.options.line_protocol.mapping = request.context().line_protocol;
  absl::StatusOr<ingest::LineProtocolPrecision> precision =
      ingest::ParseLineProtocolPrecision(request.QueryOr("precision", "n"));
  if (!precision.ok()) return InvalidParameter("precision", StdView(precision.status().message()));
  job.options.line_protocol.precision = *precision;
  job.body = request.body();
  return RunIngest(request, reply, std::move(job));
}

absl::Status Ping(const ApiRequest& /*request*/, Reply& reply) {
  reply.SetHeader("X-Influxdb-Version", kInfluxVersion);
  reply.SetHeader("X-Influxdb-Build", "OSS");
  reply.set_status(204);
  return absl::OkStatus();
}

// The `q` of a query: the query parameter, or a form-encoded body's (POST /query).
std::string QueryText(const ApiRequest& request) {
  if (std::optional<std::string> q = request.Query("q")) return *q;
  httplib::Params form;
  httplib::detail::parse_query_text(request.body(), form);
  auto it = form.find("q");
  return it == form.end() ? std::string() : it->second;
}

// One statement's result: CREATE DATABASE and SHOW DATABASES succeed, others say why not.
void WriteStatement(JsonWriter& w, int id, std::string_view statement) {
  const std::string_view trimmed = StripSpaces(statement);
  const std::string upper = absl::AsciiStrToUpper(absl::string_view(trimmed.data(), trimmed.size()));
  w.StartObject();
  WriteKey(w, "statement_id");
  w.Int(id);
  if (upper.rfind("SHOW DATABASES", 0) == 0) {
    WriteKey(w, "series");
    w.StartArray();
    w.StartObject();
    WriteKey(w, "name");
    WriteString(w, "databases");
    WriteKey(w, "columns");
    w.StartArray();
    WriteString(w, "name");
    w.EndArray();
    WriteKey(w, "values");
    w.StartArray();
    w.EndArray();
    w.EndObject();
    w.EndArray();
  } else if (upper.rfind("CREATE DATABASE", 0) != 0 &&
             upper.rfind("CREATE RETENTION POLICY", 0) != 0) {
    WriteKey(w, "error");
    WriteString(w,
                "gridline answers only CREATE DATABASE and SHOW DATABASES here (any db is "
                "accepted on /write); read data with /api/v1/... (docs/api.md)");
  }
  w.EndObject();
}

absl::Status Query(const ApiRequest& request, Reply& reply) {
  reply.SetHeader("X-Influxdb-Version", kInfluxVersion);
  const std::string q = QueryText(request);
  if (StripSpaces(q).empty()) {
    return InvalidParameter("q", "missing query (e.g. q=CREATE DATABASE meters)");
  }
  constexpr size_t kMaxStatements = 100;
  std::vector<std::string_view> statements;
  std::string_view rest = q;
  while (!rest.empty() && statements.size() < kMaxStatements) {
    const size_t semi = rest.find(';');
    std::string_view s = rest.substr(0, semi);
    if (!StripSpaces(s).empty()) statements.push_back(s);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
  }
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "results");
    w.StartArray();
    for (size_t i = 0; i < statements.size(); ++i) {
      WriteStatement(w, static_cast<int>(i), statements[i]);
    }
    w.EndArray();
    w.EndObject();
  });
  return absl::OkStatus();
}

// The parameters InfluxDB 1.x clients send; gridline takes db, rp, u and consistency and ignores
// them (any database is accepted).
std::vector<ParamSpec> ClientParams(std::vector<ParamSpec> more) {
  std::vector<ParamSpec> params = {
      QueryParam("db", ParamType::kString, "database: any name is accepted"),
      QueryParam("rp", ParamType::kString, "retention policy: ignored"),
      QueryParam("u", ParamType::kString, "user name: ignored"),
      QueryParam("p", ParamType::kString, "the API token, as InfluxDB clients send a password"),
  };
  for (ParamSpec& p : more) params.push_back(std::move(p));
  return params;
}

}  // namespace

void RegisterInfluxRoutes(Router* router) {
  router->Add({
      .method = "POST",
      .pattern = "/write",
      .access = kWriters,
      .summary = "InfluxDB 1.x write: line protocol (kwh,meter=M1 value=0.25 TIME) whatever the "
                 "Content-Type; 204 when every point is durable",
      .params =
          ClientParams({EnumParam("precision", {"n", "ns", "u", "us", "ms", "s", "m", "h"},
                                  "unit of the timestamps", "n"),
                        QueryParam("consistency", ParamType::kString, "ignored (single node)")}),
      .consumes = {kText},
      .handler = PostWrite,
      .tag = "influx",
      .foreign_clients = true,
  });
  for (const char* method : {"GET", "POST"}) {
    router->Add({
        .method = method,
        .pattern = "/ping",
        .access = kAnyone,
        .summary = "InfluxDB 1.x ping: 204 while the server serves",
        .params = {QueryParam("verbose", ParamType::kString, "ignored"),
                   QueryParam("wait_for_leader", ParamType::kString, "ignored")},
        .handler = Ping,
        .tag = "influx",
        .foreign_clients = true,
    });
    router->Add({
        .method = method,
        .pattern = "/query",
        .access = kWriters,
        .summary = "InfluxDB 1.x query: CREATE DATABASE and SHOW DATABASES succeed (for clients "
                   "that run them before writing); read data with /api/v1",
        .params = ClientParams({QueryParam("q", ParamType::kString, "the statements"),
                                QueryParam("epoch", ParamType::kString, "ignored"),
                                QueryParam("pretty", ParamType::kString, "ignored"),
                                QueryParam("chunked", ParamType::kString, "ignored")}),
        .consumes = {"application/x-www-form-urlencoded"},
        .handler = Query,
        .tag = "influx",
        .foreign_clients = true,
    });
  }
}

}  // namespace gridline::server
