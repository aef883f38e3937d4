// rules_file_test.cc: the rules file parser: scopes and precedence, located errors for every
// kind of bad input, and the shipped data/vee/rules.toml agreeing with the compiled-in defaults.
#include "vee/rules/rules_file.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace gridline::vee {
namespace {

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<RulesFile> f = RulesFile::Parse(text, "r.toml");
  EXPECT_FALSE(f.ok()) << text;
  return f.ok() ? "" : std::string(f.status().message());
}

TEST(RuleParams, TableFollowsEnumAndEveryRuleHasASpec) {
  for (size_t i = 0; i < AllParams().size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(AllParams()[i].param), i);
    const ParamSpec& p = AllParams()[i];
    EXPECT_GE(p.default_value, p.min) << p.key;
    EXPECT_LE(p.default_value, p.max) << p.key;
  }
  EXPECT_EQ(AllRules().size(), kRuleCount);
}

TEST(RulesFile, EmptyFileResolvesToDefaults) {
  absl::StatusOr<RulesFile> f = RulesFile::Parse("", "r.toml");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->Resolve(ChannelKind::kKwhDelivered, "residential"), RuleSet::Defaults());
}

TEST(RulesFile, ClassOverridesChannelOverridesDefaults) {
  absl::StatusOr<RulesFile> f = RulesFile::Parse(R"(
[defaults.spike]
percent = 300
min_kw = 5
[channel.kwh_delivered.spike]
min_kw = 20
severity = "warning"
[class.Commercial.spike]
min_kw = 200
[channel.kwh_received.consecutive_equal]
enabled = false
)",
                                                 "r.toml");
  ASSERT_TRUE(f.ok()) << f.status();
  const RuleSet res = f->Resolve(ChannelKind::kKwhDelivered, "residential");
  EXPECT_EQ(res.value(Param::kSpikePercent), 300);
  EXPECT_EQ(res.value(Param::kSpikeMinKw), 20);
  EXPECT_EQ(res.severity(VeeRule::kSpike), Severity::kWarning);
  const RuleSet com = f->Resolve(ChannelKind::kKwhDelivered, "commercial");
  EXPECT_EQ(com.value(Param::kSpikeMinKw), 200);
  EXPECT_EQ(com.value(Param::kSpikePercent), 300);
  EXPECT_TRUE(res.enabled(VeeRule::kConsecutiveEqual));
  EXPECT_FALSE(f->Resolve(ChannelKind::kKwhReceived, "x").enabled(VeeRule::kConsecutiveEqual));
  EXPECT_EQ(f->Resolve(ChannelKind::kKwhReceived, "x").value(Param::kSpikeMinKw), 5);
  EXPECT_EQ(f->classes(), std::vector<std::string>{"commercial"});
  EXPECT_EQ(f->channels().size(), 2u);
}

TEST(RulesFile, ErrorsNameFileLineColumnAndKey) {
  EXPECT_EQ(ErrorOf("[defaults.spike]\npercnt = 3\n"),
            "r.toml:2:10: defaults.spike.percnt: unknown key (the rule takes enabled, severity, "
            "percent, neighbour_percent, min_kw)");
  EXPECT_EQ(ErrorOf("[defaults.spikes]\npercent = 3\n"),
            "r.toml:1:1: defaults.spikes: unknown rule (docs/vee.md lists them)");
  EXPECT_EQ(ErrorOf("[defaults.spike]\npercent = -3\n"),
            "r.toml:2:11: defaults.spike.percent: -3 is outside 1 .. 1000000");
  EXPECT_EQ(ErrorOf("[defaults.spike]\npercent = \"200\"\n"),
            "r.toml:2:11: defaults.spike.percent: must be a number");
  EXPECT_EQ(ErrorOf("[defaults.consecutive_equal]\nmin_run = 8.5\n"),
            "r.toml:2:11: defaults.consecutive_equal.min_run: must be a whole number");
  EXPECT_EQ(ErrorOf("[defaults.spike]\nenabled = 1\n"),
            "r.toml:2:11: defaults.spike.enabled: must be true or false");
  EXPECT_EQ(ErrorOf("[defaults.spike]\nseverity = \"fatal\"\n"),
            "r.toml:2:12: defaults.spike.severity: must be \"info\", \"warning\" or \"error\"");
  EXPECT_EQ(ErrorOf("[channel.kwh_delivered_x.spike]\nmin_kw = 1\n"),
            "r.toml:1:1: channel.kwh_delivered_x: unknown channel (e.g. kwh_delivered)");
  EXPECT_EQ(ErrorOf("[rules.spike]\nmin_kw = 1\n"),
            "r.toml:1:1: rules: unknown key (expected [defaults], [channel.*] or [class.*])");
  EXPECT_EQ(ErrorOf("[defaults]\nspike = 3\n"),
            "r.toml:2:9: defaults.spike: must be a table of settings");
  // Syntax errors come located from toml_text.h.
  EXPECT_EQ(ErrorOf("[defaults.spike\n").substr(0, 9), "r.toml:1:");
}

TEST(RulesFile, MissingFileIsNotFound) {
  EXPECT_EQ(RulesFile::Read("/nonexistent/rules.toml").status().code(),
            absl::StatusCode::kNotFound);
}

// The shipped default file states every rule and parameter, at the compiled-in value.
TEST(RulesFile, ShippedDefaultsAgreeWithCompiledIn) {
  const std::string path = std::string(GL_SOURCE_DIR) + "/data/vee/rules.toml";
  absl::StatusOr<RulesFile> f = RulesFile::Read(path);
  ASSERT_TRUE(f.ok()) << f.status();
  for (const ChannelSpec& c : AllChannels()) {
    for (const char* cls : {"residential", "commercial", "industrial"}) {
      EXPECT_EQ(f->Resolve(c.kind, cls), RuleSet::Defaults()) << c.name << " " << cls;
    }
  }
  const RuleLayer& d = f->defaults();
  for (const VeeRuleSpec& r : AllRules()) {
    EXPECT_TRUE(d.enabled[static_cast<size_t>(r.rule) - 1].has_value()) << r.name;
    EXPECT_TRUE(d.severity[static_cast<size_t>(r.rule) - 1].has_value()) << r.name;
  }
  for (const ParamSpec& p : AllParams()) {
    EXPECT_TRUE(d.values[static_cast<size_t>(p.param)].has_value()) << p.key;
  }
  EXPECT_TRUE(f->channels().empty());
  EXPECT_TRUE(f->classes().empty());
}

}  // namespace
}  // namespace gridline::vee
