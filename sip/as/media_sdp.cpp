#include "sip/as/media_sdp.h"

#include <algorithm>
#include <charconv>

#include "sip/message/text.h"
#include "sip/sdp/multipart.h"
#include "sip/sdp/telephone_event.h"

namespace cmr::sip::as {

namespace {

int payload_of(media::g711_law l) {
  return l == media::g711_law::alaw ? 8 : 0;
}

std::optional<media::g711_law> law_of(std::string_view fmt) {
  if (fmt == "8") return media::g711_law::alaw;
  if (fmt == "0") return media::g711_law::ulaw;
  return std::nullopt;
}

struct pick {
  std::size_t index;
  media::g711_law law;
};

std::optional<pick> choose(const sdp::session_description& sd,
                           const std::vector<media::g711_law>& usable) {
  for (std::size_t i = 0; i < sd.media.size(); ++i) {
    const auto& m = sd.media[i];
    if (m.type != "audio" || m.port == 0 || m.proto != "RTP/AVP") continue;
    for (const auto& f : m.formats) {
      const auto l = law_of(f);
      if (l && std::find(usable.begin(), usable.end(), *l) != usable.end()) return pick{i, *l};
    }
  }
  return std::nullopt;
}

std::string origin_line(const local_media& local) {
  const bool v6 = local.address.find(':') != std::string::npos;
  return "o=cmr " + local.session_id + " " + std::to_string(local.version) + " IN " +
         (v6 ? "IP6 " : "IP4 ") + local.address + "\r\n";
}

std::string conn_line(const local_media& local) {
  const bool v6 = local.address.find(':') != std::string::npos;
  return std::string("c=IN ") + (v6 ? "IP6 " : "IP4 ") + local.address + "\r\n";
}

std::string rtpmap(media::g711_law l) {
  return l == media::g711_law::alaw ? "a=rtpmap:8 PCMA/8000\r\n" : "a=rtpmap:0 PCMU/8000\r\n";
}

}  // namespace

std::optional<audio_target> find_audio_target(const sdp::session_description& sd,
                                              const std::vector<media::g711_law>& usable) {
  const auto p = choose(sd, usable);
  if (!p) return std::nullopt;
  const auto& m = sd.media[p->index];
  const auto& c = m.conn ? m.conn : sd.conn;
  if (!c) return std::nullopt;
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(c->address, ec);
  if (ec || addr.is_unspecified()) return std::nullopt;  // 0.0.0.0: on hold
  return audio_target{{addr, m.port}, p->law};
}

std::optional<std::size_t> audio_index(const sdp::session_description& sd,
                                       const std::vector<media::g711_law>& usable) {
  const auto p = choose(sd, usable);
  if (!p) return std::nullopt;
  return p->index;
}

std::string make_offer(const local_media& local, const std::vector<media::g711_law>& laws,
                       std::optional<int> event_pt, sdp::direction dir) {
  std::string fmts;
  std::string maps;
  for (const auto l : laws) {
    fmts += " " + std::to_string(payload_of(l));
    maps += rtpmap(l);
  }
  if (event_pt) {
    fmts += " " + std::to_string(*event_pt);
    maps += sdp::telephone_event_lines(*event_pt);
  }
  return "v=0\r\n" + origin_line(local) + "s=CMR\r\n" + conn_line(local) + "t=0 0\r\n" +
         "m=audio " + std::to_string(local.port) + " RTP/AVP" + fmts + "\r\n" + maps +
         "a=ptime:20\r\na=" + sdp::to_string(dir) + "\r\n";
}

std::optional<int> answer_event_payload_type(const sdp::session_description& offer,
                                             std::size_t audio_index, bool wanted) {
  if (!wanted || audio_index >= offer.media.size()) return std::nullopt;
  return sdp::telephone_event_payload_type(offer.media[audio_index]);
}

std::string make_answer(const sdp::session_description& offer, std::size_t audio_index,
                        const local_media& local, media::g711_law law, sdp::direction dir,
                        std::optional<int> event_pt) {
  std::string out = "v=0\r\n" + origin_line(local) + "s=CMR\r\n" + conn_line(local) + "t=0 0\r\n";
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const auto& m = offer.media[i];
    if (i == audio_index) {
      out += "m=audio " + std::to_string(local.port) + " RTP/AVP " +
             std::to_string(payload_of(law)) +
             (event_pt ? " " + std::to_string(*event_pt) : std::string()) + "\r\n" + rtpmap(law) +
             (event_pt ? sdp::telephone_event_lines(*event_pt) : std::string()) +
             "a=ptime:20\r\na=" + sdp::to_string(dir) + "\r\n";
    } else {
      // Rejected stream: same type, port 0, one format from the offer.
      out +=
          "m=" + m.type + " 0 " + m.proto + " " + (m.formats.empty() ? "0" : m.formats[0]) + "\r\n";
    }
  }
  return out;
}

std::optional<sdp::direction> answer_direction(sdp::direction offered) {
  switch (offered) {
    case sdp::direction::sendrecv:
      return sdp::direction::sendrecv;
    case sdp::direction::recvonly:
      return sdp::direction::sendonly;
    case sdp::direction::sendonly:
    case sdp::direction::inactive:
      return std::nullopt;
  }
  return std::nullopt;
}

void present_session_sdp(message& m, sdp::origin_keeper& leg) {
  const auto* ct = m.header("Content-Type");
  if (ct == nullptr || m.body.empty()) return;
  const auto mt = parse_media_type(*ct);
  if (!mt) return;
  const auto is_session = [](const std::optional<content_disposition>& d) {
    return !d || text::iequals(d->type, "session");
  };
  if (mt->is("application", "sdp")) {
    const auto* cd = m.header("Content-Disposition");
    if (cd != nullptr && !is_session(parse_content_disposition(*cd))) return;
    m.body = leg.present(m.body);
    return;
  }
  if (!mt->is("multipart", "mixed")) return;
  const auto boundary = mt->param("boundary");
  if (!boundary) return;
  auto parts = parse_multipart(m.body, *boundary);
  if (!parts) return;
  for (auto& p : *parts) {
    const auto pt = p.content_type();
    if (!pt || !pt->is("application", "sdp") || !is_session(p.disposition())) continue;
    p.body = leg.present(p.body);
    m.body = serialize_multipart(*parts, *boundary);
    return;
  }
}

}  // namespace cmr::sip::as
