// base64url.h: the URL-safe base64 alphabet of RFC 4648 section 5, without padding, for text
// that travels in URLs and headers: API tokens and page cursors.
#ifndef GRIDLINE_COMMON_BASE64URL_H_
#define GRIDLINE_COMMON_BASE64URL_H_

#include <optional>
#include <string>
#include <string_view>

namespace gridline {

// The bytes of `data` as base64url, unpadded.
std::string Base64UrlEncode(std::string_view data);

// The bytes `text` encodes; nullopt when it holds a character outside the alphabet.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// The bytes `text` encodes in standard base64 (RFC 4648 section 4: `+` and `/`, padding `=`
// optional), as HTTP Basic auth sends them; nullopt for a character outside that alphabet.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_BASE64URL_H_
