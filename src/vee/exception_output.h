// exception_output.h: a page of VEE exceptions as text, as `gridline vee exceptions` prints it
// and `GET /api/v1/vee/exceptions` answers (one implementation; docs/vee.md "Exceptions").
// CSV `id,meter,channel,rule,severity,status,from,to,detail,created_at,created_by,updated_at,
// updated_by,note`; JSON `{"exceptions":[{...the same members...}],"next_cursor":...}` (the
// server writes next_cursor).
#ifndef GRIDLINE_VEE_EXCEPTION_OUTPUT_H_
#define GRIDLINE_VEE_EXCEPTION_OUTPUT_H_

#include <string>
#include <utility>
#include <vector>

#include "common/json_writer.h"
#include "vee/exception_store.h"

namespace gridline::vee {

using ExceptionRow = std::pair<std::string, ExceptionRecord>;  // id, record

void AppendExceptionsCsv(const std::vector<ExceptionRow>& rows, std::string* out);
// Writes the member "exceptions": [...] into an open object.
void WriteExceptionsJson(const std::vector<ExceptionRow>& rows, JsonWriter& w);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_EXCEPTION_OUTPUT_H_
