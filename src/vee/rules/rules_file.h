// rules_file.h: the VEE rules file (TOML, docs/vee.md "Rules file"): defaults for every rule,
// overridden per channel and per customer class:
//
//   [defaults.spike]              # every channel, every class
//   percent = 200
//   [channel.kwh_delivered.zero_consumption]
//   enabled = true
//   [class.commercial.spike]      # wins over [channel.*] and [defaults]
//   min_kw = 200
//
// A rule table takes `enabled` (bool), `severity` ("info", "warning", "error") and the rule's
// parameters (rule_params.h). Every unknown key, a value of the wrong type or out of its bounds
// is an error "FILE:LINE:COL: key: reason"; the file is parsed within the bounds of
// common/toml_text.h.
#ifndef GRIDLINE_VEE_RULES_RULES_FILE_H_
#define GRIDLINE_VEE_RULES_RULES_FILE_H_

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "toml++/toml.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {

// The settings one table of the file gives; what it leaves out comes from the layer below.
struct RuleLayer {
  std::array<std::optional<bool>, kRuleCount> enabled;
  std::array<std::optional<Severity>, kRuleCount> severity;
  std::array<std::optional<double>, kParamCount> values;
  // Applies what this layer sets onto `set`.
  void ApplyTo(RuleSet* set) const;
};

class RulesFile {
 public:
  // A file with no overrides: every scope resolves to RuleSet::Defaults().
  RulesFile() = default;

  // Parses rules text; `name` (a path) prefixes every error. InvalidArgument as described above.
  static absl::StatusOr<RulesFile> Parse(std::string_view text, std::string_view name);
  // Reads and parses the file at `path`; NotFound when it cannot be read.
  static absl::StatusOr<RulesFile> Read(const std::string& path);

  // The effective rules for `channel` and `customer_class` (case-insensitive): the compiled-in
  // defaults, then [defaults], then [channel.NAME], then [class.NAME].
  // A channel of nullopt is one the file does not name.
  RuleSet Resolve(std::optional<ChannelKind> channel, std::string_view customer_class) const;

  const RuleLayer& defaults() const { return defaults_; }
  // The channels and classes the file names, for `vee check-rules`.
  std::vector<ChannelKind> channels() const;
  std::vector<std::string> classes() const;

 private:
  static absl::StatusOr<RulesFile> FromTable(const toml::table& root, std::string_view name);

  RuleLayer defaults_;
  std::map<ChannelKind, RuleLayer> channels_;
  std::map<std::string, RuleLayer> classes_;  // lower-case names
};

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_RULES_FILE_H_
