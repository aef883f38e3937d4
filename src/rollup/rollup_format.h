// rollup_format.h: roll-up rows as the CLI (`query rollup`) and the API
// (`/api/v1/assets/{id}/rollup`) print them, so both give the same text for the same numbers.
//   CSV:  timestamp,kwh,meters   (UTC ISO 8601 with Z; kWh with three decimals, empty when no
//                                 meter reported in the step; meters 0 then)
//   JSON: {"asset":ID,"metric":M,"step":S,"rows":[{"timestamp":T,"kwh":1.234|null,
//          "meters":N,"estimated":N}, ...]}
#ifndef GRIDLINE_ROLLUP_ROLLUP_FORMAT_H_
#define GRIDLINE_ROLLUP_ROLLUP_FORMAT_H_

#include <string>
#include <string_view>

#include "rollup/rollup_reader.h"

namespace gridline::rollup {

void AppendRollupCsvHeader(std::string* out);
void AppendRollupCsvRow(const RollupRow& row, RollupMetric metric, std::string* out);

// The JSON document opens with the header and closes with the tail; rows go between, each
// preceded by a comma but the first.
void AppendRollupJsonHead(std::string_view asset, std::string_view metric, std::string_view step,
                          std::string* out);
void AppendRollupJsonRow(const RollupRow& row, RollupMetric metric, bool first, std::string* out);
void AppendRollupJsonTail(std::string* out);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_FORMAT_H_
