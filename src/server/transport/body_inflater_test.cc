// body_inflater_test.cc: streaming inflation of request bodies with a limit on the output.
#include "server/transport/body_inflater.h"

#include <zlib.h>

#include "gtest/gtest.h"

namespace gridline::server::transport {
namespace {

// `text` compressed with `window_bits` (31 gzip, 15 zlib, -15 raw deflate).
std::string Compress(const std::string& text, int window_bits) {
  z_stream z = {};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  return out;
}

TEST(BodyInflater, InflatesGzipZlibAndRawDeflate) {
  const std::string text = "timestamp,kwh\n2026-07-01T00:00:00Z,1.5\n";
  EXPECT_EQ(*InflateBody(Compress(text, 31), ContentEncoding::kGzip, 1024), text);
  EXPECT_EQ(*InflateBody(Compress(text, 15), ContentEncoding::kDeflate, 1024), text);
  EXPECT_EQ(*InflateBody(Compress(text, -15), ContentEncoding::kDeflate, 1024), text);
  EXPECT_EQ(*InflateBody(text, ContentEncoding::kIdentity, 1024), text);
}

TEST(BodyInflater, StopsAtTheLimitOfTheInflatedSizeNotTheCompressedOne) {
  // 64 MiB of zeros compress to about 64 KiB: a limit of 1 MiB refuses it while inflating.
  const std::string bomb = Compress(std::string(size_t{64} << 20, '0'), 31);
  ASSERT_LT(bomb.size(), size_t{1} << 20);
  absl::StatusOr<std::string> r = InflateBody(bomb, ContentEncoding::kGzip, size_t{1} << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("1048576 bytes"), std::string::npos) << r.status();
  // Exactly at the limit is fine.
  EXPECT_TRUE(InflateBody(Compress(std::string(1000, 'a'), 31), ContentEncoding::kGzip, 1000).ok());
  EXPECT_FALSE(
      InflateBody(Compress(std::string(1001, 'a'), 31), ContentEncoding::kGzip, 1000).ok());
}

TEST(BodyInflater, ReadsConcatenatedGzipMembers) {
  const std::string body = Compress("a,1\n", 31) + Compress("b,2\n", 31);
  EXPECT_EQ(*InflateBody(body, ContentEncoding::kGzip, 1024), "a,1\nb,2\n");
}

TEST(BodyInflater, RejectsTruncatedCorruptAndTrailingBytes) {
  const std::string gz = Compress(std::string(5000, 'x'), 31);
  absl::StatusOr<std::string> r =
      InflateBody(gz.substr(0, gz.size() / 2), ContentEncoding::kGzip, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status();
  EXPECT_EQ(InflateBody("not gzip at all", ContentEncoding::kGzip, 1024).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InflateBody(Compress("a", 15) + "zz", ContentEncoding::kDeflate, 1024).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BodyInflater, ParsesContentEncodingNames) {
  EXPECT_EQ(*ParseContentEncoding(""), ContentEncoding::kIdentity);
  EXPECT_EQ(*ParseContentEncoding(" GZIP "), ContentEncoding::kGzip);
  EXPECT_EQ(*ParseContentEncoding("deflate"), ContentEncoding::kDeflate);
  EXPECT_EQ(ParseContentEncoding("br").status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ParseContentEncoding("gzip, gzip").status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace gridline::server::transport
