// Replays the fuzz targets in plain ctest: every seed in test/fuzz/corpus/<target>/, the hostile
// inputs too large to keep as files (made here), then deterministic mutations of the seeds (byte
// flips, truncations, splices, insertions), so that the decoders' and parsers' handling of
// hostile bytes is checked on every run, not only under `make fuzz`.
//
// What each replay asserts: the corpus is there and not empty; every `seed*` and `ok-*` seed is
// accepted (decodes, or parses without an error) and every `bad-*` seed and made-up hostile input
// is rejected; every mutation ran, and they reached both outcomes. The targets themselves abort
// on a result that disagrees with their reference (fuzz_targets.h), which fails the test.
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/test_util.h"

namespace gridline::fuzz {
namespace {

using Target = bool (*)(const uint8_t*, size_t);

struct Seed {
  std::string name;
  std::string bytes;
};

std::vector<Seed> Seeds(const std::string& target) {
  std::vector<Seed> seeds;
  std::string dir = GL_SOURCE_DIR;
  dir.append("/test/fuzz/corpus/").append(target);
  if (!std::filesystem::is_directory(dir)) return seeds;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    seeds.push_back({e.path().filename().string(), gridline::testing::ReadFile(e.path().string())});
  }
  return seeds;
}

bool Run(Target target, const std::string& s) {
  return target(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

struct Counts {
  int good_seeds = 0;  // seed*, ok-*: all accepted
  int bad_seeds = 0;   // bad-* and the made-up hostile inputs: all rejected
  int mutations = 0;
  int accepted = 0;  // of the mutations
  int rejected = 0;
};

Counts Replay(Target target, const std::string& corpus, const std::vector<std::string>& hostile,
              int mutations) {
  Counts c;
  const std::vector<Seed> seeds = Seeds(corpus);
  EXPECT_FALSE(seeds.empty()) << "no seeds in test/fuzz/corpus/" << corpus;
  if (seeds.empty()) return c;
  for (const Seed& s : seeds) {
    const bool accepted = Run(target, s.bytes);
    if (StartsWith(s.name, "seed") || StartsWith(s.name, "ok-")) {
      EXPECT_TRUE(accepted) << corpus << "/" << s.name << " is a known-good seed";
      ++c.good_seeds;
    } else if (StartsWith(s.name, "bad-")) {
      EXPECT_FALSE(accepted) << corpus << "/" << s.name << " is hostile";
      ++c.bad_seeds;
    }
  }
  for (size_t i = 0; i < hostile.size(); ++i) {
    EXPECT_FALSE(Run(target, hostile[i])) << corpus << ": hostile input " << i;
    ++c.bad_seeds;
  }
  std::mt19937_64 rng(20261123);
  for (int i = 0; i < mutations; ++i) {
    std::string s = seeds[rng() % seeds.size()].bytes;
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
        const std::string& t = seeds[rng() % seeds.size()].bytes;
        s = s.substr(0, s.empty() ? 0 : rng() % s.size()) +
            t.substr(t.empty() ? 0 : rng() % t.size());
        break;
      }
      default:  // insert random bytes
        s.insert(s.empty() ? 0 : rng() % s.size(),
                 std::string(1 + rng() % 8, static_cast<char>(rng())));
        break;
    }
    ++c.mutations;
    ++(Run(target, s) ? c.accepted : c.rejected);
  }
  return c;
}

void ExpectFullReplay(const Counts& c, int mutations, int min_good, int min_bad) {
  EXPECT_EQ(c.mutations, mutations);
  EXPECT_GE(c.good_seeds, min_good);
  EXPECT_GE(c.bad_seeds, min_bad);
  EXPECT_GT(c.accepted, 0) << "no mutation was accepted: the seeds reach no deep code";
  EXPECT_GT(c.rejected, 0) << "no mutation was rejected";
}

std::string Repeat(std::string_view piece, size_t n) {
  std::string s;
  s.reserve(piece.size() * n);
  for (size_t i = 0; i < n; ++i) s.append(piece);
  return s;
}

TEST(FuzzReplay, CodecDecode) {
  ExpectFullReplay(Replay(FuzzCodecDecode, "codec_decode", {}, 20000), 20000, 20, 0);
}

TEST(FuzzReplay, ValidatedRecords) {
  const std::vector<std::string> hostile = {
      std::string("\x00\x01\x03\x00\x00\x00\x05", 7) + std::string(200, '\xff'),
      std::string("\x02\x01\x01\x06\x03\x01", 6) + std::string(100, '\x80')};
  ExpectFullReplay(Replay(FuzzValidatedRecords, "validated_records", hostile, 20000), 20000, 3, 2);
}

TEST(FuzzReplay, ChunkDecode) {
  ExpectFullReplay(Replay(FuzzChunkDecode, "chunk_decode", {}, 20000), 20000, 10, 0);
}

TEST(FuzzReplay, CsvParse) {
  const std::vector<std::string> hostile = {
      // 2 MB of header columns, and a header column of 2 MB.
      Repeat("c,", 1 << 20) + "\n", "meter_id,timestamp," + std::string(2 << 20, 'k') + "\n"};
  ExpectFullReplay(Replay(FuzzCsvParse, "csv_parse", hostile, 20000), 20000, 3, 4);
}

TEST(FuzzReplay, JsonReadings) {
  const std::vector<std::string> hostile = {
      std::string(160'000, '[') + std::string(160'000, ']'),  // the stack overflow of issue 11
      "{\"readings\":" + std::string(160'000, '{'),
      R"([{"timestamp":"2026-07-01T00:00:00Z","kwh":)" + std::string(100'000, '9') + "}]",
      R"([{"timestamp":")" + std::string(100'000, '2') + R"(","kwh":1}])",
      "[" + Repeat("0,", 5'000'000) + "0]",  // more values than a million readings need
  };
  ExpectFullReplay(Replay(FuzzJsonReadings, "json_readings", hostile, 20000), 20000, 3, 5);
}

TEST(FuzzReplay, LineProtocol) {
  const std::vector<std::string> hostile = {
      "kwh,meter=M value=1,pad=\"" + std::string(1 << 20, 'x') + "\" 1782864000000000000\n",
      "kwh" + Repeat(",t=v", 100'000) + " value=1\n",
      "kwh,meter=M value=\"" + std::string(100'000, '\\'),
      Repeat("kwh,meter=M value=1 99999999999999999999999\n", 10'000),
  };
  ExpectFullReplay(Replay(FuzzLineProtocol, "lineproto", hostile, 20000), 20000, 3, 4);
}

TEST(FuzzReplay, Cmep) {
  const std::string header = "MEPMD01,19970819,S,SC,R,RC,200101010000,M1,OK,E,KWH,1,00000015,";
  const std::vector<std::string> hostile = {
      header + "1,201001010015,,1" + std::string(1 << 20, '9') + "\n",  // a record past 2048
      header + "100000," + Repeat("201001010015,,1,", 100'000) + "\n",  // count past the bound
      Repeat("MEPMD01,\"", 200'000),                                    // unclosed quotes
  };
  ExpectFullReplay(Replay(FuzzCmep, "cmep", hostile, 20000), 20000, 3, 5);
}

TEST(FuzzReplay, Nem12) {
  std::string day = "300,20031204";
  for (int i = 0; i < 48; ++i) day += ",1";
  day += ",V,,,,\n";
  const std::vector<std::string> hostile = {
      // A V day followed by more 400 records than it has intervals, past the hold-back bound.
      "200,N1,E1,1,E1,N1,M,kWh,30,\n" + day + "400,1,48,A,,\n" + Repeat("400,1,1,A,,\n", 200'000),
      "200,N1,E1,1,E1,N1,M,kWh,30,\n300,20031204" + Repeat(",1", 1'000'000) + "\n",
  };
  ExpectFullReplay(Replay(FuzzNem12, "nem12", hostile, 20000), 20000, 2, 5);
}

TEST(FuzzReplay, MqttPacket) {
  const std::vector<std::string> hostile = {
      // A PUBLISH that announces 256 MB, then a length of five bytes, then a reserved type.
      std::string("\x30\xff\xff\xff\x7f", 5) + std::string(100, 'x'),
      std::string("\x30\xff\xff\xff\xff\x01", 6),
      std::string("\xf0\x00", 2),
  };
  ExpectFullReplay(Replay(FuzzMqttPacket, "mqtt_packet", hostile, 20000), 20000, 3, 3);
}

TEST(FuzzReplay, MqttPayload) {
  const std::vector<std::string> hostile = {
      "ami/M1/reads\n" + std::string(160'000, '[') + std::string(160'000, ']'),
      "ami/" + std::string(100'000, 'm') + "/reads\ntimestamp,kwh\n2026-07-01T00:00:00Z,1\n",
      "ami/M1/reads\n" + Repeat("timestamp,", 100'000) + "\n",
  };
  ExpectFullReplay(Replay(FuzzMqttPayload, "mqtt_payload", hostile, 20000), 20000, 3, 3);
}

TEST(FuzzReplay, TopologyCsv) {
  const std::vector<std::string> hostile = {
      "asset_id,kind,parent_id,lat,lon," + Repeat("a,", 500'000) + "b\n",
      "asset_id,kind,parent_id,lat,lon\n" + std::string(1 << 20, 'x') + ",meter,,1,2\n",
  };
  ExpectFullReplay(Replay(FuzzTopologyCsv, "topology_csv", hostile, 20000), 20000, 2, 2);
}

TEST(FuzzReplay, TopologyGeoJson) {
  const std::string feature_start =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":)";
  const std::vector<std::string> hostile = {
      std::string(160'000, '[') + std::string(160'000, ']'),
      feature_start + std::string(160'000, '{'),
      feature_start + "{" + Repeat("\"k\":1,", 100'000) + "\"asset_id\":\"S1\"}}]}",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"asset_id":"F1"},)"
      R"("geometry":{"type":"LineString","coordinates":[)" +
          Repeat("[1,2],", 1'100'000) + "[1,2]]}}]}",
      feature_start + R"({"asset_id":")" + std::string(100'000, 'a') + "\"}}]}",
  };
  ExpectFullReplay(Replay(FuzzTopologyGeoJson, "topology_geojson", hostile, 20000), 20000, 2, 5);
}

TEST(FuzzReplay, QueryParams) {
  const std::vector<std::string> hostile = {
      Repeat("a=1&", 10'000),
      "from=" + std::string(100'000, '2') + "&to=2026-07-02T00:00:00Z",
      "polygon=" + Repeat("1 2,", 20'000),
      "from=2026-07-01T00:00:00&to=2026-07-02T00:00:00&tz=" + std::string(100'000, 'Z'),
  };
  ExpectFullReplay(Replay(FuzzQueryParams, "query_params", hostile, 20000), 20000, 3, 4);
}

TEST(FuzzReplay, GreenButtonXml) {
  const std::vector<std::string> hostile = {
      // Billion laughs, an external entity, nesting past the bound, a 4 MB start tag.
      "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
      "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>",
      "<!DOCTYPE f [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><feed>&x;</feed>",
      Repeat("<a>", 100000), "<feed " + std::string(4 << 20, 'a')};
  ExpectFullReplay(Replay(FuzzGreenButtonXml, "greenbutton_xml", hostile, 20000), 20000, 3, 4);
}

TEST(FuzzReplay, GreenButtonCsv) {
  const std::vector<std::string> hostile = {Repeat("Name,x\n", 100000),
                                            "TYPE,DATE,START TIME," + Repeat("USAGE,", 100000)};
  ExpectFullReplay(Replay(FuzzGreenButtonCsv, "greenbutton_csv", hostile, 20000), 20000, 2, 3);
}

}  // namespace
}  // namespace gridline::fuzz
