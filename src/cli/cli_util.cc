#include "cli/cli_util.h"

#include "common/status_macros.h"

#include <cstdio>

#include "cli/commands.h"
#include "common/strings.h"

namespace gridline::cli {

int ParseArgs(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return -1;
}

int Fail(const std::string& command, const absl::Status& status) {
  std::fprintf(stderr, "gridline %s: %.*s\n", command.c_str(),
               static_cast<int>(status.message().size()), status.message().data());
  return kExitFailure;
}

absl::StatusOr<std::unique_ptr<engine::Engine>> OpenStore(const std::string& data_flag,
                                                          bool read_only) {
  storage::StoreOptions options;
  options.path = ResolveDataDir(data_flag);
  options.read_only = read_only;
  return engine::Engine::Open(options);
}

absl::StatusOr<SteppedRange> ParseSteppedRange(const std::string& from, const std::string& to,
                                               const std::string& step, const std::string& tz) {
  SteppedRange r;
  GL_ASSIGN_OR_RETURN(r.from, ParseInstant(from, tz));
  GL_ASSIGN_OR_RETURN(r.to, ParseInstant(to, tz));
  GL_ASSIGN_OR_RETURN(r.step, ParseStep(step));
  GL_ASSIGN_OR_RETURN(r.zone, TimeZone::Load(tz));
  if (r.from >= r.to) return absl::InvalidArgumentError("--from must be before --to");
  return r;
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace gridline::cli
