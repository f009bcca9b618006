// Checks one received RTP stream (RFC 3550 header, G.711 payload) against
// the resource the IP was expected to play: the payloads, concatenated in
// sequence-number order, must equal the playout rendition repeated from its
// first byte (docs/cs-delivery.md section 5), and the headers must form one
// talkspurt: a single SSRC, consecutive sequence numbers, timestamps
// advancing by the payload size, the marker on the first packet, and the
// payload type of the negotiated law. Comparison is incremental: nothing is
// stored per packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cmr::tools::ssf {

struct rtp_report {
  std::uint64_t packets = 0;
  std::uint64_t payload_bytes = 0;
  bool content_checked = false;  // an expected resource was known
  bool ok = true;                // no header or content mismatch (so far)
  std::string problem;           // the first mismatch, for traces
  // With keys (on-line copy): the IP's streams, and the prompt heard.
  std::uint32_t streams = 0;
  std::string prompt;
  [[nodiscard]] std::string to_string() const;
};

class rtp_checker {
public:
  // `expected`: the rendition bytes (nullptr: headers only). `payload_type`:
  // 8 PCMA or 0 PCMU, nullopt to accept either (then fixed by the first packet).
  rtp_checker(std::shared_ptr<const std::vector<std::uint8_t>> expected,
              std::optional<std::uint8_t> payload_type);

  // One datagram as received.
  void on_packet(std::span<const std::uint8_t> datagram);

  // The stream is over. `complete_repetitions`: when the IP said the play
  // completed and the number of repetitions is known, the total must be
  // exactly that many renditions; otherwise a prefix is fine (interrupted
  // play). `expect_media`: an empty stream is a problem.
  rtp_report finish(std::optional<std::uint32_t> complete_repetitions, bool expect_media);

  [[nodiscard]] const rtp_report& report() const { return report_; }

private:
  void fail(std::string why);

  std::shared_ptr<const std::vector<std::uint8_t>> expected_;
  std::optional<std::uint8_t> pt_;
  rtp_report report_;
  std::uint32_t ssrc_ = 0;
  std::uint16_t next_seq_ = 0;
  std::uint32_t next_ts_ = 0;
  std::size_t offset_ = 0;  // into expected_, modulo its size
};

}  // namespace cmr::tools::ssf
