// history_output.h: every version one reading has had, raw and validated, with who, when and
// why, as `gridline query history` prints it and `GET /api/v1/meters/{id}/readings/{timestamp}/
// history` answers (one implementation, so the two cannot drift; docs/vee.md "History").
//
// CSV `at,layer,event,kwh,quality,origin,user,reason` in the order things happened:
//   raw       received     each raw version as it arrived (origin: the batch's source)
//   validated estimated    an estimate (origin: the method), edited (user and reason),
//             validated    VEE kept or flagged the value, or found none (origin: the rule),
//             unprocessed  a new raw value made the slot unprocessed again
// JSON `{"meter","channel","timestamp","versions":[{...the same members...}]}`.
#ifndef GRIDLINE_VEE_HISTORY_OUTPUT_H_
#define GRIDLINE_VEE_HISTORY_OUTPUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "query/meter_series.h"
#include "query/output_format.h"
#include "storage/store.h"

namespace gridline::vee {

struct HistoryEvent {
  int64_t at_us = 0;
  bool raw = true;  // layer
  std::string event;
  bool has_value = true;
  int64_t value = 0;
  Quality quality = Quality::kActual;
  std::string origin;
  std::string user;
  std::string reason;
};

// The history of the slot starting at `timestamp_s` of `target`, oldest first. InvalidArgument
// when the timestamp is not the start of an interval of the series. DataLoss on a corrupt record.
absl::StatusOr<std::vector<HistoryEvent>> ReadHistory(const storage::ReadView& view,
                                                      const query::MeterSeries& target,
                                                      int64_t timestamp_s);

std::string HistoryText(const query::MeterSeries& target, int64_t timestamp_s,
                        const std::vector<HistoryEvent>& events, query::OutputFormat format);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_HISTORY_OUTPUT_H_
