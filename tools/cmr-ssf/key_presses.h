// On-line copy as the caller does it (docs/cmr-ssf.md "Keys during the
// ringback"): keys pressed on the bearer at given times after its 200 OK, as
// RFC 4733 telephone-events or in-band DTMF in the G.711 audio
// (media/dtmf/rtp_keys.h writes both), and the RTP the IP sends split into
// its streams (every play of the IP is a new stream: the ringback, cut at
// the key; the confirmation prompt; the ringback again), so that the prompt
// can be compared with what it must be, byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/ringback_control.h"

namespace cmr::tools::ssf {

struct key_press {
  char key = '*';
  std::uint32_t at_ms = 0;  // after the bearer's 200 OK
  bool operator==(const key_press&) const = default;
};

// "*@2000,#@5000": keys 0-9 * # A-D, times in ms; nullopt on anything else.
std::optional<std::vector<key_press>> parse_presses(const std::string& text);

// ringback::prompt_kind by its name (confirmed, refused, offer).
std::optional<ringback::prompt_kind> parse_prompt_kind(const std::string& text);

class stream_segments {
public:
  // One datagram as received (not RTP: counted, dropped).
  void on_packet(std::span<const std::uint8_t> datagram);
  [[nodiscard]] std::size_t streams() const { return segments_.size(); }
  [[nodiscard]] std::uint64_t packets() const { return packets_; }
  [[nodiscard]] std::uint64_t payload_bytes() const { return bytes_; }
  // Whether one stream after the first carried exactly `want`.
  [[nodiscard]] bool later_stream_is(const std::vector<std::uint8_t>& want) const;
  // The first stream's payload (the ringback up to the key).
  [[nodiscard]] const std::vector<std::uint8_t>* first() const {
    return segments_.empty() ? nullptr : &segments_.front().payload;
  }

private:
  struct segment {
    std::uint32_t ssrc = 0;
    std::vector<std::uint8_t> payload;  // bounded: the first 60 s
  };
  std::vector<segment> segments_;
  std::uint64_t packets_ = 0, bytes_ = 0;
};

}  // namespace cmr::tools::ssf
