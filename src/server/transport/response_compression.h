// response_compression.h: answers compressed with gzip (RFC 9110 section 8.4.1.3, RFC 1952) for
// clients that accept it, as cpp-httplib's own server did before the event-driven front.
//
// Which answers: those of a text type (text/*, JSON and GeoJSON, any +json or +xml type)
// that are streamed or longer than kMinCompressBytes, with a status that has a body, and that
// carry no Content-Encoding yet (an answer is never compressed twice). Each of them gets
// `Vary: Accept-Encoding`, compressed or not, so that a cache keeps the two forms apart.
// Whole bodies are compressed into one buffer (the answer's Content-Length is then the
// compressed size); streamed bodies piece by piece, each piece sent as a chunk of its own, so a
// streamed answer costs zlib's state (about 256 KiB) and one piece, whatever its length.
#ifndef GRIDLINE_SERVER_TRANSPORT_RESPONSE_COMPRESSION_H_
#define GRIDLINE_SERVER_TRANSPORT_RESPONSE_COMPRESSION_H_

#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace httplib {
struct Response;
}

namespace gridline::server::transport {

// Smaller whole answers go as they are: gzip's 18 bytes of framing and a round trip through
// zlib save nothing worth having there.
inline constexpr size_t kMinCompressBytes = 1024;

// zlib's level for answers: 1 shrinks a readings CSV answer 5.2 times (JSON 9.6) at some
// 115 MB/s of one core; 6, zlib's default, 6.2 times (JSON 11.0) for twice the CPU
// (bench/results/2026-12-02-gzip-responses.txt). On a server CPU is the scarcer.
inline constexpr int kGzipLevel = 1;

// Whether `accept_encoding` (the Accept-Encoding header's value, "" when absent) accepts gzip
// (RFC 9110 section 12.5.3): `gzip` or its alias `x-gzip` listed with a weight above 0, or, when
// neither is listed, `*` with a weight above 0. Case-insensitive; a weight that is not a qvalue
// (`q=2`, `q=abc`) makes its element unacceptable. An empty header asks for no coding.
bool AcceptsGzip(std::string_view accept_encoding);

// Whether `response` (as the dispatcher filled it) is an answer to compress: see above.
bool Compressible(const httplib::Response& response);

// One gzip stream, fed piece by piece.
class GzipEncoder {
 public:
  explicit GzipEncoder(int level = kGzipLevel);
  ~GzipEncoder();
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  // False when zlib could not set up (out of memory): send the answer uncompressed.
  bool ok() const { return ok_; }

  // Compresses `in`, appending to *out what zlib has ready (maybe nothing yet).
  // REQUIRES: ok(), Finish not called.
  void Add(std::string_view in, std::string* out);
  // Ends the stream, appending the rest and the gzip trailer to *out.
  void Finish(std::string* out);

 private:
  void Deflate(std::string_view in, int flush, std::string* out);

  z_stream z_ = {};
  bool ok_ = false;
};

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_RESPONSE_COMPRESSION_H_
