// Tests of base64url (RFC 4648 section 5, unpadded): the RFC's test vectors and round trips.
#include "common/base64url.h"

#include <random>

#include "gtest/gtest.h"

namespace gridline {
namespace {

TEST(Base64Url, Rfc4648Vectors) {
  // RFC 4648 section 10, without the padding.
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  // The URL-safe characters in place of + and /.
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff", 2)), "-_8");
}

TEST(Base64Url, RoundTripsAnyBytesAndRefusesOtherCharacters) {
  std::mt19937 rng(7);
  for (int n = 0; n < 64; ++n) {
    std::string bytes(static_cast<size_t>(n), '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::optional<std::string> back = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_FALSE(Base64UrlDecode("Zm9v+").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zm9v=").has_value());
}

// HTTP Basic auth sends standard base64 with padding (RFC 7617's example, RFC 4648 vectors).
TEST(Base64, StandardAlphabetWithPadding) {
  EXPECT_EQ(Base64Decode("QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), "Aladdin:open sesame");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode("Zm9vYg"), "foob");
  EXPECT_EQ(Base64Decode("+/+/"), std::string("\xfb\xff\xbf", 3));
  EXPECT_EQ(Base64Decode("Zm9vYg="), std::nullopt);  // padding that does not complete a quantum
  EXPECT_EQ(Base64Decode("-_"), std::nullopt);       // base64url characters are not standard
}

}  // namespace
}  // namespace gridline
