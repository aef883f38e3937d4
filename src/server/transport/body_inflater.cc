// body_inflater.cc: streaming inflation of request bodies with zlib (body_inflater.h).
#include "server/transport/body_inflater.h"

#include <zlib.h>

#include <limits>

#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::server::transport {

namespace {

constexpr size_t kPieceBytes = 64 * 1024;

// zlib's window bits: 16 + 15 reads a gzip member, 15 a zlib stream, -15 raw deflate.
constexpr int kGzipBits = 16 + MAX_WBITS;
constexpr int kZlibBits = MAX_WBITS;
constexpr int kRawBits = -MAX_WBITS;

const char* EncodingName(ContentEncoding e) {
  return e == ContentEncoding::kGzip ? "gzip" : "deflate";
}

// Inflates with `window_bits` into *out. data_error is set when zlib saw a bad header or data.
absl::Status Inflate(std::string_view body, int window_bits, ContentEncoding encoding,
                     size_t max_bytes, std::string* out, bool* data_error) {
  z_stream z = {};
  if (inflateInit2(&z, window_bits) != Z_OK) return absl::InternalError("inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  absl::Status status;
  while (true) {
    const size_t have = out->size();
    out->resize(have + kPieceBytes);
    z.next_out = reinterpret_cast<Bytef*>(out->data() + have);
    z.avail_out = static_cast<uInt>(kPieceBytes);
    const int rc = inflate(&z, Z_NO_FLUSH);
    out->resize(have + kPieceBytes - z.avail_out);
    if (out->size() > max_bytes) {
      status = absl::ResourceExhaustedError(fmt::format(
          "the {} request body inflates to more than the limit of {} bytes (serve --max-body)",
          EncodingName(encoding), max_bytes));
      break;
    }
    if (rc == Z_STREAM_END) {
      // gzip allows several members one after another; anything else after the end is an error.
      if (z.avail_in == 0) break;
      if (encoding == ContentEncoding::kGzip && inflateReset(&z) == Z_OK) continue;
      status = absl::InvalidArgumentError(fmt::format(
          "body: {} bytes after the end of the {} stream", z.avail_in, EncodingName(encoding)));
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      status = absl::InvalidArgumentError(
          fmt::format("body: the {} stream is truncated", EncodingName(encoding)));
      break;
    }
    *data_error = true;
    status = absl::InvalidArgumentError(fmt::format(
        "body: not a valid {} stream ({})", EncodingName(encoding), z.msg ? z.msg : "corrupt"));
    break;
  }
  inflateEnd(&z);
  return status;
}

}  // namespace

absl::StatusOr<ContentEncoding> ParseContentEncoding(std::string_view header) {
  const std::string_view h = StripSpaces(header);
  if (h.empty() || EqualsIgnoreCase(h, "identity")) return ContentEncoding::kIdentity;
  if (EqualsIgnoreCase(h, "gzip") || EqualsIgnoreCase(h, "x-gzip")) return ContentEncoding::kGzip;
  if (EqualsIgnoreCase(h, "deflate")) return ContentEncoding::kDeflate;
  return absl::UnimplementedError(
      fmt::format("Content-Encoding '{}' is not supported (send gzip, deflate or identity)", h));
}

absl::StatusOr<std::string> InflateBody(std::string_view body, ContentEncoding encoding,
                                        size_t max_bytes) {
  std::string out;
  if (encoding == ContentEncoding::kIdentity) {
    out.assign(body);
    return out;
  }
  if (body.size() > std::numeric_limits<uInt>::max()) {
    return absl::InvalidArgumentError("body: too large to inflate in one piece");
  }
  bool data_error = false;
  const int bits = encoding == ContentEncoding::kGzip ? kGzipBits : kZlibBits;
  absl::Status s = Inflate(body, bits, encoding, max_bytes, &out, &data_error);
  if (!s.ok() && data_error && encoding == ContentEncoding::kDeflate && out.empty()) {
    // Some clients send raw deflate under the name `deflate`.
    data_error = false;
    s = Inflate(body, kRawBits, encoding, max_bytes, &out, &data_error);
  }
  if (!s.ok()) return s;
  return out;
}

}  // namespace gridline::server::transport
