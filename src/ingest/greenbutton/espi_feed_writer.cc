#include "ingest/greenbutton/espi_feed_writer.h"

#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/greenbutton/espi_reading_type.h"
#include "query/meter_series.h"
#include "query/series_reader.h"

namespace gridline::ingest {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr char kBase[] = "/espi/1_1/resource/Subscription/gridline/UsagePoint/";

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// ESPI QualityOfReading code of a quality; actual readings carry none.
int EspiQualityCode(Quality q) {
  switch (q) {
    case Quality::kActual:
      return -1;
    case Quality::kEstimated:
      return 8;
    case Quality::kEdited:
      return 7;
    case Quality::kSuspect:
      return 10;
    case Quality::kMissing:
      return 16;
  }
  return -1;
}

std::string EntryHead(const std::string& self, const std::string& up, const std::string& title,
                      const std::string& updated) {
  return fmt::format(
      "  <entry>\n    <id>urn:gridline:{0}</id>\n    <link rel=\"self\" href=\"{0}\"/>\n"
      "    <link rel=\"up\" href=\"{1}\"/>\n    <title>{2}</title>\n    <updated>{3}</updated>\n",
      self, up, title, updated);
}

}  // namespace

absl::StatusOr<uint64_t> WriteEspiFeed(storage::Store* store, const EspiExportRequest& request,
                                       const std::function<absl::Status(std::string_view)>& write) {
  std::unique_ptr<storage::ReadView> view = store->NewReadView();
  struct Channel {
    query::MeterSeries series;
    EspiReadingType type;
  };
  std::vector<Channel> channels;
  for (const ChannelSpec& spec : AllChannels()) {
    const std::optional<EspiReadingType> type = ReadingTypeOfChannel(spec.kind);
    if (!type.has_value()) continue;
    absl::StatusOr<query::MeterSeries> s =
        query::FindMeterSeries(store->catalog(), request.meter, spec.name);
    if (s.ok()) {
      Channel c{*std::move(s), *type};
      c.type.interval_s = c.series.info.interval_s;
      channels.push_back(std::move(c));
    }
  }
  if (channels.empty()) {
    return absl::NotFoundError(fmt::format(
        "meter '{}' has no readings a Green Button feed carries (energy, reactive energy, demand, "
        "voltage, current)",
        request.meter.substr(0, 128)));
  }
  // Costs by interval start, for the delivered (else net) readings.
  absl::flat_hash_map<int64_t, int64_t> costs;
  ChannelKind cost_owner = ChannelKind::kKwhNet;
  for (const Channel& c : channels) {
    if (c.series.channel == ChannelKind::kKwhDelivered) cost_owner = ChannelKind::kKwhDelivered;
  }
  if (absl::StatusOr<query::MeterSeries> cs =
          query::FindMeterSeries(store->catalog(), request.meter, "cost");
      cs.ok()) {
    GL_RETURN_IF_ERROR(
        query::ReadSeriesRange(*view, cs->series, cs->info, request.from, request.to,
                               [&](const query::ReadingRow& r) { costs[r.time] = r.value; }));
  }

  const std::string meter = Escape(request.meter);
  const std::string up = kBase + meter;
  const std::string updated = FormatIsoUtc(request.to);
  std::string out;
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:espi=\"http://naesb.org/espi\">\n";
  out += fmt::format(
      "  <id>urn:gridline:export:{0}</id>\n  <link rel=\"self\" href=\"{1}\"/>\n"
      "  <title>gridline Green Button export of meter {0}, {2} to {3}</title>\n"
      "  <updated>{3}</updated>\n",
      meter, up, FormatIsoUtc(request.from), updated);
  // The UsagePoint and its local time (UTC, as gridline stores readings).
  out += EntryHead(up, kBase, "meter " + meter, updated);
  out += fmt::format(
      "    <link rel=\"related\" href=\"{0}/MeterReading\"/>\n"
      "    <link rel=\"related\" href=\"/espi/1_1/resource/LocalTimeParameters/utc\"/>\n"
      "    <content>\n      <espi:UsagePoint>\n        <espi:ServiceCategory><espi:kind>0"
      "</espi:kind></espi:ServiceCategory>\n      </espi:UsagePoint>\n    </content>\n"
      "  </entry>\n",
      up);
  out += EntryHead("/espi/1_1/resource/LocalTimeParameters/utc",
                   "/espi/1_1/resource/LocalTimeParameters", "UTC", updated);
  out +=
      "    <content>\n      <espi:LocalTimeParameters>\n"
      "        <espi:dstEndRule>00000000</espi:dstEndRule>\n"
      "        <espi:dstOffset>0</espi:dstOffset>\n"
      "        <espi:dstStartRule>00000000</espi:dstStartRule>\n"
      "        <espi:tzOffset>0</espi:tzOffset>\n"
      "      </espi:LocalTimeParameters>\n    </content>\n  </entry>\n";

  uint64_t written = 0;
  for (size_t n = 0; n < channels.size(); ++n) {
    const Channel& c = channels[n];
    const std::string mr = fmt::format("{}/MeterReading/{}", up, n + 1);
    const std::string rt = fmt::format("{}/ReadingType/{}", up, n + 1);
    const std::string name(c.series.spec().name);
    out += EntryHead(mr, up + "/MeterReading", name, updated);
    out += fmt::format(
        "    <link rel=\"related\" href=\"{0}/IntervalBlock\"/>\n"
        "    <link rel=\"related\" href=\"{1}\"/>\n"
        "    <content>\n      <espi:MeterReading/>\n    </content>\n  </entry>\n",
        mr, rt);
    out += EntryHead(rt, up + "/ReadingType", name, updated);
    out += fmt::format(
        "    <content>\n      <espi:ReadingType>\n"
        "        <espi:accumulationBehaviour>{}</espi:accumulationBehaviour>\n"
        "        <espi:commodity>1</espi:commodity>\n"
        "        <espi:currency>840</espi:currency>\n"
        "        <espi:dataQualifier>12</espi:dataQualifier>\n"
        "        <espi:flowDirection>{}</espi:flowDirection>\n"
        "        <espi:intervalLength>{}</espi:intervalLength>\n"
        "        <espi:kind>{}</espi:kind>\n"
        "        <espi:phase>0</espi:phase>\n"
        "        <espi:powerOfTenMultiplier>{}</espi:powerOfTenMultiplier>\n"
        "        <espi:timeAttribute>0</espi:timeAttribute>\n"
        "        <espi:uom>{}</espi:uom>\n"
        "      </espi:ReadingType>\n    </content>\n  </entry>\n",
        c.type.accumulation, c.type.flow, c.type.interval_s, c.type.kind, c.type.power_of_ten,
        c.type.uom);
    const bool with_cost = c.series.channel == cost_owner && !costs.empty();
    const int64_t interval = c.series.info.interval_s;
    int64_t block_day = INT64_MIN;
    auto close_block = [&] {
      if (block_day != INT64_MIN)
        out += "      </espi:IntervalBlock>\n    </content>\n  </entry>\n";
    };
    absl::Status write_status;
    absl::Status s = query::ReadSeriesRange(
        *view, c.series.series, c.series.info, request.from, request.to,
        [&](const query::ReadingRow& r) {
          if (!write_status.ok()) return;
          const int64_t day = FloorDiv(r.time, kSecondsPerDay) * kSecondsPerDay;
          if (day != block_day) {
            close_block();
            block_day = day;
            const std::string self = fmt::format("{}/IntervalBlock/{}", mr, day);
            out += EntryHead(self, mr + "/IntervalBlock", name + " " + FormatIsoUtc(day), updated);
            out += fmt::format(
                "    <content>\n      <espi:IntervalBlock>\n        <espi:interval>"
                "<espi:duration>86400</espi:duration><espi:start>{}</espi:start></espi:interval>\n",
                day);
          }
          out += "        <espi:IntervalReading>";
          if (with_cost) {
            auto it = costs.find(r.time);
            if (it != costs.end()) out += fmt::format("<espi:cost>{}</espi:cost>", it->second);
          }
          if (const int q = EspiQualityCode(r.quality); q >= 0) {
            out += fmt::format(
                "<espi:ReadingQuality><espi:quality>{}</espi:quality>"
                "</espi:ReadingQuality>",
                q);
          }
          out += fmt::format(
              "<espi:timePeriod><espi:duration>{}</espi:duration><espi:start>{}</espi:start>"
              "</espi:timePeriod><espi:value>{}</espi:value></espi:IntervalReading>\n",
              interval, r.time, r.value);
          ++written;
          if (request.max_readings > 0 && written > request.max_readings) {
            write_status = absl::FailedPreconditionError(
                fmt::format("more than {} readings in [from, to): ask for a shorter range",
                            request.max_readings));
            return;
          }
          if (out.size() >= kFlushBytes) {
            write_status = write(out);
            out.clear();
          }
        });
    GL_RETURN_IF_ERROR(s);
    GL_RETURN_IF_ERROR(write_status);
    close_block();
  }
  out += "</feed>\n";
  GL_RETURN_IF_ERROR(write(out));
  return written;
}

}  // namespace gridline::ingest
