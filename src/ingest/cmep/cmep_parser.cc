#include "ingest/cmep/cmep_parser.h"

#include <cstring>

#include "common/decimal.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/cmep/cmep_record.h"

namespace gridline::ingest::cmep {

namespace {

// MEPMD01 fields (1-based in the spec, 0-based here).
constexpr size_t kSenderCustomer = 3;
constexpr size_t kReceiverCustomer = 5;
constexpr size_t kMeterId = 7;
constexpr size_t kCommodity = 9;
constexpr size_t kUnits = 10;
constexpr size_t kConstant = 11;
constexpr size_t kInterval = 12;
constexpr size_t kCount = 13;
constexpr size_t kHeaderFields = 14;

// Record types of CMEP 1.20 that carry no interval reads.
constexpr std::string_view kOtherTypes[] = {"MEPAD01", "MEPAD02", "MEPMD02", "MEPBD01", "MEPBD02",
                                            "MEPBD03", "MEPLF01", "MEPEC01", "MEPRR01"};

constexpr NumberSyntax kCmepNumber{.hex = true, .d_exponent = true, .empty_is_zero = true};

}  // namespace

size_t CmepParser::Parse(std::string_view text, bool /*last*/, ParsedBlock* out) {
  meters_.Clear();
  // About one reading per 8 bytes of a record: one allocation per block, not a doubling series.
  out->rows.reserve(text.size() / 8);
  uint32_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const char* nl =
        static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    const size_t end = nl == nullptr ? text.size() : static_cast<size_t>(nl - text.data());
    std::string_view record = text.substr(pos, end - pos);
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    ParseRecord(record, line, out);
    ++line;
    pos = end + 1;
  }
  out->line_count = line;
  return text.size();
}

void CmepParser::ParseRecord(std::string_view record, uint32_t line, ParsedBlock* out) {
  if (StripSpaces(record).empty()) return;
  if (record.size() + 2 > kMaxRecordBytes) {
    out->Reject(
        line, "record",
        fmt::format("{} characters with CR LF, over CMEP's {}", record.size() + 2, kMaxRecordBytes),
        1);
    return;
  }
  if (std::string why = SplitFields(record, &fields_, &offsets_); !why.empty()) {
    out->Reject(line, "record", std::move(why), 1);
    return;
  }
  const std::string_view type = fields_[0];
  if (type != "MEPMD01") {
    for (std::string_view t : kOtherTypes) {
      if (t == type) {
        ++skipped_[std::string(type)];
        return;
      }
    }
    out->Reject(line, "record type",
                fmt::format("'{}' is not a CMEP record type", type.substr(0, 16)), 1);
    return;
  }
  if (fields_.size() < kHeaderFields) {
    out->Reject(line, "record",
                fmt::format("MEPMD01 has {} fields, fewer than its {} header fields",
                            fields_.size(), kHeaderFields),
                1);
    return;
  }
  // Data triplets, then the optional CRC field (a lone field after the last triplet).
  size_t data = fields_.size() - kHeaderFields;
  const size_t readings = data / 3;
  const uint64_t refused = readings == 0 ? 1 : readings;
  if (data % 3 == 1) {
    const std::string_view crc = fields_.back();
    if (!crc.empty()) {
      ExactNumber n;
      if (crc.size() != 5 || (crc[0] != 'H' && crc[0] != 'h') ||
          ParseExactNumber(crc, kCmepNumber, &n) != DecimalStatus::kOk) {
        out->Reject(line, "crc", fmt::format("'{}' is not H and 4 hex digits", crc.substr(0, 16)),
                    refused);
        return;
      }
      const uint16_t want = Crc16(record.substr(0, offsets_.back()));
      if (static_cast<uint16_t>(n.mantissa) != want) {
        out->Reject(line, "crc",
                    fmt::format("{} does not match the record's CRC-16 H{:04X}", crc, want),
                    refused);
        return;
      }
    }
    --data;
  } else if (data % 3 == 2) {
    out->Reject(line, "record", "the last reading is cut short (a time and a flag, no value)",
                refused);
    return;
  }
  ExactNumber count;
  if (ParseExactNumber(fields_[kCount], kCmepNumber, &count) != DecimalStatus::kOk ||
      count.decimals != 0 || count.mantissa != static_cast<int64_t>(readings)) {
    out->Reject(line, "count",
                fmt::format("'{}' but the record holds {} readings", fields_[kCount].substr(0, 16),
                            readings),
                refused);
    return;
  }
  if (readings == 0) return;
  std::string_view meter = fields_[kMeterId];
  if (meter.empty()) meter = fields_[kReceiverCustomer];
  if (meter.empty()) meter = fields_[kSenderCustomer];
  if (meter.empty()) {
    out->Reject(line, "meter id", "empty, and so are the customer ids to name the meter by",
                refused);
    return;
  }
  const std::string_view commodity = fields_[kCommodity];
  if (!commodity.empty() && commodity != "E") {
    out->Reject(line, "commodity",
                fmt::format("'{}' (G gas, W water, S steam): gridline stores electricity",
                            commodity.substr(0, 16)),
                refused);
    return;
  }
  std::string why;
  const Unit* unit = FindUnit(fields_[kUnits], &why);
  if (unit == nullptr) {
    out->Reject(line, "units", std::move(why), refused);
    return;
  }
  ExactNumber constant{1, 0};
  if (!fields_[kConstant].empty() &&
      ParseExactNumber(fields_[kConstant], kCmepNumber, &constant) != DecimalStatus::kOk) {
    out->Reject(line, "calculation constant",
                fmt::format("'{}' is not a number", fields_[kConstant].substr(0, 16)), refused);
    return;
  }
  const std::optional<int64_t> interval_field = ParseInterval(fields_[kInterval]);
  if (!interval_field) {
    out->Reject(line, "interval",
                fmt::format("'{}' is not MMDDHHMM days, hours and minutes (months have no fixed "
                            "length)",
                            fields_[kInterval].substr(0, 16)),
                refused);
    return;
  }
  int64_t interval_s = *interval_field;
  if (interval_s == 0 && readings >= 2) {
    // The interval field is optional when every stamp is given: their spacing is the interval.
    const auto a = ParseDateTime(fields_[kHeaderFields]);
    const auto b = ParseDateTime(fields_[kHeaderFields + 3]);
    if (a && b && *b > *a) interval_s = *b - *a;
  }
  const int scale = GetChannelSpec(unit->channel).scale;
  const uint32_t handle = meters_.Handle(meter, out);
  int64_t stamp = 0;
  bool stamp_known = false;  // an empty stamp counts on from the one before
  for (size_t k = 0; k < readings; ++k) {
    const size_t f = kHeaderFields + 3 * k;
    const std::string_view time_text = fields_[f];
    if (time_text.empty()) {
      if (!stamp_known || interval_s == 0) {
        out->Reject(line, fmt::format("reading {} time", k + 1),
                    k == 0         ? "empty: the first reading's time must be given"
                    : !stamp_known ? "empty, after a time that could not be read"
                                   : "empty, and the record gives no interval to fill it from",
                    1);
        continue;
      }
      stamp += interval_s;
    } else {
      const std::optional<int64_t> t = ParseDateTime(time_text);
      if (!t) {
        out->Reject(
            line, fmt::format("reading {} time", k + 1),
            fmt::format("'{}' is not a CCYYMMDDHHMM date and time", time_text.substr(0, 16)), 1);
        stamp_known = false;
        continue;
      }
      stamp = *t;
      stamp_known = true;
    }
    const std::optional<Quality> quality = QualityFromFlag(fields_[f + 1]);
    if (!quality) {
      out->Reject(line, fmt::format("reading {} flag", k + 1),
                  fmt::format("'{}' is not a CMEP flag (empty, E, A, N or R)",
                              fields_[f + 1].substr(0, 16)),
                  1);
      continue;
    }
    ExactNumber number;
    DecimalStatus st = ParseExactNumber(fields_[f + 2], kCmepNumber, &number);
    int64_t value = 0;
    bool rounded = false;
    if (st == DecimalStatus::kOk)
      st = ScaleExact(number, constant, scale, options_.round, &value, &rounded);
    if (st != DecimalStatus::kOk) {
      out->Reject(
          line, fmt::format("reading {} value", k + 1),
          st == DecimalStatus::kTooPrecise
              ? fmt::format("'{}' times the constant has more than {} decimals (give --round)",
                            fields_[f + 2].substr(0, 16), scale)
              : fmt::format("'{}': {}", fields_[f + 2].substr(0, 16), DecimalStatusMessage(st)),
          1);
      continue;
    }
    if (rounded) ++out->rounded;
    ParsedRow row;
    row.value = value;
    row.meter = handle;
    row.line = line;
    row.channel = unit->channel;
    row.quality = *quality;
    if (unit->register_read) {
      row.time = stamp;
      if (options_.register_tolerance_s > 0 && interval_s > 0) {
        const int64_t off = stamp - FloorDiv(stamp, interval_s) * interval_s;
        if (off != 0 && off <= options_.register_tolerance_s) {
          row.time -= off;
          ++snapped_;
        } else if (off != 0 && interval_s - off <= options_.register_tolerance_s) {
          row.time += interval_s - off;
          ++snapped_;
        }
      }
      out->rows.push_back(row);
      if (options_.register_to_interval) {
        Difference(meter, row, interval_s, fmt::format("reading {} value", k + 1), out);
      }
    } else {
      if (interval_s == 0) {
        out->Reject(line, fmt::format("reading {} time", k + 1),
                    "the record gives no interval, so the start of this interval is unknown", 1);
        continue;
      }
      row.time = stamp - interval_s;  // the stamp ends the interval
      out->rows.push_back(row);
    }
  }
}

void CmepParser::Difference(std::string_view meter, const ParsedRow& read, int64_t interval_s,
                            std::string_view field, ParsedBlock* out) {
  if (last_reads_.size() >= options_.max_register_meters &&
      !last_reads_.contains(AbslView(meter))) {
    out->Reject(read.line, std::string(field),
                fmt::format("more than {} meters with register reads in one input: no interval "
                            "is made from the reads of {} (import the file in parts)",
                            options_.max_register_meters, meter.substr(0, 64)),
                0);
    return;
  }
  auto [it, first] = last_reads_.try_emplace(std::string(meter), LastRead{});
  LastRead& last = it->second;
  const LastRead previous = last;
  last = {read.time, read.value, read.quality};
  if (first || interval_s <= 0 || read.time - previous.time != interval_s) return;
  if (read.value < previous.value) {
    const int scale = GetChannelSpec(ChannelKind::kKwhRegister).scale;
    out->Reject(
        read.line, std::string(field),
        fmt::format("the register went down from {} to {} kWh since {}: no interval is made "
                    "from it (a rollover and a meter change cannot be told apart)",
                    FormatScaledDecimal(previous.value, scale),
                    FormatScaledDecimal(read.value, scale), FormatIsoUtc(previous.time)),
        0);
    return;
  }
  ParsedRow row = read;
  row.time = previous.time;
  row.value = read.value - previous.value;
  row.channel = ChannelKind::kKwhDelivered;
  // The difference is as good as the worse of its two reads.
  if (row.quality == Quality::kActual) row.quality = previous.quality;
  out->rows.push_back(row);
  ++differenced_;
}

std::vector<std::string> CmepParser::Notes() const {
  std::vector<std::string> notes;
  for (const auto& [type, n] : skipped_) {
    notes.push_back(fmt::format("skipped {} {} record{} (only MEPMD01 holds interval reads)", n,
                                type, n == 1 ? "" : "s"));
  }
  if (snapped_ > 0) {
    notes.push_back(fmt::format(
        "{} register read{} moved onto the interval boundary within --register-tolerance", snapped_,
        snapped_ == 1 ? "" : "s"));
  }
  if (differenced_ > 0) {
    notes.push_back(fmt::format("{} kwh_delivered interval{} made from register differences",
                                differenced_, differenced_ == 1 ? "" : "s"));
  }
  return notes;
}

}  // namespace gridline::ingest::cmep
