// json_writer.h: RapidJSON's streaming Writer over a std::string, the one way gridline writes
// JSON (query output, HTTP answers, the OpenAPI document). Values are written as they come, so a
// long answer is produced piece by piece: point the sink at a new string between pieces and
// the writer carries on where it stopped (it keeps its nesting state, not the text).
//
// Decimal values that must print exactly (`0.219` kWh, never `0.21899999`) go in as raw number
// text: JsonWriter::RawValue(text, len, rapidjson::kNumberType), or WriteDecimal below.
#ifndef GRIDLINE_COMMON_JSON_WRITER_H_
#define GRIDLINE_COMMON_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/decimal.h"
#include "rapidjson/writer.h"

namespace gridline {

// A RapidJSON output stream appending to a std::string that can be swapped between pieces.
class JsonStringSink {
 public:
  using Ch = char;
  explicit JsonStringSink(std::string* out) : out_(out) {}
  void Put(char c) { out_->push_back(c); }
  void Flush() {}
  void set_out(std::string* out) { out_ = out; }
  std::string* out() const { return out_; }

 private:
  std::string* out_;
};

using JsonWriter = rapidjson::Writer<JsonStringSink>;

inline void WriteString(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

inline void WriteKey(JsonWriter& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// `value` / 10^scale with exactly `scale` decimals, as a JSON number.
inline void WriteDecimal(JsonWriter& w, int64_t value, int scale) {
  std::string text;  // short: kept inline by the small-string optimisation
  AppendScaledDecimal(value, scale, &text);
  w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

}  // namespace gridline

#endif  // GRIDLINE_COMMON_JSON_WRITER_H_
