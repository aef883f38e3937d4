// aggregate.h: a series' readings summed (or min, max, counted) per time step. Steps of a fixed
// length (15m, 1h) are aligned to UTC; day and month steps follow the local calendar of a time
// zone, so a DST day has 23 or 25 hours. The first and last buckets are clipped to [from, to).
#ifndef GRIDLINE_QUERY_AGGREGATE_H_
#define GRIDLINE_QUERY_AGGREGATE_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "query/series_reader.h"

namespace gridline::query {

enum class AggFn : uint8_t { kSum, kMin, kMax, kCount };
std::optional<AggFn> AggFnFromName(std::string_view name);

struct AggRow {
  int64_t start = 0;  // UTC seconds, the bucket's start clipped to `from`
  uint64_t count = 0;
  int64_t sum = 0;
  int64_t min = 0;
  int64_t max = 0;
};

// The bucket limit of a query run on the caller's own machine (the CLI, benchmarks). A server
// passes its own, smaller limit (ServerLimits::max_agg_rows): the limit has no default so that
// no caller sizes a vector from a time range without choosing one.
inline constexpr size_t kLocalMaxBuckets = 10'000'000;

// Bucket starts b_0 = from < b_1 < ... < b_n = to (the last element is `to`).
// InvalidArgument when the range would need more than `max_buckets` buckets, found before more
// than `max_buckets` + 1 bounds are allocated (fixed steps: from the range alone).
absl::StatusOr<std::vector<int64_t>> BucketBounds(int64_t from, int64_t to, const Step& step,
                                                  const TimeZone& zone, size_t max_buckets);

// One row per bucket, empty buckets included (count 0), over the validated layer by default (a
// `missing` slot counts as no reading). InvalidArgument past `max_buckets`; DeadlineExceeded
// once `deadline` passed.
absl::StatusOr<std::vector<AggRow>> AggregateSeries(
    const storage::ReadView& view, storage::SeriesId series, const storage::SeriesInfo& info,
    int64_t from, int64_t to, const Step& step, const TimeZone& zone, size_t max_buckets,
    const Deadline& deadline = Deadline(), Layer layer = Layer::kValidated);

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_AGGREGATE_H_
