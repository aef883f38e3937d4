#include "rollup/rollup_format.h"

#include "common/decimal.h"
#include "common/json_text.h"
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

void AppendRollupJsonHead(std::string_view asset, std::string_view metric, std::string_view step,
                          std::string* out) {
  out->append("{\"asset\":");
  AppendJsonString(asset, out);
  out->append(",\"metric\":");
  AppendJsonString(metric, out);
  out->append(",\"step\":");
  AppendJsonString(step, out);
  out->append(",\"rows\":[");
}

void AppendRollupJsonRow(const RollupRow& row, RollupMetric metric, bool first, std::string* out) {
  if (!first) out->push_back(',');
  out->append("{\"timestamp\":\"");
  AppendIsoUtc(row.start, out);
  out->append("\",\"kwh\":");
  if (row.empty) {
    out->append("null");
  } else {
    AppendScaledDecimal(row.Wh(metric), kKwhScale, out);
  }
  out->append(",\"meters\":");
  AppendInt(row.meters, out);
  out->append(",\"estimated\":");
  AppendInt(row.estimated, out);
  out->push_back('}');
}

void AppendRollupJsonTail(std::string* out) { out->append("]}\n"); }

}  // namespace gridline::rollup
