#include "tools/cmr-ssf/rtp_checker.h"

#include <algorithm>
#include <cstring>

namespace cmr::tools::ssf {

std::string rtp_report::to_string() const {
  std::string s = std::to_string(packets) + " packets " + std::to_string(payload_bytes) + " bytes ";
  if (!ok) return s + "MISMATCH: " + problem;
  if (streams > 0)
    s += std::to_string(streams) + " streams, " + (prompt.empty() ? std::string() : prompt + " prompt heard, ");
  return s + (content_checked ? "content ok" : "headers ok (content not checked)");
}

rtp_checker::rtp_checker(std::shared_ptr<const std::vector<std::uint8_t>> expected,
                         std::optional<std::uint8_t> payload_type)
    : expected_(std::move(expected)), pt_(payload_type) {
  if (expected_ && expected_->empty()) expected_.reset();
  report_.content_checked = expected_ != nullptr;
}

void rtp_checker::fail(std::string why) {
  if (!report_.ok) return;
  report_.ok = false;
  report_.problem = std::move(why);
}

void rtp_checker::on_packet(std::span<const std::uint8_t> d) {
  if (d.size() < 12 || (d[0] >> 6) != 2) {
    fail("packet " + std::to_string(report_.packets) + ": not RTP version 2");
    return;
  }
  const bool padding = (d[0] & 0x20) != 0;
  const bool extension = (d[0] & 0x10) != 0;
  const std::size_t csrc = d[0] & 0x0fU;
  const bool marker = (d[1] & 0x80) != 0;
  const auto pt = static_cast<std::uint8_t>(d[1] & 0x7f);
  const auto seq = static_cast<std::uint16_t>((d[2] << 8) | d[3]);
  const std::uint32_t ts =
      (std::uint32_t{d[4]} << 24) | (std::uint32_t{d[5]} << 16) | (std::uint32_t{d[6]} << 8) | d[7];
  const std::uint32_t ssrc = (std::uint32_t{d[8]} << 24) | (std::uint32_t{d[9]} << 16) |
                             (std::uint32_t{d[10]} << 8) | d[11];
  std::size_t header = 12 + 4 * csrc;
  if (extension) {
    if (d.size() < header + 4) return fail("truncated header extension");
    header += 4 + 4 * ((std::size_t{d[header + 2]} << 8) | d[header + 3]);
  }
  std::size_t end = d.size();
  if (padding && end > header) end -= std::min<std::size_t>(d[end - 1], end - header);
  if (header > end) return fail("truncated packet");
  const auto payload = d.subspan(header, end - header);
  const std::uint64_t index = report_.packets++;
  report_.payload_bytes += payload.size();
  const std::string at = "packet " + std::to_string(index) + ": ";

  if (!pt_) pt_ = pt;
  if (pt != *pt_)
    fail(at + "payload type " + std::to_string(pt) + ", expected " + std::to_string(*pt_));
  if (index == 0) {
    ssrc_ = ssrc;
    if (!marker) fail(at + "first packet without marker bit");
  } else {
    if (ssrc != ssrc_) fail(at + "SSRC changed");
    if (seq != next_seq_)
      fail(at + "sequence " + std::to_string(seq) + ", expected " + std::to_string(next_seq_));
    if (ts != next_ts_)
      fail(at + "timestamp " + std::to_string(ts) + ", expected " + std::to_string(next_ts_));
  }
  next_seq_ = static_cast<std::uint16_t>(seq + 1);
  next_ts_ = ts + static_cast<std::uint32_t>(payload.size());  // G.711: one byte per sample

  if (!expected_ || !report_.ok) return;
  const auto& e = *expected_;
  std::size_t done = 0;
  while (done < payload.size()) {
    const std::size_t n = std::min(payload.size() - done, e.size() - offset_);
    if (std::memcmp(payload.data() + done, e.data() + offset_, n) != 0) {
      std::size_t k = 0;
      while (payload[done + k] == e[offset_ + k]) ++k;
      const std::uint64_t pos = report_.payload_bytes - payload.size() + done + k;
      fail(at + "payload byte " + std::to_string(pos) + " differs from the expected resource");
      return;
    }
    done += n;
    offset_ = (offset_ + n) % e.size();
  }
}

rtp_report rtp_checker::finish(std::optional<std::uint32_t> complete_repetitions,
                               bool expect_media) {
  if (expect_media && report_.packets == 0) fail("no RTP received");
  if (report_.ok && expected_ && complete_repetitions) {
    const std::uint64_t want = std::uint64_t{*complete_repetitions} * expected_->size();
    if (report_.payload_bytes != want)
      fail("play completed after " + std::to_string(report_.payload_bytes) + " bytes, expected " +
           std::to_string(want) + " (" + std::to_string(*complete_repetitions) + " x " +
           std::to_string(expected_->size()) + ")");
  }
  return report_;
}

}  // namespace cmr::tools::ssf
