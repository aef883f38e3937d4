// Tests of bounded JSON parsing: each bound refuses past its limit and accepts at it, nesting
// far deeper than the stack allows is refused (issue 11: 160,000 levels crashed the server), and
// what is not JSON is refused as RapidJSON's own parser refuses it.
#include "common/json_bounds.h"

#include <string>

#include "gtest/gtest.h"

namespace gridline {
namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

absl::Status Parse(const std::string& text, const JsonLimits& limits = {}, size_t* offset = nullptr,
                   JsonNumbers numbers = JsonNumbers::kAsText) {
  rapidjson::Document doc;
  return ParseBoundedJson(text, numbers, limits, &doc, offset);
}

TEST(JsonBounds, RejectsNestingDeeperThanLimit) {
  EXPECT_TRUE(Parse(Nested(64)).ok());
  size_t offset = 0;
  const absl::Status s = Parse(Nested(65), {}, &offset);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "arrays and objects nested deeper than 64 levels (at byte 64)");
  EXPECT_EQ(offset, 64u);
  // Objects count as arrays do.
  EXPECT_FALSE(Parse(R"({"a":{"b":[{}]}})", JsonLimits{.max_depth = 3}).ok());
  EXPECT_TRUE(Parse(R"({"a":{"b":[]}})", JsonLimits{.max_depth = 3}).ok());
}

TEST(JsonBounds, Nesting160000DeepIsAnErrorNotAStackOverflow) {
  std::string objects;
  for (int i = 0; i < 160'000; ++i) objects += "{\"a\":";
  for (const std::string& text : {Nested(160'000), std::string(160'000, '['), objects}) {
    const absl::Status s = Parse(text);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message().substr(0, 40), "arrays and objects nested deeper than 64");
  }
  // With no depth bound at all the iterative parser still does not recurse.
  EXPECT_TRUE(Parse(Nested(160'000), JsonLimits{.max_depth = 1 << 20}).ok());
}

TEST(JsonBounds, RejectsStringsNamesAndNumbersLongerThanLimit) {
  const JsonLimits limits{.max_string_bytes = 8};
  EXPECT_TRUE(Parse(R"(["12345678"])", limits).ok());
  EXPECT_EQ(Parse(R"(["123456789"])", limits).message(),
            "a string longer than 8 bytes (at byte 12)");
  EXPECT_EQ(Parse(R"({"123456789":1})", limits).message().substr(0, 32),
            "a member name longer than 8 byte");
  EXPECT_EQ(Parse("[123456789]", limits).message().substr(0, 27), "a number longer than 8 byte");
}

TEST(JsonBounds, RejectsMoreValuesThanLimit) {
  const JsonLimits limits{.max_values = 4};
  EXPECT_TRUE(Parse("[1,2,3]", limits).ok());  // the array and three numbers
  EXPECT_EQ(Parse("[1,2,3,4]", limits).message().substr(0, 18), "more than 4 values");
  EXPECT_FALSE(Parse(R"({"a":1,"b":2})", limits).ok());  // names count too
}

TEST(JsonBounds, NotJsonSaysWhereAndWhy) {
  size_t offset = 0;
  const absl::Status s = Parse("[1,2,]", {}, &offset);
  EXPECT_EQ(s.message(), "not JSON: Invalid value. (at byte 5)");
  EXPECT_EQ(offset, 5u);
  EXPECT_FALSE(Parse("").ok());
  EXPECT_FALSE(Parse("[1] [2]").ok());  // one value only
  EXPECT_FALSE(Parse(std::string("[\"a\0b\"]", 7)).ok());
}

TEST(JsonBounds, NumbersAsTextOrDoubles) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseBoundedJson("[0.1, 12]", JsonNumbers::kAsText, {}, &doc).ok());
  ASSERT_TRUE(doc[0].IsString());
  EXPECT_STREQ(doc[0].GetString(), "0.1");
  ASSERT_TRUE(ParseBoundedJson("[0.1, 12]", JsonNumbers::kAsDouble, {}, &doc).ok());
  EXPECT_EQ(doc[0].GetDouble(), 0.1);
  EXPECT_EQ(doc[1].GetInt64(), 12);
}

}  // namespace
}  // namespace gridline
