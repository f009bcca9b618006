#include "media/dtmf/rtp_keys.h"

extern "C" {
#include <spandsp.h>
}

namespace cmr::media::dtmf {

std::optional<rtp_view> parse_rtp(std::span<const std::uint8_t> d) {
  if (d.size() < 12 || (d[0] >> 6) != 2) return std::nullopt;
  std::size_t header = 12 + 4 * static_cast<std::size_t>(d[0] & 0x0f);
  if (d.size() < header) return std::nullopt;
  if ((d[0] & 0x10) != 0) {  // header extension (RFC 3550 5.3.1)
    if (d.size() < header + 4) return std::nullopt;
    header += 4 + 4 * static_cast<std::size_t>(d[header + 2] << 8 | d[header + 3]);
    if (d.size() < header) return std::nullopt;
  }
  std::size_t end = d.size();
  if ((d[0] & 0x20) != 0) {  // padding: the last octet counts it
    const std::size_t pad = d.back();
    if (pad == 0 || pad > end - header) return std::nullopt;
    end -= pad;
  }
  rtp_view v;
  v.marker = (d[1] & 0x80) != 0;
  v.payload_type = d[1] & 0x7f;
  v.sequence = static_cast<std::uint16_t>(d[2] << 8 | d[3]);
  v.timestamp = static_cast<std::uint32_t>(d[4]) << 24 | static_cast<std::uint32_t>(d[5]) << 16 |
                static_cast<std::uint32_t>(d[6]) << 8 | d[7];
  v.ssrc = static_cast<std::uint32_t>(d[8]) << 24 | static_cast<std::uint32_t>(d[9]) << 16 |
           static_cast<std::uint32_t>(d[10]) << 8 | d[11];
  v.payload = d.subspan(header, end - header);
  return v;
}

std::string rtp_key_listener::feed(std::span<const std::uint8_t> datagram) {
  ++packets_;
  const auto rtp = parse_rtp(datagram);
  if (!rtp) {
    ++malformed_;
    return {};
  }
  std::string keys;
  if (options_.event_payload_type && rtp->payload_type == *options_.event_payload_type) {
    saw_events_ = true;
    if (auto k = events_.feed(rtp->timestamp, rtp->payload)) keys.push_back(*k);
  } else if (options_.inband && !saw_events_ && (rtp->payload_type == 0 || rtp->payload_type == 8)) {
    const g711_law law = rtp->payload_type == 8 ? g711_law::alaw : g711_law::ulaw;
    if (!inband_ || inband_law_ != law) {
      inband_.reset();
      inband_.emplace(law);
      inband_law_ = law;
    }
    keys = inband_->feed(rtp->payload);
  }
  keys_ += keys.size();
  return keys;
}

namespace {

std::optional<std::uint8_t> event_of_key(char key) {
  static constexpr std::string_view keys = "0123456789*#ABCD";
  const auto i = keys.find(key);
  if (i == std::string_view::npos) return std::nullopt;
  return static_cast<std::uint8_t>(i);
}

void put_u16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  put_u16(b, static_cast<std::uint16_t>(v >> 16));
  put_u16(b, static_cast<std::uint16_t>(v));
}

}  // namespace

std::vector<key_packet> rfc4733_key_packets(char key, std::uint8_t payload_type,
                                            std::uint16_t first_seq, std::uint32_t timestamp,
                                            std::uint32_t ssrc, std::uint32_t duration_ms) {
  std::vector<key_packet> out;
  const auto event = event_of_key(key);
  if (!event) return out;
  const std::uint32_t steps = duration_ms < 20 ? 1 : duration_ms / 20;
  std::uint16_t seq = first_seq;
  auto packet = [&](bool marker, bool end, std::uint32_t samples, std::uint32_t at_ms) {
    key_packet p;
    p.offset_ms = at_ms;
    p.bytes = {0x80, static_cast<std::uint8_t>((marker ? 0x80 : 0x00) | (payload_type & 0x7f))};
    put_u16(p.bytes, seq++);
    put_u32(p.bytes, timestamp);
    put_u32(p.bytes, ssrc);
    p.bytes.push_back(*event);
    p.bytes.push_back(static_cast<std::uint8_t>((end ? 0x80 : 0x00) | 10));  // volume -10 dBm0
    put_u16(p.bytes, static_cast<std::uint16_t>(samples > 0xffff ? 0xffff : samples));
    out.push_back(std::move(p));
  };
  // RFC 4733 2.5.1: the first packet with the marker, updates every 20 ms,
  // the final duration in three end packets (2.5.1.4), one timestamp.
  for (std::uint32_t i = 0; i < steps; ++i) packet(i == 0, false, (i + 1) * 160, i * 20);
  for (int i = 0; i < 3; ++i) packet(false, true, steps * 160, steps * 20);
  return out;
}

std::vector<std::vector<std::uint8_t>> inband_key_frames(char key, g711_law law) {
  std::vector<std::vector<std::uint8_t>> frames;
  if (!event_of_key(key)) return frames;
  dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
  if (tx == nullptr) return frames;
  dtmf_tx_set_timing(tx, 100, 100);  // 100 ms of tones, 100 ms of pause
  const char digit[2] = {key, '\0'};
  dtmf_tx_put(tx, digit, 1);
  std::vector<std::int16_t> pcm(160);
  for (;;) {
    const int n = dtmf_tx(tx, pcm.data(), static_cast<int>(pcm.size()));
    if (n <= 0) break;
    std::fill(pcm.begin() + n, pcm.end(), std::int16_t{0});
    frames.push_back(law == g711_law::alaw ? encode_alaw(pcm) : encode_ulaw(pcm));
  }
  dtmf_tx_free(tx);
  return frames;
}

}  // namespace cmr::media::dtmf
