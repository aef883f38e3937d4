#include "ingest/lineproto/line_protocol_source.h"

#include "ingest/line_block_reader.h"

namespace gridline::ingest {

namespace {

class LineProtocolSource : public BlockSource {
 public:
  LineProtocolSource(std::unique_ptr<InputFile> in, const LineProtocolOptions& options)
      : in_(std::move(in)), reader_(in_.get()), parser_(options) {}

  const SourceLayout& layout() const override { return layout_; }
  uint64_t bytes_read() const override { return in_->raw_bytes_read(); }

  absl::StatusOr<bool> Next(ParsedBlock* block) override {
    absl::StatusOr<bool> more = reader_.Next(&text_);
    if (!more.ok() || !*more) return more;
    parser_.Parse(text_.view(), block);
    return true;
  }

 private:
  std::unique_ptr<InputFile> in_;
  LineBlockReader reader_;
  LineProtocolParser parser_;
  ByteBuffer text_;
  SourceLayout layout_;  // line 1 is a reading: no header
};

}  // namespace

absl::StatusOr<std::unique_ptr<BlockSource>> OpenLineProtocolSource(
    std::unique_ptr<InputFile> in, const LineProtocolOptions& options) {
  return std::make_unique<LineProtocolSource>(std::move(in), options);
}

}  // namespace gridline::ingest
