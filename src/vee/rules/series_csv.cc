// series_csv.cc: the small CSV reader of series_csv.h.
#include "vee/rules/series_csv.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "common/decimal.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_fields.h"
#include "ingest/csv/time_format.h"

namespace gridline::vee {
namespace {

constexpr size_t kMaxSlots = size_t{1} << 22;

struct Row {
  UnixSeconds t;
  size_t line;
  std::vector<std::optional<int64_t>> milli;  // value x 1000 (Wh, or W for kW)
  bool is_register;
};

int FindColumn(const std::vector<std::string_view>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view h = StripSpaces(header[i]);
    if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);  // BOM
    if (EqualsIgnoreCase(h, name)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

absl::StatusOr<SeriesCsv> ReadSeriesCsv(const std::string& path, const SeriesCsvOptions& o) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("{}: cannot be opened", path));
  GL_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(o.zone));
  std::optional<ingest::TimeFormat> format;
  if (!o.time_format.empty()) {
    GL_ASSIGN_OR_RETURN(format, ingest::TimeFormat::Parse(o.time_format));
  }
  auto fail = [&](size_t line, std::string_view field, std::string_view reason) {
    return absl::InvalidArgumentError(fmt::format("{}:{}: {}: {}", path, line, field, reason));
  };

  std::string line_text;
  size_t line = 0, bytes = 0;
  int time_col = -1, date_col = -1, channel_col = -1;
  std::vector<int> value_cols;
  ingest::CsvFieldSplitter splitter(',');
  std::vector<Row> rows;
  UnixSeconds last_t = INT64_MIN;
  SeriesCsv out;
  while (std::getline(in, line_text)) {
    ++line;
    bytes += line_text.size() + 1;
    if (bytes > kMaxCsvBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}: over the limit of {} bytes", path, kMaxCsvBytes));
    }
    if (!line_text.empty() && line_text.back() == '\r') line_text.pop_back();
    if (ingest::SplitStatus s = splitter.Split(line_text); s != ingest::SplitStatus::kOk) {
      return fail(line, "row", ingest::SplitStatusMessage(s));
    }
    const std::vector<std::string_view>& f = splitter.fields();
    if (time_col < 0) {  // still looking for the header
      time_col = FindColumn(f, o.time_column);
      if (time_col < 0) continue;
      if (!o.date_column.empty() && (date_col = FindColumn(f, o.date_column)) < 0) {
        return fail(line, o.date_column, "no such column in the header");
      }
      for (const std::string& name : o.value_columns) {
        const int c = FindColumn(f, name);
        if (c < 0) return fail(line, name, "no such column in the header");
        value_cols.push_back(c);
        out.names.push_back(name);
      }
      channel_col = FindColumn(f, o.channel_column);
      continue;
    }
    if (f.size() == 1 && StripSpaces(f[0]).empty()) continue;  // a blank line
    auto cell = [&](int c) { return c < static_cast<int>(f.size()) ? StripSpaces(f[c]) : ""; };
    std::string stamp(cell(time_col));
    if (date_col >= 0) stamp = fmt::format("{} {}", cell(date_col), stamp);
    ParsedTime pt;
    const char* why = format ? format->Match(stamp, &pt) : ParseTimestamp(stamp, &pt);
    if (why != nullptr) return fail(line, o.time_column, why);
    UnixSeconds t = pt.seconds;
    if (!pt.has_offset) {
      const LocalResolution r = zone.LocalToUtc(pt.seconds);
      if (r.kind == LocalResolution::Kind::kNonexistent) {
        ++out.skipped;
        continue;
      }
      t = r.kind == LocalResolution::Kind::kAmbiguous && r.earliest <= last_t ? r.latest
                                                                              : r.earliest;
    }
    last_t = t;
    Row row{t, line, {}, false};
    if (channel_col >= 0) {
      const std::string_view ch = cell(channel_col);
      row.is_register = EqualsIgnoreCase(ch, "kwh_register");
      if (!row.is_register && !ch.empty() && !EqualsIgnoreCase(ch, "kwh_delivered") &&
          !EqualsIgnoreCase(ch, "kwh")) {
        continue;  // another channel
      }
    }
    for (int c : value_cols) {
      int64_t v = 0;
      bool rounded = false;
      if (ParseScaledDecimal(cell(c), 3, true, &v, &rounded) == DecimalStatus::kOk) {
        row.milli.push_back(v);
      } else {
        row.milli.push_back(std::nullopt);
      }
    }
    rows.push_back(std::move(row));
  }
  if (time_col < 0) return fail(1, o.time_column, "no header names this column");
  out.rows = rows.size();

  // The grid: the smallest positive spacing unless given.
  std::vector<UnixSeconds> times;
  for (const Row& r : rows) {
    if (!r.is_register) times.push_back(r.t);
  }
  std::sort(times.begin(), times.end());
  out.interval_s = o.interval_s;
  if (out.interval_s == 0) {
    for (size_t i = 1; i < times.size(); ++i) {
      const int64_t d = times[i] - times[i - 1];
      if (d > 0 && (out.interval_s == 0 || d < out.interval_s)) out.interval_s = d;
    }
    if (out.interval_s == 0) out.interval_s = 900;
  }
  out.values_wh.assign(value_cols.size(), {});
  if (times.empty()) return out;
  out.start_s = FloorDiv(times.front(), out.interval_s) * out.interval_s;
  const size_t slots = static_cast<size_t>((times.back() - out.start_s) / out.interval_s) + 1;
  if (slots > kMaxSlots) {
    return absl::InvalidArgumentError(fmt::format("{}: {} slots of {} s is over the limit of {}",
                                                  path, slots, out.interval_s, kMaxSlots));
  }
  for (auto& col : out.values_wh) col.assign(slots, std::nullopt);
  for (const Row& r : rows) {
    if (r.is_register) {
      if (r.milli[0]) out.registers.push_back({r.t, *r.milli[0]});
      continue;
    }
    if ((r.t - out.start_s) % out.interval_s != 0) {
      return fail(r.line, o.time_column,
                  fmt::format("off the {} grid of the file", FormatDuration(out.interval_s)));
    }
    const size_t slot = static_cast<size_t>((r.t - out.start_s) / out.interval_s);
    for (size_t c = 0; c < r.milli.size(); ++c) {
      if (!r.milli[c]) continue;
      int64_t wh = *r.milli[c];
      if (o.unit_kw) {  // W x interval / 3600 s, rounded to the nearest Wh
        wh = static_cast<int64_t>(
            std::llround(static_cast<double>(wh) * static_cast<double>(out.interval_s) / 3600.0));
      }
      out.values_wh[c][slot] = wh;
    }
  }
  std::sort(out.registers.begin(), out.registers.end(),
            [](const RegisterRead& a, const RegisterRead& b) { return a.at_s < b.at_s; });
  return out;
}

}  // namespace gridline::vee
