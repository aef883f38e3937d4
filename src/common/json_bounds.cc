// json_bounds.cc: ParseBoundedJson (json_bounds.h).
#include "common/json_bounds.h"

#include <string>

#include "fmt/format.h"
#include "rapidjson/encodedstream.h"
#include "rapidjson/error/en.h"
#include "rapidjson/memorystream.h"
#include "rapidjson/reader.h"

namespace gridline {

namespace {

using rapidjson::SizeType;

// Forwards SAX events to the document while they stay within the limits; the first one past a
// limit sets reason_ and returns false, which stops the reader (kParseErrorTermination).
class BoundedHandler {
 public:
  BoundedHandler(rapidjson::Document* doc, const JsonLimits& limits) : doc_(doc), limits_(limits) {}

  bool Null() { return Count() && doc_->Null(); }
  bool Bool(bool b) { return Count() && doc_->Bool(b); }
  bool Int(int i) { return Count() && doc_->Int(i); }
  bool Uint(unsigned u) { return Count() && doc_->Uint(u); }
  bool Int64(int64_t i) { return Count() && doc_->Int64(i); }
  bool Uint64(uint64_t u) { return Count() && doc_->Uint64(u); }
  bool Double(double d) { return Count() && doc_->Double(d); }
  bool RawNumber(const char* s, SizeType n, bool copy) {
    return Text(n, "number") && Count() && doc_->RawNumber(s, n, copy);
  }
  bool String(const char* s, SizeType n, bool copy) {
    return Text(n, "string") && Count() && doc_->String(s, n, copy);
  }
  bool Key(const char* s, SizeType n, bool copy) {
    return Text(n, "member name") && Count() && doc_->Key(s, n, copy);
  }
  bool StartObject() { return Open() && doc_->StartObject(); }
  bool EndObject(SizeType members) {
    --depth_;
    return doc_->EndObject(members);
  }
  bool StartArray() { return Open() && doc_->StartArray(); }
  bool EndArray(SizeType elements) {
    --depth_;
    return doc_->EndArray(elements);
  }

  const std::string& reason() const { return reason_; }

 private:
  bool Count() {
    if (++values_ <= limits_.max_values) return true;
    reason_ = fmt::format("more than {} values", limits_.max_values);
    return false;
  }
  bool Text(SizeType n, const char* what) {
    if (n <= limits_.max_string_bytes) return true;
    reason_ = fmt::format("a {} longer than {} bytes", what, limits_.max_string_bytes);
    return false;
  }
  bool Open() {
    if (++depth_ > limits_.max_depth) {
      reason_ = fmt::format("arrays and objects nested deeper than {} levels", limits_.max_depth);
      return false;
    }
    return Count();
  }

  rapidjson::Document* doc_;
  const JsonLimits& limits_;
  int depth_ = 0;
  size_t values_ = 0;
  std::string reason_;
};

template <unsigned kFlags>
rapidjson::ParseResult Parse(std::string_view text, BoundedHandler* handler,
                             rapidjson::Document* doc) {
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document&) {
    rapidjson::MemoryStream bytes(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
    rapidjson::Reader reader;
    result = reader.Parse<kFlags | rapidjson::kParseIterativeFlag>(stream, *handler);
    return !result.IsError();
  };
  doc->Populate(generate);
  return result;
}

}  // namespace

absl::Status ParseBoundedJson(std::string_view text, JsonNumbers numbers, const JsonLimits& limits,
                              rapidjson::Document* doc, size_t* error_offset) {
  BoundedHandler handler(doc, limits);
  const rapidjson::ParseResult result =
      numbers == JsonNumbers::kAsText
          ? Parse<rapidjson::kParseNumbersAsStringsFlag>(text, &handler, doc)
          : Parse<rapidjson::kParseFullPrecisionFlag>(text, &handler, doc);
  if (!result.IsError()) return absl::OkStatus();
  if (error_offset != nullptr) *error_offset = result.Offset();
  if (!handler.reason().empty()) {
    return absl::InvalidArgumentError(
        fmt::format("{} (at byte {})", handler.reason(), result.Offset()));
  }
  return absl::InvalidArgumentError(fmt::format(
      "not JSON: {} (at byte {})", rapidjson::GetParseError_En(result.Code()), result.Offset()));
}

}  // namespace gridline
