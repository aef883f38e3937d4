// cmep_parser.h: CMEP v1.20 MEPMD01 interval records as readings (docs/import.md "CMEP").
//
// - Times are UTC `CCYYMMDDHHMM` and mark the END of the interval (CMEP "Metering Values vs.
//   Date/Time Intervals"): an interval value is stored at end - interval. The interval is field
//   13, or when that is empty the spacing of the record's first two stamps.
// - An empty stamp after the first is the previous one plus the interval.
// - Units (field 11) name the channel (cmep_record.h); the calculation constant (field 12, empty
//   = 1) multiplies each value exactly; a result finer than the channel's resolution is a row
//   error unless `round`.
// - Register reads (KWHREG) stay register reads on kwh_register at their stamp (an instant: the
//   dial at that time). `register_tolerance_s` moves a read stamped that close to a boundary of
//   the record's interval onto it (AMI reads come a minute or two late). With
//   `register_to_interval`, each two consecutive reads of a meter one interval apart also give
//   the difference as a kwh_delivered interval starting at the earlier read; a read lower than
//   the one before is a row error (a rollover or a meter change cannot be told apart), and the
//   read itself is kept.
// - Flags are quality (cmep_record.h), the optional CRC-16 is checked, records and fields are
//   bounded; record types other than MEPMD01 are counted and skipped (a Note).
//
// Thread-compatible; one parser reads one input in order (register differences span records).
#ifndef GRIDLINE_INGEST_CMEP_CMEP_PARSER_H_
#define GRIDLINE_INGEST_CMEP_CMEP_PARSER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ingest/block_meters.h"
#include "ingest/exact_number.h"
#include "ingest/line_parser_source.h"

namespace gridline::ingest::cmep {

struct CmepOptions {
  bool round = false;                 // --round
  bool register_to_interval = false;  // --register-to-interval
  int64_t register_tolerance_s = 0;   // --register-tolerance
  // Meters whose latest register read is kept for --register-to-interval: at most 262,144 (some
  // 80 MB with 256-byte meter ids). A read of a meter past the bound is kept, and its difference
  // is a row error that says so.
  size_t max_register_meters = size_t{1} << 18;
};

class CmepParser : public LineParser {
 public:
  explicit CmepParser(CmepOptions options) : options_(options) {}

  size_t Parse(std::string_view text, bool last, ParsedBlock* out) override;
  std::vector<std::string> Notes() const override;

 private:
  struct LastRead {
    int64_t time;
    int64_t value;
    Quality quality;
  };
  // Parses one record (no line end) at line offset `line` of the block.
  void ParseRecord(std::string_view record, uint32_t line, ParsedBlock* out);
  void Difference(std::string_view meter, const ParsedRow& read, int64_t interval_s,
                  std::string_view field, ParsedBlock* out);

  const CmepOptions options_;
  BlockMeters meters_;
  std::vector<std::string_view> fields_;
  std::vector<size_t> offsets_;
  std::map<std::string, uint64_t> skipped_;  // record type -> count; bounded by kSkippedTypes
  uint64_t snapped_ = 0;
  uint64_t differenced_ = 0;
  // meter -> its latest register read; at most options_.max_register_meters entries.
  absl::flat_hash_map<std::string, LastRead> last_reads_;
};

}  // namespace gridline::ingest::cmep

#endif  // GRIDLINE_INGEST_CMEP_CMEP_PARSER_H_
