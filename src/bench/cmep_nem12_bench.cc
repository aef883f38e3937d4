#include "bench/cmep_nem12_bench.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::bench {

namespace {

constexpr int kPerDay = 48;           // 30-minute intervals
constexpr int64_t kFirstDay = 20454;  // 2026-01-01

// A value in Wh that varies by meter and interval, written as kWh with 3 decimals.
void AppendKwh(uint64_t wh, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{}.{:03}", wh / 1000, wh % 1000);
}

uint64_t Wh(int64_t meter, int64_t day, int i) {
  uint64_t x = static_cast<uint64_t>(meter * 1'000'003 + day * 97 + i) * 0x9E3779B97F4A7C15ull;
  return 50 + (x >> 54);  // 50..1073 Wh
}

absl::Status WriteCmep(const CmepNem12BenchOptions& o, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string line;
  for (int64_t m = 0; m < o.meters; ++m) {
    for (int d = 0; d < o.days; ++d) {
      const CivilDay c = CivilFromDays(kFirstDay + d);
      line.clear();
      // The first stamp ends the first interval; the rest are empty, filled from the interval.
      fmt::format_to(std::back_inserter(line),
                     "MEPMD01,19970819,BENCH,,UTIL,,202601010000,BM{:06},OK,E,KWH,1,00000030,{},"
                     "{:04}{:02}{:02}0030,,",
                     m, kPerDay, c.year, c.month, c.day);
      for (int i = 0; i < kPerDay; ++i) {
        if (i > 0) line += ",,,";
        AppendKwh(Wh(m, d, i), &line);
      }
      line += "\r\n";
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
  }
  out.close();
  if (!out) return absl::UnavailableError(fmt::format("cannot write {}", path));
  return absl::OkStatus();
}

absl::Status WriteNem12(const CmepNem12BenchOptions& o, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string line = "100,NEM12,202601010000,BENCHMDP,RETAILER\r\n";
  for (int64_t m = 0; m < o.meters; ++m) {
    fmt::format_to(std::back_inserter(line), "200,BN{:08},E1,1,E1,N1,S{},kWh,30,\r\n", m, m);
    for (int d = 0; d < o.days; ++d) {
      const CivilDay c = CivilFromDays(kFirstDay + d);
      fmt::format_to(std::back_inserter(line), "300,{:04}{:02}{:02}", c.year, c.month, c.day);
      for (int i = 0; i < kPerDay; ++i) {
        line += ',';
        AppendKwh(Wh(m, d, i), &line);
      }
      line += ",A,,,20260201000000,\r\n";
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
      line.clear();
    }
  }
  line += "900\r\n";
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
  out.close();
  if (!out) return absl::UnavailableError(fmt::format("cannot write {}", path));
  return absl::OkStatus();
}

}  // namespace

absl::Status RunCmepNem12Bench(const CmepNem12BenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const double readings = static_cast<double>(o.meters) * o.days * kPerDay;
  emit("cmep_nem12_file_readings", readings, "readings");
  struct Format {
    const char* name;
    absl::Status (*write)(const CmepNem12BenchOptions&, const std::string&);
  };
  for (const Format& f : {Format{"cmep", WriteCmep}, Format{"nem12", WriteNem12}}) {
    const std::string file = scratch.path() + "/bench." + f.name;
    GL_RETURN_IF_ERROR(f.write(o, file));
    emit(fmt::format("{}_bytes_per_reading", f.name),
         static_cast<double>(std::filesystem::file_size(file)) / readings, "B");
    const std::string store = scratch.path() + "/store-" + f.name;
    std::vector<double> rates;
    for (int run = 0; run < o.runs; ++run) {
      std::filesystem::remove_all(store);
      GL_ASSIGN_OR_RETURN(ChildResult r, RunChild({o.gridline_binary, "import", f.name, "--data",
                                                   store, "--progress", "none", file}));
      rates.push_back(readings / r.seconds);
    }
    emit(fmt::format("{}_readings_per_s", f.name), Median(rates), "readings/s");
  }
  return absl::OkStatus();
}

}  // namespace gridline::bench
