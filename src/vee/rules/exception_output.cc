// exception_output.cc: CSV and JSON of exceptions.
#include "vee/rules/exception_output.h"

#include "common/json_writer.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {
namespace {

// RFC 4180: quote a field holding a comma, quote or newline.
void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

std::string ExceptionsCsvHeader() {
  return "meter_id,channel,rule,severity,status,from,to,replaces,detail\n";
}

void AppendExceptionCsv(const VeeException& e, std::string* out) {
  AppendCsvField(e.meter_id, out);
  out->push_back(',');
  out->append(GetChannelSpec(e.channel).name);
  out->push_back(',');
  out->append(GetRuleSpec(e.rule).name);
  out->push_back(',');
  out->append(SeverityName(e.severity));
  out->push_back(',');
  out->append(ExceptionStatusName(e.status));
  out->push_back(',');
  AppendIsoUtc(e.first_slot_s, out);
  out->push_back(',');
  AppendIsoUtc(e.end_slot_s, out);
  out->append(GetRuleSpec(e.rule).replaces_value ? ",true," : ",false,");
  AppendCsvField(e.detail, out);
  out->push_back('\n');
}

std::string ExceptionsJson(std::span<const VeeException> exceptions) {
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  w.StartArray();
  for (const VeeException& e : exceptions) {
    w.StartObject();
    WriteKey(w, "meter_id");
    WriteString(w, e.meter_id);
    WriteKey(w, "channel");
    WriteString(w, GetChannelSpec(e.channel).name);
    WriteKey(w, "rule");
    WriteString(w, GetRuleSpec(e.rule).name);
    WriteKey(w, "severity");
    WriteString(w, SeverityName(e.severity));
    WriteKey(w, "status");
    WriteString(w, ExceptionStatusName(e.status));
    WriteKey(w, "from");
    WriteString(w, FormatIsoUtc(e.first_slot_s));
    WriteKey(w, "to");
    WriteString(w, FormatIsoUtc(e.end_slot_s));
    WriteKey(w, "replaces");
    w.Bool(GetRuleSpec(e.rule).replaces_value);
    WriteKey(w, "detail");
    WriteString(w, e.detail);
    w.EndObject();
  }
  w.EndArray();
  out.push_back('\n');
  return out;
}

}  // namespace gridline::vee
