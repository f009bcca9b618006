#include "sip/sdp/sdp.h"

#include "sip/message/text.h"

namespace cmr::sip::sdp {

const char* to_string(direction d) {
  switch (d) {
    case direction::sendrecv:
      return "sendrecv";
    case direction::sendonly:
      return "sendonly";
    case direction::recvonly:
      return "recvonly";
    case direction::inactive:
      return "inactive";
  }
  return "sendrecv";
}

std::optional<direction> parse_direction(std::string_view s) {
  if (s == "sendrecv") return direction::sendrecv;
  if (s == "sendonly") return direction::sendonly;
  if (s == "recvonly") return direction::recvonly;
  if (s == "inactive") return direction::inactive;
  return std::nullopt;
}

namespace {

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const auto start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::optional<connection> parse_connection(std::string_view v) {
  const auto f = fields(v);
  if (f.size() != 3) return std::nullopt;
  return connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
}

std::string to_line(const connection& c) {
  return c.nettype + " " + c.addrtype + " " + c.address;
}

// "name:value" or "name" of an a= line.
std::pair<std::string_view, std::string_view> split_attribute(std::string_view v) {
  const auto colon = v.find(':');
  if (colon == std::string_view::npos) return {v, {}};
  return {v.substr(0, colon), v.substr(colon + 1)};
}

std::optional<direction> direction_in(const std::vector<line>& lines) {
  for (const auto& l : lines)
    if (l.type == 'a')
      if (auto d = parse_direction(l.value)) return d;
  return std::nullopt;
}

}  // namespace

std::optional<rtpmap> media::find_rtpmap(int payload_type) const {
  for (const auto& l : lines) {
    if (l.type != 'a') continue;
    const auto [name, value] = split_attribute(l.value);
    if (name != "rtpmap") continue;
    const auto f = fields(value);
    if (f.size() != 2) continue;
    const auto pt = text::parse_uint(f[0], 127);
    if (!pt || static_cast<int>(*pt) != payload_type) continue;
    rtpmap m;
    m.payload_type = payload_type;
    const auto enc = f[1];
    const auto s1 = enc.find('/');
    m.encoding = std::string(enc.substr(0, s1));
    if (s1 != std::string_view::npos) {
      const auto rest = enc.substr(s1 + 1);
      const auto s2 = rest.find('/');
      const auto rate = text::parse_uint(rest.substr(0, s2), 1000000000);
      m.clock_rate = rate ? static_cast<int>(*rate) : 0;
      if (s2 != std::string_view::npos) m.parameters = std::string(rest.substr(s2 + 1));
    }
    return m;
  }
  // RFC 3551 static payload types the AS plays without an rtpmap.
  if (payload_type == 0) return rtpmap{0, "PCMU", 8000, {}};
  if (payload_type == 8) return rtpmap{8, "PCMA", 8000, {}};
  return std::nullopt;
}

std::optional<int> media::ptime() const {
  for (const auto& l : lines) {
    if (l.type != 'a') continue;
    const auto [name, value] = split_attribute(l.value);
    if (name == "ptime") {
      const auto v = text::parse_uint(text::trim(value), 100000);
      if (v) return static_cast<int>(*v);
    }
  }
  return std::nullopt;
}

std::optional<direction> media::own_direction() const {
  return direction_in(lines);
}

void media::set_direction(direction d) {
  for (auto& l : lines) {
    if (l.type == 'a' && parse_direction(l.value)) {
      l.value = to_string(d);
      return;
    }
  }
  lines.push_back(line{'a', to_string(d)});
}

std::vector<std::string> media::attributes(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (l.type != 'a') continue;
    const auto [n, v] = split_attribute(l.value);
    if (n == name) out.emplace_back(v);
  }
  return out;
}

direction session_description::media_direction(std::size_t index) const {
  if (index < media.size())
    if (auto d = media[index].own_direction()) return *d;
  return direction_in(session_lines).value_or(direction::sendrecv);
}

result<session_description, sdp_error> parse(std::string_view text_in) {
  session_description sd;
  sd.times.clear();
  std::size_t line_no = 0;
  std::size_t pos = 0;
  bool seen_v = false, seen_o = false, seen_s = false;
  auto fail = [&](std::string reason) { return unexpected(sdp_error{line_no, std::move(reason)}); };
  while (pos < text_in.size()) {
    auto nl = text_in.find('\n', pos);
    if (nl == std::string_view::npos) nl = text_in.size();
    auto l = text_in.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty()) continue;  // tolerate a trailing empty line
    if (l.size() < 2 || l[1] != '=') return fail("not a type=value line");
    const char type = l[0];
    const auto value = l.substr(2);
    if (!seen_v && type != 'v') return fail("v= must come first");
    switch (type) {
      case 'v': {
        if (value != "0") return fail("unsupported version");
        seen_v = true;
        break;
      }
      case 'o': {
        const auto f = fields(value);
        if (f.size() != 6) return fail("o= needs six fields");
        sd.origin = {std::string(f[0]), std::string(f[1]), std::string(f[2]),
                     std::string(f[3]), std::string(f[4]), std::string(f[5])};
        seen_o = true;
        break;
      }
      case 's':
        sd.session_name = std::string(value);
        seen_s = true;
        break;
      case 'c': {
        auto c = parse_connection(value);
        if (!c) return fail("bad c=");
        if (sd.media.empty())
          sd.conn = std::move(c);
        else
          sd.media.back().conn = std::move(c);
        break;
      }
      case 't': {
        const auto f = fields(value);
        if (f.size() != 2) return fail("t= needs two fields");
        const auto a = text::parse_uint(f[0], UINT64_MAX);
        const auto b = text::parse_uint(f[1], UINT64_MAX);
        if (!a || !b) return fail("bad t=");
        sd.times.emplace_back(*a, *b);
        break;
      }
      case 'm': {
        const auto f = fields(value);
        if (f.size() < 3) return fail("m= needs media, port and proto");
        media m;
        m.type = std::string(f[0]);
        const auto slash = f[1].find('/');
        const auto port = text::parse_uint(f[1].substr(0, slash), 65535);
        if (!port) return fail("bad m= port");
        m.port = static_cast<std::uint16_t>(*port);
        if (slash != std::string_view::npos) {
          const auto count = text::parse_uint(f[1].substr(slash + 1), 65535);
          if (!count) return fail("bad m= port count");
          m.port_count = static_cast<int>(*count);
        }
        m.proto = std::string(f[2]);
        for (std::size_t i = 3; i < f.size(); ++i) m.formats.emplace_back(f[i]);
        sd.media.push_back(std::move(m));
        break;
      }
      default:
        if (sd.media.empty())
          sd.session_lines.push_back(line{type, std::string(value)});
        else
          sd.media.back().lines.push_back(line{type, std::string(value)});
        break;
    }
  }
  if (!seen_v || !seen_o || !seen_s) return fail("missing v=, o= or s=");
  if (sd.times.empty()) return fail("missing t=");
  return sd;
}

std::string session_description::serialize() const {
  std::string out = "v=" + std::to_string(version) + "\r\n";
  out += "o=" + origin.username + " " + origin.session_id + " " + origin.session_version + " " +
         origin.nettype + " " + origin.addrtype + " " + origin.address + "\r\n";
  out += "s=" + session_name + "\r\n";
  // RFC 4566 order: i u e p before c; b after c; z k a after t.
  for (const auto& l : session_lines)
    if (l.type == 'i' || l.type == 'u' || l.type == 'e' || l.type == 'p')
      out += std::string(1, l.type) + "=" + l.value + "\r\n";
  if (conn) out += "c=" + to_line(*conn) + "\r\n";
  for (const auto& l : session_lines)
    if (l.type == 'b') out += "b=" + l.value + "\r\n";
  for (const auto& [start, stop] : times)
    out += "t=" + std::to_string(start) + " " + std::to_string(stop) + "\r\n";
  for (const auto& l : session_lines)
    if (l.type != 'i' && l.type != 'u' && l.type != 'e' && l.type != 'p' && l.type != 'b')
      out += std::string(1, l.type) + "=" + l.value + "\r\n";
  for (const auto& m : media) {
    out += "m=" + m.type + " " + std::to_string(m.port);
    if (m.port_count) out += "/" + std::to_string(*m.port_count);
    out += " " + m.proto;
    for (const auto& f : m.formats) out += " " + f;
    out += "\r\n";
    for (const auto& l : m.lines)
      if (l.type == 'i') out += "i=" + l.value + "\r\n";
    if (m.conn) out += "c=" + to_line(*m.conn) + "\r\n";
    for (const auto& l : m.lines)
      if (l.type != 'i') out += std::string(1, l.type) + "=" + l.value + "\r\n";
  }
  return out;
}

}  // namespace cmr::sip::sdp
