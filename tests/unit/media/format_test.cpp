// Format strings (MIME type + RFC 4281 codecs) and Range headers.
#include <gtest/gtest.h>

#include "media/byte_range.h"
#include "media/content_files.h"
#include "media/content_format.h"

namespace cmr::media {
namespace {

TEST(ContentFormat, AliasesAndParameters) {
  auto f = parse_format("Audio/X-WAV");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->family, format_family::wav);
  EXPECT_EQ(f->content_type(), "audio/x-wav");
  f = parse_format("audio/ogg ; codecs=opus ; rate=48000");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->codecs, "opus");
  EXPECT_EQ(f->content_type(), "audio/ogg; codecs=opus");
  f = parse_format("video/3gpp; codecs=\"s263, samr\"");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->codecs, "s263, samr");
  EXPECT_EQ(f->content_type(), "video/3gpp; codecs=\"s263, samr\"");
  EXPECT_EQ(f->media_type(), store::media_type::video);
  EXPECT_EQ(parse_format("text/x-vcard")->family, format_family::vcard);
  EXPECT_EQ(parse_format("image/jpeg")->extension(), "jpg");
}

TEST(ContentFormat, Refused) {
  for (const char* s : {"", "audio", "audio/mpeg", "application/octet-stream",
                        "video/mp4; codecs=\"avc1,,x\"", "video/mp4; codecs=\"open",
                        "video/mp4; codecs", "text/plain; charset=latin1", "image/png garbage"})
    EXPECT_FALSE(parse_format(s).has_value()) << s;
}

TEST(ByteRange, Forms) {
  using k = byte_range_request::kind;
  auto r = parse_byte_range("bytes=0-9", 100);
  EXPECT_EQ(r.what, k::single);
  EXPECT_EQ(r.length(), 10U);
  r = parse_byte_range("bytes=-10", 100);
  EXPECT_EQ(r.first, 90U);
  r = parse_byte_range("bytes=90-", 100);
  EXPECT_EQ(r.last, 99U);
  EXPECT_EQ(parse_byte_range("bytes=0-0", 0).what, k::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=-5", 0).what, k::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=1-2, 4-5", 100).what, k::multiple);
  EXPECT_EQ(parse_byte_range("bytes=", 100).what, k::none);
  EXPECT_EQ(parse_byte_range("bytes=-", 100).what, k::none);
  EXPECT_EQ(parse_byte_range("bytes=18446744073709551616-", 100).what, k::none);  // overflow
}

TEST(ContentFiles, ResourceIdValidation) {
  for (const char* ok : {"r1", "tone.wav", "a b", "Ünïcode", "x-y_z~1"})
    EXPECT_TRUE(content_files::valid_resource_id(ok)) << ok;
  for (const char* bad : {"", ".", "..", "a/b", "../a", "a..b", "a\\b", "a\tb", "a\x7f"})
    EXPECT_FALSE(content_files::valid_resource_id(bad)) << bad;
  EXPECT_FALSE(content_files::valid_resource_id(std::string(201, 'a')));
}

}  // namespace
}  // namespace cmr::media
