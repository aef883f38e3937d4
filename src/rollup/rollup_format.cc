#include "rollup/rollup_format.h"

#include "common/decimal.h"
#include "common/json_writer.h"
#include "common/time.h"

namespace gridline::rollup {

namespace {
constexpr int kKwhScale = 3;  // Wh -> kWh with three decimals
}  // namespace

void AppendRollupCsvHeader(std::string* out) { out->append("timestamp,kwh,meters\n"); }

void AppendRollupCsvRow(const RollupRow& row, RollupMetric metric, std::string* out) {
  AppendIsoUtc(row.start, out);
  out->push_back(',');
  if (!row.empty) AppendScaledDecimal(row.Wh(metric), kKwhScale, out);
  out->push_back(',');
  AppendInt(row.meters, out);
  out->push_back('\n');
}

void AppendRollupJson(std::string_view asset, std::string_view metric, std::string_view step,
                      const std::vector<RollupRow>& rows, std::string* out) {
  JsonStringSink sink(out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "asset");
  WriteString(w, asset);
  WriteKey(w, "metric");
  WriteString(w, metric);
  WriteKey(w, "step");
  WriteString(w, step);
  WriteKey(w, "rows");
  w.StartArray();
  const RollupMetric m = *RollupMetricFromName(metric);
  std::string ts;
  for (const RollupRow& row : rows) {
    w.StartObject();
    WriteKey(w, "timestamp");
    ts.clear();
    AppendIsoUtc(row.start, &ts);
    WriteString(w, ts);
    WriteKey(w, "kwh");
    if (row.empty) {
      w.Null();
    } else {
      WriteDecimal(w, row.Wh(m), kKwhScale);
    }
    WriteKey(w, "meters");
    w.Int64(row.meters);
    WriteKey(w, "estimated");
    w.Int64(row.estimated);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out->push_back('\n');
}

}  // namespace gridline::rollup
