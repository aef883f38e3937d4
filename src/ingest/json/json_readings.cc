// json_readings.cc: JsonReadingsToCsv.
#include "ingest/json/json_readings.h"

#include <optional>

#include "fmt/format.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"

namespace gridline::ingest {

namespace {

// Text that can go into a CSV cell as it is: no delimiter, quote or line break (none of which a
// timestamp, decimal or quality holds).
bool PlainCell(std::string_view s) {
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\0') return false;
  }
  return true;
}

// A member as CSV cell text: a string, or (numbers are parsed as their text) a number.
std::optional<std::string_view> CellText(const rapidjson::Value& v) {
  if (!v.IsString()) return std::nullopt;
  return std::string_view(v.GetString(), v.GetStringLength());
}

}  // namespace

absl::StatusOr<JsonReadings> JsonReadingsToCsv(std::string_view body, int64_t* error_offset) {
  rapidjson::Document doc;
  // Numbers as their text: `0.1` stays exactly 0.1 (1 Wh... 100 Wh), never 0.1000000000000000055.
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  if (doc.HasParseError()) {
    if (error_offset != nullptr) *error_offset = static_cast<int64_t>(doc.GetErrorOffset());
    return absl::InvalidArgumentError(fmt::format("body: not JSON: {} (at byte {})",
                                                  rapidjson::GetParseError_En(doc.GetParseError()),
                                                  doc.GetErrorOffset()));
  }
  const rapidjson::Value* array = nullptr;
  if (doc.IsArray()) {
    array = &doc;
  } else if (doc.IsObject()) {
    auto it = doc.FindMember("readings");
    if (it != doc.MemberEnd() && it->value.IsArray()) array = &it->value;
  }
  if (array == nullptr) {
    return absl::InvalidArgumentError(
        "body: expected {\"readings\": [{\"timestamp\": ..., \"kwh\": ...}, ...]} or an array of "
        "readings");
  }
  JsonReadings out;
  // The value member: `kwh` unless the readings use `value`; the first reading that has one
  // decides, and every reading must use the same.
  std::string_view value_member;
  for (const rapidjson::Value& r : array->GetArray()) {
    if (!r.IsObject()) continue;
    if (r.HasMember("kwh"))
      value_member = "kwh";
    else if (r.HasMember("value"))
      value_member = "value";
    if (!value_member.empty()) break;
  }
  if (value_member.empty()) value_member = "kwh";
  out.csv = fmt::format("timestamp,{},quality\n", value_member);
  out.csv.reserve(out.csv.size() + array->Size() * 40);
  uint64_t line = kLineOfFirstReading;
  for (const rapidjson::Value& r : array->GetArray()) {
    ++out.readings;
    auto reject = [&](std::string field, std::string reason) {
      out.errors.push_back(RowError{"", line, std::move(field), std::move(reason)});
      out.csv.push_back('\n');
    };
    if (!r.IsObject()) {
      reject("row", "a reading must be an object {\"timestamp\": ..., \"kwh\": ...}");
      ++line;
      continue;
    }
    std::string_view cells[3];
    const char* names[3] = {"timestamp", value_member.data(), "quality"};
    bool ok = true;
    for (int i = 0; i < 3 && ok; ++i) {
      auto it = r.FindMember(names[i]);
      if (it == r.MemberEnd()) {
        if (i == 2) break;  // quality is optional
        const bool other = i == 1 && r.HasMember(value_member == "kwh" ? "value" : "kwh");
        reject(names[i], other ? fmt::format("missing; the readings before use '{}' for the "
                                             "value: use one name in every reading",
                                             value_member)
                               : std::string("missing"));
        ok = false;
        break;
      }
      std::optional<std::string_view> text = CellText(it->value);
      if (!text) {
        reject(names[i], i == 1 ? "must be a number or a decimal string" : "must be a string");
        ok = false;
      } else if (!PlainCell(*text)) {
        reject(names[i], "contains a comma, quote or line break");
        ok = false;
      } else {
        cells[i] = *text;
      }
    }
    if (ok) {
      out.csv.append(cells[0]).push_back(',');
      out.csv.append(cells[1]).push_back(',');
      out.csv.append(cells[2]).push_back('\n');
    }
    ++line;
  }
  return out;
}

}  // namespace gridline::ingest
