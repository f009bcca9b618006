// Helpers for the media tests: a temporary directory, a store with one
// resource per MediaType, and fixtures generated here (libsndfile writes the
// audio; small hand-made headers stand in for images and video).
#pragma once

#include <gtest/gtest.h>
#include <sndfile.h>
#include <stdlib.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "store/store.h"
#include "tests/common/temp_dir.h"

namespace cmr::media::testing {

using bytes = std::vector<std::uint8_t>;

inline bytes to_bytes(std::string_view s) {
  return {s.begin(), s.end()};
}
// A string literal with embedded NULs, without its terminator.
template <std::size_t N>
bytes lit(const char (&s)[N]) {
  return {s, s + N - 1};
}

// Each suite's scratch directories carry its name.
class temp_dir : public cmr::testing::temp_dir {
public:
  temp_dir() : cmr::testing::temp_dir("cmr-media-test") {}
};

inline bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A sine of `freq` Hz at `amplitude` (full scale 1.0) in every channel,
// written by libsndfile in the given format and read back as bytes.
inline bytes make_audio(int format, int rate, int channels, double seconds, double freq = 1000.0,
                        double amplitude = 0.5) {
  temp_dir dir;
  const auto path = dir.file("fixture");
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  EXPECT_NE(f, nullptr) << sf_strerror(nullptr);
  if (f == nullptr) return {};
  const auto frames = static_cast<std::size_t>(seconds * rate);
  std::vector<float> buf(frames * static_cast<std::size_t>(channels));
  for (std::size_t i = 0; i < frames; ++i) {
    const double v = amplitude * std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) /
                                          static_cast<double>(rate));
    for (int c = 0; c < channels; ++c)
      buf[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] =
          static_cast<float>(v);
  }
  sf_writef_float(f, buf.data(), static_cast<sf_count_t>(frames));
  sf_close(f);
  return read_file(path);
}

inline bytes wav_pcm16(double seconds = 0.5, int rate = 8000, int channels = 1) {
  return make_audio(SF_FORMAT_WAV | SF_FORMAT_PCM_16, rate, channels, seconds);
}

// Tiny but structurally right headers: the content service checks magic
// numbers for these families, it does not decode them.
inline bytes png_1x1() {
  return lit(
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
      "\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63"
      "\x64\x60\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00\x00\x00\x49\x45\x4e\x44"
      "\xae\x42\x60\x82");
}
inline bytes gif_1x1() {
  return lit(
      "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
      "\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00;");
}
inline bytes jpeg_stub() {
  return lit("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9");
}
inline bytes iso_bmff(std::string_view major, std::string_view compat) {
  bytes out = {0, 0, 0, static_cast<std::uint8_t>(16 + compat.size())};
  auto add = [&](std::string_view s) { out.insert(out.end(), s.begin(), s.end()); };
  add("ftyp");
  add(major);
  add(std::string_view("\0\0\0\0", 4));
  add(compat);
  add(std::string_view("\0\0\0\x08mdat", 8));
  return out;
}
inline bytes mp4_stub() {
  return iso_bmff("isom", "isommp41");
}
inline bytes three_gpp_stub() {
  return iso_bmff("3gp5", "3gp5isom");
}

inline std::unique_ptr<store::store> open_store(const std::string& path) {
  store::open_options opt;
  opt.path = path;
  auto s = store::store::open(opt);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

inline store::resource make_resource(const std::string& id, store::media_type type,
                                     const std::string& format) {
  store::resource r;
  r.id = id;
  r.name = "name of " + id;
  r.type = type;
  r.format = format;
  return r;
}

inline store::timestamp at(std::int64_t unix_seconds) {
  return store::timestamp(std::chrono::seconds(unix_seconds));
}

}  // namespace cmr::media::testing
