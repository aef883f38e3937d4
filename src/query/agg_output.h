// agg_output.h: a meter's aggregates as text, exactly as `gridline query agg` prints them and
// `GET /api/v1/meters/{id}/agg` answers: CSV `timestamp,value`, one row per step (an empty value
// where the step has no reading, a count of 0 for fn=count), or JSON `{"meter":..,"channel":..,
// "unit":..,"step":..,"fn":..,"rows":[{"timestamp":..,"value":..}]}` (null for an empty step).
#ifndef GRIDLINE_QUERY_AGG_OUTPUT_H_
#define GRIDLINE_QUERY_AGG_OUTPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "query/aggregate.h"
#include "query/meter_series.h"
#include "query/output_format.h"

namespace gridline::query {

struct AggOutputRequest {
  const MeterSeries* target = nullptr;
  std::string_view step;  // as asked: `1h`, `1d`, `1mo`
  AggFn fn = AggFn::kSum;
  std::string_view fn_name;
};

// Appends the whole answer for `rows` (AggregateSeries) to *out.
void AppendAggOutput(const AggOutputRequest& request, const std::vector<AggRow>& rows,
                     OutputFormat format, std::string* out);

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_AGG_OUTPUT_H_
