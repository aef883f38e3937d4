// cmep_record.h: the pieces of one CMEP v1.20 record (California Metering Exchange Protocol,
// docs/import.md "CMEP"): field splitting with its bounds, the CRC-16 check, date/time and
// interval fields, flags and the table of units. cmep_parser.h turns MEPMD01 records into
// readings with them.
#ifndef GRIDLINE_INGEST_CMEP_CMEP_RECORD_H_
#define GRIDLINE_INGEST_CMEP_CMEP_RECORD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/channel.h"
#include "common/quality.h"

namespace gridline::ingest::cmep {

// CMEP 1.20 "Specific Protocol Features" 3 and 7: a record is at most 2048 characters with its
// CR LF, a field at most 256 with its delimiters.
inline constexpr size_t kMaxRecordBytes = 2048;
inline constexpr size_t kMaxFieldBytes = 256;

// Splits `record` (no line end) at commas into *fields, trimmed; a field that starts with a
// quotation mark runs to the closing one (it may hold commas) and loses the marks. *offsets gets
// where each field starts in `record` (for the CRC, which covers the bytes before its field).
// Returns why the record is malformed (a field over kMaxFieldBytes, an unclosed quotation), or
// an empty string.
std::string SplitFields(std::string_view record, std::vector<std::string_view>* fields,
                        std::vector<size_t>* offsets);

// CRC-16/ARC (polynomial 0x8005 reflected, initial value 0, no final XOR), the algorithm
// catalogues call plain "CRC-16"; CMEP names only "CRC-16". Check value: "123456789" -> 0xBB3D.
uint16_t Crc16(std::string_view bytes);

// A `CCYYMMDDHHMM` date/time as UTC seconds (CMEP times are all UTC). `HHMM` 0000..2359, and
// 2400 as the next midnight (some senders end a day so). nullopt when it is not one.
std::optional<int64_t> ParseDateTime(std::string_view text);

// A `MMDDHHMM` interval in seconds: days, hours, minutes (`00000015` 15 min, `00000100` 1 h,
// `00010000` a day); empty is 0. Months (`01000000`) have no fixed length: nullopt, as for text
// that is not an interval.
std::optional<int64_t> ParseInterval(std::string_view text);

// A MEPMD01 data quality flag: empty valid (actual), `E` estimated, `A` adjusted (edited), `N`
// no value (missing), `R` raw (actual, not validated). Only the first letter counts: vendors
// append codes (Sensus `R0`). nullopt for another letter.
std::optional<Quality> QualityFromFlag(std::string_view flag);

// How a CMEP unit is stored.
struct Unit {
  std::string_view name;  // as written in field 11, upper case
  ChannelKind channel;
  bool register_read;  // a dial read at an instant (KWHREG), not an amount over the interval
};

// The unit named `name` (case-insensitive), or nullptr; *why says why when gridline has no
// channel for a unit CMEP defines (gas, water, a quantity without a channel).
const Unit* FindUnit(std::string_view name, std::string* why);

}  // namespace gridline::ingest::cmep

#endif  // GRIDLINE_INGEST_CMEP_CMEP_RECORD_H_
