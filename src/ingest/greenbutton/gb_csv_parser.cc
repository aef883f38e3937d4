#include "ingest/greenbutton/gb_csv_parser.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "common/decimal.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_fields.h"

namespace gridline::ingest {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// "USAGE (kWh)" -> name "USAGE", unit "kWh".
struct HeaderName {
  std::string_view name;
  std::string_view unit;
};
HeaderName SplitHeaderName(std::string_view field) {
  field = StripSpaces(field);
  const size_t open = field.find('(');
  if (open == std::string_view::npos) return {field, {}};
  std::string_view unit = field.substr(open + 1);
  unit = unit.substr(0, unit.find(')'));
  return {StripSpaces(field.substr(0, open)), StripSpaces(unit)};
}

bool ContainsIgnoreCase(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (EqualsIgnoreCase(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

// Digits of [p, end) as an unsigned number; false when there are none or they do not fit.
bool ReadUint(std::string_view s, unsigned* out) {
  if (s.empty() || s.size() > 4) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// `2018-10-04` or `7/2/2026`: days since 1970-01-01; nullptr or a reason.
const char* ParseDate(std::string_view s, int64_t* days) {
  s = StripSpaces(s);
  unsigned y = 0, m = 0, d = 0;
  const char sep = s.find('-') != std::string_view::npos ? '-' : '/';
  const size_t a = s.find(sep);
  const size_t b = a == std::string_view::npos ? a : s.find(sep, a + 1);
  if (b == std::string_view::npos) return "not a date (YYYY-MM-DD or M/D/YYYY)";
  const std::string_view p1 = s.substr(0, a), p2 = s.substr(a + 1, b - a - 1), p3 = s.substr(b + 1);
  const bool ok = sep == '-' ? ReadUint(p1, &y) && ReadUint(p2, &m) && ReadUint(p3, &d)
                             : ReadUint(p1, &m) && ReadUint(p2, &d) && ReadUint(p3, &y);
  if (!ok || y < 1970 || y >= 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return "not a date (YYYY-MM-DD or M/D/YYYY) in 1970..2199";
  }
  *days = DaysFromCivil(y, m, d);
  return nullptr;
}

// `00:00`, `1:00`, `13:45:00`: seconds after midnight.
const char* ParseClock(std::string_view s, int64_t* seconds) {
  s = StripSpaces(s);
  unsigned h = 0, m = 0, sec = 0;
  const size_t a = s.find(':');
  if (a == std::string_view::npos) return "not a time (HH:MM)";
  const size_t b = s.find(':', a + 1);
  const bool ok = ReadUint(s.substr(0, a), &h) &&
                  ReadUint(s.substr(a + 1, b == std::string_view::npos ? b : b - a - 1), &m) &&
                  (b == std::string_view::npos || ReadUint(s.substr(b + 1), &sec));
  if (!ok || h > 23 || m > 59 || sec > 59) return "not a time (HH:MM)";
  *seconds = h * 3600 + m * 60 + sec;
  return nullptr;
}

// `$0.02`, `-$0.01`, `($1.50)`, `"$1,234.56"` -> hundred-thousandths.
DecimalStatus ParseCost(std::string_view s, bool round, int64_t* out, bool* rounded) {
  s = StripSpaces(s);
  bool negative = false;
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    negative = true;
    s = s.substr(1, s.size() - 2);
  }
  if (!s.empty() && s.front() == '-') {
    negative = !negative;
    s.remove_prefix(1);
  }
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  std::string digits;
  for (char c : s) {
    if (c != ',') digits.push_back(c);
  }
  if (digits.empty() || digits.front() == '-' || digits.front() == '+')
    return DecimalStatus::kSyntax;
  const DecimalStatus st = ParseScaledDecimal(digits, 5, round, out, rounded);
  if (st == DecimalStatus::kOk && negative) *out = -*out;
  return st;
}

// A column that holds energy: its channel and the scale its text is read at (3 for kWh, 0 Wh).
struct ValueColumn {
  int col = -1;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  std::string unit;  // from the header's parentheses; empty: the UNITS column says
};

}  // namespace

struct GbCsvParser::Impl {
  explicit Impl(GbCsvOptions o) : options(std::move(o)), split(',') {}

  absl::StatusOr<size_t> ReadHeader(std::string_view head, uint32_t* lines) {
    size_t pos = 0;
    if (head.substr(0, kBom.size()) == kBom) pos = kBom.size();
    std::string service, account;
    for (int n = 0; n < kMaxPrologueLines && pos < head.size(); ++n) {
      SplitStatus status;
      const char* begin = head.data() + pos;
      const char* end = split.SplitLine(begin, head.data() + head.size(), &status);
      pos = static_cast<size_t>(end - head.data()) + (end < head.data() + head.size() ? 1 : 0);
      *lines = static_cast<uint32_t>(n + 1);
      if (status != SplitStatus::kOk) continue;
      const std::vector<std::string_view>& f = split.fields();
      if (IsHeader(f)) {
        GL_RETURN_IF_ERROR(TakeHeader(f));
        meter = options.meter.empty() ? (service.empty() ? account : service) : options.meter;
        if (meter.empty() || meter.size() > 128) {
          return absl::InvalidArgumentError(
              "Green Button CSV: the prologue names no Service or Account Number (1..128 bytes) "
              "to use as the meter id: give --meter");
        }
        return pos;
      }
      if (f.size() >= 2 && EqualsIgnoreCase(StripSpaces(f[0]), "Service")) {
        service = std::string(StripSpaces(f[1]));
      }
      if (f.size() >= 2 && EqualsIgnoreCase(StripSpaces(f[0]), "Account Number")) {
        account = std::string(StripSpaces(f[1]));
      }
    }
    return absl::InvalidArgumentError(fmt::format(
        "Green Button CSV: no header naming TYPE, DATE, START TIME and USAGE (or IMPORT) in the "
        "first {} lines",
        kMaxPrologueLines));
  }

  static bool IsHeader(const std::vector<std::string_view>& f) {
    bool date = false, start = false;
    for (std::string_view x : f) {
      const HeaderName h = SplitHeaderName(x);
      date |= EqualsIgnoreCase(h.name, "DATE");
      start |= EqualsIgnoreCase(h.name, "START TIME");
    }
    return date && start;
  }

  absl::Status TakeHeader(const std::vector<std::string_view>& f) {
    if (f.size() > 64) return absl::InvalidArgumentError("Green Button CSV: over 64 columns");
    std::optional<ValueColumn> usage;
    for (size_t i = 0; i < f.size(); ++i) {
      columns.emplace_back(StripSpaces(f[i]));
      const HeaderName h = SplitHeaderName(f[i]);
      const int c = static_cast<int>(i);
      if (EqualsIgnoreCase(h.name, "DATE")) date_col = c;
      if (EqualsIgnoreCase(h.name, "START TIME")) start_col = c;
      if (EqualsIgnoreCase(h.name, "UNITS")) units_col = c;
      if (EqualsIgnoreCase(h.name, "COST")) cost_col = c;
      if (EqualsIgnoreCase(h.name, "NOTES")) notes_col = c;
      if (EqualsIgnoreCase(h.name, "USAGE")) {
        usage = ValueColumn{c, ChannelKind::kKwhDelivered, std::string(h.unit)};
      }
      if (EqualsIgnoreCase(h.name, "IMPORT")) {
        values.push_back({c, ChannelKind::kKwhDelivered, std::string(h.unit)});
      }
      if (EqualsIgnoreCase(h.name, "EXPORT")) {
        values.push_back({c, ChannelKind::kKwhReceived, std::string(h.unit)});
      }
    }
    if (values.empty() && usage.has_value()) values.push_back(*usage);
    if (values.empty()) {
      return absl::InvalidArgumentError(
          "Green Button CSV: the header has no USAGE, IMPORT or EXPORT column");
    }
    min_fields = std::max({date_col, start_col, values.back().col}) + 1;
    return absl::OkStatus();
  }

  void Error(ParsedBlock* out, uint32_t line, int col, std::string reason, uint64_t readings) {
    out->errors.push_back(RowError{"", line, col >= 0 ? columns[col] : "row", std::move(reason)});
    out->rejected_readings += readings;
  }

  void ParseRows(std::string_view text, ParsedBlock* out) {
    if (out->meters.empty()) out->meters.push_back(meter);
    const char* p = text.data();
    const char* end = p + text.size();
    uint32_t line = 0;
    for (; p < end; ++line) {
      SplitStatus status;
      const char* eol = split.SplitLine(p, end, &status);
      const std::string_view raw(p, static_cast<size_t>(eol - p));
      p = eol < end ? eol + 1 : end;
      if (StripSpaces(raw).empty()) continue;
      if (status != SplitStatus::kOk) {
        Error(out, line, -1, SplitStatusMessage(status), values.size());
        continue;
      }
      Row(split.fields(), line, out);
    }
    out->line_count = line;
  }

  void Row(const std::vector<std::string_view>& f, uint32_t line, ParsedBlock* out) {
    const uint64_t n = values.size();
    if (static_cast<int>(f.size()) < min_fields) {
      Error(out, line, -1, fmt::format("{} fields, the header has {}", f.size(), columns.size()),
            n);
      return;
    }
    int64_t days = 0, clock = 0;
    if (const char* why = ParseDate(f[date_col], &days)) return Error(out, line, date_col, why, n);
    if (const char* why = ParseClock(f[start_col], &clock)) {
      return Error(out, line, start_col, why, n);
    }
    const LocalResolution r = options.zone.LocalToUtc(days * kSecondsPerDay + clock);
    if (r.kind == LocalResolution::Kind::kNonexistent) {
      return Error(
          out, line, start_col,
          fmt::format("falls in the hour skipped when DST starts in {}", options.zone.name()), n);
    }
    ParsedRow row;
    row.time = r.earliest;
    if (r.kind == LocalResolution::Kind::kAmbiguous) {
      row.ambiguous_s = static_cast<int32_t>(r.latest - r.earliest);
    }
    row.line = line;
    row.meter = 0;
    if (notes_col >= 0 && notes_col < static_cast<int>(f.size()) &&
        ContainsIgnoreCase(f[notes_col], "estimat")) {
      row.quality = Quality::kEstimated;
    }
    const std::string_view units =
        units_col >= 0 && units_col < static_cast<int>(f.size()) ? StripSpaces(f[units_col]) : "";
    bool not_energy = false;  // a gas row: its cost is not the electric cost series'
    for (const ValueColumn& v : values) {
      const std::string_view text = StripSpaces(f[v.col]);
      if (text.empty()) continue;
      const std::string_view unit = v.unit.empty() ? units : std::string_view(v.unit);
      int scale = 3;
      if (EqualsIgnoreCase(unit, "Wh")) {
        scale = 0;
      } else if (!unit.empty() && !EqualsIgnoreCase(unit, "kWh")) {
        Error(out, line, v.col,
              fmt::format("unit '{}' is not energy gridline stores (kWh or Wh; gas is not kept)",
                          unit.substr(0, 32)),
              1);
        not_energy = true;
        continue;
      }
      bool rounded = false;
      const DecimalStatus st = ParseScaledDecimal(text, scale, options.round, &row.value, &rounded);
      if (st != DecimalStatus::kOk) {
        Error(out, line, v.col, DecimalStatusMessage(st), 1);
        continue;
      }
      out->rounded += rounded;
      row.channel = v.channel;
      row.column = static_cast<uint16_t>(v.col);
      out->rows.push_back(row);
    }
    if (!not_energy && cost_col >= 0 && cost_col < static_cast<int>(f.size()) &&
        !StripSpaces(f[cost_col]).empty()) {
      bool rounded = false;
      const DecimalStatus st = ParseCost(f[cost_col], options.round, &row.value, &rounded);
      if (st != DecimalStatus::kOk) {
        Error(out, line, cost_col, DecimalStatusMessage(st), 1);
        return;
      }
      out->rounded += rounded;
      row.channel = ChannelKind::kCost;
      row.column = static_cast<uint16_t>(cost_col);
      out->rows.push_back(row);
    }
  }

  GbCsvOptions options;
  CsvFieldSplitter split;
  std::string meter;
  std::vector<std::string> columns;
  std::vector<ValueColumn> values;
  int date_col = -1, start_col = -1, units_col = -1, cost_col = -1, notes_col = -1;
  int min_fields = 0;
};

GbCsvParser::GbCsvParser(GbCsvOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
GbCsvParser::~GbCsvParser() = default;

absl::StatusOr<size_t> GbCsvParser::ReadHeader(std::string_view head, uint32_t* lines) {
  return impl_->ReadHeader(head, lines);
}
const std::vector<std::string>& GbCsvParser::columns() const { return impl_->columns; }
void GbCsvParser::ParseRows(std::string_view text, ParsedBlock* out) {
  impl_->ParseRows(text, out);
}

}  // namespace gridline::ingest
