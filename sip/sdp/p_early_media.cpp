#include "sip/sdp/p_early_media.h"

#include "sip/message/text.h"

namespace cmr::sip {

const char* to_string(early_media_param p) {
  switch (p) {
    case early_media_param::supported:
      return "supported";
    case early_media_param::sendrecv:
      return "sendrecv";
    case early_media_param::sendonly:
      return "sendonly";
    case early_media_param::recvonly:
      return "recvonly";
    case early_media_param::inactive:
      return "inactive";
    case early_media_param::gated:
      return "gated";
  }
  return "?";
}

bool p_early_media::has(early_media_param p) const {
  for (auto x : params)
    if (x == p) return true;
  return false;
}

std::string p_early_media::to_string() const {
  std::string out;
  for (auto p : params) {
    if (!out.empty()) out += ", ";
    out += sip::to_string(p);
  }
  for (const auto& e : extensions) {
    if (!out.empty()) out += ", ";
    out += e;
  }
  return out;
}

std::optional<p_early_media> parse_p_early_media(std::string_view value) {
  p_early_media out;
  for (auto item : text::split_top_level(value, ',')) {
    if (item.empty()) continue;
    if (!text::is_token(item)) return std::nullopt;
    const auto lower = text::to_lower(item);
    bool known = false;
    for (auto p :
         {early_media_param::supported, early_media_param::sendrecv, early_media_param::sendonly,
          early_media_param::recvonly, early_media_param::inactive, early_media_param::gated}) {
      if (lower == sip::to_string(p)) {
        out.params.push_back(p);
        known = true;
      }
    }
    if (!known) out.extensions.emplace_back(item);
  }
  return out;
}

}  // namespace cmr::sip
