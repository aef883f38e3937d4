// topology.cc: changing the grid model over the API, as a background job, and watching jobs.
//
//   POST /api/v1/topology[?wait=true]   body: topology CSV or GeoJSON (as `import topology`)
//       The whole input is checked first: errors answer 400 with every error (the first in
//       `detail`), nothing applied. A valid input starts a job that applies it and moves the
//       roll-ups of the meters it moves (docs/rollups.md): 202 {"job": ID, "url": ...}; with
//       wait=true the answer waits for the job and reports its counts (200), or, when the
//       request's deadline comes first (serve --request-timeout), answers 202 as without wait:
//       the job goes on (its writes are durable and are not undone).
//   GET /api/v1/jobs/{id}               {"id", "kind", "state", "done", "total", "started",
//                                        "finished", "message"}
//   GET /api/v1/jobs                    {"jobs": [...]}, running first
#include <chrono>
#include <cstdlib>
#include <thread>

#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/routes.h"
#include "topology/topology_file.h"

namespace gridline::server {

namespace {

void WriteJob(JsonWriter& w, const engine::JobInfo& job) {
  w.StartObject();
  WriteKey(w, "id");
  w.Uint64(job.id);
  WriteKey(w, "kind");
  WriteString(w, job.kind);
  WriteKey(w, "state");
  WriteString(w, engine::JobStateName(job.state));
  WriteKey(w, "done");
  w.Uint64(job.done);
  WriteKey(w, "total");
  w.Uint64(job.total);
  WriteKey(w, "started");
  WriteString(w, FormatIsoUtc(job.started_us / 1'000'000));
  WriteKey(w, "finished");
  if (job.finished_us == 0) {
    w.Null();
  } else {
    WriteString(w, FormatIsoUtc(job.finished_us / 1'000'000));
  }
  WriteKey(w, "message");
  WriteString(w, job.message);
  w.EndObject();
}

std::string Summary(const topology::ImportTopologyReport& r) {
  return fmt::format("{} records: {} added, {} updated, {} moved, {} unchanged, {} routes",
                     r.records, r.added, r.updated, r.moved, r.unchanged, r.routes);
}

absl::Status PostTopology(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const bool wait, request.Bool("wait", false));
  if (request.body().empty()) {
    return absl::InvalidArgumentError("send the topology as a CSV or GeoJSON body");
  }
  engine::Engine* db = request.context().engine;
  auto input = std::make_shared<topology::TopologyInput>(
      topology::ParseTopologyText(request.body(), "body"));
  const topology::ImportTopologyReport check = db->topology().Check(*input);
  if (!check.applied()) {
    const topology::TopologyError& first = check.errors.front();
    Where where;
    where.file = "body";
    where.line = static_cast<int64_t>(first.where.line);
    where.index = first.where.feature;
    where.field = first.field;
    std::string all;
    for (const topology::TopologyError& e : check.errors) {
      all += topology::FormatTopologyError(e);
      all.push_back('\n');
      if (all.size() > 64 * 1024) break;
    }
    return WithWhere(absl::InvalidArgumentError(
                         fmt::format("{} errors, nothing applied:\n{}", check.error_count, all)),
                     where);
  }
  const uint64_t job = db->jobs().Start(
      "topology", [db, input](engine::JobProgress& progress) -> absl::StatusOr<std::string> {
        GL_ASSIGN_OR_RETURN(topology::ImportTopologyReport report,
                            db->ApplyTopology(*input, &progress));
        if (!report.applied()) {
          return absl::InvalidArgumentError(
              fmt::format("refused: {}", topology::FormatTopologyError(report.errors.front())));
        }
        return Summary(report);
      });
  bool running = true;
  if (wait) {
    std::optional<engine::JobInfo> info = db->jobs().Get(job);
    while (info && info->state == engine::JobState::kRunning && !request.deadline().Expired()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      info = db->jobs().Get(job);
    }
    if (info && info->state == engine::JobState::kFailed) {
      return absl::FailedPreconditionError(info->message);
    }
    running = info && info->state == engine::JobState::kRunning;
  }
  if (running) {
    reply.set_status(202);
    reply.SetHeader("Location", fmt::format("/api/v1/jobs/{}", job));
  }
  std::optional<engine::JobInfo> info = db->jobs().Get(job);
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "job");
    w.Uint64(job);
    WriteKey(w, "url");
    WriteString(w, fmt::format("/api/v1/jobs/{}", job));
    if (info) {
      WriteKey(w, "status");
      WriteJob(w, *info);
    }
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status GetJob(const ApiRequest& request, Reply& reply) {
  const std::string& id = request.PathParam("id");
  char* end = nullptr;
  const uint64_t n = std::strtoull(id.c_str(), &end, 10);
  std::optional<engine::JobInfo> info;
  if (!id.empty() && end == id.c_str() + id.size()) info = request.context().engine->jobs().Get(n);
  if (!info) {
    Where where;
    where.parameter = "id";
    return WithWhere(absl::NotFoundError(fmt::format("no job '{}'", id)), where);
  }
  reply.Json([&](JsonWriter& w) { WriteJob(w, *info); });
  return absl::OkStatus();
}

absl::Status ListJobs(const ApiRequest& request, Reply& reply) {
  const std::vector<engine::JobInfo> jobs = request.context().engine->jobs().List();
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "jobs");
    w.StartArray();
    for (const engine::JobInfo& j : jobs) WriteJob(w, j);
    w.EndArray();
    w.EndObject();
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterTopologyRoutes(Router* router) {
  router->Add({
      .method = "POST",
      .pattern = "/api/v1/topology",
      .access = kAdminOnly,
      .summary = "Import topology (CSV or GeoJSON body), all or nothing, as a job that moves "
                 "roll-ups",
      .params = {QueryParam("wait", ParamType::kBoolean, "answer when the job has finished", false,
                            "false")},
      .consumes = {kCsv, "application/geo+json", kJson},
      .handler = PostTopology,
      .tag = "topology",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/jobs/{id}",
      .access = kReaders,
      .summary = "A background job's state and progress",
      .params = {PathParam("id", "job id")},
      .handler = GetJob,
      .tag = "jobs",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/jobs",
      .access = kReaders,
      .summary = "Background jobs, running first",
      .handler = ListJobs,
      .tag = "jobs",
  });
}

}  // namespace gridline::server
