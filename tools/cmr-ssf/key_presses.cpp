#include "tools/cmr-ssf/key_presses.h"

#include "media/dtmf/rtp_keys.h"

namespace cmr::tools::ssf {

std::optional<std::vector<key_press>> parse_presses(const std::string& text) {
  std::vector<key_press> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    const std::string item = text.substr(pos, comma - pos);
    pos = comma + 1;
    if (item.size() < 3 || item[1] != '@') return std::nullopt;
    const char k = item[0];
    if (!((k >= '0' && k <= '9') || k == '*' || k == '#' || (k >= 'A' && k <= 'D'))) return std::nullopt;
    const std::string ms = item.substr(2);
    if (ms.empty() || ms.size() > 7 || ms.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    out.push_back({k, static_cast<std::uint32_t>(std::stoul(ms))});
    if (comma == text.size()) break;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<ringback::prompt_kind> parse_prompt_kind(const std::string& text) {
  for (auto k : {ringback::prompt_kind::confirmed, ringback::prompt_kind::refused,
                 ringback::prompt_kind::offer})
    if (text == ringback::to_string(k)) return k;
  return std::nullopt;
}

void stream_segments::on_packet(std::span<const std::uint8_t> datagram) {
  const auto v = media::dtmf::parse_rtp(datagram);
  if (!v) return;
  ++packets_;
  bytes_ += v->payload.size();
  if (segments_.empty() || segments_.back().ssrc != v->ssrc) segments_.push_back({v->ssrc, {}});
  auto& p = segments_.back().payload;
  if (p.size() < 60 * 8000) p.insert(p.end(), v->payload.begin(), v->payload.end());
}

bool stream_segments::later_stream_is(const std::vector<std::uint8_t>& want) const {
  for (std::size_t i = 1; i < segments_.size(); ++i)
    if (segments_[i].payload == want) return true;
  return false;
}

}  // namespace cmr::tools::ssf
