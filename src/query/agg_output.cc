// agg_output.cc: AppendAggOutput.
#include "query/agg_output.h"

#include "common/decimal.h"
#include "common/json_writer.h"
#include "common/time.h"

namespace gridline::query {

namespace {

// The value of a row for `fn`; false when there is none (an empty step, except for count).
bool ValueText(const AggRow& r, AggFn fn, int scale, std::string* text) {
  if (fn == AggFn::kCount) {
    AppendInt(static_cast<int64_t>(r.count), text);
    return true;
  }
  if (r.count == 0) return false;
  const int64_t v = fn == AggFn::kSum ? r.sum : fn == AggFn::kMin ? r.min : r.max;
  AppendScaledDecimal(v, scale, text);
  return true;
}

}  // namespace

void AppendAggOutput(const AggOutputRequest& request, const std::vector<AggRow>& rows,
                     OutputFormat format, std::string* out) {
  const ChannelSpec& spec = request.target->spec();
  if (format == OutputFormat::kCsv) {
    out->append("timestamp,value\n");
    for (const AggRow& r : rows) {
      AppendIsoUtc(r.start, out);
      out->push_back(',');
      ValueText(r, request.fn, spec.scale, out);
      out->push_back('\n');
    }
    return;
  }
  JsonStringSink sink(out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "meter");
  WriteString(w, request.target->meter);
  WriteKey(w, "channel");
  WriteString(w, spec.name);
  WriteKey(w, "unit");
  WriteString(w, spec.unit);
  WriteKey(w, "step");
  WriteString(w, request.step);
  WriteKey(w, "fn");
  WriteString(w, request.fn_name);
  WriteKey(w, "rows");
  w.StartArray();
  std::string text;
  for (const AggRow& r : rows) {
    w.StartObject();
    WriteKey(w, "timestamp");
    text.clear();
    AppendIsoUtc(r.start, &text);
    WriteString(w, text);
    WriteKey(w, "value");
    text.clear();
    if (ValueText(r, request.fn, spec.scale, &text)) {
      w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out->push_back('\n');
}

}  // namespace gridline::query
