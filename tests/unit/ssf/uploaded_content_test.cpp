// Expected content from the files a lab uploaded (tools/cmr-ssf/
// uploaded_content.h): the tool's rendition of a file is byte for byte what
// the server stores for the same upload (media::content_service, its real
// pipeline, on a scratch store), announcements pick their file, and a bad or
// missing file is a start-up error that names the file and the reason.
#include "tools/cmr-ssf/uploaded_content.h"

#include <gtest/gtest.h>

#include <fstream>

#include "media/content_service.h"
#include "tests/unit/media/media_test_util.h"

namespace cmr::tools::ssf {
namespace {

using media::testing::bytes;
using media::testing::make_audio;

class uploaded_content_test : public ::testing::Test {
protected:
  std::string write(const std::string& name, const bytes& b) {
    const auto path = dir_.file(name);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return path;
  }

  // What the server plays after this upload: the "alaw" and "ulaw" files of
  // the resource's content records.
  std::pair<bytes, bytes> server_renditions(const std::string& format, const bytes& body) {
    auto st = media::testing::open_store(dir_.file("cmr.db"));
    if (!st) return {};
    const std::string id = "r" + std::to_string(++resources_);
    EXPECT_TRUE(st->resources().create(
        media::testing::make_resource(id, store::media_type::audio, format)));
    media::content_config cfg;
    cfg.root = dir_.file("content");
    media::content_service svc(*st, cfg);
    auto info = svc.put_content(id, format, body);
    EXPECT_TRUE(info.has_value()) << (info ? "" : info.error().message);
    auto alaw = st->contents().get(id, "alaw");
    auto ulaw = st->contents().get(id, "ulaw");
    if (!alaw || !ulaw) return {};
    return {media::testing::read_file(alaw->path), media::testing::read_file(ulaw->path)};
  }

  media::testing::temp_dir dir_;
  int resources_ = 0;
};

struct upload_case {
  const char* file;
  const char* format;
  int sf_format;
  int rate;
  int channels;
  double seconds;
};

TEST_F(uploaded_content_test, RenditionEqualsWhatTheServerStores) {
  for (const auto& c : {
           upload_case{"tone.wav", "audio/wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.4},
           upload_case{"stereo.wav", "audio/wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 0.33},
           upload_case{"float.wave", "audio/wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 22050, 1, 0.25},
           upload_case{"alaw.wav", "audio/wav", SF_FORMAT_WAV | SF_FORMAT_ALAW, 8000, 1, 0.2},
           upload_case{"voice.flac", "audio/flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2,
                       0.3},
           upload_case{"voice.ogg", "audio/ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 16000, 1, 0.5},
       }) {
    SCOPED_TRACE(c.file);
    const bytes body = make_audio(c.sf_format, c.rate, c.channels, c.seconds, 440.0, 0.7);
    ASSERT_FALSE(body.empty());
    const auto path = write(c.file, body);
    const auto [server_alaw, server_ulaw] = server_renditions(c.format, body);
    ASSERT_FALSE(server_alaw.empty());

    auto u = uploaded_content::open({{1001, path}}, std::nullopt);
    ASSERT_TRUE(u.has_value()) << u.error();
    const auto alaw = (*u)->expected(1001, media::g711_law::alaw);
    const auto ulaw = (*u)->expected(1001, media::g711_law::ulaw);
    ASSERT_TRUE(alaw && ulaw);
    EXPECT_EQ(*alaw, server_alaw);
    EXPECT_EQ(*ulaw, server_ulaw);
    EXPECT_EQ(alaw->size() % media::playout_frame_bytes, 0U);
  }
}

TEST_F(uploaded_content_test, AnnouncementFileThenDefaultThenNothing) {
  const auto a = write("a.wav", make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.2, 440.0));
  const auto b = write("b.wav", make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.4, 880.0));
  const auto ra = render_upload(a);
  const auto rb = render_upload(b);
  ASSERT_TRUE(ra && rb);

  // 1002 names its own file; the default covers the rest; an ETC bearer (no
  // announcement) stands for --expect-announcement 1002.
  auto u = uploaded_content::open({{1002, a}, {std::nullopt, b}}, 1002);
  ASSERT_TRUE(u.has_value()) << u.error();
  EXPECT_EQ(*(*u)->expected(1002, media::g711_law::ulaw), ra->ulaw);
  EXPECT_EQ(*(*u)->expected(1001, media::g711_law::ulaw), rb->ulaw);
  EXPECT_EQ(*(*u)->expected(std::nullopt, media::g711_law::alaw), ra->alaw);
  EXPECT_EQ((*u)->laws().size(), 2U);

  auto only = uploaded_content::open({{1002, a}}, std::nullopt);
  ASSERT_TRUE(only.has_value());
  EXPECT_EQ((*only)->expected(1001, media::g711_law::alaw), nullptr) << "headers only";
  EXPECT_EQ((*only)->expected(std::nullopt, media::g711_law::alaw), nullptr);
}

TEST_F(uploaded_content_test, BadOrMissingFilesAreNamedWithTheReason) {
  const auto expect_error = [](const std::string& path, const std::string& why) {
    auto u = uploaded_content::open({{std::nullopt, path}}, std::nullopt);
    ASSERT_FALSE(u.has_value()) << path;
    EXPECT_NE(u.error().find(path), std::string::npos) << u.error();
    EXPECT_NE(u.error().find(why), std::string::npos) << u.error();
  };
  expect_error(dir_.file("missing.wav"), "no such file");
  expect_error(dir_.path(), "not a regular file");
  expect_error(write("noise.wav", media::testing::to_bytes("RIFF....not a wave file")),
               "the server would refuse it as audio/wav");
  expect_error(write("empty.wav", {}), "the server would refuse it");
  // WAV bytes named .flac: the upload would declare audio/flac.
  expect_error(write("liar.flac", make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.1)),
               "audio/flac");
  expect_error(write("song.mp3", media::testing::to_bytes("ID3")), "not an audio upload");
}

TEST(content_spec, FileOrAnnouncementEqualsFile) {
  EXPECT_EQ(parse_content_spec("tone.wav"), (content_spec{std::nullopt, "tone.wav"}));
  EXPECT_EQ(parse_content_spec("1002=/lab/tone.wav"), (content_spec{1002, "/lab/tone.wav"}));
  EXPECT_EQ(parse_content_spec("4294967295=x.wav"), (content_spec{4294967295U, "x.wav"}));
  EXPECT_EQ(parse_content_spec("a=b.wav"), (content_spec{std::nullopt, "a=b.wav"}));
  EXPECT_FALSE(parse_content_spec(""));
  EXPECT_FALSE(parse_content_spec("1002="));
  EXPECT_FALSE(parse_content_spec("4294967296=x.wav"));
  EXPECT_EQ(upload_format("/x/Tone.WAV"), std::optional<std::string>("audio/wav"));
  EXPECT_EQ(upload_format("x.opus"), std::optional<std::string>("audio/ogg"));
  EXPECT_FALSE(upload_format("x.alaw"));
}

}  // namespace
}  // namespace cmr::tools::ssf
