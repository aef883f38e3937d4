// --columns (column_mapping.h): the entries, a mapping file, and the errors.
#include "ingest/csv/column_mapping.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

TEST(ColumnMapping, ParsesRolesChannelsAndUnits) {
  absl::StatusOr<ColumnMapping> m = ParseColumnMapping(
      "meter=LCLid, timestamp = tstp,kwh=energy(kWh/hh),wh=E2,"
      "kwh_received=GG,watts=*,date=DATE,time=START TIME,zone=Time Zone,"
      "quality=q,channel=ch,value=#3");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->entries.size(), 12u);
  EXPECT_EQ(m->entries[0].role, ColumnRole::kMeter);
  EXPECT_EQ(m->entries[0].column, "LCLid");
  EXPECT_EQ(m->entries[1].role, ColumnRole::kTimestamp);
  EXPECT_EQ(m->entries[1].column, "tstp");
  EXPECT_EQ(m->entries[2].role, ColumnRole::kValue);
  EXPECT_EQ(m->entries[2].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(m->entries[2].column, "energy(kWh/hh)");
  EXPECT_EQ(m->entries[3].unit, ValueUnit::kWh);
  EXPECT_EQ(m->entries[4].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(m->entries[5].channel, ChannelKind::kWatts);
  EXPECT_EQ(m->entries[5].column, "*");
  EXPECT_EQ(m->entries[7].role, ColumnRole::kTime);
  EXPECT_EQ(m->entries[7].column, "START TIME");
  EXPECT_EQ(m->entries[8].role, ColumnRole::kZone);
  EXPECT_EQ(m->entries[11].channel, std::nullopt);
}

TEST(ColumnMapping, RefusesWhatItCannotRead) {
  EXPECT_THAT(ParseColumnMapping("meter").status().message(), HasSubstr("is not ROLE=COLUMN"));
  EXPECT_THAT(ParseColumnMapping("kwh=").status().message(), HasSubstr("names no column"));
  EXPECT_THAT(ParseColumnMapping("colour=x,kwh=y").status().message(),
              HasSubstr("unknown role 'colour'"));
  EXPECT_THAT(ParseColumnMapping("meter=a,meter=b,kwh=c").status().message(),
              HasSubstr("role 'meter' is given twice"));
  EXPECT_THAT(ParseColumnMapping("meter=*,kwh=c").status().message(),
              HasSubstr("only a value role"));
  EXPECT_THAT(ParseColumnMapping("meter=a,timestamp=b").status().message(),
              HasSubstr("no value column"));
  EXPECT_THAT(ParseColumnMapping(",,").status().message(), HasSubstr("no entries"));
  std::string many;
  for (int i = 0; i < 1100; ++i) many += "kwh=c" + std::to_string(i) + ",";
  EXPECT_THAT(ParseColumnMapping(many).status().message(), HasSubstr("more than 1024 entries"));
  EXPECT_THAT(ParseColumnMapping(std::string(70000, 'x')).status().message(),
              HasSubstr("more than 65536"));
}

TEST(ColumnMapping, ReadsAMappingFileOneEntryPerLine) {
  gridline::testing::TempDir dir;
  const std::string path = dir.Sub("map.txt");
  gridline::testing::WriteFile(path,
                               "# PG&E-style export\r\n\nmeter = Account, Number\n"
                               "timestamp=Start\nkwh=Usage (kWh)\n");
  absl::StatusOr<ColumnMapping> m = LoadColumnMapping("@" + path);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->entries.size(), 3u);
  EXPECT_EQ(m->entries[0].column, "Account, Number");  // a comma inside a name
  EXPECT_EQ(m->entries[2].column, "Usage (kWh)");
  EXPECT_EQ(LoadColumnMapping("@" + dir.Sub("none")).status().code(), absl::StatusCode::kNotFound);
  gridline::testing::WriteFile(path, "meter=a\nbogus\n");
  EXPECT_THAT(LoadColumnMapping("@" + path).status().message(), HasSubstr("map.txt: --columns"));
}

}  // namespace
}  // namespace gridline::ingest
