#include "sip/as/media_sdp.h"

#include <algorithm>
#include <charconv>

namespace cmr::sip::as {

namespace {

int payload_of(media::g711_law l) { return l == media::g711_law::alaw ? 8 : 0; }

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

std::string make_offer(const local_media& local, const std::vector<media::g711_law>& laws) {
  std::string fmts;
  std::string maps;
  for (const auto l : laws) {
    fmts += " " + std::to_string(payload_of(l));
    maps += rtpmap(l);
  }
  return "v=0\r\n" + origin_line(local) + "s=CMR\r\n" + conn_line(local) + "t=0 0\r\n" +
         "m=audio " + std::to_string(local.port) + " RTP/AVP" + fmts + "\r\n" + maps +
         "a=ptime:20\r\na=sendonly\r\n";
}

std::string make_answer(const sdp::session_description& offer, std::size_t audio_index,
                        const local_media& local, media::g711_law law) {
  std::string out = "v=0\r\n" + origin_line(local) + "s=CMR\r\n" + conn_line(local) + "t=0 0\r\n";
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const auto& m = offer.media[i];
    if (i == audio_index) {
      out += "m=audio " + std::to_string(local.port) + " RTP/AVP " +
             std::to_string(payload_of(law)) + "\r\n" + rtpmap(law) + "a=ptime:20\r\na=sendonly\r\n";
    } else {
      // Rejected stream: same type, port 0, one format from the offer.
      out += "m=" + m.type + " 0 " + m.proto + " " + (m.formats.empty() ? "0" : m.formats[0]) +
             "\r\n";
    }
  }
  return out;
}

std::string reissue(sdp::session_description sd, const local_media& local) {
  const bool v6 = local.address.find(':') != std::string::npos;
  sd.origin.username = "cmr";
  sd.origin.session_id = local.session_id;
  sd.origin.session_version = std::to_string(local.version);
  sd.origin.addrtype = v6 ? "IP6" : "IP4";
  sd.origin.address = local.address;
  return sd.serialize();
}

}  // namespace cmr::sip::as
