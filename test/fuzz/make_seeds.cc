// make_seeds: writes the binary seed corpora of the fuzz targets (codec encodings and chunks) to
// test/fuzz/corpus/. Run it after a format change: build/gridline_fuzz_seeds test/fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "storage/chunk.h"
#include "storage/codec/codec.h"

namespace {

void Write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::vector<int64_t>> Shapes() {
  std::mt19937_64 rng(7);
  std::vector<std::vector<int64_t>> shapes;
  std::vector<int64_t> walk, constant(100, 42), monotone, sparse, extreme, noise;
  int64_t v = 300;
  for (int i = 0; i < 1000; ++i) {
    v += static_cast<int64_t>(rng() % 81) - 40;
    walk.push_back(v);
    monotone.push_back(i * 250 + static_cast<int64_t>(rng() % 7));
    sparse.push_back(rng() % 10 == 0 ? static_cast<int64_t>(rng() % 900) : 0);
    noise.push_back(static_cast<int64_t>(rng()));
  }
  for (int i = 0; i < 64; ++i) extreme.push_back(i % 2 ? INT64_MIN : INT64_MAX);
  shapes = {walk, constant, monotone, sparse, extreme, noise, {7}};
  return shapes;
}

}  // namespace

int main(int argc, char** argv) {
  using gridline::storage::CodecId;
  const std::filesystem::path root = argc > 1 ? argv[1] : "test/fuzz/corpus";
  std::filesystem::create_directories(root / "codec_decode");
  std::filesystem::create_directories(root / "chunk_decode");
  int n = 0;
  for (const std::vector<int64_t>& values : Shapes()) {
    for (CodecId id : gridline::storage::AllCodecs()) {
      std::string bytes(2, '\0');
      bytes[0] = static_cast<char>((values.size() - 1) >> 8);
      bytes[1] = static_cast<char>(values.size() - 1);
      gridline::storage::EncodeValuesWith(id, values, &bytes);
      Write(root / "codec_decode" / ("seed" + std::to_string(n++)), bytes);
    }
    gridline::storage::Chunk chunk;
    for (size_t i = 0; i < values.size() && i < 4096; ++i) {
      chunk.Append(static_cast<uint16_t>(i), values[i],
                   static_cast<gridline::Quality>(i % 17 == 0 ? 1 : 0),
                   static_cast<uint32_t>(1 + i / 300));
    }
    std::string bytes;
    gridline::storage::EncodeChunk(chunk, gridline::storage::ValueEncoding::kBest, &bytes);
    Write(root / "chunk_decode" / ("seed" + std::to_string(n++)), bytes);
    // A chunk with gaps.
    gridline::storage::Chunk gappy;
    for (size_t i = 0; i < values.size() && i * 4 < 4096; ++i) {
      gappy.Append(static_cast<uint16_t>(i * 4 + (i % 3)), values[i], gridline::Quality::kActual, 9);
    }
    bytes.clear();
    gridline::storage::EncodeChunk(gappy, gridline::storage::ValueEncoding::kFast, &bytes);
    Write(root / "chunk_decode" / ("seed" + std::to_string(n++)), bytes);
  }
  std::printf("wrote %d seeds under %s\n", n, root.c_str());
  return 0;
}
