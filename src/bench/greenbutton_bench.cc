#include "bench/greenbutton_bench.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::bench {

absl::StatusOr<uint64_t> WriteEspiBenchFeed(const std::string& path, int64_t meters, int days) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (f == nullptr) return absl::UnavailableError(fmt::format("cannot write {}", path));
  std::string buf;
  uint64_t readings = 0;
  uint64_t state = 1;
  const int64_t start = 1782864000;  // 2026-07-01T00:00:00Z
  buf +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  for (int64_t m = 0; m < meters; ++m) {
    const std::string up = fmt::format("/espi/1_1/resource/Subscription/1/UsagePoint/GB{:06d}", m);
    const std::string mr = up + "/MeterReading/1";
    const std::string rt = fmt::format("/espi/1_1/resource/ReadingType/{}", m);
    buf += fmt::format(
        "<entry><link rel=\"self\" href=\"{0}\"/><link rel=\"related\" href=\"{0}/MeterReading\"/>"
        "<content><UsagePoint xmlns=\"http://naesb.org/espi\"><ServiceCategory><kind>0</kind>"
        "</ServiceCategory></UsagePoint></content></entry>\n"
        "<entry><link rel=\"self\" href=\"{1}\"/><link rel=\"related\" href=\"{2}\"/>"
        "<link rel=\"related\" href=\"{1}/IntervalBlock\"/><content><MeterReading "
        "xmlns=\"http://naesb.org/espi\"/></content></entry>\n"
        "<entry><link rel=\"self\" href=\"{2}\"/><content><ReadingType "
        "xmlns=\"http://naesb.org/espi\"><accumulationBehaviour>4</accumulationBehaviour>"
        "<commodity>1</commodity><currency>840</currency><flowDirection>1</flowDirection>"
        "<intervalLength>900</intervalLength><kind>12</kind><powerOfTenMultiplier>0"
        "</powerOfTenMultiplier><uom>72</uom></ReadingType></content></entry>\n",
        up, mr, rt);
    for (int d = 0; d < days; ++d) {
      const int64_t day = start + int64_t{86400} * d;
      buf += fmt::format(
          "<entry><link rel=\"self\" href=\"{0}/IntervalBlock/{1}\"/><link rel=\"up\" "
          "href=\"{0}/IntervalBlock\"/><content><IntervalBlock xmlns=\"http://naesb.org/espi\">"
          "<interval><duration>86400</duration><start>{1}</start></interval>\n",
          mr, day);
      for (int i = 0; i < 96; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const int64_t wh = 50 + static_cast<int64_t>((state >> 33) % 400);
        buf += fmt::format(
            "<IntervalReading><cost>{}</cost><timePeriod><duration>900</duration><start>{}</start>"
            "</timePeriod><value>{}</value></IntervalReading>\n",
            wh * 31, day + 900 * i, wh);
        ++readings;
      }
      buf += "</IntervalBlock></content></entry>\n";
      if (buf.size() > (1 << 20)) {
        if (std::fwrite(buf.data(), 1, buf.size(), f.get()) != buf.size()) {
          return absl::UnavailableError(fmt::format("cannot write {}", path));
        }
        buf.clear();
      }
    }
  }
  buf += "</feed>\n";
  if (std::fwrite(buf.data(), 1, buf.size(), f.get()) != buf.size()) {
    return absl::UnavailableError(fmt::format("cannot write {}", path));
  }
  return readings;
}

absl::Status RunGreenButtonBench(const GreenButtonBenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  const std::string feed = dir + "/feed.xml";
  GL_ASSIGN_OR_RETURN(const uint64_t interval_readings, WriteEspiBenchFeed(feed, o.meters, o.days));
  const double stored = 2.0 * static_cast<double>(interval_readings);  // energy + cost
  emit("greenbutton_xml_readings", stored, "readings");
  emit("greenbutton_xml_bytes_per_reading",
       static_cast<double>(std::filesystem::file_size(feed)) / stored, "B");
  const std::string store_dir = dir + "/store";
  std::vector<double> rates, rss;
  for (int run = 0; run < o.import_runs; ++run) {
    std::filesystem::remove_all(store_dir);
    GL_ASSIGN_OR_RETURN(ChildResult r, RunChild({o.gridline_binary, "import", "greenbutton",
                                                 "--data", store_dir, "--progress", "none", feed}));
    rates.push_back(stored / r.seconds);
    rss.push_back(r.peak_rss_mib);
  }
  emit("greenbutton_xml_readings_per_s", Median(rates), "readings/s");
  emit("greenbutton_xml_import_peak_rss", *std::max_element(rss.begin(), rss.end()), "MiB");
  return absl::OkStatus();
}

}  // namespace gridline::bench
