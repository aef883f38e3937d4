// json_readings.cc: JsonReadingsToCsv.
#include "ingest/json/json_readings.h"

#include <optional>

#include "common/json_bounds.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rapidjson/document.h"

namespace gridline::ingest {

namespace {

// A reading takes four to eight values (the object, its member names and values); a body of
// kMaxJsonReadings fits with room for members that are ignored. No cell text is near 4 KiB.
constexpr JsonLimits kJsonReadingsLimits{
    .max_depth = 64, .max_string_bytes = 4096, .max_values = 16 * kMaxJsonReadings};

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
  size_t offset = 0;
  if (absl::Status s =
          ParseBoundedJson(body, JsonNumbers::kAsText, kJsonReadingsLimits, &doc, &offset);
      !s.ok()) {
    if (error_offset != nullptr) *error_offset = static_cast<int64_t>(offset);
    return absl::InvalidArgumentError(fmt::format("body: {}", StdView(s.message())));
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
  if (array->Size() > kMaxJsonReadings) {
    return absl::InvalidArgumentError(
        fmt::format("body: {} readings, more than {} in one request: send them in several",
                    array->Size(), kMaxJsonReadings));
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
