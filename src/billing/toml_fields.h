// toml_fields.h: typed reads of the keys of a tariff or holiday-calendar TOML table, each failing
// with InvalidArgument located at the value ("pge-e-tou-c.toml:12:9: energy.price: expected a
// decimal with at most 6 decimals"). Money and energy come in as exact decimals: a TOML string
// ("0.40317") or number is read as its decimal text, never through binary arithmetic.
#ifndef GRIDLINE_BILLING_TOML_FIELDS_H_
#define GRIDLINE_BILLING_TOML_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "toml++/toml.h"

namespace gridline::billing {

// A table being read: the file name for errors, the table and its dotted path ("season[1]").
struct TomlScope {
  std::string_view file;
  const toml::table* table;
  std::string path;  // empty at the top level

  std::string Key(std::string_view key) const;
  // "FILE:LINE:COL: PATH.KEY: reason" at the key's value, or at the table when it is absent.
  absl::Status Error(std::string_view key, std::string_view reason) const;
  // Every key of the table is one of `known`; else the first unknown one is an error.
  absl::Status OnlyKeys(const std::vector<std::string_view>& known) const;

  absl::StatusOr<std::string> String(std::string_view key) const;  // required
  std::string StringOr(std::string_view key, std::string_view fallback) const;
  absl::StatusOr<std::optional<int64_t>> OptionalInt(std::string_view key, int64_t lo,
                                                     int64_t hi) const;
  // An exact decimal at `scale` (6: micro-units) from a string or number value.
  absl::StatusOr<std::optional<int64_t>> OptionalDecimal(std::string_view key, int scale) const;
  absl::StatusOr<std::vector<std::string>> StringList(std::string_view key) const;  // [] if absent
};

// An exact decimal at `scale` from one node (string or number). `where` prefixes errors.
absl::StatusOr<int64_t> DecimalOfNode(const toml::node& node, int scale, std::string_view file,
                                      std::string_view what);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_TOML_FIELDS_H_
