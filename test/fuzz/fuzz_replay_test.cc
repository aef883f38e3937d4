// Replays the fuzz targets in plain ctest: every seed in test/fuzz/corpus/<target>/, then
// deterministic mutations of the seeds (byte flips, truncations, splices), so that the decoders'
// and the parser's handling of hostile bytes is checked on every run, not only under `make fuzz`.
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/chunk.h"
#include "storage/codec/codec.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/test_util.h"

namespace gridline::fuzz {
namespace {

using Target = void (*)(const uint8_t*, size_t);

std::vector<std::string> Seeds(const std::string& target) {
  std::vector<std::string> seeds;
  std::string dir = GL_SOURCE_DIR;
  dir.append("/test/fuzz/corpus/").append(target);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    seeds.push_back(gridline::testing::ReadFile(e.path().string()));
  }
  return seeds;
}

void Run(Target target, const std::string& s) {
  target(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

void ReplayWithMutations(Target target, std::vector<std::string> seeds, int mutations) {
  ASSERT_FALSE(seeds.empty());
  for (const std::string& s : seeds) Run(target, s);
  std::mt19937_64 rng(20261123);
  for (int i = 0; i < mutations; ++i) {
    std::string s = seeds[rng() % seeds.size()];
    switch (rng() % 4) {
      case 0:  // flip a few bytes
        for (int k = 0; k < 1 + static_cast<int>(rng() % 4) && !s.empty(); ++k) {
          s[rng() % s.size()] ^= static_cast<char>(1 + rng() % 255);
        }
        break;
      case 1:  // truncate
        s.resize(s.empty() ? 0 : rng() % s.size());
        break;
      case 2: {  // splice with another seed
        const std::string& t = seeds[rng() % seeds.size()];
        s = s.substr(0, s.empty() ? 0 : rng() % s.size()) + t.substr(t.empty() ? 0 : rng() % t.size());
        break;
      }
      default:  // insert random bytes
        s.insert(s.empty() ? 0 : rng() % s.size(), std::string(1 + rng() % 8, static_cast<char>(rng())));
        break;
    }
    Run(target, s);
  }
}

TEST(FuzzReplay, CodecDecode) { ReplayWithMutations(FuzzCodecDecode, Seeds("codec_decode"), 20000); }
TEST(FuzzReplay, ChunkDecode) { ReplayWithMutations(FuzzChunkDecode, Seeds("chunk_decode"), 20000); }
TEST(FuzzReplay, CsvParse) { ReplayWithMutations(FuzzCsvParse, Seeds("csv_parse"), 20000); }

}  // namespace
}  // namespace gridline::fuzz
