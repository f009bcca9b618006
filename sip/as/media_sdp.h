// The SDP this server writes as a media source (RFC 3264 offer/answer) and
// reads from its peers: where to send RTP and in which G.711 law.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media/playout_rendition.h"
#include "sip/message/message.h"
#include "sip/sdp/origin_keeper.h"
#include "sip/sdp/sdp.h"

namespace cmr::sip::as {

struct audio_target {
  boost::asio::ip::udp::endpoint remote;
  media::g711_law law = media::g711_law::alaw;
};

// The first audio stream with a port and PCMA (8) or PCMU (0) among
// `usable`, in the peer's order of preference. nullopt: nothing to play to.
std::optional<audio_target> find_audio_target(const sdp::session_description& sd,
                                              const std::vector<media::g711_law>& usable);

struct local_media {
  std::string address;  // IPv4 or IPv6 text
  std::uint16_t port = 0;
  std::string session_id;  // o= session id, fixed per call leg
  std::uint64_t version = 1;
};

// An offer of one audio stream in the given laws (preferred first),
// send-only by default. With `event_pt` (presentation control, spec 5.7):
// RFC 4733 telephone-event 0-15 on that payload type too, and `dir`
// sendrecv so that the caller sends its keys to the stream's port.
std::string make_offer(const local_media& local, const std::vector<media::g711_law>& laws,
                       std::optional<int> event_pt = std::nullopt,
                       sdp::direction dir = sdp::direction::sendonly);

// The answer to `offer`: the chosen audio stream gets `law`, our port and
// `dir`; every other stream is rejected with port 0 (RFC 3264 6).
// `event_pt`: telephone-event is answered on that payload type (the one the
// offer used for it, RFC 4733 7.1.1; see answer_event_payload_type()).
std::string make_answer(const sdp::session_description& offer, std::size_t audio_index,
                        const local_media& local, media::g711_law law, sdp::direction dir,
                        std::optional<int> event_pt = std::nullopt);

// The telephone-event payload type to answer with for the offer's stream
// `audio_index` when presentation control wants keys: the one the offer
// uses, nullopt when it offered none (in-band detection only) or `wanted`
// is false.
std::optional<int> answer_event_payload_type(const sdp::session_description& offer,
                                             std::size_t audio_index, bool wanted);

// The direction this server answers for an offered stream it plays to:
// sendrecv to sendrecv (it plays and takes what the caller sends), sendonly
// to recvonly; nullopt when the offer does not let it send (sendonly,
// inactive).
std::optional<sdp::direction> answer_direction(sdp::direction offered);

// The index of the audio stream find_audio_target() chose.
std::optional<std::size_t> audio_index(const sdp::session_description& sd,
                                       const std::vector<media::g711_law>& usable);

// The session description of `m` (a single application/sdp body, or the
// session part of a multipart body; an SDP without Content-Disposition is
// the session's, RFC 3261 20.11) presented through the leg's origin keeper:
// one origin per leg, the version up by one per change (RFC 3264 8).
// Early-session descriptions (RFC 3959) are another session and stay as
// they are.
void present_session_sdp(message& m, sdp::origin_keeper& leg);

}  // namespace cmr::sip::as
