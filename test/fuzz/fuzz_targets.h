// fuzz_targets.h: the fuzz targets, one per decoder and parser that reads untrusted bytes. Each
// is a plain function so that ctest can replay a corpus through it (fuzz_replay_test.cc); built
// with -DGL_FUZZER=<name> under clang it becomes a libFuzzer binary (`make fuzz`).
#ifndef GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_
#define GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>

namespace gridline::fuzz {

// Value codecs: DecodeValues and SumValues on arbitrary bytes must fail cleanly or agree.
void FuzzCodecDecode(const uint8_t* data, size_t size);
// Chunks: DecodeChunk / SumChunk / DecodeChunkOffsets agree, and a decoded chunk round-trips.
void FuzzChunkDecode(const uint8_t* data, size_t size);
// CSV: a header line, then rows; parsing never crashes and every row is a reading or an error.
void FuzzCsvParse(const uint8_t* data, size_t size);

}  // namespace gridline::fuzz

#endif  // GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_
