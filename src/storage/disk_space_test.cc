// Tests of the free-space reserve: the decision, its message and the env override.
#include "storage/disk_space.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace gridline::storage {
namespace {

TEST(DiskSpace, RefusesWhenFreeIsBelowReservePlusPendingWork) {
  SpaceNeed need;
  need.reserve_bytes = 32 << 20;
  need.memtable_bytes = 10 << 20;
  need.pending_compaction_bytes = 5 << 20;
  need.write_bytes = 1 << 20;
  EXPECT_EQ(need.total(), uint64_t{49} << 20);
  EXPECT_TRUE(CheckSpace(uint64_t{49} << 20, need, "writing readings").ok());
  const absl::Status s = CheckSpace((uint64_t{49} << 20) - 1, need, "writing readings");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(IsDiskFull(s)) << s;
  EXPECT_NE(s.message().find("disk full: writing readings: 49.0 MiB free"), std::string::npos) << s;
  EXPECT_NE(s.message().find("writes resume once space is freed"), std::string::npos) << s;
}

TEST(DiskSpace, IsDiskFullSurvivesContextPrefixes) {
  EXPECT_TRUE(IsDiskFull(absl::UnavailableError("a.csv: storing failed: disk full: x")));
  EXPECT_FALSE(IsDiskFull(absl::UnavailableError("IO error: timeout")));
  EXPECT_FALSE(IsDiskFull(absl::InternalError("disk full")));
}

TEST(DiskSpace, ReserveFromEnvironment) {
  ::setenv("GRIDLINE_DISK_RESERVE_MB", "5", 1);
  EXPECT_EQ(DiskReserveFromEnv(7), uint64_t{5} << 20);
  ::setenv("GRIDLINE_DISK_RESERVE_MB", "5x", 1);
  EXPECT_EQ(DiskReserveFromEnv(7), 7u);
  ::unsetenv("GRIDLINE_DISK_RESERVE_MB");
  EXPECT_EQ(DiskReserveFromEnv(7), 7u);
}

TEST(DiskSpace, FreeBytesOfAnExistingDirectory) {
  auto free_bytes = FreeDiskBytes("/");
  ASSERT_TRUE(free_bytes.ok()) << free_bytes.status();
  EXPECT_FALSE(FreeDiskBytes("/no/such/dir/at/all").ok());
}

}  // namespace
}  // namespace gridline::storage
