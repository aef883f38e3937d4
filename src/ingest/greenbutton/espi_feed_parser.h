// espi_feed_parser.h: a streaming reader of Green Button (NAESB ESPI) XML feeds. Bytes go in
// as they arrive (a multi-GB feed is never held whole); IntervalReadings come out as ParsedRows.
//
// The feed is an Atom document whose entries each hold one ESPI object: UsagePoint,
// MeterReading, ReadingType, IntervalBlock, LocalTimeParameters (docs/import.md "Green
// Button"). Elements are matched by namespace URI and local name (`espi:`, `ns0:` or a
// default namespace are the same; elements in no namespace are accepted too). Objects are
// joined by their entries' links, never by document order:
// - an IntervalBlock belongs to the MeterReading whose self href is its own self or up href up to
//   `/IntervalBlock`, or whose `related` links name that href;
// - a MeterReading's ReadingType is the ReadingType entry whose self href is one of its
//   `related` links;
// - the meter is --meter, or else the id after `UsagePoint/` in the block's hrefs (ESPI's REST
//   paths always hold it). With --meter, a feed with a second UsagePoint is an error.
// An IntervalBlock whose ReadingType is not known yet waits (bounded: kMaxWaitingReadings) until
// it is; at the end of the feed a block still without one takes the feed's only ReadingType, or
// ESPI's default (Wh delivered) when there are several or none, and Notes() says so.
//
// Readings: timePeriod start (UTC seconds) and duration; value x 10^powerOfTenMultiplier to the
// channel's resolution (espi_reading_type.h); `cost` kept as its own series (channel `cost`) for
// delivered and net energy; ReadingQuality codes as quality (the most doubtful of several).
// Overlapping IntervalBlocks give the same reading twice: the importer stores it once (an equal
// value is a duplicate, a different one a row error naming the earlier line).
// PG&E's quirk: a reading whose start repeats the previous reading's while the next one starts two
// intervals later stands for the hour in between (both fall-back 01:00 hours stamped alike); it is
// moved there and Notes() counts it.
//
// Refused with a clear error, never expanded: a DOCTYPE (so no entity declarations, no external
// entities, no billion laughs), nesting deeper than kMaxDepth, text of one field over
// kMaxFieldBytes, more than kMaxLinks links in an entry or kMaxObjects linked objects.
//
// Thread-compatible.
#ifndef GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_PARSER_H_
#define GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

struct EspiParseOptions {
  std::string meter;  // --meter: the meter of a feed with one UsagePoint; empty: from the hrefs
};

class EspiFeedParser {
 public:
  static constexpr int kMaxDepth = 64;
  static constexpr size_t kMaxFieldBytes = 4096;
  static constexpr size_t kMaxLinks = 256;
  static constexpr size_t kMaxObjects = 1 << 20;
  // Readings held at once: one IntervalBlock's, and those of blocks waiting for their ReadingType.
  static constexpr size_t kMaxWaitingReadings = size_t{8} << 20;

  explicit EspiFeedParser(EspiParseOptions options);
  ~EspiFeedParser();
  EspiFeedParser(const EspiFeedParser&) = delete;
  EspiFeedParser& operator=(const EspiFeedParser&) = delete;

  // Starts a new output block: readings and row errors go to *out with `line` relative to
  // `base_line` (an XML line). REQUIRES: base_line <= safe_line().
  void StartBlock(ParsedBlock* out, uint64_t base_line);

  // Parses the next `n` bytes (`last`: the end of the feed) and appends what they complete to the
  // current block. InvalidArgument saying the line and why for XML that is not well formed, a
  // DOCTYPE, or a bound passed; after an error the parser accepts no more input.
  absl::Status Parse(const char* data, size_t n, bool last);

  // The first XML line whose readings may still be emitted: the next block may start there.
  uint64_t safe_line() const;
  // The current XML line (1-based).
  uint64_t line() const;

  // What the summary says about the feed (fall-back repairs, defaults taken, the feed's local
  // time).
  std::vector<std::string> Notes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_ESPI_FEED_PARSER_H_
