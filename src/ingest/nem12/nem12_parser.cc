#include "ingest/nem12/nem12_parser.h"

#include <cstring>

#include "common/decimal.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::ingest::nem12 {

namespace {

// The spec's bound on a line is the longest 300 record (288 values); far more is not NEM12.
constexpr size_t kMaxRecordBytes = 16 * 1024;
constexpr size_t kMaxFields = 300;

constexpr Uom kUoms[] = {
    {"MWh", ChannelKind::kKwhDelivered, {1000, 0}}, {"kWh", ChannelKind::kKwhDelivered, {1, 0}},
    {"Wh", ChannelKind::kKwhDelivered, {1, 3}},     {"MVArh", ChannelKind::kKvarh, {1000, 0}},
    {"kVArh", ChannelKind::kKvarh, {1, 0}},         {"VArh", ChannelKind::kKvarh, {1, 3}},
    {"MW", ChannelKind::kKwDemand, {1000, 0}},      {"kW", ChannelKind::kKwDemand, {1, 0}},
    {"W", ChannelKind::kKwDemand, {1, 3}},          {"kV", ChannelKind::kVoltage, {1000, 0}},
    {"V", ChannelKind::kVoltage, {1, 0}},           {"kA", ChannelKind::kCurrent, {1000, 0}},
    {"A", ChannelKind::kCurrent, {1, 0}},           {"pf", ChannelKind::kPowerFactor, {1, 0}},
};

void Split(std::string_view line, std::vector<std::string_view>* fields) {
  fields->clear();
  size_t start = 0;
  while (fields->size() < kMaxFields + 1) {
    const size_t comma = line.find(',', start);
    fields->push_back(StripSpaces(line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

int SmallInt(std::string_view s) {
  if (s.empty() || s.size() > 6) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A CCYYMMDD date as days since 1970-01-01.
std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  const int y = SmallInt(s.substr(0, 4)), m = SmallInt(s.substr(4, 2)),
            d = SmallInt(s.substr(6, 2));
  if (y < 1970 || m < 1 || m > 12 || d < 1 ||
      static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) {
    return std::nullopt;
  }
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

std::optional<Quality> QualityFromMethod(std::string_view method) {
  if (method.empty()) return std::nullopt;
  switch (method[0]) {
    case 'A':
      return Quality::kActual;
    case 'E':
    case 'S':
      return Quality::kEstimated;
    case 'F':
      return Quality::kEdited;
    case 'N':
      return Quality::kMissing;
    default:
      return std::nullopt;
  }
}

const Uom* FindUom(std::string_view name) {
  for (const Uom& u : kUoms) {
    if (EqualsIgnoreCase(u.name, name)) return &u;
  }
  return nullptr;
}

size_t Nem12Parser::Parse(std::string_view text, bool last, ParsedBlock* out) {
  meters_.Clear();
  uint32_t line = 0;
  size_t pos = 0;
  // What the block held before the current day's 300 line, to hand the day back with the next
  // block when its 400 records may continue there.
  struct Mark {
    size_t errors = 0, rows = 0;
    uint64_t rejected = 0, rounded = 0;
  } before_day;
  while (pos < text.size()) {
    const char* nl =
        static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    const size_t end = nl == nullptr ? text.size() : static_cast<size_t>(nl - text.data());
    std::string_view record = text.substr(pos, end - pos);
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    // A record other than a 400 ends the day before it: its readings belong to this block even
    // when the record starts a day that is handed back.
    const std::string_view head = StripSpaces(record).substr(0, 4);
    if (day_.active && head != "400," && head != "400") FinishDay(out);
    const Mark mark{out->errors.size(), out->rows.size(), out->rejected_readings, out->rounded};
    Record(record, line, pos, out);
    if (day_.active && day_.line == line) before_day = mark;
    ++line;
    pos = end + 1;
  }
  if (day_.active && !last && text.size() - day_.offset <= kMaxHeldBytes) {
    // Read the day again, from its 300, with the next block.
    out->errors.resize(before_day.errors);
    out->rows.resize(before_day.rows);
    out->rejected_readings = before_day.rejected;
    out->rounded = before_day.rounded;
    out->line_count = day_.line;
    const size_t held = day_.offset;
    day_ = Day{};
    return held;
  }
  if (day_.active) FinishDay(out);
  out->line_count = line;
  return text.size();
}

void Nem12Parser::Record(std::string_view text, uint32_t line, size_t offset, ParsedBlock* out) {
  if (StripSpaces(text).empty()) return;
  if (text.size() > kMaxRecordBytes) {
    if (day_.active) FinishDay(out);
    out->Reject(line, "record",
                fmt::format("{} characters: longer than any NEM12 record", text.size()), 1);
    previous_ = "";
    return;
  }
  Split(text, &fields_);
  const std::string_view indicator = fields_[0];
  if (indicator != "400" && day_.active) FinishDay(out);
  if (ended_) {
    out->Reject(line, "record", "after the 900 end record", 0);
    return;
  }
  if (indicator == "100") {
    if (fields_.size() < 2 || fields_[1] != "NEM12") {
      out->Reject(line, "version",
                  fmt::format("'{}': only NEM12 interval files are read (NEM13 holds accumulated "
                              "reads)",
                              fields_.size() < 2 ? "" : fields_[1].substr(0, 16)),
                  0);
    }
  } else if (indicator == "200") {
    Header200(line, out);
  } else if (indicator == "300") {
    Day300(line, offset, out);
  } else if (indicator == "400") {
    Range400(line, out);
  } else if (indicator == "500") {
    ++skipped_500_;
  } else if (indicator == "900") {
    ended_ = true;
  } else {
    out->Reject(line, "record indicator",
                fmt::format("'{}' is not a NEM12 record (100, 200, 300, 400, 500, 900)",
                            indicator.substr(0, 16)),
                1);
  }
  previous_.assign(indicator.data(), std::min<size_t>(indicator.size(), 3));
}

void Nem12Parser::Header200(uint32_t line, ParsedBlock* out) {
  stream_ = Stream{};
  // 200,NMI,NMIConfiguration,RegisterID,NMISuffix,MDMDataStreamIdentifier,MeterSerialNumber,UOM,
  // IntervalLength,NextScheduledReadDate
  if (fields_.size() < 9) {
    out->Reject(line, "record",
                fmt::format("a 200 record has 10 fields, this one {}", fields_.size()), 0);
    return;
  }
  const std::string_view nmi = fields_[1], suffix = fields_[4], uom_name = fields_[7];
  if (nmi.empty() || nmi.size() > 10) {
    out->Reject(line, "NMI",
                fmt::format("'{}' is not a NMI of 1 to 10 characters", nmi.substr(0, 16)), 0);
    return;
  }
  if (suffix.size() != 2) {
    out->Reject(line, "NMISuffix",
                fmt::format("'{}' is not a two-character suffix such as E1", suffix.substr(0, 16)),
                0);
    return;
  }
  const Uom* uom = FindUom(uom_name);
  if (uom == nullptr) {
    out->Reject(
        line, "UOM",
        fmt::format("'{}': gridline has no channel for it (kWh, Wh, MWh, kVArh, kW, V, A, pf "
                    "are read)",
                    uom_name.substr(0, 16)),
        0);
    return;
  }
  const char kind = suffix[0];
  ChannelKind channel = uom->channel;
  if (channel == ChannelKind::kKwhDelivered) {
    if (kind == 'B') {
      channel = ChannelKind::kKwhReceived;
    } else if (kind != 'E') {
      out->Reject(line, "NMISuffix",
                  fmt::format("'{}' with {}: energy streams are E (consumption, kwh_delivered) or "
                              "B (the customer's generation, kwh_received)",
                              suffix, uom->name),
                  0);
      return;
    }
  } else if (kind == 'B' || kind == 'K') {
    out->Reject(line, "NMISuffix",
                fmt::format("'{}': gridline has no channel for {} the customer sends to the grid",
                            suffix, uom->name),
                0);
    return;
  }
  const int interval = SmallInt(fields_[8]);
  if (interval != 5 && interval != 15 && interval != 30) {
    out->Reject(
        line, "IntervalLength",
        fmt::format("'{}' minutes: NEM12 intervals are 5, 15 or 30", fields_[8].substr(0, 16)), 0);
    return;
  }
  stream_.ok = true;
  stream_.meter.assign(nmi.data(), nmi.size());
  if (suffix[1] != '1') stream_.meter.append("-").push_back(suffix[1]);
  stream_.channel = channel;
  stream_.factor = uom->factor;
  stream_.interval_min = interval;
}

void Nem12Parser::Day300(uint32_t line, size_t offset, ParsedBlock* out) {
  if (!stream_.ok) {
    out->Reject(line, "record",
                previous_.empty() ? "a 300 record before any 200 record"
                                  : "its 200 record was rejected (see the error there)",
                fields_.size() > 7 ? fields_.size() - 7 : 0);
    return;
  }
  const int n = 1440 / stream_.interval_min;
  // 300,IntervalDate,IntervalValue1..N,QualityMethod,ReasonCode,ReasonDescription,UpdateDateTime,
  // MSATSLoadDateTime
  const size_t want = static_cast<size_t>(n) + 7;
  if (fields_.size() != want) {
    const long values = static_cast<long>(fields_.size()) - 7;
    out->Reject(line, "record",
                fmt::format("{} interval values: an IntervalLength of {} minutes needs exactly {} "
                            "(1440 / {}), with the date first and 5 fields after them",
                            values < 0 ? 0 : values, stream_.interval_min, n, stream_.interval_min),
                static_cast<uint64_t>(n));
    return;
  }
  const std::optional<int64_t> days = ParseDate(fields_[1]);
  if (!days) {
    out->Reject(line, "IntervalDate",
                fmt::format("'{}' is not a CCYYMMDD date", fields_[1].substr(0, 16)),
                static_cast<uint64_t>(n));
    return;
  }
  const std::string_view method = fields_[2 + n];
  const bool variable = !method.empty() && method[0] == 'V';
  const std::optional<Quality> quality = QualityFromMethod(method);
  if (!variable && !quality) {
    out->Reject(
        line, "QualityMethod",
        fmt::format("'{}' is not a NEM12 quality flag (A, E, F, N, S, V)", method.substr(0, 16)),
        static_cast<uint64_t>(n));
    return;
  }
  day_.active = true;
  day_.line = line;
  day_.offset = offset;
  day_.start = *days * kSecondsPerDay - kNemOffsetS;
  day_.values.assign(n, 0);
  day_.valid.assign(n, 1);
  day_.quality.assign(n, quality.value_or(Quality::kActual));
  day_.covered = variable ? 0 : n;
  const int scale = GetChannelSpec(stream_.channel).scale;
  for (int i = 0; i < n; ++i) {
    ExactNumber number;
    DecimalStatus st = ParseExactNumber(fields_[2 + i], {}, &number);
    bool rounded = false;
    if (st == DecimalStatus::kOk) {
      st = ScaleExact(number, stream_.factor, scale, options_.round, &day_.values[i], &rounded);
    }
    if (st != DecimalStatus::kOk) {
      day_.valid[i] = 0;
      out->Reject(
          line, fmt::format("IntervalValue{}", i + 1),
          st == DecimalStatus::kTooPrecise
              ? fmt::format("'{}' has more decimals than {} holds (give --round)",
                            fields_[2 + i].substr(0, 16), GetChannelSpec(stream_.channel).unit)
              : fmt::format("'{}': {}", fields_[2 + i].substr(0, 16), DecimalStatusMessage(st)),
          1);
    } else if (rounded) {
      ++out->rounded;
    }
  }
}

void Nem12Parser::Range400(uint32_t line, ParsedBlock* out) {
  if (!day_.active) {
    out->Reject(line, "record", "a 400 record that follows no 300 record of quality V", 0);
    return;
  }
  const int n = static_cast<int>(day_.values.size());
  if (day_.covered == n) {
    out->Reject(line, "record",
                previous_ == "300" ? "a 400 record after a 300 whose QualityMethod is not V"
                                   : "a 400 record past the last interval of its day",
                0);
    return;
  }
  // 400,StartInterval,EndInterval,QualityMethod,ReasonCode,ReasonDescription
  const int start = fields_.size() >= 4 ? SmallInt(fields_[1]) : -1;
  const int end = fields_.size() >= 4 ? SmallInt(fields_[2]) : -1;
  if (start != day_.covered + 1 || end < start || end > n) {
    out->Reject(
        line, "StartInterval",
        fmt::format("the 400 ranges must cover intervals 1 to {} in order: expected a range "
                    "from {}, got '{}'-'{}'",
                    n, day_.covered + 1, fields_.size() > 1 ? fields_[1].substr(0, 8) : "",
                    fields_.size() > 2 ? fields_[2].substr(0, 8) : ""),
        0);
    return;
  }
  const std::optional<Quality> quality = QualityFromMethod(fields_[3]);
  if (!quality) {
    out->Reject(
        line, "QualityMethod",
        fmt::format("'{}' is not a 400 quality flag (A, E, F, N, S)", fields_[3].substr(0, 16)), 0);
    return;
  }
  for (int i = start - 1; i < end; ++i) day_.quality[i] = *quality;
  day_.covered = end;
}

void Nem12Parser::FinishDay(ParsedBlock* out) {
  const int n = static_cast<int>(day_.values.size());
  if (day_.covered < n) {
    out->Reject(day_.line, "QualityMethod",
                fmt::format("V, but the 400 records give the quality of intervals 1 to {} only: "
                            "intervals {} to {} are not stored",
                            day_.covered, day_.covered + 1, n),
                0);
  }
  const uint32_t handle = meters_.Handle(stream_.meter, out);
  const int64_t step = int64_t{stream_.interval_min} * 60;
  for (int i = 0; i < n; ++i) {
    if (!day_.valid[i]) continue;
    if (i >= day_.covered) {
      ++out->rejected_readings;
      continue;
    }
    ParsedRow row;
    row.time = day_.start + i * step;
    row.value = day_.values[i];
    row.meter = handle;
    row.line = day_.line;
    row.channel = stream_.channel;
    row.quality = day_.quality[i];
    out->rows.push_back(row);
  }
  day_.active = false;
}

std::vector<std::string> Nem12Parser::Notes() const {
  std::vector<std::string> notes;
  if (skipped_500_ > 0) {
    notes.push_back(fmt::format("skipped {} 500 (B2B details) record{}", skipped_500_,
                                skipped_500_ == 1 ? "" : "s"));
  }
  return notes;
}

}  // namespace gridline::ingest::nem12
