// analytics.cc: grid analytics of an asset over a period (analytics/asset_report.h).
//
//   GET /api/v1/assets/{id}/analytics?from=&to=[&metric=net|delivered|received][&pf=1.0]
//                                     [&ldc_points=100][&diversity=true]
//
// {"asset", "from", "to", "metric", "interval_s", "intervals", "intervals_present",
//  "energy_kwh", "average_kw", "peak": {"kw", "timestamp"}, "minimum": {...}, "load_factor",
//  "load_duration_curve": [[percent_of_time, kw], ...],
//  "loading": {"rating_kva", "power_factor", "peak_pct", "peak_timestamp", "hours_over_80",
//              "hours_over_100", "longest_over_100_hours", "longest_over_100_from"} | null,
//  "hourly_loading": {...} | null,
//  "diversity": {"group_peak_kw", "group_peak_timestamp", "sum_ncp_kw", "diversity_factor",
//                "coincidence_factor", "members": [{"id", "ncp_kw", "ncp_timestamp", "cp_kw"}]}
//               | null}
// Figures that are undefined for the data are null. The public role may ask about substations,
// feeders and the system (aggregates above the transformer) when every quarter-hour of the period
// passes the 15/15 rule (server/privacy_policy.h), and gets no diversity (children's peaks).
#include "analytics/asset_report.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/privacy_policy.h"
#include "server/reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

template <typename T>
void WriteOptionalDouble(JsonWriter& w, std::string_view key, const std::optional<T>& v) {
  WriteKey(w, key);
  if (v) {
    w.Double(static_cast<double>(*v));
  } else {
    w.Null();
  }
}

void WriteOptionalTime(JsonWriter& w, std::string_view key, const std::optional<UnixSeconds>& t) {
  WriteKey(w, key);
  if (t) {
    WriteString(w, FormatIsoUtc(*t));
  } else {
    w.Null();
  }
}

void WriteLoading(JsonWriter& w, std::string_view key,
                  const std::optional<analytics::LoadingSummary>& l) {
  WriteKey(w, key);
  if (!l) {
    w.Null();
    return;
  }
  w.StartObject();
  WriteKey(w, "rating_kva");
  w.Double(l->rating_kva);
  WriteKey(w, "power_factor");
  w.Double(l->power_factor);
  WriteKey(w, "interval_s");
  w.Int64(l->interval_s);
  WriteOptionalDouble(w, "peak_pct", l->peak_loading_pct);
  WriteOptionalTime(w, "peak_timestamp", l->peak_loading_start_s);
  WriteKey(w, "hours_over_80");
  w.Double(l->hours_over_80);
  WriteKey(w, "hours_over_100");
  w.Double(l->hours_over_100);
  WriteKey(w, "longest_over_100_hours");
  w.Double(l->longest_over_100_hours);
  WriteOptionalTime(w, "longest_over_100_from", l->longest_over_100_start_s);
  w.EndObject();
}

absl::Status GetAnalytics(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const TimeRange range, request.Range());
  const std::string& id = request.PathParam("id");
  GL_ASSIGN_OR_RETURN(const storage::AssetId asset, FindReadableAsset(request, id));
  analytics::AssetReportOptions options;
  const std::string metric = request.QueryOr("metric", "net");
  options.metric = *rollup::RollupMetricFromName(metric);
  const std::string pf = request.QueryOr("pf", "1.0");
  char* end = nullptr;
  options.power_factor = std::strtod(pf.c_str(), &end);
  if (pf.empty() || end != pf.c_str() + pf.size() || !(options.power_factor > 0) ||
      options.power_factor > 1) {
    return InvalidParameter("pf", "a power factor in (0, 1]");
  }
  GL_ASSIGN_OR_RETURN(const int64_t ldc_points, request.Int("ldc_points", 100));
  if (ldc_points < 2 || ldc_points > 10'000) {
    return InvalidParameter("ldc_points", "between 2 and 10000");
  }
  options.ldc_max_points = static_cast<size_t>(ldc_points);
  GL_ASSIGN_OR_RETURN(options.diversity, request.Bool("diversity", true));
  // Children of an asset the public may see can be transformers: their peaks are not public.
  if (!MaySeeMemberFigures(request.role())) options.diversity = false;
  options.max_intervals = request.context().limits.max_analytics_intervals;
  options.deadline = request.deadline();
  auto topology = request.context().engine->current_topology();
  auto view = request.store().NewReadView();
  absl::StatusOr<analytics::AssetReport> report =
      analytics::BuildAssetReport(*view, *topology, asset, range.from, range.to, options);
  if (!report.ok()) {
    if (report.status().code() == absl::StatusCode::kInvalidArgument) {
      return InvalidParameter("to", StdView(report.status().message()));
    }
    return report.status();
  }
  // Every figure derives from the period's quarter-hours: all of them must pass the 15/15 rule
  // (checked after the report, which refuses too long a period cheaply).
  GL_RETURN_IF_ERROR(CheckRelease(request, *view, asset, range.from, range.to, options.metric));
  const analytics::LoadSummary& s = report->summary;
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "asset");
    WriteString(w, id);
    WriteKey(w, "from");
    WriteString(w, FormatIsoUtc(s.start_s));
    WriteKey(w, "to");
    WriteString(w, FormatIsoUtc(s.end_s));
    WriteKey(w, "metric");
    WriteString(w, metric);
    WriteKey(w, "interval_s");
    w.Int64(s.interval_s);
    WriteKey(w, "intervals");
    w.Uint64(s.interval_count);
    WriteKey(w, "intervals_present");
    w.Uint64(s.intervals_present);
    WriteKey(w, "energy_kwh");
    WriteDecimal(w, s.energy_wh, 3);
    WriteOptionalDouble(w, "average_kw", s.average_kw);
    WriteKey(w, "peak");
    w.StartObject();
    WriteOptionalDouble(w, "kw", s.peak_kw);
    WriteOptionalTime(w, "timestamp", s.peak_start_s);
    w.EndObject();
    WriteKey(w, "minimum");
    w.StartObject();
    WriteOptionalDouble(w, "kw", s.min_kw);
    WriteOptionalTime(w, "timestamp", s.min_start_s);
    w.EndObject();
    WriteOptionalDouble(w, "load_factor", s.load_factor);
    WriteKey(w, "load_duration_curve");
    w.StartArray();
    for (const analytics::LdcPoint& p : s.load_duration_curve) {
      w.StartArray();
      w.Double(p.percent_of_time);
      w.Double(p.kw);
      w.EndArray();
    }
    w.EndArray();
    WriteLoading(w, "loading", s.loading);
    WriteLoading(w, "hourly_loading", s.hourly_loading);
    WriteKey(w, "diversity");
    if (!report->diversity) {
      w.Null();
    } else {
      const analytics::DiversityResult& d = *report->diversity;
      w.StartObject();
      WriteOptionalDouble(w, "group_peak_kw", d.group_peak_kw);
      WriteOptionalTime(w, "group_peak_timestamp", d.group_peak_start_s);
      WriteKey(w, "sum_ncp_kw");
      w.Double(d.sum_ncp_kw);
      WriteKey(w, "sum_cp_kw");
      w.Double(d.sum_cp_kw);
      WriteOptionalDouble(w, "diversity_factor", d.diversity_factor);
      WriteOptionalDouble(w, "coincidence_factor", d.coincidence_factor);
      WriteKey(w, "members");
      w.StartArray();
      for (const analytics::MemberPeaks& m : d.members) {
        w.StartObject();
        WriteKey(w, "id");
        WriteString(w, m.id);
        WriteOptionalDouble(w, "ncp_kw", m.ncp_kw);
        WriteOptionalTime(w, "ncp_timestamp", m.ncp_start_s);
        WriteOptionalDouble(w, "cp_kw", m.cp_kw);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndObject();
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterAnalyticsRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/assets/{id}/analytics",
      .access = kPublicReaders,
      .summary = "Peak, load factor, load duration curve, loading against rating, hours over "
                 "80/100 %, coincident and non-coincident peaks and diversity of an asset",
      .params = {PathParam("id", "asset id; `_system` for the whole system"),
                 Required(QueryParam("from", ParamType::kInstant, "start, inclusive")),
                 Required(QueryParam("to", ParamType::kInstant, "end, exclusive")),
                 EnumParam("metric", {"delivered", "received", "net"}, "load to analyse", "net"),
                 QueryParam("pf", ParamType::kString, "power factor for kVA = kW / PF", false,
                            "1.0"),
                 QueryParam("ldc_points", ParamType::kInteger, "points of the load duration curve",
                            false, "100"),
                 QueryParam("diversity", ParamType::kBoolean,
                            "also the children's coincident peaks", false, "true")},
      .handler = GetAnalytics,
      .tag = "analytics",
  });
}

}  // namespace gridline::server
