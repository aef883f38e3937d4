// rules_file.cc: parsing the rules file into layers, and resolving a channel and class.
#include "vee/rules/rules_file.h"

#include <cmath>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "common/toml_text.h"
#include "fmt/format.h"

namespace gridline::vee {
namespace {

size_t RuleIndex(VeeRule r) { return static_cast<size_t>(r) - 1; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

absl::Status Error(std::string_view file, const toml::node& at, std::string_view key,
                   std::string_view reason) {
  return absl::InvalidArgumentError(fmt::format("{}: {}: {}", TomlWhere(file, at), key, reason));
}

// One rule's table: `enabled`, `severity` and its parameters.
absl::Status ParseRuleTable(std::string_view file, std::string_view path, VeeRule rule,
                            const toml::table& table, RuleLayer* layer) {
  for (const auto& [key_node, value] : table) {
    const std::string_view key = key_node.str();
    const std::string full = fmt::format("{}.{}", path, key);
    if (key == "enabled") {
      const std::optional<bool> on = value.value_exact<bool>();
      if (!on) return Error(file, value, full, "must be true or false");
      layer->enabled[RuleIndex(rule)] = *on;
      continue;
    }
    if (key == "severity") {
      const std::optional<std::string_view> text = value.value_exact<std::string_view>();
      const std::optional<Severity> s = text ? SeverityFromName(*text) : std::nullopt;
      if (!s) return Error(file, value, full, "must be \"info\", \"warning\" or \"error\"");
      layer->severity[RuleIndex(rule)] = *s;
      continue;
    }
    const std::optional<Param> param = ParamFromKey(rule, key);
    if (!param) {
      std::string known = "enabled, severity";
      for (const ParamSpec& spec : AllParams()) {
        if (spec.rule == rule) known += fmt::format(", {}", spec.key);
      }
      return Error(file, value, full, fmt::format("unknown key (the rule takes {})", known));
    }
    const ParamSpec& spec = GetParamSpec(*param);
    std::optional<double> number;
    if (const std::optional<int64_t> i = value.value_exact<int64_t>()) {
      number = static_cast<double>(*i);
    } else if (!spec.integer) {
      number = value.value_exact<double>();
    }
    if (!number || !std::isfinite(*number)) {
      return Error(file, value, full, spec.integer ? "must be a whole number" : "must be a number");
    }
    if (*number < spec.min || *number > spec.max) {
      return Error(file, value, full,
                   fmt::format("{} is outside {} .. {}", *number, spec.min, spec.max));
    }
    layer->values[static_cast<size_t>(*param)] = *number;
  }
  return absl::OkStatus();
}

// A scope's table: one sub-table per rule name.
absl::Status ParseScope(std::string_view file, std::string_view path, const toml::table& table,
                        RuleLayer* layer) {
  for (const auto& [key_node, value] : table) {
    const std::string_view key = key_node.str();
    const std::string full = fmt::format("{}.{}", path, key);
    const std::optional<VeeRule> rule = RuleFromName(key);
    if (!rule || GetRuleSpec(*rule).name != key) {
      return Error(file, value, full, "unknown rule (docs/vee.md lists them)");
    }
    const toml::table* rule_table = value.as_table();
    if (rule_table == nullptr) return Error(file, value, full, "must be a table of settings");
    GL_RETURN_IF_ERROR(ParseRuleTable(file, full, *rule, *rule_table, layer));
  }
  return absl::OkStatus();
}

}  // namespace

void RuleLayer::ApplyTo(RuleSet* set) const {
  for (const VeeRuleSpec& spec : AllRules()) {
    const size_t i = RuleIndex(spec.rule);
    if (enabled[i]) set->set_enabled(spec.rule, *enabled[i]);
    if (severity[i]) set->set_severity(spec.rule, *severity[i]);
  }
  for (const ParamSpec& spec : AllParams()) {
    const size_t i = static_cast<size_t>(spec.param);
    if (values[i]) set->set_value(spec.param, *values[i]);
  }
}

absl::StatusOr<RulesFile> RulesFile::Parse(std::string_view text, std::string_view name) {
  GL_ASSIGN_OR_RETURN(toml::table root, ParseTomlText(text, name));
  return FromTable(root, name);
}

absl::StatusOr<RulesFile> RulesFile::Read(const std::string& path) {
  GL_ASSIGN_OR_RETURN(toml::table root, ReadTomlFile(path));
  return FromTable(root, path);
}

absl::StatusOr<RulesFile> RulesFile::FromTable(const toml::table& root, std::string_view name) {
  RulesFile file;
  for (const auto& [key_node, value] : root) {
    const std::string_view key = key_node.str();
    const toml::table* table = value.as_table();
    if (key != "defaults" && key != "channel" && key != "class") {
      return Error(name, value, key, "unknown key (expected [defaults], [channel.*] or [class.*])");
    }
    if (table == nullptr) return Error(name, value, key, "must be a table");
    if (key == "defaults") {
      GL_RETURN_IF_ERROR(ParseScope(name, key, *table, &file.defaults_));
      continue;
    }
    for (const auto& [scope_node, scope_value] : *table) {
      const std::string_view scope = scope_node.str();
      const std::string path = fmt::format("{}.{}", key, scope);
      const toml::table* scope_table = scope_value.as_table();
      if (scope_table == nullptr) return Error(name, scope_value, path, "must be a table");
      if (key == "channel") {
        const std::optional<ChannelKind> channel = ChannelFromName(scope);
        if (!channel || GetChannelSpec(*channel).name != scope) {
          return Error(name, scope_value, path, "unknown channel (e.g. kwh_delivered)");
        }
        GL_RETURN_IF_ERROR(ParseScope(name, path, *scope_table, &file.channels_[*channel]));
      } else {
        if (scope.empty()) return Error(name, scope_value, path, "a class needs a name");
        GL_RETURN_IF_ERROR(ParseScope(name, path, *scope_table, &file.classes_[Lower(scope)]));
      }
    }
  }
  return file;
}

RuleSet RulesFile::Resolve(std::optional<ChannelKind> channel,
                           std::string_view customer_class) const {
  RuleSet set = RuleSet::Defaults();
  defaults_.ApplyTo(&set);
  if (auto it = channel ? channels_.find(*channel) : channels_.end(); it != channels_.end()) {
    it->second.ApplyTo(&set);
  }
  if (auto it = classes_.find(Lower(customer_class)); it != classes_.end()) {
    it->second.ApplyTo(&set);
  }
  return set;
}

std::vector<ChannelKind> RulesFile::channels() const {
  std::vector<ChannelKind> out;
  for (const auto& [c, layer] : channels_) out.push_back(c);
  return out;
}

std::vector<std::string> RulesFile::classes() const {
  std::vector<std::string> out;
  for (const auto& [c, layer] : classes_) out.push_back(c);
  return out;
}

}  // namespace gridline::vee
