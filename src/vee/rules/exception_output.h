// exception_output.h: VEE exceptions as text, CSV or JSON, the same bytes for the CLI and (later)
// the API. Columns: meter_id,channel,rule,severity,status,from,to,replaces,detail; times are the
// first slot's start and the end of the last (exclusive), UTC ISO 8601.
#ifndef GRIDLINE_VEE_RULES_EXCEPTION_OUTPUT_H_
#define GRIDLINE_VEE_RULES_EXCEPTION_OUTPUT_H_

#include <span>
#include <string>

#include "vee/vee_types.h"

namespace gridline::vee {

std::string ExceptionsCsvHeader();
void AppendExceptionCsv(const VeeException& e, std::string* out);
// A JSON array of objects with the CSV's columns as members.
std::string ExceptionsJson(std::span<const VeeException> exceptions);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_EXCEPTION_OUTPUT_H_
