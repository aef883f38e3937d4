// response_compression.cc: Accept-Encoding, which answers to compress, and the gzip stream
// (response_compression.h).
#include "server/transport/response_compression.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "common/strings.h"
#include "httplib.h"

namespace gridline::server::transport {

namespace {

// zlib's window bits for a gzip wrapper (16 + 15); memLevel 8, zlib's default.
constexpr int kGzipWindowBits = 16 + MAX_WBITS;
constexpr int kMemLevel = 8;
constexpr size_t kOutPiece = 16 * 1024;

// A qvalue (RFC 9110 section 12.4.2): "0" ["." 0*3DIGIT] or "1" ["." 0*3"0"], in thousandths;
// nullopt when `s` is not one.
std::optional<int> ParseQValue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  const bool one = s[0] == '1';
  int value = one ? 1000 : 0;
  if (s.size() == 1) return value;
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9' || (one && c != '0')) return std::nullopt;
    value += (c - '0') * scale;
    scale /= 10;
  }
  return value;
}

// The weight of one element of Accept-Encoding ("gzip;q=0.5" -> 500), after its coding's name;
// 1000 when none is given, 0 when it is malformed.
int WeightOf(std::string_view params) {
  int weight = 1000;
  while (!params.empty()) {
    const size_t semi = params.find(';');
    const std::string_view p = StripSpaces(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.empty()) continue;
    const size_t eq = p.find('=');
    if (eq == std::string_view::npos) return 0;
    if (!EqualsIgnoreCase(StripSpaces(p.substr(0, eq)), "q")) continue;  // not a weight
    const std::optional<int> q = ParseQValue(StripSpaces(p.substr(eq + 1)));
    if (!q) return 0;
    weight = *q;
  }
  return weight;
}

// The media type of a Content-Type value, without parameters.
std::string_view MediaType(std::string_view content_type) {
  return StripSpaces(content_type.substr(0, content_type.find(';')));
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool TextType(std::string_view type) {
  return StartsWithIgnoreCase(type, "text/") || EqualsIgnoreCase(type, "application/json") ||
         EqualsIgnoreCase(type, "application/xml") ||
         EqualsIgnoreCase(type, "application/javascript") || EndsWithIgnoreCase(type, "+json") ||
         EndsWithIgnoreCase(type, "+xml");
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<int> gzip, any;
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const size_t semi = element.find(';');
    const std::string_view coding = StripSpaces(element.substr(0, semi));
    const std::string_view params =
        semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = std::max(gzip.value_or(0), WeightOf(params));
    } else if (coding == "*") {
      any = std::max(any.value_or(0), WeightOf(params));
    }
  }
  if (gzip) return *gzip > 0;
  return any.value_or(0) > 0;
}

bool Compressible(const httplib::Response& response) {
  if (response.status < 200 || response.status == 204 || response.status == 304) return false;
  if (response.has_header("Content-Encoding")) return false;
  if (!TextType(MediaType(response.get_header_value("Content-Type")))) return false;
  return static_cast<bool>(response.content_provider_) || response.body.size() > kMinCompressBytes;
}

GzipEncoder::GzipEncoder(int level) {
  ok_ =
      deflateInit2(&z_, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipEncoder::~GzipEncoder() {
  if (ok_) deflateEnd(&z_);
}

void GzipEncoder::Deflate(std::string_view in, int flush, std::string* out) {
  // zlib counts input in uInt: feed larger inputs in pieces.
  constexpr size_t kMaxIn = std::numeric_limits<uInt>::max();
  do {
    const size_t n = std::min(in.size(), kMaxIn);
    const int f = n == in.size() ? flush : Z_NO_FLUSH;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(n);
    int rc = Z_OK;
    do {
      const size_t have = out->size();
      out->resize(have + kOutPiece);
      z_.next_out = reinterpret_cast<Bytef*>(out->data() + have);
      z_.avail_out = static_cast<uInt>(kOutPiece);
      rc = deflate(&z_, f);
      out->resize(have + kOutPiece - z_.avail_out);
      // Z_BUF_ERROR only says no progress was possible: there is nothing more to do now.
    } while (rc == Z_OK && (z_.avail_out == 0 || (f == Z_FINISH)));
    in.remove_prefix(n);
  } while (!in.empty());
}

void GzipEncoder::Add(std::string_view in, std::string* out) {
  if (!in.empty()) Deflate(in, Z_NO_FLUSH, out);
}

void GzipEncoder::Finish(std::string* out) { Deflate(std::string_view(), Z_FINISH, out); }

}  // namespace gridline::server::transport
