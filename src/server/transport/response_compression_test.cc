// response_compression_test.cc: Accept-Encoding with weights (RFC 9110 section 12.5.3), which
// answers are compressed, and the gzip stream read back with the request-body inflater.
#include "server/transport/response_compression.h"

#include <string>

#include "gtest/gtest.h"
#include "httplib.h"
#include "server/transport/body_inflater.h"

namespace gridline::server::transport {
namespace {

TEST(AcceptsGzip, ReadsCodingsAndWeights) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("GZip"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  EXPECT_TRUE(AcceptsGzip("deflate , gzip ; q=0.001"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("identity;q=1, *;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("gzip;Q=1.000"));
  EXPECT_TRUE(AcceptsGzip("gzip;level=9"));  // not a weight: ignored
}

TEST(AcceptsGzip, RefusesWhatSaysNo) {
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.000"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0, *"));  // named: its own weight wins over *
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzipped"));
  // Not qvalues: the element is not acceptable.
  EXPECT_FALSE(AcceptsGzip("gzip;q=2"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=1.5"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0.0001"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));
  EXPECT_FALSE(AcceptsGzip("gzip;q="));
  EXPECT_FALSE(AcceptsGzip("gzip;q"));
}

httplib::Response Answer(const std::string& type, size_t size, int status = 200) {
  httplib::Response r;
  r.status = status;
  r.set_content(std::string(size, 'a'), type);
  return r;
}

TEST(Compressible, TextTypesOverAKibibyte) {
  EXPECT_TRUE(Compressible(Answer("application/json", 2000)));
  EXPECT_TRUE(Compressible(Answer("text/csv", 2000)));
  EXPECT_TRUE(Compressible(Answer("text/plain; version=0.0.4", 2000)));
  EXPECT_TRUE(Compressible(Answer("application/geo+json", 2000)));
  EXPECT_TRUE(Compressible(Answer("application/json", 2000, 404)));
  EXPECT_FALSE(Compressible(Answer("application/json", kMinCompressBytes)));
  EXPECT_FALSE(Compressible(Answer("application/octet-stream", 2000)));
  EXPECT_FALSE(Compressible(Answer("image/png", 2000)));
  EXPECT_FALSE(Compressible(Answer("application/json", 2000, 304)));
  httplib::Response encoded = Answer("application/json", 2000);
  encoded.set_header("Content-Encoding", "gzip");
  EXPECT_FALSE(Compressible(encoded)) << "never compressed twice";
}

TEST(Compressible, StreamedAnswersWhateverTheirSize) {
  httplib::Response r;
  r.status = 200;
  r.set_chunked_content_provider("text/csv", [](size_t, httplib::DataSink&) { return true; });
  EXPECT_TRUE(Compressible(r));
}

TEST(GzipEncoder, PiecesReadBackAsTheWhole) {
  std::string text;
  for (int i = 0; i < 200'000; ++i) text += "2026-07-01T00:00:00Z," + std::to_string(i) + ",A\n";
  GzipEncoder gzip;
  ASSERT_TRUE(gzip.ok());
  std::string out;
  // Uneven pieces, as a streamed answer hands them over.
  for (size_t at = 0; at < text.size();) {
    const size_t n = std::min<size_t>(text.size() - at, 1 + (at % 70'001));
    gzip.Add(std::string_view(text).substr(at, n), &out);
    at += n;
  }
  gzip.Finish(&out);
  EXPECT_LT(out.size(), text.size() / 3);
  absl::StatusOr<std::string> back = InflateBody(out, ContentEncoding::kGzip, text.size());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, text);
}

TEST(GzipEncoder, EmptyStreamIsAValidGzipMember) {
  GzipEncoder gzip;
  std::string out;
  gzip.Finish(&out);
  EXPECT_GE(out.size(), 18u);  // header and trailer
  absl::StatusOr<std::string> back = InflateBody(out, ContentEncoding::kGzip, 10);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, "");
}

}  // namespace
}  // namespace gridline::server::transport
