// Key presses on a G.711 bearer (spec 5.7: "press * to copy this ringback";
// DESIGN.md 9d): in-band DTMF tones detected by spandsp's DTMF receiver
// (ITU-T Q.23/Q.24 limits), and RFC 4733 telephone-events, each key press
// reported once. Single-threaded: one object per bearer, fed in order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "media/g711.h"

struct dtmf_rx_state_s;

namespace cmr::media::dtmf {

// In-band DTMF in G.711 audio (20 ms frames or any other size).
class inband_detector {
public:
  explicit inband_detector(g711_law law);
  ~inband_detector();
  inband_detector(const inband_detector&) = delete;
  inband_detector& operator=(const inband_detector&) = delete;

  // Decodes `payload` and runs the receiver over it; returns the digits
  // ("0"-"9", "*", "#", "A"-"D") whose tones ended or were recognised in it.
  std::string feed(std::span<const std::uint8_t> payload);

private:
  g711_law law_;
  dtmf_rx_state_s* rx_ = nullptr;
};

// RFC 4733 section 2.3 named events 0-15: the key, '\0' for other events.
char key_of_event(std::uint8_t event);

// One telephone-event payload (RFC 4733 2.3): event, end bit, volume, duration.
struct telephone_event {
  std::uint8_t event = 0;
  bool end = false;
  std::uint8_t volume = 0;  // -dBm0, 0-63
  std::uint16_t duration = 0;
};
// nullopt when the payload is shorter than 4 octets (a malformed packet).
std::optional<telephone_event> parse_telephone_event(std::span<const std::uint8_t> payload);

// RFC 4733 receiver: one key press per event, whichever of its packets
// arrive (the first, the updates, the three end packets, retransmissions,
// RFC 4733 2.5.1.2): an event is identified by its RTP timestamp.
class event_receiver {
public:
  // `rtp_timestamp` of the packet carrying `payload`; returns the key when
  // this packet starts a new key press, nothing otherwise (a continuation,
  // a repeated end packet, an event that is no key, a malformed payload).
  std::optional<char> feed(std::uint32_t rtp_timestamp, std::span<const std::uint8_t> payload);
  [[nodiscard]] std::uint64_t malformed() const { return malformed_; }
  [[nodiscard]] std::uint64_t unknown_events() const { return unknown_; }

private:
  std::optional<std::uint32_t> last_timestamp_;
  std::uint64_t malformed_ = 0, unknown_ = 0;
};

}  // namespace cmr::media::dtmf
