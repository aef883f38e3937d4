// greenbutton.cc: a meter's readings as a Green Button (ESPI) feed.
//
//   GET /api/v1/meters/{id}/greenbutton?from=&to=[&tz=]
//
// The body is exactly `gridline export greenbutton`'s output (ingest/greenbutton/
// espi_feed_writer.h). Roles as for the meter's readings (analyst and admin; never public). At
// most kMaxExportReadings readings per request: a longer range is a 400 asking for a shorter one.
#include "common/status_macros.h"
#include "ingest/greenbutton/espi_feed_writer.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/meter_params.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

constexpr uint64_t kMaxExportReadings = 1'000'000;

absl::Status GetGreenButton(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const TimeRange range, request.Range());
  ingest::EspiExportRequest q{request.PathParam("id"), range.from, range.to, kMaxExportReadings};
  std::string body;
  absl::StatusOr<uint64_t> written =
      ingest::WriteEspiFeed(&request.store(), q, [&body](std::string_view piece) {
        body.append(piece);
        return absl::OkStatus();
      });
  if (!written.ok()) {
    if (absl::IsFailedPrecondition(written.status())) {
      return absl::InvalidArgumentError(written.status().message());
    }
    if (absl::IsNotFound(written.status())) {
      Where where;
      where.parameter = "id";
      return WithWhere(written.status(), where);
    }
    return written.status();
  }
  reply.Body(std::move(body), "application/atom+xml");
  return absl::OkStatus();
}

}  // namespace

void RegisterGreenButtonRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/meters/{id}/greenbutton",
      .access = kReaders,
      .summary = "A meter's readings in [from, to) as a Green Button (ESPI) Atom feed, exactly as "
                 "`gridline export greenbutton`; `POST /api/v1/ingest/greenbutton` reads it back",
      .params = {MeterIdParam(), FromParam(), ToParam(), TzParam()},
      .produces = {"application/atom+xml"},
      .handler = GetGreenButton,
      .tag = "readings",
  });
}

}  // namespace gridline::server
