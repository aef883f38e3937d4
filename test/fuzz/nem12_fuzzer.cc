// nem12_fuzzer: NEM12 files (ingest/nem12/nem12_parser.h). Checks line_parser_fuzz_util.h's
// promises: above all that a day whose 400 records continue in the next block gives what it
// gives when read in one block.
#include "ingest/nem12/nem12_parser.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/fuzz/line_parser_fuzz_util.h"

namespace gridline::fuzz {

bool FuzzNem12(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ingest::nem12::Nem12Options options;
  options.round = size % 2 == 1;
  return CheckLineParser(text,
                         [&] { return std::make_unique<ingest::nem12::Nem12Parser>(options); });
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_nem12)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzNem12(data, size);
  return 0;
}
#endif
