// exception_output.cc: the text of a page of exceptions (exception_output.h).
#include "vee/exception_output.h"

#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::vee {

namespace {

std::string AtText(int64_t at_us) {
  const int64_t s = FloorDiv(at_us, 1'000'000);
  std::string iso = FormatIsoUtc(s);
  iso.pop_back();
  return iso + fmt::format(".{:03d}Z", (at_us - s * 1'000'000) / 1000);
}

std::string_view SeverityName(Severity s) {
  return s == Severity::kInfo ? "info" : s == Severity::kWarning ? "warning" : "error";
}

// The members of one row, in column order.
std::vector<std::pair<std::string_view, std::string>> Fields(const ExceptionRow& row) {
  const VeeException& e = row.second.exception;
  return {{"id", row.first},
          {"meter", e.meter_id},
          {"channel", std::string(GetChannelSpec(e.channel).name)},
          {"rule", std::string(GetRuleSpec(e.rule).name)},
          {"severity", std::string(SeverityName(e.severity))},
          {"status", std::string(ExceptionStatusName(e.status))},
          {"from", FormatIsoUtc(e.first_slot_s)},
          {"to", FormatIsoUtc(e.end_slot_s)},
          {"detail", e.detail},
          {"created_at", AtText(row.second.created_at_us)},
          {"created_by", row.second.created_by},
          {"updated_at", AtText(row.second.updated_at_us)},
          {"updated_by", row.second.updated_by},
          {"note", row.second.note}};
}

}  // namespace

void AppendExceptionsCsv(const std::vector<ExceptionRow>& rows, std::string* out) {
  out->append(
      "id,meter,channel,rule,severity,status,from,to,detail,created_at,created_by,updated_at,"
      "updated_by,note\n");
  for (const ExceptionRow& row : rows) {
    bool first = true;
    for (const auto& [name, value] : Fields(row)) {
      if (!first) out->push_back(',');
      first = false;
      AppendCsvField(value, out);
    }
    out->push_back('\n');
  }
}

void WriteExceptionsJson(const std::vector<ExceptionRow>& rows, JsonWriter& w) {
  WriteKey(w, "exceptions");
  w.StartArray();
  for (const ExceptionRow& row : rows) {
    w.StartObject();
    for (const auto& [name, value] : Fields(row)) {
      WriteKey(w, name);
      WriteString(w, value);
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace gridline::vee
