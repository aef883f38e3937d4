// toml_text_test.cc: bounded TOML parsing reports where it failed and refuses deep nesting.
#include "common/toml_text.h"

#include <string>

#include "gtest/gtest.h"

namespace gridline {
namespace {

TEST(TomlText, ParsesATableAndLocatesValues) {
  absl::StatusOr<toml::table> t = ParseTomlText("[spike]\npercent = 200\n", "rules.toml");
  ASSERT_TRUE(t.ok()) << t.status();
  const toml::node* percent = t->at_path("spike.percent").node();
  ASSERT_NE(percent, nullptr);
  EXPECT_EQ(percent->value<int64_t>(), 200);
  EXPECT_EQ(TomlWhere("rules.toml", *percent), "rules.toml:2:11");
}

TEST(TomlText, SyntaxErrorSaysFileLineAndColumn) {
  absl::StatusOr<toml::table> t = ParseTomlText("a = 1\nb 2\n", "rules.toml");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(t.status().message().find("rules.toml:2:"), std::string_view::npos) << t.status();
}

TEST(TomlText, RefusesDeepNestingAndHugeTexts) {
  std::string deep = "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  absl::StatusOr<toml::table> t = ParseTomlText(deep, "deep.toml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("nested deeper"), std::string_view::npos) << t.status();

  std::string dotted = "x";
  for (int i = 0; i < 40; ++i) dotted += ".k";
  t = ParseTomlText(dotted + " = 1\n", "dotted.toml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("nested deeper"), std::string_view::npos) << t.status();

  std::string huge(kMaxTomlBytes + 1, '#');
  t = ParseTomlText(huge, "huge.toml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("over the limit"), std::string_view::npos) << t.status();
}

TEST(TomlText, MissingFileIsNotFound) {
  EXPECT_EQ(ReadTomlFile("/nonexistent/rules.toml").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace gridline
