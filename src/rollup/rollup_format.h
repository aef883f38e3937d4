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
#include <vector>

#include "rollup/rollup_reader.h"

namespace gridline::rollup {

void AppendRollupCsvHeader(std::string* out);
void AppendRollupCsvRow(const RollupRow& row, RollupMetric metric, std::string* out);

// The whole JSON document, and a newline.
void AppendRollupJson(std::string_view asset, std::string_view metric, std::string_view step,
                      const std::vector<RollupRow>& rows, std::string* out);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_FORMAT_H_
