// Format strings (MIME type + RFC 4281 codecs) and Range headers.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "media/byte_range.h"
#include "media/content_files.h"
#include "media/content_format.h"
#include "store/model.h"

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

TEST(ContentFiles, DirectoryNames) {
  // Plain ids name their directory as they are (as before: existing content
  // directories keep their names).
  for (const char* ok : {"r1", "tone.wav", "a b", "Ünïcode", "x-y_z~1", "a?b"}) {
    EXPECT_TRUE(content_files::plain_directory_name(ok)) << ok;
    EXPECT_EQ(content_files::directory_name(ok), ok);
  }
  // Any other id gets a name of its hash: never a path, never "." or "..".
  std::set<std::string> names;
  const std::vector<std::string> odd_ids = {".",
                                            "..",
                                            "a/b",
                                            "../a",
                                            "a..b",
                                            "a\\b",
                                            "a\tb",
                                            "a\x7f",
                                            std::string(201, 'a'),
                                            "my song/\xc3\xa4?x"};
  for (const std::string& odd : odd_ids) {
    EXPECT_FALSE(content_files::plain_directory_name(odd)) << odd;
    const std::string name = content_files::directory_name(odd);
    EXPECT_EQ(name.rfind("..id-", 0), 0u) << name;
    EXPECT_EQ(name.size(), 5u + 64u);
    EXPECT_EQ(name.find('/'), std::string::npos);
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 10u);  // distinct ids, distinct directories
  EXPECT_FALSE(content_files::plain_directory_name(""));
}

}  // namespace
}  // namespace cmr::media
