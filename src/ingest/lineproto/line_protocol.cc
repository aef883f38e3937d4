#include "ingest/lineproto/line_protocol.h"

#include <chrono>
#include <cstring>

#include "common/decimal.h"
#include "common/quality.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/meter_table.h"

namespace gridline::ingest {

namespace {

// A token of a line: its text with escapes removed (a view into the line when it had none).
class Token {
 public:
  std::string_view view() const { return view_; }
  // Sets the token to raw[0, n), removing a backslash before any of `escapable`.
  void Set(std::string_view raw, std::string_view escapable) {
    if (raw.find('\\') == std::string_view::npos) {
      view_ = raw;
      return;
    }
    buf_.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size() &&
          escapable.find(raw[i + 1]) != std::string_view::npos) {
        ++i;
      }
      buf_ += raw[i];
    }
    view_ = buf_;
  }

 private:
  std::string buf_;
  std::string_view view_;
};

// The end of the token starting at `p`: the first of the stop characters `a`, `b`, `c` that is
// not escaped by a backslash. (Comparisons, not string_view::find: this runs per character.)
size_t TokenEnd(std::string_view line, size_t p, char a, char b, char c) {
  const size_t n = line.size();
  const char* d = line.data();
  while (p < n) {
    const char ch = d[p];
    if (ch == '\\' && p + 1 < n) {
      p += 2;
      continue;
    }
    if (ch == a || ch == b || ch == c) return p;
    ++p;
  }
  return p;
}

bool IsBoolean(std::string_view v) {
  static constexpr std::string_view kWords[] = {"t", "T", "true",  "True",  "TRUE",
                                                "f", "F", "false", "False", "FALSE"};
  for (std::string_view w : kWords) {
    if (v == w) return true;
  }
  return false;
}

// An int64 from optional '-' and 1..19 digits; false on anything else or overflow.
bool ParseInt64(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  const bool negative = text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 19) return false;
  unsigned __int128 v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > static_cast<unsigned __int128>(INT64_MAX) + (negative ? 1 : 0)) return false;
  *out = negative ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return true;
}

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<LineProtocolPrecision> ParseLineProtocolPrecision(std::string_view text) {
  struct Unit {
    std::string_view name;
    int64_t per_second;
    int64_t seconds_per_unit;
  };
  static constexpr Unit kUnits[] = {
      {"n", 1'000'000'000, 1},
      {"ns", 1'000'000'000, 1},
      {"u", 1'000'000, 1},
      {"us", 1'000'000, 1},
      {"ms", 1000, 1},
      {"s", 1, 1},
      {"m", 0, 60},
      {"h", 0, 3600},
  };
  for (const Unit& u : kUnits) {
    if (text == u.name) return LineProtocolPrecision{u.per_second, u.seconds_per_unit};
  }
  return absl::InvalidArgumentError(
      fmt::format("precision {}: use n, ns, u, us, ms, s, m or h", Shown(text)));
}

absl::Status AddLineProtocolMeasurement(std::string_view spec, LineProtocolMapping* mapping) {
  const size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: expected MEASUREMENT=CHANNEL (e.g. power=watts)", Shown(spec)));
  }
  const std::optional<ChannelKind> channel = ChannelFromName(spec.substr(eq + 1));
  if (!channel) {
    return absl::InvalidArgumentError(
        fmt::format("{}: unknown channel {}", Shown(spec), Shown(spec.substr(eq + 1))));
  }
  mapping->measurements.emplace_back(std::string(spec.substr(0, eq)), *channel);
  return absl::OkStatus();
}

struct LineProtocolParser::Impl {
  explicit Impl(LineProtocolOptions o) : options(std::move(o)) {
    if (!options.now) options.now = SystemNow;
  }

  void Parse(std::string_view text, ParsedBlock* out);
  // One non-blank, non-comment line; `line` relative to the block.
  void ParseLine(std::string_view line, uint32_t line_no, ParsedBlock* out);
  void Error(ParsedBlock* out, uint32_t line_no, std::string_view field, std::string reason) {
    out->Reject(line_no, std::string(field), std::move(reason));
  }
  // Lines of a batch mostly share their measurement: the last answer is kept.
  std::optional<ChannelKind> ChannelOf(std::string_view measurement) {
    if (measurement == last_measurement) return last_channel;
    last_channel = std::nullopt;
    for (const auto& [name, kind] : options.mapping.measurements) {
      if (name == measurement) {
        last_channel = kind;
        break;
      }
    }
    if (!last_channel) last_channel = ChannelFromName(measurement);
    last_measurement.assign(measurement);
    return last_channel;
  }

  LineProtocolOptions options;
  std::string last_measurement;
  std::optional<ChannelKind> last_channel;
  MeterTable meters;
  Token measurement, key, tag_value, field_value, meter, quality;
};

void LineProtocolParser::Impl::Parse(std::string_view text, ParsedBlock* out) {
  meters.Reset(&out->meters);
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t first = line.find_first_not_of(" \t");
    if (line.size() > kMaxLineProtocolLine) {
      Error(out, line_no, "row",
            fmt::format("line of {} bytes is longer than {} bytes", line.size(),
                        kMaxLineProtocolLine));
    } else if (first != std::string_view::npos && line[first] != '#') {
      ParseLine(line.substr(first), line_no, out);
    }
    ++line_no;
    pos = last ? end : end + 1;
  }
  out->line_count = line_no;
}

void LineProtocolParser::Impl::ParseLine(std::string_view line, uint32_t line_no,
                                         ParsedBlock* out) {
  // measurement
  size_t p = TokenEnd(line, 0, ',', ' ', ' ');
  measurement.Set(line.substr(0, p), ", ");
  if (measurement.view().empty()) return Error(out, line_no, "measurement", "missing measurement");
  meter.Set({}, "");
  quality.Set({}, "");
  bool have_meter = false, have_quality = false;
  // tags
  while (p < line.size() && line[p] == ',') {
    const size_t k = p + 1;
    const size_t eq = TokenEnd(line, k, '=', ',', ' ');
    if (eq >= line.size() || line[eq] != '=') {
      return Error(out, line_no, "tags",
                   fmt::format("tag {} has no '=value'", Shown(line.substr(k, eq - k))));
    }
    const size_t ve = TokenEnd(line, eq + 1, ',', ' ', ' ');
    key.Set(line.substr(k, eq - k), ",= ");
    if (key.view() == options.mapping.meter_tag) {
      meter.Set(line.substr(eq + 1, ve - eq - 1), ",= ");
      have_meter = true;
    } else if (key.view() == options.mapping.quality_tag) {
      quality.Set(line.substr(eq + 1, ve - eq - 1), ",= ");
      have_quality = true;
    }
    p = ve;
  }
  if (p >= line.size() || line[p] != ' ') {
    return Error(out, line_no, "fields", "no fields: expected a space and field=value");
  }
  while (p < line.size() && line[p] == ' ') ++p;
  // fields
  bool have_value = false;
  std::string_view value_text;
  while (true) {
    const size_t k = p;
    const size_t eq = TokenEnd(line, k, '=', ',', ' ');
    if (eq >= line.size() || line[eq] != '=' || eq == k) {
      return Error(out, line_no, "fields",
                   fmt::format("field {} has no '=value'", Shown(line.substr(k, eq - k))));
    }
    key.Set(line.substr(k, eq - k), ",= ");
    size_t ve = eq + 1;
    if (ve < line.size() && line[ve] == '"') {
      // A string value: up to the closing quote that is not escaped.
      ++ve;
      while (ve < line.size() && line[ve] != '"')
        ve += (line[ve] == '\\' && ve + 1 < line.size()) ? 2 : 1;
      if (ve >= line.size()) {
        return Error(out, line_no, key.view(), "string value without its closing quote");
      }
      ++ve;
    } else {
      while (ve < line.size() && line[ve] != ',' && line[ve] != ' ') ++ve;
    }
    if (key.view() == options.mapping.value_field) {
      value_text = line.substr(eq + 1, ve - eq - 1);
      have_value = true;
    }
    p = ve;
    if (p < line.size() && line[p] == ',') {
      ++p;
      continue;
    }
    break;
  }
  // timestamp
  while (p < line.size() && line[p] == ' ') ++p;
  std::string_view stamp = line.substr(p);
  while (!stamp.empty() && (stamp.back() == ' ' || stamp.back() == '\t')) stamp.remove_suffix(1);

  const std::optional<ChannelKind> channel = ChannelOf(measurement.view());
  if (!channel) {
    return Error(out, line_no, "measurement",
                 fmt::format("measurement {} names no channel (kwh, kwh_received, voltage, ...; "
                             "map others with serve --lp-measurement NAME=CHANNEL)",
                             Shown(measurement.view())));
  }
  if (!have_meter) {
    return Error(out, line_no, options.mapping.meter_tag,
                 fmt::format("no tag '{}' naming the meter", options.mapping.meter_tag));
  }
  int64_t meter_index = meters.Find(meter.view());
  if (meter_index < 0) {
    if (const std::string problem = MeterIdProblem(meter.view()); !problem.empty()) {
      return Error(out, line_no, options.mapping.meter_tag, problem);
    }
    meter_index = meters.Intern(meter.view());
  }
  if (!have_value) {
    return Error(out, line_no, options.mapping.value_field,
                 fmt::format("no field '{}' holding the reading", options.mapping.value_field));
  }
  Quality q = Quality::kActual;
  if (have_quality) {
    const std::optional<Quality> parsed = QualityFromText(quality.view());
    if (!parsed) {
      return Error(out, line_no, options.mapping.quality_tag,
                   fmt::format("unknown quality {}", Shown(quality.view())));
    }
    q = *parsed;
  }
  const int scale = GetChannelSpec(*channel).scale;
  int64_t value = 0;
  bool rounded = false;
  if (value_text.empty() || value_text[0] == '"' || IsBoolean(value_text)) {
    return Error(out, line_no, options.mapping.value_field,
                 fmt::format("{} is not a number", Shown(value_text)));
  }
  const char suffix = value_text.back();
  if (suffix == 'i' || suffix == 'u') {
    const std::string_view digits = value_text.substr(0, value_text.size() - 1);
    int64_t whole = 0;
    if (!ParseInt64(digits, &whole) || (suffix == 'u' && whole < 0)) {
      return Error(out, line_no, options.mapping.value_field,
                   fmt::format("{} is not an {} integer", Shown(value_text),
                               suffix == 'u' ? "unsigned" : "int64"));
    }
    const DecimalStatus s = ParseScaledDecimal(digits, scale, false, &value, &rounded);
    if (s != DecimalStatus::kOk) {
      return Error(out, line_no, options.mapping.value_field,
                   fmt::format("{}: {}", Shown(value_text), DecimalStatusMessage(s)));
    }
  } else {
    const DecimalStatus s = ParseScaledDecimal(value_text, scale, /*round=*/true, &value, &rounded);
    if (s != DecimalStatus::kOk) {
      return Error(out, line_no, options.mapping.value_field,
                   fmt::format("{}: {}", Shown(value_text), DecimalStatusMessage(s)));
    }
  }
  int64_t seconds = 0;
  if (stamp.empty()) {
    seconds = options.now();
  } else {
    int64_t ts = 0;
    if (!ParseInt64(stamp, &ts)) {
      return Error(out, line_no, "timestamp",
                   fmt::format("{} is not an integer timestamp", Shown(stamp)));
    }
    const LineProtocolPrecision& prec = options.precision;
    if (prec.per_second > 0) {
      if (ts % prec.per_second != 0) {
        return Error(out, line_no, "timestamp",
                     fmt::format("{} is not a whole second (readings are on grids of whole "
                                 "seconds)",
                                 ts));
      }
      seconds = ts / prec.per_second;
    } else if (__builtin_mul_overflow(ts, prec.seconds_per_unit, &seconds)) {
      seconds = INT64_MAX;
    }
  }
  if (seconds < kMinTime || seconds >= kMaxTime) {
    return Error(out, line_no, "timestamp",
                 fmt::format("{} is outside 1970-01-01 .. 2200-01-01",
                             stamp.empty() ? std::string("the clock") : Shown(stamp)));
  }
  if (rounded) ++out->rounded;
  ParsedRow row;
  row.time = seconds;
  row.value = value;
  row.meter = static_cast<uint32_t>(meter_index);
  row.line = line_no;
  row.channel = *channel;
  row.quality = q;
  out->rows.push_back(row);
}

LineProtocolParser::LineProtocolParser(LineProtocolOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
LineProtocolParser::~LineProtocolParser() = default;
void LineProtocolParser::Parse(std::string_view text, ParsedBlock* out) { impl_->Parse(text, out); }

}  // namespace gridline::ingest
