// meter_series.cc: FindMeterSeries and the value column name of a channel.
#include "query/meter_series.h"

#include "fmt/format.h"

namespace gridline::query {

absl::StatusOr<MeterSeries> FindMeterSeries(const storage::Catalog& catalog, std::string_view meter,
                                            std::string_view channel_name) {
  const std::optional<ChannelKind> channel = ChannelFromName(channel_name);
  if (!channel) {
    return absl::InvalidArgumentError(fmt::format("unknown channel '{}'", channel_name));
  }
  const std::optional<storage::AssetId> asset = catalog.FindAsset(meter);
  if (!asset) return absl::NotFoundError(fmt::format("unknown meter '{}'", meter));
  const std::optional<storage::SeriesId> series = catalog.FindSeries(*asset, *channel);
  if (!series) {
    return absl::NotFoundError(
        fmt::format("meter '{}' has no {} readings", meter, GetChannelSpec(*channel).name));
  }
  return MeterSeries{std::string(meter), *series, catalog.GetSeries(*series), *channel};
}

std::string_view ValueColumn(ChannelKind channel) {
  return GetChannelSpec(channel).unit == "kWh" ? "kwh" : "value";
}

}  // namespace gridline::query
