#include "query/aggregate.h"

#include <algorithm>
#include <cmath>

#include "common/channel.h"
#include "common/exact_sum.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::query {

std::optional<AggFn> AggFnFromName(std::string_view name) {
  if (EqualsIgnoreCase(name, "sum")) return AggFn::kSum;
  if (EqualsIgnoreCase(name, "min")) return AggFn::kMin;
  if (EqualsIgnoreCase(name, "max")) return AggFn::kMax;
  if (EqualsIgnoreCase(name, "count")) return AggFn::kCount;
  return std::nullopt;
}

absl::StatusOr<std::vector<int64_t>> BucketBounds(int64_t from, int64_t to, const Step& step,
                                                  const TimeZone& zone, size_t max_buckets) {
  std::vector<int64_t> bounds;
  if (from >= to) return absl::InvalidArgumentError("--from must be before --to");
  bounds.push_back(from);
  auto too_many = [&] {
    return absl::InvalidArgumentError(fmt::format(
        "the range needs more than {} buckets; use a longer step or a shorter range", max_buckets));
  };
  if (step.seconds > 0) {
    if (step.seconds < 86400 || zone.is_utc()) {
      // Fixed steps align to UTC multiples of the step.
      const uint64_t n = static_cast<uint64_t>((to - from) / step.seconds) + 2;
      if (n > max_buckets + 1) return too_many();
      int64_t b = (FloorDiv(from, step.seconds) + 1) * step.seconds;
      for (; b < to; b += step.seconds) bounds.push_back(b);
    } else {
      // Whole days in a zone: local midnights (23- or 25-hour days at DST changes).
      const int64_t days = step.seconds / 86400;
      int64_t day = FloorDiv(zone.UtcToLocal(from), 86400);
      while (true) {
        day += days;
        const int64_t b = zone.LocalMidnightUtc(day);
        if (b >= to) break;
        if (b > bounds.back()) bounds.push_back(b);
        if (bounds.size() > max_buckets) return too_many();
      }
    }
  } else {
    for (int k = step.months;; k += step.months) {
      const int64_t b = zone.StartOfLocalMonth(from, k);
      if (b >= to) break;
      if (b > bounds.back()) bounds.push_back(b);
      if (bounds.size() > max_buckets) return too_many();
    }
  }
  bounds.push_back(to);
  return bounds;
}

absl::StatusOr<std::vector<AggRow>> AggregateSeries(const storage::ReadView& view,
                                                    storage::SeriesId series,
                                                    const storage::SeriesInfo& info, int64_t from,
                                                    int64_t to, const Step& step,
                                                    const TimeZone& zone, size_t max_buckets,
                                                    const Deadline& deadline, Layer layer) {
  GL_ASSIGN_OR_RETURN(std::vector<int64_t> bounds, BucketBounds(from, to, step, zone, max_buckets));
  std::vector<AggRow> rows(bounds.size() - 1);
  for (size_t i = 0; i < rows.size(); ++i) rows[i].start = bounds[i];
  // Summed in 128 bits: exact whatever the values, checked once per bucket below.
  std::vector<ExactSum> sums(rows.size());
  size_t b = 0;
  GL_RETURN_IF_ERROR(ReadSeriesRange(
      view, series, info, from, to,
      [&](const ReadingRow& r) {
        if (r.quality == Quality::kMissing && r.origin != 0) return;  // validated: no value
        while (r.time >= bounds[b + 1]) ++b;
        AggRow& row = rows[b];
        if (row.count == 0) {
          row.min = row.max = r.value;
        } else {
          row.min = std::min(row.min, r.value);
          row.max = std::max(row.max, r.value);
        }
        sums[b].Add(r.value);
        ++row.count;
      },
      deadline, layer));
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!sums[i].ToInt64(&rows[i].sum)) {
      const ChannelSpec& c = GetChannelSpec(info.channel);
      return absl::OutOfRangeError(fmt::format(
          "the sum of series {} in the bucket starting {} is about {:.4g} {}, beyond the int64 "
          "range of a sum (values outside the plausible range, imported before ranges were "
          "checked?)",
          series, FormatIsoUtc(rows[i].start), sums[i].ToDouble() / std::pow(10.0, c.scale),
          c.unit));
    }
  }
  return rows;
}

}  // namespace gridline::query
