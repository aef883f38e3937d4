#include "billing/toml_fields.h"

#include <algorithm>

#include "common/decimal.h"
#include "common/toml_text.h"
#include "fmt/format.h"

namespace gridline::billing {

std::string TomlScope::Key(std::string_view key) const {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

absl::Status TomlScope::Error(std::string_view key, std::string_view reason) const {
  const toml::node* node = table->get(key);
  const std::string where = TomlWhere(file, node != nullptr ? *node : *table);
  return absl::InvalidArgumentError(fmt::format("{}: {}: {}", where, Key(key), reason));
}

absl::Status TomlScope::OnlyKeys(const std::vector<std::string_view>& known) const {
  for (const auto& [k, v] : *table) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      return absl::InvalidArgumentError(
          fmt::format("{}: {}: unknown key", TomlWhere(file, v), Key(k.str())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> TomlScope::String(std::string_view key) const {
  const toml::node* node = table->get(key);
  if (node == nullptr) return Error(key, "missing");
  if (!node->is_string()) return Error(key, "expected a string");
  return std::string(node->as_string()->get());
}

std::string TomlScope::StringOr(std::string_view key, std::string_view fallback) const {
  const toml::node* node = table->get(key);
  if (node == nullptr || !node->is_string()) return std::string(fallback);
  return std::string(node->as_string()->get());
}

absl::StatusOr<std::optional<int64_t>> TomlScope::OptionalInt(std::string_view key, int64_t lo,
                                                              int64_t hi) const {
  const toml::node* node = table->get(key);
  if (node == nullptr) return std::optional<int64_t>();
  if (!node->is_integer()) return Error(key, "expected an integer");
  const int64_t v = node->as_integer()->get();
  if (v < lo || v > hi) return Error(key, fmt::format("must be within {}..{}", lo, hi));
  return std::optional<int64_t>(v);
}

absl::StatusOr<int64_t> DecimalOfNode(const toml::node& node, int scale, std::string_view file,
                                      std::string_view what) {
  std::string text;
  if (node.is_string()) {
    text = node.as_string()->get();
  } else if (node.is_integer()) {
    text = fmt::format("{}", node.as_integer()->get());
  } else if (node.is_floating_point()) {
    // The shortest text that reads back as the same double is the decimal the file wrote.
    text = fmt::format("{}", node.as_floating_point()->get());
  } else {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}: expected a decimal number", TomlWhere(file, node), what));
  }
  int64_t out = 0;
  bool rounded = false;
  const DecimalStatus s = ParseScaledDecimal(text, scale, /*round=*/false, &out, &rounded);
  if (s == DecimalStatus::kTooPrecise) {
    // Never rounded: a price is exact or refused.
    return absl::InvalidArgumentError(fmt::format("{}: {}: '{}': more than {} decimals",
                                                  TomlWhere(file, node), what, text, scale));
  }
  if (s != DecimalStatus::kOk) {
    return absl::InvalidArgumentError(fmt::format("{}: {}: '{}': {}", TomlWhere(file, node), what,
                                                  text, DecimalStatusMessage(s)));
  }
  return out;
}

absl::StatusOr<std::optional<int64_t>> TomlScope::OptionalDecimal(std::string_view key,
                                                                  int scale) const {
  const toml::node* node = table->get(key);
  if (node == nullptr) return std::optional<int64_t>();
  auto v = DecimalOfNode(*node, scale, file, Key(key));
  if (!v.ok()) return v.status();
  return std::optional<int64_t>(*v);
}

absl::StatusOr<std::vector<std::string>> TomlScope::StringList(std::string_view key) const {
  std::vector<std::string> out;
  const toml::node* node = table->get(key);
  if (node == nullptr) return out;
  const toml::array* a = node->as_array();
  if (a == nullptr) return Error(key, "expected an array of strings");
  for (const toml::node& item : *a) {
    if (!item.is_string()) return Error(key, "expected an array of strings");
    out.emplace_back(item.as_string()->get());
  }
  return out;
}

}  // namespace gridline::billing
