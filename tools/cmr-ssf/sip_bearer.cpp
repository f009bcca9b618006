#include "tools/cmr-ssf/sip_bearer.h"

#include <array>
#include <optional>
#include <vector>

#include "media/dtmf/prompts.h"
#include "media/dtmf/rtp_keys.h"
#include "sip/dialog/dialog.h"
#include "sip/sdp/sdp.h"
#include "sip/transport/uri_endpoint.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {

namespace ip = boost::asio::ip;
using clock_type = std::chrono::steady_clock;

struct sip_bearer_service::bearer {
  bearer_id id = 0;
  bearer_request req;
  std::string call_id;
  sip::message invite;
  std::shared_ptr<sip::client_transaction> tx;
  std::optional<sip::dialog> dlg;
  std::uint32_t invite_cseq = 1;
  ip::udp::socket rtp;
  std::array<std::uint8_t, 2048> buf{};
  ip::udp::endpoint from;
  std::optional<rtp_checker> checker;
  // Keys (sip_bearer_options::presses): the streams received, where the
  // IP's RTP port is, and this side's own stream.
  std::optional<stream_segments> segments;
  std::optional<ip::udp::endpoint> ip_rtp;
  std::uint8_t event_pt = 101;
  std::uint16_t tx_seq = 1;
  std::uint32_t tx_ts = 0, tx_ssrc = 0x55aa0000;
  // RTP that arrived before the 2xx was processed: the answerer may send as
  // soon as it answered (RFC 3264 5.1), and the IP's play of the routing
  // number form starts at the SCP's PlayAnnouncement, which can overtake the
  // 200 OK. Checked in order once the answer names the law.
  std::vector<std::vector<std::uint8_t>> early;
  std::optional<media::g711_law> law;
  bool answered = false;
  bool closing = false;  // closed before the 2xx: ACK + BYE when it comes
  clock_type::time_point answered_at;
  explicit bearer(boost::asio::io_context& io) : rtp(io) {}
};

namespace {

constexpr std::size_t max_early_packets = 50;  // 1 s of 20 ms packets

std::string law_pt(media::g711_law l) {
  return l == media::g711_law::alaw ? "8" : "0";
}

std::string offer(const std::string& addr, std::uint16_t port,
                  const std::vector<media::g711_law>& laws, bearer_id id, bool keys, bool events) {
  std::string fmts;
  std::string maps;
  for (const auto l : laws) {
    fmts += " " + law_pt(l);
    maps += "a=rtpmap:" + law_pt(l) +
            (l == media::g711_law::alaw ? " PCMA/8000\r\n" : " PCMU/8000\r\n");
  }
  if (keys && events) {
    fmts += " 101";
    maps += "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";
  }
  const std::string sess = std::to_string(id);
  return "v=0\r\no=cmr-ssf " + sess + " 1 IN IP4 " + addr + "\r\ns=-\r\nc=IN IP4 " + addr +
         "\r\nt=0 0\r\nm=audio " + std::to_string(port) + " RTP/AVP" + fmts + "\r\n" + maps +
         "a=ptime:20\r\n" + (keys ? "a=sendrecv\r\n" : "a=recvonly\r\n");
}

// The law of the answer's first audio format.
std::optional<media::g711_law> answered_law(const std::string& body) {
  auto sd = sip::sdp::parse(body);
  if (!sd) return std::nullopt;
  for (const auto& m : sd->media) {
    if (m.type != "audio" || m.port == 0 || m.formats.empty()) continue;
    if (m.formats.front() == "8") return media::g711_law::alaw;
    if (m.formats.front() == "0") return media::g711_law::ulaw;
  }
  return std::nullopt;
}

}  // namespace

sip_bearer_service::sip_bearer_service(boost::asio::io_context& io, sip_bearer_options options,
                                       content_source* content)
    : io_(io), opt_(std::move(options)), content_(content), timers_(io) {
  if (content_ != nullptr) opt_.laws = content_->laws();
}

sip_bearer_service::~sip_bearer_service() {
  stop();
}

cmr::result<void, std::string> sip_bearer_service::start() {
  layer_ = std::make_unique<sip::transaction_layer>(timers_, sip::timer_config{}, *this);
  auto udp = sip::udp_transport::open(io_, *layer_, opt_.local, 0);
  if (!udp) return cmr::unexpected{"SIP transport: " + udp.error()};
  udp_ = std::move(*udp);
  layer_->add_transport(*udp_);
  return ok;
}

void sip_bearer_service::stop() {
  for (auto& [id, b] : bearers_) {
    boost::system::error_code ec;
    b->rtp.close(ec);
  }
  bearers_.clear();
  by_call_id_.clear();
  if (udp_) udp_->close();
}

std::uint16_t sip_bearer_service::sip_port() const {
  return udp_ ? udp_->local_endpoint().port : 0;
}

bearer_id sip_bearer_service::open(const bearer_request& req) {
  if (!layer_) return 0;
  auto b = std::make_shared<bearer>(io_);
  b->id = next_id_++;
  b->req = req;
  boost::system::error_code ec;
  b->rtp.open(opt_.local.is_v6() ? ip::udp::v6() : ip::udp::v4(), ec);
  if (!ec) b->rtp.bind(ip::udp::endpoint(opt_.local, 0), ec);
  if (!ec) b->rtp.non_blocking(true, ec);  // read_rtp() takes what is there, never waits
  if (ec) {
    CMR_LOG(ssf, error, "RTP socket: %s", ec.message().c_str());
    return 0;
  }
  const std::uint16_t rtp_port = b->rtp.local_endpoint(ec).port();
  const std::string host = opt_.ip.address.is_v6() ? "[" + opt_.ip.address.to_string() + "]"
                                                   : opt_.ip.address.to_string();
  const std::string target = host + ":" + std::to_string(opt_.ip.port);
  const std::string ruri =
      req.announcement_id
          ? "sip:annc@" + target + ";play=cmr:" + std::to_string(*req.announcement_id)
          : "sip:" + req.routing_digits + "@" + target;
  auto u = sip::parse_uri(ruri);
  if (!u) {
    CMR_LOG(ssf, error, "bad bearer URI %s", ruri.c_str());
    return 0;
  }
  const std::string local = opt_.local.to_string();
  const std::string local_hp =
      (opt_.local.is_v6() ? "[" + local + "]" : local) + ":" + std::to_string(sip_port());
  sip::message m = sip::message::make_request("INVITE", *u);
  const std::string call_id = sip::random_token(20) + "@cmr-ssf";
  m.add_header("Max-Forwards", "70");
  m.add_header("From", "<sip:ssf@" + local_hp + ">;tag=" + sip::random_token(12));
  m.add_header("To", "<" +
                         (req.announcement_id ? "sip:annc@" + target
                                              : "sip:" + req.routing_digits + "@" + target) +
                         ">");
  m.add_header("Call-ID", call_id);
  m.add_header("CSeq", "1 INVITE");
  m.add_header("Contact", "<sip:ssf@" + local_hp + ">");
  m.add_header("Content-Type", "application/sdp");
  m.body = offer(local, rtp_port, opt_.laws, b->id, !opt_.presses.empty(), !opt_.inband);
  b->call_id = call_id;
  const bearer_id id = b->id;
  bearers_[id] = b;
  by_call_id_[call_id] = id;
  b->tx = layer_->send_request(
      std::move(m), opt_.ip,
      {[this, id](const sip::message& rsp) { on_invite_response(id, rsp); },
       [this, id](sip::tx_error e) {
         on_invite_error(id, e == sip::tx_error::timeout ? "INVITE timed out" : "transport error");
       }});
  if (!b->tx) {
    drop(id);
    return 0;
  }
  b->invite = b->tx->request();
  receive_rtp(b);
  return id;
}

// Readiness only: the datagrams leave the socket in read_rtp(), straight into
// the check, so that when the IP's BYE is handled every RTP packet it sent
// before (already queued in the socket on loopback) is counted. (A completed
// async receive could hold the last packet in a handler queued behind the
// BYE: "play completed after 3040 bytes, expected 3200" under load.)
void sip_bearer_service::receive_rtp(const std::shared_ptr<bearer>& b) {
  b->rtp.async_wait(ip::udp::socket::wait_read, [this, b](const boost::system::error_code& ec) {
    if (ec) return;  // closed
    read_rtp(*b);
    if (b->rtp.is_open()) receive_rtp(b);
  });
}

void sip_bearer_service::read_rtp(bearer& b) {
  boost::system::error_code ec;
  while (b.rtp.is_open()) {
    const std::size_t n = b.rtp.receive_from(boost::asio::buffer(b.buf), b.from, 0, ec);
    if (ec) return;  // would_block: nothing more for now
    if (b.segments) {
      b.segments->on_packet(std::span<const std::uint8_t>(b.buf.data(), n));
    } else if (b.checker) {
      b.checker->on_packet(std::span<const std::uint8_t>(b.buf.data(), n));
    } else if (!b.answered && b.early.size() < max_early_packets) {
      b.early.emplace_back(b.buf.begin(), b.buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
  }
}

void sip_bearer_service::on_invite_response(bearer_id id, const sip::message& rsp) {
  auto it = bearers_.find(id);
  if (it == bearers_.end()) {
    // Closed before the answer: a 2xx still needs its ACK and a BYE.
    return;
  }
  auto b = it->second;
  if (rsp.status < 200) return;
  if (rsp.status >= 300) {
    bearer_end e;
    e.what = bearer_end::kind::failed;
    e.status = rsp.status;
    e.detail = "INVITE answered " + std::to_string(rsp.status) + " " + rsp.reason;
    drop(id);
    if (events_ != nullptr) events_->bearer_ended(b->req.call, id, e);
    return;
  }
  if (!b->dlg) b->dlg = sip::dialog::create_uac(b->invite, rsp);
  if (!b->dlg) return;
  b->dlg->confirm();
  const auto ack = b->dlg->create_ack(b->invite_cseq);
  const auto to = sip::endpoint_from_uri(b->dlg->next_hop());
  layer_->send_stateless(
      ack, to ? sip::endpoint{to->address, to->port, sip::transport_kind::udp} : opt_.ip);
  if (b->answered) return;  // a 2xx retransmission: ACKed again
  b->answered = true;
  b->answered_at = clock_type::now();
  b->law = answered_law(rsp.body);
  expected_bytes want;
  if (content_ != nullptr && b->law) want = content_->expected(b->req.announcement_id, *b->law);
  b->checker.emplace(want,
                     b->law ? std::optional<std::uint8_t>(*b->law == media::g711_law::alaw ? 8 : 0)
                            : std::nullopt);
  if (!opt_.presses.empty()) b->segments.emplace();
  for (const auto& pkt : b->early) {
    if (b->segments)
      b->segments->on_packet(std::span<const std::uint8_t>(pkt.data(), pkt.size()));
    else
      b->checker->on_packet(std::span<const std::uint8_t>(pkt.data(), pkt.size()));
  }
  b->early.clear();
  b->early.shrink_to_fit();
  if (b->closing) {
    send_bye(*b);
    drop(id);
    return;
  }
  if (!opt_.presses.empty()) schedule_presses(b, rsp.body);
  if (events_ != nullptr) events_->bearer_up(b->req.call, id);
}

// The IP's RTP address from its answer, then a timer per key.
void sip_bearer_service::schedule_presses(const std::shared_ptr<bearer>& b, const std::string& answer) {
  auto sd = sip::sdp::parse(answer);
  if (!sd) return;
  for (const auto& m : sd->media) {
    if (m.type != "audio" || m.port == 0) continue;
    const auto& conn = m.conn ? m.conn : sd->conn;
    boost::system::error_code ec;
    const auto a = ip::make_address(conn ? conn->address : std::string("127.0.0.1"), ec);
    if (ec) return;
    b->ip_rtp = ip::udp::endpoint(a, m.port);
    for (const auto& f : m.formats) {
      const auto map = m.find_rtpmap(std::atoi(f.c_str()));
      if (map && map->encoding == "telephone-event") b->event_pt = static_cast<std::uint8_t>(map->payload_type);
    }
    break;
  }
  if (!b->ip_rtp) {
    CMR_LOG(ssf, error, "bearer %llu: no RTP address in the IP's answer: no keys sent",
            static_cast<unsigned long long>(b->id));
    return;
  }
  std::weak_ptr<bearer> weak = b;
  for (const auto& p : opt_.presses)
    (void)timers_.start(std::chrono::milliseconds(p.at_ms), [this, weak, key = p.key] {
      if (auto bb = weak.lock(); bb && bb->rtp.is_open()) send_key(bb, key);
    });
}

void sip_bearer_service::send_key(const std::shared_ptr<bearer>& b, char key) {
  std::weak_ptr<bearer> weak = b;
  const auto send_at = [this, weak](std::uint32_t offset_ms, std::vector<std::uint8_t> pkt) {
    (void)timers_.start(std::chrono::milliseconds(offset_ms), [weak, pkt = std::move(pkt)] {
      auto bb = weak.lock();
      if (!bb || !bb->rtp.is_open() || !bb->ip_rtp) return;
      boost::system::error_code ec;
      bb->rtp.send_to(boost::asio::buffer(pkt), *bb->ip_rtp, 0, ec);
    });
  };
  CMR_LOG(ssf, info, "bearer %llu: key '%c' (%s)", static_cast<unsigned long long>(b->id), key,
          opt_.inband ? "in-band" : "RFC 4733");
  if (!opt_.inband) {
    for (auto& p : media::dtmf::rfc4733_key_packets(key, b->event_pt, b->tx_seq, b->tx_ts, b->tx_ssrc)) {
      ++b->tx_seq;
      send_at(p.offset_ms, std::move(p.bytes));
    }
    b->tx_ts += 8000;  // the next event a second of timestamps later
    return;
  }
  const auto law = b->law.value_or(media::g711_law::alaw);
  std::uint32_t offset = 0;
  bool first = true;
  for (const auto& f : media::dtmf::inband_key_frames(key, law)) {
    std::vector<std::uint8_t> pkt{0x80,
                                  static_cast<std::uint8_t>((first ? 0x80 : 0) | (law == media::g711_law::alaw ? 8 : 0)),
                                  static_cast<std::uint8_t>(b->tx_seq >> 8),
                                  static_cast<std::uint8_t>(b->tx_seq & 0xff),
                                  static_cast<std::uint8_t>(b->tx_ts >> 24),
                                  static_cast<std::uint8_t>((b->tx_ts >> 16) & 0xff),
                                  static_cast<std::uint8_t>((b->tx_ts >> 8) & 0xff),
                                  static_cast<std::uint8_t>(b->tx_ts & 0xff),
                                  static_cast<std::uint8_t>(b->tx_ssrc >> 24),
                                  static_cast<std::uint8_t>((b->tx_ssrc >> 16) & 0xff),
                                  static_cast<std::uint8_t>((b->tx_ssrc >> 8) & 0xff),
                                  static_cast<std::uint8_t>(b->tx_ssrc & 0xff)};
    pkt.insert(pkt.end(), f.begin(), f.end());
    first = false;
    ++b->tx_seq;
    b->tx_ts += 160;
    send_at(offset, std::move(pkt));
    offset += 20;
  }
}

// The RTP of a bearer with keys: one stream per play of the IP.
rtp_report sip_bearer_service::segments_report(bearer& b, bool expect_media) {
  rtp_report r;
  const auto& seg = *b.segments;
  r.packets = seg.packets();
  r.payload_bytes = seg.payload_bytes();
  r.streams = static_cast<std::uint32_t>(seg.streams());
  if (r.packets == 0) {
    r.ok = !expect_media;
    if (expect_media) r.problem = "no RTP received";
    return r;
  }
  const auto law = b.law.value_or(media::g711_law::alaw);
  if (content_ != nullptr) {
    const auto want = content_->expected(b.req.announcement_id, law);
    const auto* first = seg.first();
    if (want && !want->empty() && first != nullptr) {
      r.content_checked = true;
      for (std::size_t i = 0; i < first->size(); ++i)
        if ((*first)[i] != (*want)[i % want->size()]) {
          r.ok = false;
          r.problem = "the ringback differs from the expected content at byte " + std::to_string(i);
          return r;
        }
    }
  }
  if (opt_.expect_prompt) {
    const auto prompt = media::dtmf::builtin_prompt(*opt_.expect_prompt, law);
    if (seg.later_stream_is(prompt)) {
      r.prompt = ringback::to_string(*opt_.expect_prompt);
    } else {
      r.ok = false;
      r.problem = std::string("the ") + ringback::to_string(*opt_.expect_prompt) +
                  " prompt was not heard after the key (" + std::to_string(r.streams) + " streams)";
    }
  }
  return r;
}

void sip_bearer_service::on_invite_error(bearer_id id, const std::string& why) {
  auto it = bearers_.find(id);
  if (it == bearers_.end()) return;
  auto b = it->second;
  drop(id);
  bearer_end e;
  e.what = bearer_end::kind::failed;
  e.detail = why;
  if (events_ != nullptr) events_->bearer_ended(b->req.call, id, e);
}

void sip_bearer_service::on_request(const std::shared_ptr<sip::server_transaction>& tx) {
  const auto& req = tx->request();
  if (req.method != "BYE") {
    tx->respond(req.method == "OPTIONS" ? 200 : 405);
    return;
  }
  auto cit = by_call_id_.find(req.call_id());
  if (cit == by_call_id_.end()) {
    tx->respond(481);
    return;
  }
  auto it = bearers_.find(cit->second);
  if (it == bearers_.end() || !it->second->answered) {
    tx->respond(481);
    return;
  }
  auto b = it->second;
  tx->respond(200);
  // The IP ends the play form when the play completed: exactly the
  // requested repetitions (when bounded by repetitions, not by duration).
  std::optional<std::uint32_t> complete;
  if (b->req.announcement_id && b->req.repetitions && !b->req.bounded_by_duration)
    complete = *b->req.repetitions;
  bearer_end e;
  e.what = bearer_end::kind::remote_bye;
  e.rtp = end_media(*b, complete, true);
  drop(b->id);
  if (events_ != nullptr) events_->bearer_ended(b->req.call, b->id, e);
}

void sip_bearer_service::on_stray_response(const sip::message& rsp, const sip::endpoint& peer) {
  // A retransmitted 2xx after the INVITE transaction ended: ACK it again.
  auto cit = by_call_id_.find(rsp.call_id());
  if (cit == by_call_id_.end() || rsp.status < 200 || rsp.status >= 300) return;
  auto it = bearers_.find(cit->second);
  if (it == bearers_.end() || !it->second->dlg) return;
  layer_->send_stateless(it->second->dlg->create_ack(it->second->invite_cseq), peer);
}

rtp_report sip_bearer_service::end_media(bearer& b, std::optional<std::uint32_t> complete,
                                         bool expect_media) {
  read_rtp(b);  // what arrived before the end belongs to the stream
  boost::system::error_code ec;
  b.rtp.close(ec);
  if (b.segments) return segments_report(b, expect_media);
  if (!b.checker) {
    rtp_report r;
    if (expect_media) {
      r.ok = false;
      r.problem = "no RTP received";
    }
    return r;
  }
  return b.checker->finish(complete, expect_media);
}

void sip_bearer_service::send_bye(bearer& b) {
  if (!b.dlg) return;
  sip::message bye = b.dlg->create_request("BYE");
  const auto to = sip::endpoint_from_uri(b.dlg->next_hop());
  layer_->send_request(
      std::move(bye), to ? sip::endpoint{to->address, to->port, sip::transport_kind::udp} : opt_.ip,
      {[](const sip::message&) {}, [](sip::tx_error) {}});
}

rtp_report sip_bearer_service::close(bearer_id id) {
  auto it = bearers_.find(id);
  if (it == bearers_.end()) return {};
  auto b = it->second;
  if (!b->answered) {
    // Not answered yet: CANCEL when a provisional came, else BYE after the 2xx.
    if (b->tx && b->tx->got_provisional())
      layer_->send_cancel(*b->tx, {[](const sip::message&) {}, [](sip::tx_error) {}});
    b->closing = true;
    boost::system::error_code ec;
    b->rtp.close(ec);
    // Keep it for the late 2xx (ACK + BYE), without events.
    b->req.call = 0;
    return {};
  }
  const bool expect = clock_type::now() - b->answered_at >= opt_.media_grace;
  auto r = end_media(*b, std::nullopt, expect);
  send_bye(*b);
  drop(id);
  return r;
}

void sip_bearer_service::drop(bearer_id id) {
  auto it = bearers_.find(id);
  if (it == bearers_.end()) return;
  // The pending RTP receive holds the bearer: closing the socket ends it,
  // whatever the path (a failed INVITE left bearer and socket alive).
  boost::system::error_code ec;
  it->second->rtp.close(ec);
  by_call_id_.erase(it->second->call_id);
  bearers_.erase(it);
}

}  // namespace cmr::tools::ssf
