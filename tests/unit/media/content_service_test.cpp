// Content upload: every accepted Format, every kind of mismatch, limits, and
// that a failed upload (including one interrupted before the store commit)
// leaves the previous content exactly as it was.
#include "media/content_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "media/playout_encoder.h"
#include "media_test_util.h"

namespace cmr::media {
namespace {

using namespace testing;
using code = content_error::code;

class ContentServiceTest : public ::testing::Test {
protected:
  void SetUp() override {
    store_ = open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(store_);
    for (const auto& r : {make_resource("a1", store::media_type::audio, "audio/wav"),
                          make_resource("v1", store::media_type::video, "video/mp4"),
                          make_resource("i1", store::media_type::image, "image/png"),
                          make_resource("t1", store::media_type::text, "text/plain"),
                          make_resource("c1", store::media_type::vcard, "text/vcard")})
      ASSERT_TRUE(store_->resources().create(r));
    config_.root = dir_.file("content");
    service_ = std::make_unique<content_service>(*store_, config_);
  }

  cmr::result<content_info, content_error> put(const std::string& id, const std::string& format,
                                               const bytes& body) {
    return service_->put_content(id, format, body);
  }

  std::vector<store::resource_content> records(const std::string& id) {
    auto l = store_->contents().list(id);
    EXPECT_TRUE(l.has_value());
    return l ? *l : std::vector<store::resource_content>{};
  }

  // Everything observable about a resource's content: records and file bytes.
  struct snapshot {
    std::vector<store::resource_content> recs;
    std::vector<bytes> files;
    std::vector<std::string> listing;
  };
  snapshot take(const std::string& id) {
    snapshot s;
    s.recs = records(id);
    for (const auto& r : s.recs) s.files.push_back(read_file(r.path));
    s.listing = list_dir(config_.root + "/" + id);
    return s;
  }
  void expect_unchanged(const std::string& id, const snapshot& before) {
    const auto after = take(id);
    ASSERT_EQ(after.recs.size(), before.recs.size());
    for (std::size_t i = 0; i < before.recs.size(); ++i) {
      EXPECT_EQ(after.recs[i].path, before.recs[i].path);
      EXPECT_EQ(after.recs[i].sha256, before.recs[i].sha256);
      EXPECT_EQ(after.files[i], before.files[i]);
    }
    EXPECT_EQ(after.listing, before.listing);
  }

  temp_dir dir_;
  content_config config_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<content_service> service_;
};

struct audio_case {
  const char* format;
  int sf_format;
  int rate;
  int channels;
};

TEST_F(ContentServiceTest, EveryAudioFormatGetsRenditions) {
  const audio_case cases[] = {
      {"audio/wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2},
      {"audio/x-wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 16000, 1},
      {"audio/wave; codecs=6", SF_FORMAT_WAV | SF_FORMAT_ALAW, 8000, 1},
      {"audio/wav; codecs=7", SF_FORMAT_WAV | SF_FORMAT_ULAW, 8000, 1},
      {"audio/wav; codecs=3", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 22050, 1},
      {"audio/wav; codecs=1", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 11025, 1},
      {"audio/flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 2},
      {"audio/ogg; codecs=vorbis", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 44100, 2},
      {"audio/ogg; codecs=opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.format);
    const auto body = make_audio(c.sf_format, c.rate, c.channels, 0.5);
    ASSERT_FALSE(body.empty());
    auto info = put("a1", c.format, body);
    ASSERT_TRUE(info.has_value()) << info.error().message;
    EXPECT_EQ(info->size, static_cast<std::int64_t>(body.size()));
    // 0.5 s = 25 frames (Opus and resampling may add a little padding/priming).
    EXPECT_GE(info->playout_frames, 25U);
    EXPECT_LE(info->playout_frames, 27U);
    const auto recs = records("a1");
    ASSERT_EQ(recs.size(), 3U);  // by kind: alaw, original, ulaw
    EXPECT_EQ(recs[0].kind, "alaw");
    EXPECT_EQ(recs[0].content_type, "audio/PCMA");
    EXPECT_EQ(recs[2].content_type, "audio/PCMU");
    EXPECT_EQ(recs[1].kind, "original");
    EXPECT_EQ(read_file(recs[1].path), body);
    for (const auto& r : recs) {
      EXPECT_EQ(read_file(r.path).size(), static_cast<std::size_t>(r.size));
      if (r.kind != "original") {
        EXPECT_EQ(r.size % 160, 0);
      }
    }
    // Only the current files remain in the directory.
    EXPECT_EQ(list_dir(config_.root + "/a1").size(), 3U);
  }
}

TEST_F(ContentServiceTest, EveryOtherFormatStoredAsIs) {
  struct other_case {
    std::string id;
    std::string format;
    bytes body;
    std::string content_type;
  };
  const other_case cases[] = {
      {"v1", "video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\"", mp4_stub(),
       "video/mp4; codecs=\"avc1.42E01E, mp4a.40.2\""},
      {"v1", "video/3gpp; codecs=s263", three_gpp_stub(), "video/3gpp; codecs=s263"},
      {"i1", "image/png", png_1x1(), "image/png"},
      {"i1", "image/jpeg", jpeg_stub(), "image/jpeg"},
      {"i1", "image/gif", gif_1x1(), "image/gif"},
      {"t1", "text/plain; charset=UTF-8", to_bytes("Gr\xC3\xBC\xC3\x9F Gott \xE2\x98\x8E\n"),
       "text/plain; charset=utf-8"},
      {"c1", "text/vcard", to_bytes("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEND:VCARD\r\n"),
       "text/vcard; charset=utf-8"},
      {"c1", "text/x-vcard", to_bytes("begin:vcard\nVERSION:3.0\nFN:Bo\nend:vcard"),
       "text/x-vcard; charset=utf-8"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.format);
    auto info = put(c.id, c.format, c.body);
    ASSERT_TRUE(info.has_value()) << info.error().message;
    EXPECT_EQ(info->content_type, c.content_type);
    EXPECT_EQ(info->playout_frames, 0U);
    const auto recs = records(c.id);
    ASSERT_EQ(recs.size(), 1U);
    EXPECT_EQ(recs[0].kind, "original");
    EXPECT_EQ(recs[0].content_type, c.content_type);
    EXPECT_EQ(read_file(recs[0].path), c.body);
    EXPECT_EQ(list_dir(config_.root + "/" + c.id).size(), 1U);
  }
}

TEST_F(ContentServiceTest, EmptyDeclaredFormatUsesTheResourceFormat) {
  auto info = put("i1", "", png_1x1());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->content_type, "image/png");
}

TEST_F(ContentServiceTest, MismatchesAreRejectedAndLeavePreviousContent) {
  const auto good = wav_pcm16();
  ASSERT_TRUE(put("a1", "audio/wav", good));
  ASSERT_TRUE(put("t1", "text/plain", to_bytes("hello")));
  const auto before_audio = take("a1");
  const auto before_text = take("t1");

  bytes riff_garbage = lit("RIFF\x24\x10\x00\x00WAVEjunk");
  riff_garbage.resize(4000, 0xA5);
  const bytes truncated(good.begin(), good.begin() + 30);
  struct bad_case {
    std::string id;
    std::string format;
    bytes body;
    code expected;
  };
  const bad_case cases[] = {
      {"a1", "audio/flac", good, code::invalid_content},                  // WAV bytes as FLAC
      {"a1", "audio/wav", png_1x1(), code::invalid_content},              // PNG as audio
      {"a1", "image/png", png_1x1(), code::invalid_content},              // MediaType mismatch
      {"a1", "audio/wav", truncated, code::invalid_content},              // truncated header
      {"a1", "audio/wav", riff_garbage, code::invalid_content},           // RIFF magic, garbage
      {"a1", "audio/ogg", good, code::invalid_content},                   // WAV as Ogg
      {"a1", "audio/wav; codecs=6", good, code::invalid_content},         // PCM declared A-law
      {"a1", "audio/mpeg", good, code::invalid_content},                  // not an accepted Format
      {"a1", "audio/wav", {}, code::invalid_content},                     // empty
      {"t1", "text/plain", to_bytes("caf\xE9"), code::invalid_content},   // Latin-1, not UTF-8
      {"t1", "text/plain", to_bytes("\xC0\xAF"), code::invalid_content},  // overlong '/'
      {"t1", "text/plain; charset=iso-8859-1", to_bytes("x"), code::invalid_content},
      {"c1", "text/vcard", to_bytes("BEGIN:VCARD\nFN:x\n"), code::invalid_content},
      {"c1", "text/vcard", to_bytes("hello\nEND:VCARD"), code::invalid_content},
      {"t1", "audio/wav", good, code::invalid_content},  // audio into a text resource
      {"zz", "audio/wav", good, code::unknown_resource},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.format + " into " + c.id);
    auto r = put(c.id, c.format, c.body);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().what, c.expected) << r.error().message;
  }
  expect_unchanged("a1", before_audio);
  expect_unchanged("t1", before_text);
}

TEST_F(ContentServiceTest, SizeAndDurationLimits) {
  config_.limits.text = 16;
  config_.limits.max_audio_seconds = 1;
  service_ = std::make_unique<content_service>(*store_, config_);
  ASSERT_TRUE(put("t1", "text/plain", to_bytes("sixteen bytes ok")));
  const auto before = take("t1");
  auto r = put("t1", "text/plain", to_bytes("seventeen bytes!!"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().what, code::too_large);
  EXPECT_EQ(http_status(r.error().what), 413U);
  expect_unchanged("t1", before);
  auto longer = put("a1", "audio/wav", wav_pcm16(1.5));
  ASSERT_FALSE(longer.has_value());
  EXPECT_EQ(longer.error().what, code::too_large);
  EXPECT_EQ(service_->size_limit("text/plain; charset=utf-8"), 16U);
  EXPECT_FALSE(service_->size_limit("application/zip").has_value());
}

TEST_F(ContentServiceTest, FailureBeforeCommitLeavesOldRecordAndFiles) {
  ASSERT_TRUE(put("a1", "audio/wav", wav_pcm16(0.5)));
  const auto before = take("a1");
  service_->set_before_commit_hook([] { return false; });
  auto r = put("a1", "audio/wav", make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, 0.3));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().what, code::internal);
  expect_unchanged("a1", before);  // records, bytes and no stray new files
  service_->set_before_commit_hook({});
  EXPECT_TRUE(put("a1", "audio/wav", wav_pcm16(0.3)));
}

TEST_F(ContentServiceTest, CrashLeftoversAreSweptAndReplacedFilesRemoved) {
  ASSERT_TRUE(put("a1", "audio/wav", wav_pcm16(0.5)));
  const auto first = take("a1");
  // A temporary as a crash during write_atomic would leave it.
  { std::ofstream(config_.root + "/a1/.tmp-original-abc.wav-XXXXXX") << "half"; }
  // And an old file a crash after the commit left unreferenced.
  { std::ofstream(config_.root + "/a1/original-0123456789abcdef.wav") << "orphan"; }
  ASSERT_TRUE(put("a1", "audio/wav", wav_pcm16(0.7)));
  const auto second = take("a1");
  EXPECT_EQ(second.listing.size(), 3U);
  for (const auto& r : first.recs) EXPECT_FALSE(std::filesystem::exists(r.path)) << r.path;
  // The same bytes again: same content-addressed names, still present.
  ASSERT_TRUE(put("a1", "audio/wav", wav_pcm16(0.7)));
  expect_unchanged("a1", second);
}

// A ResourceId may hold '/', "..", a control character: it gets content like
// any other, in a directory of the root named by its hash, never a path.
TEST_F(ContentServiceTest, UnsafeResourceIdsNeverReachThePath) {
  const std::vector<std::string> ids = {"../x", "a/b", "..", "a\nb"};
  for (const std::string& id : ids) {
    auto r = make_resource(id, store::media_type::image, "image/png");
    ASSERT_TRUE(store_->resources().create(r)) << id;
    auto put_r = put(id, "image/png", png_1x1());
    ASSERT_TRUE(put_r.has_value()) << id;
    const auto recs = records(id);
    ASSERT_FALSE(recs.empty());
    for (const auto& rec : recs) {
      const std::filesystem::path file(rec.path);
      EXPECT_EQ(file.parent_path().filename().string(), content_files::directory_name(id));
      EXPECT_EQ(file.parent_path().parent_path(), std::filesystem::path(config_.root));
    }
  }
  EXPECT_EQ(list_dir(config_.root).size(), ids.size());
  EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
  ASSERT_TRUE(service_->remove_content("../x"));
  EXPECT_FALSE(std::filesystem::exists(config_.root + "/" + content_files::directory_name("../x")));
  EXPECT_EQ(list_dir(config_.root).size(), ids.size() - 1);
}

TEST_F(ContentServiceTest, RemoveContentDropsRecordsAndFiles) {
  ASSERT_TRUE(put("a1", "audio/wav", wav_pcm16()));
  ASSERT_TRUE(service_->remove_content("a1"));
  EXPECT_TRUE(records("a1").empty());
  EXPECT_FALSE(std::filesystem::exists(config_.root + "/a1"));
}

// The upload guard is recorded with the new records: a repeated
// (principal, TransactionId) changes nothing; another principal's is its own.
TEST_F(ContentServiceTest, RepeatedTransactionIdAppliesNothing) {
  const auto first = make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.2);
  const auto second = make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 0.4);
  const upload_guard portal{"portal", "t-1", store::timestamp(std::chrono::seconds(1000))};
  ASSERT_TRUE(service_->put_content("a1", "audio/wav", first, &portal));
  const auto before = take("a1");
  auto again = service_->put_content("a1", "audio/wav", second, &portal);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().what, code::repeated);
  expect_unchanged("a1", before);
  const upload_guard provider{"provider:cp", "t-1", store::timestamp(std::chrono::seconds(1000))};
  EXPECT_TRUE(service_->put_content("a1", "audio/wav", second, &provider));
  // A refused upload records nothing: the same id may be retried.
  const upload_guard retry{"portal", "t-2", store::timestamp(std::chrono::seconds(1000))};
  EXPECT_FALSE(service_->put_content("a1", "image/png", first, &retry));
  EXPECT_TRUE(service_->put_content("a1", "audio/wav", first, &retry));
}

TEST(ContentError, StatusCodes) {
  EXPECT_EQ(cmr_status_code(code::unknown_resource), 10008);
  EXPECT_EQ(cmr_status_code(code::invalid_content), 10007);
  EXPECT_EQ(cmr_status_code(code::repeated), 10011);
  EXPECT_EQ(http_status(code::repeated), 200U);
  EXPECT_EQ(cmr_status_code(code::internal), 99999);
  EXPECT_EQ(http_status(code::invalid_content), 200U);
}

}  // namespace
}  // namespace cmr::media
