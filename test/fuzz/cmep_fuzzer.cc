// cmep_fuzzer: CMEP records (ingest/cmep/cmep_parser.h), with register differencing and the
// tolerance on for some inputs. Checks line_parser_fuzz_util.h's promises and that a reading
// holds a channel's value (the multiplier never overflows silently).
#include "ingest/cmep/cmep_parser.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/fuzz/line_parser_fuzz_util.h"

namespace gridline::fuzz {

bool FuzzCmep(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ingest::cmep::CmepOptions options;
  options.round = size % 2 == 1;
  options.register_to_interval = size % 3 == 0;
  options.register_tolerance_s = size % 5 == 0 ? 300 : 0;
  return CheckLineParser(text, [&] { return std::make_unique<ingest::cmep::CmepParser>(options); });
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_cmep)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzCmep(data, size);
  return 0;
}
#endif
