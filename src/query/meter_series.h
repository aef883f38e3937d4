// meter_series.h: finding the series a meter query reads: a meter's external id and a channel
// name (default kWh delivered, docs/conventions.md) to the series, its interval and coverage.
// Shared by `gridline query` and the HTTP API, so both refuse the same inputs with the same words.
#ifndef GRIDLINE_QUERY_METER_SERIES_H_
#define GRIDLINE_QUERY_METER_SERIES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "storage/catalog.h"

namespace gridline::query {

struct MeterSeries {
  std::string meter;  // the external id as asked
  storage::SeriesId series = 0;
  storage::SeriesInfo info;
  ChannelKind channel = ChannelKind::kKwhDelivered;

  const ChannelSpec& spec() const { return GetChannelSpec(channel); }
};

// InvalidArgument for an unknown channel name; NotFound for an unknown meter, or a meter
// without that channel ("meter 'M1' has no voltage readings").
absl::StatusOr<MeterSeries> FindMeterSeries(const storage::Catalog& catalog, std::string_view meter,
                                            std::string_view channel_name = "kwh_delivered");

// The CSV column of a channel's values: `kwh` for energy in kWh, else `value`.
std::string_view ValueColumn(ChannelKind channel);

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_METER_SERIES_H_
