#include "ingest/greenbutton/greenbutton_source.h"

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/greenbutton/espi_feed_parser.h"
#include "ingest/greenbutton/gb_csv_parser.h"

namespace gridline::ingest {

namespace {

constexpr size_t kReadBytes = size_t{1} << 20;
// A block is handed to the importer once it holds this many readings.
constexpr size_t kBlockRows = size_t{1} << 16;

// Reads up to `n` more bytes of `in` onto *buf; false at the end of the input.
absl::StatusOr<bool> ReadMore(InputFile* in, size_t n, std::string* buf) {
  const size_t old = buf->size();
  buf->resize(old + n);
  GL_ASSIGN_OR_RETURN(const size_t got, in->Read(buf->data() + old, n));
  buf->resize(old + got);
  return got > 0;
}

class XmlSource : public BlockSource {
 public:
  XmlSource(std::unique_ptr<InputFile> in, std::string head, const ImportOptions& options)
      : in_(std::move(in)), pending_(std::move(head)), parser_(EspiParseOptions{options.meter}) {
    layout_.first_line = 1;
  }

  const SourceLayout& layout() const override { return layout_; }
  uint64_t bytes_read() const override { return in_->raw_bytes_read(); }
  std::vector<std::string> Notes() const override { return parser_.Notes(); }

  absl::StatusOr<bool> Next(ParsedBlock* block) override {
    if (done_) return false;
    parser_.StartBlock(block, base_line_);
    while (block->rows.size() < kBlockRows && !eof_) {
      if (pending_.empty()) {
        GL_ASSIGN_OR_RETURN(const bool more, ReadMore(in_.get(), kReadBytes, &pending_));
        eof_ = !more;
      }
      GL_RETURN_IF_ERROR(parser_.Parse(pending_.data(), pending_.size(), eof_));
      pending_.clear();
    }
    if (eof_) done_ = true;
    const uint64_t safe = done_ ? parser_.line() + 1 : parser_.safe_line();
    block->line_count = static_cast<uint32_t>(safe - base_line_);
    base_line_ = safe;
    return true;
  }

 private:
  std::unique_ptr<InputFile> in_;
  std::string pending_;
  EspiFeedParser parser_;
  SourceLayout layout_;
  uint64_t base_line_ = 1;
  bool eof_ = false;
  bool done_ = false;
};

class CsvSource : public BlockSource {
 public:
  CsvSource(std::unique_ptr<InputFile> in, std::unique_ptr<GbCsvParser> parser, std::string rest,
            uint32_t header_lines, bool eof, std::string zone)
      : in_(std::move(in)),
        parser_(std::move(parser)),
        pending_(std::move(rest)),
        eof_(eof),
        zone_(std::move(zone)) {
    layout_.first_line = header_lines + 1;
    layout_.field_names = parser_->columns();
  }

  const SourceLayout& layout() const override { return layout_; }
  uint64_t bytes_read() const override { return in_->raw_bytes_read(); }
  std::vector<std::string> Notes() const override {
    return {
        fmt::format("Green Button CSV times were read as local time in {} (the file names no "
                    "zone; --tz sets it)",
                    zone_)};
  }

  absl::StatusOr<bool> Next(ParsedBlock* block) override {
    while (!eof_ && pending_.size() < kReadBytes) {
      GL_ASSIGN_OR_RETURN(const bool more, ReadMore(in_.get(), kReadBytes, &pending_));
      eof_ = !more;
    }
    if (pending_.empty()) return false;
    size_t cut = pending_.size();
    if (!eof_) {
      const size_t nl = pending_.rfind('\n');
      if (nl == std::string::npos) {
        return absl::InvalidArgumentError(
            fmt::format("line {}: longer than {} bytes", layout_.first_line, kReadBytes));
      }
      cut = nl + 1;
    }
    parser_->ParseRows(std::string_view(pending_).substr(0, cut), block);
    pending_.erase(0, cut);
    return true;
  }

 private:
  std::unique_ptr<InputFile> in_;
  std::unique_ptr<GbCsvParser> parser_;
  std::string pending_;
  bool eof_;
  std::string zone_;
  SourceLayout layout_;
};

bool LooksLikeXml(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  head = StripSpaces(head);
  return !head.empty() && head.front() == '<';
}

}  // namespace

absl::StatusOr<std::unique_ptr<BlockSource>> OpenGreenButtonSource(std::unique_ptr<InputFile> in,
                                                                   const std::string& name,
                                                                   const ImportOptions& options) {
  std::string head;
  bool eof = false;
  while (!eof && head.size() < kReadBytes) {
    GL_ASSIGN_OR_RETURN(const bool more, ReadMore(in.get(), kReadBytes - head.size(), &head));
    eof = !more;
  }
  if (LooksLikeXml(head)) {
    return std::make_unique<XmlSource>(std::move(in), std::move(head), options);
  }
  GbCsvOptions csv;
  csv.meter = options.meter;
  csv.round = options.csv.round;
  csv.zone = options.csv.zone;
  if (csv.zone.is_utc()) {
    GL_ASSIGN_OR_RETURN(csv.zone, TimeZone::Load(kGreenButtonCsvDefaultZone));
  }
  const std::string zone = csv.zone.name();
  auto parser = std::make_unique<GbCsvParser>(std::move(csv));
  // The header is read from whole lines.
  std::string_view lines = head;
  if (!eof) lines = lines.substr(0, lines.rfind('\n') + 1);
  uint32_t header_lines = 0;
  absl::StatusOr<size_t> used = parser->ReadHeader(lines, &header_lines);
  if (!used.ok()) {
    return absl::Status(used.status().code(),
                        fmt::format("{}: {}", name, StdView(used.status().message())));
  }
  head.erase(0, *used);
  return std::make_unique<CsvSource>(std::move(in), std::move(parser), std::move(head),
                                     header_lines, eof, zone);
}

}  // namespace gridline::ingest
