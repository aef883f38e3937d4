// body_inflater.h: request bodies sent with `Content-Encoding: gzip` or `deflate`, inflated as a
// stream with the limit on the inflated size. The inflated text grows in 64 KiB pieces and the
// limit is checked after each, so a small body that would inflate to gigabytes (a "gzip bomb")
// costs at most `max_bytes` plus one piece before it is refused.
#ifndef GRIDLINE_SERVER_TRANSPORT_BODY_INFLATER_H_
#define GRIDLINE_SERVER_TRANSPORT_BODY_INFLATER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gridline::server::transport {

enum class ContentEncoding { kIdentity, kGzip, kDeflate };

// The encoding a `Content-Encoding` header names ("" and "identity": kIdentity; case-insensitive).
// Unimplemented for anything else (answered 415) and for a list of several encodings.
absl::StatusOr<ContentEncoding> ParseContentEncoding(std::string_view header);

// Inflates `body`. gzip may hold several members (RFC 1952), deflate is the zlib format of
// RFC 9110 (raw deflate accepted too, as browsers do). ResourceExhausted as soon as the output
// passes `max_bytes` (answered 413 payload_too_large); InvalidArgument for a corrupt or truncated
// stream, or bytes after its end.
absl::StatusOr<std::string> InflateBody(std::string_view body, ContentEncoding encoding,
                                        size_t max_bytes);

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_BODY_INFLATER_H_
