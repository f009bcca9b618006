#include "media/dtmf/dtmf.h"

#include <vector>

extern "C" {
#include <spandsp.h>
}

namespace cmr::media::dtmf {

inband_detector::inband_detector(g711_law law) : law_(law) {
  rx_ = dtmf_rx_init(nullptr, nullptr, nullptr);
}

inband_detector::~inband_detector() {
  if (rx_ != nullptr) dtmf_rx_free(rx_);
}

std::string inband_detector::feed(std::span<const std::uint8_t> payload) {
  if (rx_ == nullptr || payload.empty()) return {};
  std::vector<std::int16_t> pcm(payload.size());
  for (std::size_t i = 0; i < payload.size(); ++i)
    pcm[i] = law_ == g711_law::alaw ? alaw_to_linear(payload[i]) : ulaw_to_linear(payload[i]);
  dtmf_rx(rx_, pcm.data(), static_cast<int>(pcm.size()));
  char digits[32];
  const std::size_t n = dtmf_rx_get(rx_, digits, static_cast<int>(sizeof digits - 1));
  return std::string(digits, n);
}

char key_of_event(std::uint8_t event) {
  static constexpr char keys[] = "0123456789*#ABCD";
  return event < 16 ? keys[event] : '\0';
}

std::optional<telephone_event> parse_telephone_event(std::span<const std::uint8_t> p) {
  if (p.size() < 4) return std::nullopt;
  telephone_event e;
  e.event = p[0];
  e.end = (p[1] & 0x80) != 0;
  e.volume = p[1] & 0x3f;
  e.duration = static_cast<std::uint16_t>(p[2] << 8 | p[3]);
  return e;
}

std::optional<char> event_receiver::feed(std::uint32_t rtp_timestamp,
                                         std::span<const std::uint8_t> payload) {
  const auto e = parse_telephone_event(payload);
  if (!e) {
    ++malformed_;
    return std::nullopt;
  }
  // Every packet of one event carries the event's start timestamp.
  if (last_timestamp_ == rtp_timestamp) return std::nullopt;
  last_timestamp_ = rtp_timestamp;
  const char key = key_of_event(e->event);
  if (key == '\0') {
    ++unknown_;
    return std::nullopt;
  }
  return key;
}

}  // namespace cmr::media::dtmf
