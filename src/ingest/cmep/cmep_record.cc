#include "ingest/cmep/cmep_record.h"

#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::ingest::cmep {

std::string SplitFields(std::string_view record, std::vector<std::string_view>* fields,
                        std::vector<size_t>* offsets) {
  fields->clear();
  offsets->clear();
  size_t i = 0;
  while (true) {
    const size_t start = i;
    std::string_view field;
    size_t j = i;
    while (j < record.size() && (record[j] == ' ' || record[j] == '\t')) ++j;
    if (j < record.size() && record[j] == '"') {
      const size_t close = record.find('"', j + 1);
      if (close == std::string_view::npos) {
        return fmt::format("field {}: a quotation mark is not closed", fields->size() + 1);
      }
      field = record.substr(j + 1, close - j - 1);
      i = record.find(',', close + 1);
      if (i == std::string_view::npos) i = record.size();
      if (!StripSpaces(record.substr(close + 1, i - close - 1)).empty()) {
        return fmt::format("field {}: text after the closing quotation mark", fields->size() + 1);
      }
    } else {
      // Fields are short: a plain scan beats memchr's setup.
      i = start;
      while (i < record.size() && record[i] != ',') ++i;
      field = StripSpaces(record.substr(start, i - start));
    }
    if (i - start > kMaxFieldBytes) {
      return fmt::format("field {} is {} characters, over CMEP's {}", fields->size() + 1, i - start,
                         kMaxFieldBytes);
    }
    fields->push_back(field);
    offsets->push_back(start);
    if (i >= record.size()) break;
    ++i;  // the comma
  }
  return {};
}

uint16_t Crc16(std::string_view bytes) {
  uint16_t crc = 0;
  for (char c : bytes) {
    crc ^= static_cast<uint8_t>(c);
    for (int k = 0; k < 8; ++k)
      crc = (crc & 1) ? static_cast<uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

namespace {

// `n` decimal digits at `text`, or -1.
int Digits(std::string_view text) {
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::optional<int64_t> ParseDateTime(std::string_view text) {
  if (text.size() != 12) return std::nullopt;
  const int year = Digits(text.substr(0, 4)), month = Digits(text.substr(4, 2)),
            day = Digits(text.substr(6, 2)), hour = Digits(text.substr(8, 2)),
            minute = Digits(text.substr(10, 2));
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || minute < 0 || minute > 59) {
    return std::nullopt;
  }
  if (static_cast<unsigned>(day) > DaysInMonth(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  if (hour > 24 || (hour == 24 && minute != 0)) return std::nullopt;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
             kSecondsPerDay +
         hour * 3600 + minute * 60;
}

std::optional<int64_t> ParseInterval(std::string_view text) {
  if (text.empty()) return 0;
  if (text.size() != 8) return std::nullopt;
  const int months = Digits(text.substr(0, 2)), days = Digits(text.substr(2, 2)),
            hours = Digits(text.substr(4, 2)), minutes = Digits(text.substr(6, 2));
  if (months != 0 || days < 0 || hours < 0 || minutes < 0) return std::nullopt;
  return int64_t{days} * kSecondsPerDay + hours * 3600 + minutes * 60;
}

std::optional<Quality> QualityFromFlag(std::string_view flag) {
  if (flag.empty()) return Quality::kActual;
  switch (flag[0]) {
    case 'R':
    case 'r':
      return Quality::kActual;
    case 'E':
    case 'e':
      return Quality::kEstimated;
    case 'A':
    case 'a':
      return Quality::kEdited;
    case 'N':
    case 'n':
      return Quality::kMissing;
    default:
      return std::nullopt;
  }
}

namespace {

constexpr Unit kUnits[] = {
    {"KWH", ChannelKind::kKwhDelivered, false},
    {"GKWH", ChannelKind::kKwhReceived, false},
    {"KWHREG", ChannelKind::kKwhRegister, true},
    // Sensus writes its kWh register so (the electric record of the cmep.dat sample); not in the
    // v1.20 units list.
    {"SKWHREG", ChannelKind::kKwhRegister, true},
    {"KW", ChannelKind::kKwDemand, false},
    {"KVARH", ChannelKind::kKvarh, false},
    {"VOLTS", ChannelKind::kVoltage, false},
};

// Units CMEP defines that have no gridline channel, with the reason.
struct Unstored {
  std::string_view name;
  std::string_view why;
};
constexpr Unstored kUnstored[] = {
    {"KVAHREG", "a kVAh register: gridline has no kVAh channel"},
    {"KVARHREG", "a kVArh register: gridline keeps kVArh as interval amounts only"},
    {"GASREG", "a gas register: gridline stores electricity channels"},
    {"PULSE", "pulses: CMEP does not say what the calculation constant turns them into"},
    {"KVA", "kVA demand: gridline has no kVA channel"},
    {"KVAR", "kVAr demand: gridline has no kVAr channel"},
    {"KVAH", "kVAh: gridline has no kVAh channel"},
    {"GKW", "received kW demand: gridline has one kw_demand channel, delivered"},
    {"GKVA", "received kVA: gridline has no kVA channel"},
    {"GKVAR", "received kVAr: gridline has no kVAr channel"},
    {"GKVAH", "received kVAh: gridline has no kVAh channel"},
    {"GKVARH", "received kVArh: gridline has one kvarh channel"},
    {"BTU", "BTU: gridline stores electricity channels"},
    {"THERM", "therms: gridline stores electricity channels"},
    {"GAL", "gallons: gridline stores electricity channels"},
    {"GALREG", "a water register (gallons): gridline stores electricity channels"},
    {"CF", "cubic feet: gridline stores electricity channels"},
    {"CCF", "cubic feet: gridline stores electricity channels"},
    {"MCF", "cubic feet: gridline stores electricity channels"},
    {"ACFT", "acre-feet: gridline stores electricity channels"},
    {"LBS", "pounds: gridline stores electricity channels"},
    {"$", "dollars: gridline stores prices in $/MWh, not amounts"},
};

}  // namespace

const Unit* FindUnit(std::string_view name, std::string* why) {
  for (const Unit& u : kUnits) {
    if (EqualsIgnoreCase(u.name, name)) return &u;
  }
  for (const Unstored& u : kUnstored) {
    if (EqualsIgnoreCase(u.name, name)) {
      *why = fmt::format("units {}: {}", u.name, u.why);
      return nullptr;
    }
  }
  *why = fmt::format("units '{}' is not a CMEP unit gridline knows", name.substr(0, 32));
  return nullptr;
}

}  // namespace gridline::ingest::cmep
