#include "sip/sdp/origin_keeper.h"

#include <charconv>

namespace cmr::sip::sdp {

namespace {

// What the description says apart from its origin line.
std::string content_of(session_description sd) {
  sd.origin = sdp::origin{};
  return sd.serialize();
}

}  // namespace

std::string origin_keeper::present(std::string_view body) {
  auto sd = parse(body);
  if (!sd) return std::string(body);
  return present(std::move(*sd));
}

std::string origin_keeper::present(session_description sd) {
  std::string content = content_of(sd);
  if (!leg_origin_) {
    // The first description fixes the leg's origin; a version that is not a
    // number (RFC 4566 says it is) counts as 0.
    const auto& v = sd.origin.session_version;
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    const bool numeric = ec == std::errc{} && end == v.data() + v.size();
    version_ = numeric ? n : 0;
    if (!numeric) sd.origin.session_version = std::to_string(version_);
    leg_origin_ = sd.origin;
    last_content_ = std::move(content);
    return sd.serialize();
  }
  if (content != last_content_) {
    ++version_;
    last_content_ = std::move(content);
  }
  sd.origin = *leg_origin_;
  sd.origin.session_version = std::to_string(version_);
  return sd.serialize();
}

}  // namespace cmr::sip::sdp
