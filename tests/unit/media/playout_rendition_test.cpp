// The RTP player's view of an upload: mapped G.711 frames that decode back to
// the uploaded signal, and a mapping that survives the next upload.
#include "media/playout_rendition.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media/content_service.h"
#include "media/g711.h"
#include "media_test_util.h"

namespace cmr::media {
namespace {

using namespace testing;

class PlayoutRenditionTest : public ::testing::Test {
protected:
  void SetUp() override {
    store_ = open_store(dir_.file("cmr.db"));
    ASSERT_TRUE(store_);
    ASSERT_TRUE(
        store_->resources().create(make_resource("a1", store::media_type::audio, "audio/wav")));
    content_config cfg;
    cfg.root = dir_.file("content");
    service_ = std::make_unique<content_service>(*store_, cfg);
  }
  temp_dir dir_;
  std::unique_ptr<store::store> store_;
  std::unique_ptr<content_service> service_;
};

TEST_F(PlayoutRenditionTest, FramesDecodeToTheUploadedTone) {
  // 1 kHz at half scale, 44.1 kHz stereo, 1 s: 50 frames of 160 bytes.
  const auto body = make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 1.0, 1000.0, 0.5);
  ASSERT_TRUE(service_->put_content("a1", "audio/wav", body));
  for (const auto law : {g711_law::alaw, g711_law::ulaw}) {
    auto r = playout_rendition::load(store_->contents(), "a1", law);
    ASSERT_TRUE(r.has_value()) << r.error();
    EXPECT_EQ(r->frame_count(), 50U);
    EXPECT_EQ(r->payload_type(), law == g711_law::alaw ? 8 : 0);
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t f = 5; f < 45; ++f) {  // away from the edges
      const auto frame = r->frame(f);
      EXPECT_EQ(frame.data(), r->bytes().data() + f * 160);
      for (auto code : frame) {
        const double v = law == g711_law::alaw ? alaw_to_linear(code) : ulaw_to_linear(code);
        sum += v * v;
        ++n;
      }
    }
    const double rms = std::sqrt(sum / static_cast<double>(n));
    EXPECT_NEAR(rms, 0.5 * 32767 / std::sqrt(2.0), 300.0);
  }
}

TEST_F(PlayoutRenditionTest, MappingSurvivesReplacement) {
  ASSERT_TRUE(service_->put_content("a1", "audio/wav", wav_pcm16(0.2)));
  auto old = playout_rendition::load(store_->contents(), "a1", g711_law::alaw);
  ASSERT_TRUE(old.has_value());
  const std::vector<std::uint8_t> first(old->bytes().begin(), old->bytes().end());
  ASSERT_TRUE(service_->put_content("a1", "audio/wav", wav_pcm16(0.4)));
  // The old file is unlinked; the mapping still reads it.
  EXPECT_EQ(std::vector<std::uint8_t>(old->bytes().begin(), old->bytes().end()), first);
  auto fresh = playout_rendition::load(store_->contents(), "a1", g711_law::alaw);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->frame_count(), 20U);
  auto moved = std::move(*fresh);
  EXPECT_EQ(moved.frame_count(), 20U);
}

TEST_F(PlayoutRenditionTest, RefusesMissingAndBrokenFiles) {
  EXPECT_FALSE(playout_rendition::load(store_->contents(), "a1", g711_law::ulaw).has_value());
  const auto path = dir_.file("odd.alaw");
  std::ofstream(path) << std::string(161, 'x');
  EXPECT_FALSE(playout_rendition::open(path, g711_law::alaw).has_value());
  std::ofstream(dir_.file("empty.alaw")).flush();
  EXPECT_FALSE(playout_rendition::open(dir_.file("empty.alaw"), g711_law::alaw).has_value());
}

}  // namespace
}  // namespace cmr::media
