// SDP (RFC 4566), the part an application server needs: v, o, s, c, t, m and
// the attributes rtpmap, ptime and the direction attributes. Lines it does
// not model (i, u, e, p, b, z, k, r and other a=) are kept in order, so a
// parsed description serializes back to the same text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cmr::sip::sdp {

enum class direction { sendrecv, sendonly, recvonly, inactive };
const char* to_string(direction d);
std::optional<direction> parse_direction(std::string_view s);

struct origin {
  std::string username = "-";
  std::string session_id = "0";
  std::string session_version = "0";
  std::string nettype = "IN";
  std::string addrtype = "IP4";
  std::string address = "0.0.0.0";
};

struct connection {
  std::string nettype = "IN";
  std::string addrtype = "IP4";
  std::string address;
};

// A line kept as received: type letter and value ("b", "AS:64").
struct line {
  char type = 'a';
  std::string value;
};

struct rtpmap {
  int payload_type = 0;
  std::string encoding;
  int clock_rate = 0;
  std::string parameters;  // channels, if any
};

struct media {
  std::string type = "audio";
  std::uint16_t port = 0;
  std::optional<int> port_count;
  std::string proto = "RTP/AVP";
  std::vector<std::string> formats;
  std::optional<connection> conn;
  // All lines after m= other than c= (attributes included), in order.
  std::vector<line> lines;

  [[nodiscard]] std::optional<rtpmap> find_rtpmap(int payload_type) const;
  [[nodiscard]] std::optional<int> ptime() const;
  // The media's own direction attribute, if any.
  [[nodiscard]] std::optional<direction> own_direction() const;
  void set_direction(direction d);
  [[nodiscard]] std::vector<std::string> attributes(std::string_view name) const;
};

struct session_description {
  int version = 0;
  sdp::origin origin;
  std::string session_name = "-";
  std::optional<connection> conn;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> times{{0, 0}};
  std::vector<line> session_lines;  // other session-level lines incl. a=
  std::vector<sdp::media> media;

  // The effective direction of media `index`: its own attribute, else the
  // session-level one, else sendrecv (RFC 4566 6).
  [[nodiscard]] direction media_direction(std::size_t index) const;
  [[nodiscard]] std::string serialize() const;
};

struct sdp_error {
  std::size_t line = 0;
  std::string reason;
};

result<session_description, sdp_error> parse(std::string_view text);

}  // namespace cmr::sip::sdp
