// line_protocol_source.h: InfluxDB line protocol (line_protocol.h) as a BlockSource
// (block_source.h): blocks of whole lines (line_block_reader.h) parsed in order.
#ifndef GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_SOURCE_H_
#define GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/input_file.h"
#include "ingest/lineproto/line_protocol.h"

namespace gridline::ingest {

absl::StatusOr<std::unique_ptr<BlockSource>> OpenLineProtocolSource(
    std::unique_ptr<InputFile> in, const LineProtocolOptions& options);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_SOURCE_H_
