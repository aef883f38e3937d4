// fuzz_targets.h: the fuzz targets, one per decoder and parser that reads untrusted bytes. Each
// is a plain function so that ctest can replay a corpus through it (fuzz_replay_test.cc); built
// with -DGL_FUZZER_<name> under clang it becomes a libFuzzer binary (`make fuzz`).
//
// A target returns whether the input was accepted whole (decoded, or parsed without an error);
// it aborts when the code under test breaks a promise (a result that disagrees with a reference,
// an error without a reason, a bound not kept), which libFuzzer reports as a crash. The replay
// test checks the return value against the seed's name: `seed*` and `ok-*` seeds must be
// accepted, `bad-*` seeds (hostile inputs) rejected; others (`mixed-*`: good and bad rows in one
// file, `regress-*`: inputs that once crashed) only have to run.
#ifndef GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_
#define GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>

namespace gridline::fuzz {

// Value codecs: DecodeValues and SumValues on arbitrary bytes must fail cleanly or agree.
bool FuzzCodecDecode(const uint8_t* data, size_t size);
// Chunks: DecodeChunk / SumChunk / DecodeChunkOffsets agree, and a decoded chunk round-trips.
bool FuzzChunkDecode(const uint8_t* data, size_t size);
// CSV: a header line, then rows; parsing never crashes and every row is a reading or an error.
bool FuzzCsvParse(const uint8_t* data, size_t size);
// JSON readings bodies (POST /api/v1/meters/{id}/readings): bounded parsing that agrees with
// RapidJSON's own parser on what is JSON, and CSV text the readings parser takes line for line.
bool FuzzJsonReadings(const uint8_t* data, size_t size);
// Topology CSV files: every problem an error with a place and a reason, no row lost.
bool FuzzTopologyCsv(const uint8_t* data, size_t size);
// Topology GeoJSON files: bounded parsing, errors with a place and a reason.
bool FuzzTopologyGeoJson(const uint8_t* data, size_t size);
// Query strings (the text after `?`): cpp-httplib's parsing, then the parameter checks, time,
// zone, page, cursor and geo parsing of the routes, as the server runs them; every error a 400
// whose message stays short.
bool FuzzQueryParams(const uint8_t* data, size_t size);
// InfluxDB line protocol bodies (POST /write): one reading or one row error per line, and each
// reading written back canonically parses to itself.
bool FuzzLineProtocol(const uint8_t* data, size_t size);
// MQTT 3.1.1 packets from the broker (serve --mqtt): bounded decoding, PUBLISH round trips.
bool FuzzMqttPacket(const uint8_t* data, size_t size);
// MQTT feed messages, "TOPIC\nPAYLOAD": the meter level and the payload as readings.
bool FuzzMqttPayload(const uint8_t* data, size_t size);

// CMEP records: the same readings and errors in one block or two, bounded hold-back, every error a
// reason and a line.
bool FuzzCmep(const uint8_t* data, size_t size);
// NEM12 files: as FuzzCmep, with 300 days whose 400 records run into the next block.
bool FuzzNem12(const uint8_t* data, size_t size);
// Green Button XML (ESPI feeds), streamed in pieces: DTDs and entities refused, bounds kept,
// every reading with a meter and a line.
bool FuzzGreenButtonXml(const uint8_t* data, size_t size);
// Green Button CSV (prologue, header by name, rows): every row a reading or an error.
bool FuzzGreenButtonCsv(const uint8_t* data, size_t size);

// The validated layer's records (origins, validated versions, VEE exceptions): bounded decoding,
// and every accepted record round-trips.
bool FuzzValidatedRecords(const uint8_t* data, size_t size);

}  // namespace gridline::fuzz

#endif  // GRIDLINE_TEST_FUZZ_FUZZ_TARGETS_H_
