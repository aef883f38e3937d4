// gridline vee edit --meter ID [--channel C] --timestamp T [--to T] --kwh V --user U
//                   --reason TEXT [--tz ZONE] [--data DIR]
//   sets the interval starting at T (or every interval in [T, --to)) to V in the validated layer,
//   quality `edited`, with the user and reason; the raw values stay (engine/manual_edit.h).
// gridline vee exceptions [--meter ID] [--rule NAME] [--status S] [--from T --to T]
//                         [--format csv|json] [--limit N] [--after ID] [--data DIR]
//   lists VEE exceptions in (meter, time) order; --after continues after the id it names.
// gridline vee accept --id ID --user U --reason TEXT [--data DIR]
//   sets an exception's status to accepted, with who and why.
#include <cstdio>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/vee_commands.h"
#include "common/json_writer.h"
#include "engine/manual_edit.h"
#include "fmt/format.h"
#include "query/meter_series.h"
#include "vee/exception_output.h"
#include "vee/exception_store.h"

namespace gridline::cli {

namespace {

constexpr const char* kDataHelp = "data directory (default ./gridline-data or $GRIDLINE_DATA)";

int Usage(const char* command, const std::string& why) {
  std::fprintf(stderr, "gridline vee %s: %s\n", command, why.c_str());
  return kExitUsage;
}

}  // namespace

int RunVeeEdit(int argc, char** argv) {
  CLI::App app{"Set readings by hand in the validated layer (quality edited).",
               "gridline vee edit"};
  engine::ManualEdit edit;
  std::string data, timestamp, to, tz;
  app.add_option("--meter", edit.meter, "meter id")->required();
  app.add_option("--channel", edit.channel, "channel (default kwh_delivered)");
  app.add_option("--timestamp", timestamp, "start of the interval to edit (ISO 8601)")->required();
  app.add_option("--to", to, "edit every interval in [--timestamp, --to) (ISO 8601)");
  app.add_option("--kwh,--value", edit.value, "the value, in the channel's unit")->required();
  app.add_option("--user", edit.user, "who edits")->required();
  app.add_option("--reason", edit.reason, "why")->required();
  app.add_option("--tz", tz, "zone of naive times (default UTC)");
  app.add_option("--data", data, kDataHelp);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  auto from = ParseInstant(timestamp, tz);
  if (!from.ok()) return Usage("edit", "--timestamp: " + std::string(from.status().message()));
  edit.from_s = *from;
  edit.to_s = *from + 1;
  if (!to.empty()) {
    auto end = ParseInstant(to, tz);
    if (!end.ok()) return Usage("edit", "--to: " + std::string(end.status().message()));
    if (*end <= *from) return Usage("edit", "--to must be after --timestamp");
    edit.to_s = *end;
  }
  auto engine = OpenStore(data, /*read_only=*/false);
  if (!engine.ok()) return Fail("vee edit", engine.status());
  auto result = engine::ApplyManualEdit(engine->get(), edit);
  if (!result.ok()) return Fail("vee edit", result.status());
  std::printf("edited %s intervals of %s (%s changed, %s unchanged, %s exceptions closed)\n",
              Thousands(result->slots).c_str(), edit.meter.c_str(),
              Thousands(result->commit.changed).c_str(),
              Thousands(result->commit.unchanged).c_str(),
              Thousands(result->commit.exceptions_changed).c_str());
  return kExitOk;
}

int RunVeeExceptions(int argc, char** argv) {
  CLI::App app{"List VEE exceptions.", "gridline vee exceptions"};
  std::string data, meter, rule, status, from_text, to_text, format = "csv", after, tz;
  size_t limit = 0;
  app.add_option("--meter", meter, "only this meter's");
  app.add_option("--rule", rule, "only this rule's (e.g. spike)");
  app.add_option("--status", status, "open, estimated, edited or accepted");
  app.add_option("--from", from_text, "only those overlapping [--from, --to) (ISO 8601)");
  app.add_option("--to", to_text, "end of that range, exclusive");
  app.add_option("--format", format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  app.add_option("--limit", limit, "print at most N (default all)");
  app.add_option("--after", after, "start after the exception with this id");
  app.add_option("--tz", tz, "zone of naive times (default UTC)");
  app.add_option("--data", data, kDataHelp);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  vee::ExceptionFilter filter;
  if (!meter.empty()) filter.meter = meter;
  if (!rule.empty()) {
    filter.rule = vee::RuleFromName(rule);
    if (!filter.rule) return Usage("exceptions", fmt::format("--rule: unknown rule '{}'", rule));
  }
  if (!status.empty()) {
    filter.status = vee::ExceptionStatusFromName(status);
    if (!filter.status) {
      return Usage("exceptions", fmt::format("--status: unknown status '{}'", status));
    }
  }
  for (auto [text, field, name] : {std::tuple{&from_text, &filter.from_s, "--from"},
                                   std::tuple{&to_text, &filter.to_s, "--to"}}) {
    if (text->empty()) continue;
    auto t = ParseInstant(*text, tz);
    if (!t.ok())
      return Usage("exceptions", fmt::format("{}: {}", name, std::string(t.status().message())));
    *field = *t;
  }
  if (!after.empty() && !vee::ExceptionKeyOfId(after)) {
    return Usage("exceptions", "--after: not an exception id");
  }
  auto engine = OpenStore(data, /*read_only=*/true);
  if (!engine.ok()) return Fail("vee exceptions", engine.status());
  const storage::Catalog& catalog = (*engine)->store()->catalog();
  if (filter.meter && !catalog.FindAsset(*filter.meter)) {
    return Fail("vee exceptions", absl::NotFoundError(fmt::format("unknown meter '{}'", meter)));
  }
  auto view = (*engine)->store()->NewReadView();
  std::vector<vee::ExceptionRow> rows;
  absl::Status s =
      vee::ListExceptions(*view, filter, after, [&](std::string_view id, const auto& r) {
        rows.emplace_back(std::string(id), r);
        return limit == 0 || rows.size() < limit;
      });
  if (!s.ok()) return Fail("vee exceptions", s);
  std::string out;
  if (format == "csv") {
    vee::AppendExceptionsCsv(rows, &out);
  } else {
    JsonStringSink sink(&out);
    JsonWriter w(sink);
    w.StartObject();
    vee::WriteExceptionsJson(rows, w);
    w.EndObject();
    out.push_back('\n');
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunVeeAccept(int argc, char** argv) {
  CLI::App app{"Accept a VEE exception.", "gridline vee accept"};
  engine::ExceptionStatusChange change;
  std::string data;
  app.add_option("--id", change.id, "the exception's id (gridline vee exceptions)")->required();
  app.add_option("--user", change.user, "who accepts")->required();
  app.add_option("--reason", change.reason, "why")->required();
  app.add_option("--data", data, kDataHelp);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  change.status = vee::ExceptionStatus::kAccepted;
  auto engine = OpenStore(data, /*read_only=*/false);
  if (!engine.ok()) return Fail("vee accept", engine.status());
  if (absl::Status s = (*engine)->validated()->ChangeExceptionStatus(change); !s.ok()) {
    return Fail("vee accept", s);
  }
  std::printf("exception %s accepted by %s\n", change.id.c_str(), change.user.c_str());
  return kExitOk;
}

}  // namespace gridline::cli
