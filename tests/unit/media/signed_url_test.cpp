// Signed download URLs: good, tampered, expired, wrong resource.
#include "media/signed_url.h"

#include <gtest/gtest.h>

#include "media/digest.h"
#include "media_test_util.h"

namespace cmr::media {
namespace {

using testing::at;

struct parsed {
  std::string id;
  std::string exp;
  std::string sig;
};

parsed split(const std::string& url, const std::string& base) {
  parsed p;
  const auto q = url.find('?');
  p.id = *percent_decode(url.substr(base.size() + 1, q - base.size() - 1));
  const auto amp = url.find('&', q);
  p.exp = url.substr(q + 5, amp - q - 5);
  p.sig = url.substr(amp + 5);
  return p;
}

TEST(SignedUrl, Format) {
  url_signer s("secret");
  const auto url = s.make_url("http://h:8080/cmr/1/content/", "tone 1", at(1700000000));
  const std::string prefix = "http://h:8080/cmr/1/content/tone%201?exp=1700000000&sig=";
  ASSERT_EQ(url.substr(0, prefix.size()), prefix);
  EXPECT_EQ(url.size(), prefix.size() + 64);
  // The HMAC primitive against RFC 4231 test case 2, then the URL's use of it.
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(url.substr(prefix.size()), s.signature("tone 1", "1700000000"));
}

TEST(SignedUrl, VerifyOutcomes) {
  url_signer s("secret");
  const std::string base = "http://h/cmr/1/content";
  const auto p = split(s.make_url(base, "r1", at(1000)), base);
  EXPECT_EQ(p.id, "r1");
  EXPECT_EQ(s.verify("r1", p.exp, p.sig, at(999)), url_check::ok);
  EXPECT_EQ(s.verify("r1", p.exp, p.sig, at(1000)), url_check::expired);
  EXPECT_EQ(s.verify("r2", p.exp, p.sig, at(999)), url_check::bad_signature);   // other resource
  EXPECT_EQ(s.verify("r1", "2000", p.sig, at(999)), url_check::bad_signature);  // extended expiry
  std::string tampered = p.sig;
  tampered[10] = tampered[10] == 'a' ? 'b' : 'a';
  EXPECT_EQ(s.verify("r1", p.exp, tampered, at(999)), url_check::bad_signature);
  EXPECT_EQ(s.verify("r1", p.exp, p.sig.substr(2), at(999)), url_check::bad_signature);
  EXPECT_EQ(s.verify("r1", p.exp, "", at(999)), url_check::bad_signature);
  EXPECT_EQ(s.verify("r1", "", p.sig, at(999)), url_check::bad_signature);
  EXPECT_EQ(s.verify("r1", "01000", p.sig, at(999)), url_check::bad_signature);  // re-formatted
  EXPECT_EQ(url_signer("other").verify("r1", p.exp, p.sig, at(999)), url_check::bad_signature);
  // Expired URLs with a wrong signature are "bad", never "expired".
  EXPECT_EQ(s.verify("r1", p.exp, tampered, at(5000)), url_check::bad_signature);
}

TEST(SignedUrl, EmptySecretIsRandomNotEmpty) {
  url_signer a("");
  url_signer b("");
  EXPECT_NE(a.signature("r", "1"), b.signature("r", "1"));
  EXPECT_NE(a.signature("r", "1"), to_hex(hmac_sha256("", "r\n1")));
}

TEST(SignedUrl, PercentCoding) {
  EXPECT_EQ(percent_encode("a b/c%d~e"), "a%20b%2Fc%25d~e");
  EXPECT_EQ(percent_decode("a%20b%2fc"), "a b/c");
  EXPECT_FALSE(percent_decode("a%2").has_value());
  EXPECT_FALSE(percent_decode("a%zz").has_value());
}

}  // namespace
}  // namespace cmr::media
