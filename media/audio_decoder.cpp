#include "media/audio_decoder.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "media/resampler.h"

namespace cmr::media {
namespace {

struct memory_source {
  std::span<const std::uint8_t> bytes;
  sf_count_t pos = 0;
};

sf_count_t vio_length(void* user) {
  return static_cast<sf_count_t>(static_cast<memory_source*>(user)->bytes.size());
}

sf_count_t vio_seek(sf_count_t offset, int whence, void* user) {
  auto* src = static_cast<memory_source*>(user);
  const auto size = static_cast<sf_count_t>(src->bytes.size());
  sf_count_t target = offset;
  if (whence == SEEK_CUR) target = src->pos + offset;
  if (whence == SEEK_END) target = size + offset;
  if (target < 0) return -1;
  src->pos = std::min(target, size);
  return src->pos;
}

sf_count_t vio_read(void* ptr, sf_count_t count, void* user) {
  auto* src = static_cast<memory_source*>(user);
  const auto size = static_cast<sf_count_t>(src->bytes.size());
  const sf_count_t n = std::clamp<sf_count_t>(size - src->pos, 0, std::max<sf_count_t>(count, 0));
  if (n > 0) std::memcpy(ptr, src->bytes.data() + src->pos, static_cast<std::size_t>(n));
  src->pos += n;
  return n;
}

sf_count_t vio_write(const void*, sf_count_t, void*) {
  return 0;
}  // read-only source

sf_count_t vio_tell(void* user) {
  return static_cast<memory_source*>(user)->pos;
}

struct sndfile_closer {
  void operator()(SNDFILE* f) const { sf_close(f); }
};

cmr::unexpected<decode_error> undecodable(std::string message) {
  return cmr::unexpected<decode_error>{{decode_error::code::undecodable, std::move(message)}};
}

bool container_matches(format_family family, int sf_format) {
  const int major = sf_format & SF_FORMAT_TYPEMASK;
  switch (family) {
    case format_family::wav:
      return major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX || major == SF_FORMAT_RF64;
    case format_family::flac:
      return major == SF_FORMAT_FLAC;
    case format_family::ogg:
      return major == SF_FORMAT_OGG;
    default:
      return false;
  }
}

bool encoding_accepted(format_family family, int sf_format) {
  const int sub = sf_format & SF_FORMAT_SUBMASK;
  if (family == format_family::wav) {
    switch (sub) {
      case SF_FORMAT_PCM_U8:
      case SF_FORMAT_PCM_S8:
      case SF_FORMAT_PCM_16:
      case SF_FORMAT_PCM_24:
      case SF_FORMAT_PCM_32:
      case SF_FORMAT_FLOAT:
      case SF_FORMAT_DOUBLE:
      case SF_FORMAT_ALAW:
      case SF_FORMAT_ULAW:
        return true;
      default:
        return false;  // ADPCM, GSM 6.10, ...: not in the accepted list
    }
  }
  if (family == format_family::ogg)
    return sub == SF_FORMAT_VORBIS || sub == SF_FORMAT_OPUS || sub == SF_FORMAT_FLAC ||
           (sub >= SF_FORMAT_PCM_S8 && sub <= SF_FORMAT_PCM_32);
  return true;  // FLAC: libsndfile reports the sample width only
}

// The codecs parameter names the sample encoding: RFC 2361 numbers for WAV
// ("1" PCM, "3" IEEE float, "6" A-law, "7" u-law), names for Ogg and FLAC.
bool codecs_match(const content_format& f, int sf_format) {
  if (f.codecs.empty()) return true;
  const int sub = sf_format & SF_FORMAT_SUBMASK;
  std::string c = f.codecs;
  std::transform(c.begin(), c.end(), c.begin(), [](char ch) {
    return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
  });
  switch (f.family) {
    case format_family::wav:
      if (c == "1")
        return sub != SF_FORMAT_FLOAT && sub != SF_FORMAT_DOUBLE && sub != SF_FORMAT_ALAW &&
               sub != SF_FORMAT_ULAW;
      if (c == "3") return sub == SF_FORMAT_FLOAT || sub == SF_FORMAT_DOUBLE;
      if (c == "6") return sub == SF_FORMAT_ALAW;
      if (c == "7") return sub == SF_FORMAT_ULAW;
      return false;
    case format_family::ogg:
      if (c == "vorbis") return sub == SF_FORMAT_VORBIS;
      if (c == "opus") return sub == SF_FORMAT_OPUS;
      if (c == "flac") return sub != SF_FORMAT_VORBIS && sub != SF_FORMAT_OPUS;
      return false;
    case format_family::flac:
      return c == "flac";
    default:
      return false;
  }
}

}  // namespace

cmr::result<decoded_audio, decode_error> decode_audio(const content_format& declared,
                                                      std::span<const std::uint8_t> bytes,
                                                      std::uint32_t max_seconds) {
  SF_VIRTUAL_IO vio{vio_length, vio_seek, vio_read, vio_write, vio_tell};
  memory_source src{bytes, 0};
  SF_INFO info{};
  std::unique_ptr<SNDFILE, sndfile_closer> file(sf_open_virtual(&vio, SFM_READ, &info, &src));
  if (!file) return undecodable(std::string("not decodable: ") + sf_strerror(nullptr));
  if (!container_matches(declared.family, info.format))
    return undecodable("stream is not " + declared.mime);
  if (!encoding_accepted(declared.family, info.format))
    return undecodable("unsupported sample encoding");
  if (!codecs_match(declared, info.format)) return undecodable("codecs parameter does not match");
  if (info.channels < 1 || info.channels > 16) return undecodable("bad channel count");
  if (info.samplerate < 4000 || info.samplerate > 192000) return undecodable("bad sample rate");

  decoded_audio out;
  out.channels = info.channels;
  out.sample_rate = info.samplerate;
  out.sf_format = info.format;
  sf_command(file.get(), SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
  // Read to the end rather than trusting info.frames (Ogg may not know it,
  // a header may lie); the duration bound caps the memory used.
  const auto max_frames =
      static_cast<std::size_t>(max_seconds) * static_cast<std::size_t>(info.samplerate);
  constexpr sf_count_t k_chunk = 4096;
  const auto ch = static_cast<std::size_t>(info.channels);
  std::vector<float> buf(static_cast<std::size_t>(k_chunk) * ch);
  for (;;) {
    const sf_count_t n = sf_readf_float(file.get(), buf.data(), k_chunk);
    if (n <= 0) break;
    const auto mixed = mix_to_mono(
        std::span<const float>(buf.data(), static_cast<std::size_t>(n) * ch), info.channels);
    out.mono.insert(out.mono.end(), mixed.begin(), mixed.end());
    if (out.frames() > max_frames)
      return cmr::unexpected<decode_error>{
          {decode_error::code::too_long,
           "longer than " + std::to_string(max_seconds) + " seconds"}};
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR)
    return undecodable(std::string("decoding failed: ") + sf_strerror(file.get()));
  if (out.frames() == 0) return undecodable("no audio frames");
  for (auto& s : out.mono)
    if (!std::isfinite(s)) s = 0.0F;  // float WAVs can carry NaN/Inf
  return out;
}

}  // namespace cmr::media
