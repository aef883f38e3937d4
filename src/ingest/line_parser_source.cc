#include "ingest/line_parser_source.h"

#include "ingest/line_block_reader.h"

namespace gridline::ingest {

namespace {

class LineParserSource : public BlockSource {
 public:
  LineParserSource(std::unique_ptr<InputFile> in, std::unique_ptr<LineParser> parser,
                   SourceLayout layout)
      : in_(std::move(in)),
        reader_(in_.get()),
        parser_(std::move(parser)),
        layout_(std::move(layout)) {}

  const SourceLayout& layout() const override { return layout_; }
  uint64_t bytes_read() const override { return in_->raw_bytes_read(); }
  std::vector<std::string> Notes() const override { return parser_->Notes(); }

  absl::StatusOr<bool> Next(ParsedBlock* out) override {
    while (true) {
      if (done_) return false;
      ByteBuffer block;
      absl::StatusOr<bool> more = reader_.Next(&block);
      if (!more.ok()) return more.status();
      // What the parser held back comes first.
      held_.append(block.data(), block.size());
      const bool last = !*more;
      if (last) done_ = true;
      if (held_.empty()) return false;
      const size_t used = parser_->Parse(held_, last, out);
      held_.erase(0, last ? held_.size() : used);
      if (out->line_count > 0 || !out->rows.empty() || !out->errors.empty()) return true;
      // The parser took nothing (a record continues past this block): read on.
    }
  }

 private:
  std::unique_ptr<InputFile> in_;
  LineBlockReader reader_;
  std::unique_ptr<LineParser> parser_;
  SourceLayout layout_;
  std::string held_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<BlockSource> MakeLineParserSource(std::unique_ptr<InputFile> in,
                                                  std::unique_ptr<LineParser> parser,
                                                  SourceLayout layout) {
  return std::make_unique<LineParserSource>(std::move(in), std::move(parser), std::move(layout));
}

}  // namespace gridline::ingest
