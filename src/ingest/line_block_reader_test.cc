// line_block_reader_test.cc: blocks of whole lines from a stream that breaks off (a streamed
// upload whose client went away): the whole lines before the break are read, the line it cut
// is not, and the error follows.
#include "ingest/line_block_reader.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ingest/input_file.h"

namespace gridline::ingest {
namespace {

// Hands out its pieces one Read at a time, then fails (or ends when `error` is OK).
class PiecesThenError : public ByteStream {
 public:
  PiecesThenError(std::vector<std::string> pieces, absl::Status error)
      : pieces_(std::move(pieces)), error_(std::move(error)) {}
  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    if (next_ == pieces_.size()) {
      if (!error_.ok()) return error_;
      return 0;
    }
    std::string& p = pieces_[next_];
    const size_t k = std::min(n, p.size());
    std::copy(p.data(), p.data() + k, buf);
    p.erase(0, k);
    if (p.empty()) ++next_;
    return k;
  }

 private:
  std::vector<std::string> pieces_;
  size_t next_ = 0;
  absl::Status error_;
};

TEST(LineBlockReader, StreamCutMidLineGivesTheWholeLinesThenTheError) {
  PiecesThenError stream(
      {"h,e,a,d\nM1,2026-07-01T00:00:00Z,1\n", "M1,2026-07-01T00:15:00Z,2\nM1,20"},
      absl::UnavailableError("the client went away"));
  absl::StatusOr<std::unique_ptr<InputFile>> in =
      InputFile::FromStream("body", &stream, InputFile::Compression::kDetect, 0, "");
  ASSERT_TRUE(in.ok()) << in.status();
  LineBlockReader reader(in->get());
  std::string header;
  ASSERT_TRUE(*reader.ReadFirstLine(&header));
  EXPECT_EQ(header, "h,e,a,d");
  ByteBuffer block;
  absl::StatusOr<bool> more = reader.Next(&block);
  ASSERT_TRUE(more.ok()) << more.status();
  ASSERT_TRUE(*more);
  EXPECT_EQ(std::string(block.data(), block.size()),
            "M1,2026-07-01T00:00:00Z,1\nM1,2026-07-01T00:15:00Z,2\n");
  more = reader.Next(&block);
  EXPECT_EQ(more.status().code(), absl::StatusCode::kUnavailable) << "the cut line M1,20";
}

TEST(LineBlockReader, StreamThatEndsKeepsItsLastLineWithoutNewline) {
  PiecesThenError stream({"a\nb\n", "c"}, absl::OkStatus());
  absl::StatusOr<std::unique_ptr<InputFile>> in =
      InputFile::FromStream("body", &stream, InputFile::Compression::kDetect, 0, "");
  ASSERT_TRUE(in.ok());
  LineBlockReader reader(in->get());
  ByteBuffer block;
  ASSERT_TRUE(*reader.Next(&block));
  EXPECT_EQ(std::string(block.data(), block.size()), "a\nb\n");
  ASSERT_TRUE(*reader.Next(&block));
  EXPECT_EQ(std::string(block.data(), block.size()), "c");
  EXPECT_FALSE(*reader.Next(&block));
}

TEST(InputFile, StreamPastItsLimitIsResourceExhaustedNamingTheFlag) {
  PiecesThenError stream({std::string(5000, 'x')}, absl::OkStatus());
  absl::StatusOr<std::unique_ptr<InputFile>> in = InputFile::FromStream(
      "body", &stream, InputFile::Compression::kDetect, 4096, "serve --max-upload");
  ASSERT_TRUE(in.ok());
  char buf[8192];
  absl::StatusOr<size_t> n = (*in)->Read(buf, sizeof buf);
  EXPECT_EQ(n.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(std::string(n.status().message()).find("serve --max-upload"), std::string::npos);
}

}  // namespace
}  // namespace gridline::ingest
