// Key presses as a pcap file for sipp's <exec play_pcap_audio="..."/> (the
// SIP key tests, docs/sip.md "On-line copy and presentation control on
// SIP"): RTP packets from media::dtmf (RFC 4733 events, or in-band G.711
// tones) in Ethernet/IPv4/UDP frames with placeholder addresses and ports
// (sipp sends only the UDP payloads, from its media port to the address in
// the SDP it received), timed by the packets' offsets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "media/g711.h"

namespace cmr::test {

struct key_press {
  char key = '*';
  std::uint32_t at_ms = 0;  // from the start of the play
  // An RFC 4733 event code outside 0-15 (e.g. 200), sent instead of `key`'s.
  int raw_event = -1;
};

// RFC 4733 events on `payload_type`, one RTP stream (one SSRC, sequence
// numbers going on across the keys, each event its own timestamp).
std::vector<std::vector<std::uint8_t>> rfc4733_stream(const std::vector<key_press>& keys,
                                                      std::uint8_t payload_type,
                                                      std::vector<std::uint32_t>& offsets_ms);
// In-band tones in G.711 frames of `law`, silence between the keys.
std::vector<std::vector<std::uint8_t>> inband_stream(const std::vector<key_press>& keys,
                                                     media::g711_law law,
                                                     std::vector<std::uint32_t>& offsets_ms);

// Writes the packets as a pcap (LINKTYPE_ETHERNET); false on an I/O error.
bool write_rtp_pcap(const std::string& path, const std::vector<std::vector<std::uint8_t>>& packets,
                    const std::vector<std::uint32_t>& offsets_ms);

}  // namespace cmr::test
