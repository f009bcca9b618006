#include "tools/cmr-ssf/sip_trunk.h"

#include <array>
#include <optional>
#include <vector>

#include "sip/dialog/dialog.h"
#include "sip/sdp/sdp.h"
#include "sip/transport/uri_endpoint.h"
#include "tools/cmr-ssf/log.h"

namespace cmr::tools::ssf {

namespace ip = boost::asio::ip;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr const char* k_pair_header = "X-Cmr-Ssf-Trunk";
constexpr const char* k_allow = "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE";
constexpr std::size_t max_early_packets = 50;

std::string law_pt(media::g711_law l) {
  return l == media::g711_law::alaw ? "8" : "0";
}

// A sendrecv G.711 description of this side (a party of a call, not an IP).
std::string sdp_of(const std::string& addr, std::uint16_t port,
                   const std::vector<media::g711_law>& laws, const std::string& session,
                   unsigned version) {
  std::string fmts;
  std::string maps;
  for (const auto l : laws) {
    fmts += " " + law_pt(l);
    maps += "a=rtpmap:" + law_pt(l) +
            (l == media::g711_law::alaw ? " PCMA/8000\r\n" : " PCMU/8000\r\n");
  }
  return "v=0\r\no=cmr-ssf " + session + " " + std::to_string(version) + " IN IP4 " + addr +
         "\r\ns=-\r\nc=IN IP4 " + addr + "\r\nt=0 0\r\nm=audio " + std::to_string(port) +
         " RTP/AVP" + fmts + "\r\n" + maps + "a=ptime:20\r\na=sendrecv\r\n";
}

std::optional<media::g711_law> first_law(const std::string& body) {
  auto sd = sip::sdp::parse(body);
  if (!sd) return std::nullopt;
  for (const auto& m : sd->media) {
    if (m.type != "audio" || m.port == 0 || m.formats.empty()) continue;
    if (m.formats.front() == "8") return media::g711_law::alaw;
    if (m.formats.front() == "0") return media::g711_law::ulaw;
  }
  return std::nullopt;
}

void noop_response(const sip::message&) {}
void noop_error(sip::tx_error) {}

}  // namespace

struct sip_trunk_service::leg_pair {
  trunk_id id = 0;
  trunk_request req;
  // A-leg (this side calls the platform).
  std::string a_call_id;
  sip::message a_invite;
  std::shared_ptr<sip::client_transaction> a_tx;
  std::optional<sip::dialog> a_dlg;
  ip::udp::socket a_rtp;
  std::array<std::uint8_t, 2048> buf{};
  ip::udp::endpoint from;
  std::optional<rtp_checker> checker;
  std::vector<std::vector<std::uint8_t>> early;  // RTP before the 18x's SDP was read
  unsigned a_sdp_version = 1;
  bool a_final = false;                 // the A-leg's INVITE got its final response
  bool a_answered = false;              // ... a 2xx
  bool closing = false;                 // the call model let go of it: no events
  std::optional<rtp_report> at_answer;  // the ringback as checked at the answer
  std::uint64_t after_answer = 0;       // RTP packets later than the grace after it
  clock_type::time_point answered_at;
  // B-leg (the platform calls the callee, this side).
  std::shared_ptr<sip::server_transaction> b_tx;
  std::string b_call_id, b_tag;
  ip::udp::socket b_rtp;
  bool b_final = false;
  bool b_over = false;  // final non-2xx sent, or BYE received
  std::optional<clock_type::time_point> ringing_at;
  explicit leg_pair(boost::asio::io_context& io) : a_rtp(io), b_rtp(io) {}
};

sip_trunk_service::sip_trunk_service(boost::asio::io_context& io, sip_trunk_options options,
                                     content_source* content)
    : io_(io), opt_(std::move(options)), content_(content), timers_(io) {
  if (content_ != nullptr) opt_.laws = content_->laws();
}

sip_trunk_service::~sip_trunk_service() {
  stop();
}

cmr::result<void, std::string> sip_trunk_service::start() {
  layer_ = std::make_unique<sip::transaction_layer>(timers_, sip::timer_config{}, *this);
  auto udp = sip::udp_transport::open(io_, *layer_, opt_.local, opt_.port);
  if (!udp) return cmr::unexpected{"SIP trunk transport: " + udp.error()};
  udp_ = std::move(*udp);
  layer_->add_transport(*udp_);
  return ok;
}

void sip_trunk_service::stop() {
  for (auto& [id, p] : calls_) {
    boost::system::error_code ec;
    p->a_rtp.close(ec);
    p->b_rtp.close(ec);
  }
  calls_.clear();
  by_call_id_.clear();
  if (udp_) udp_->close();
}

std::uint16_t sip_trunk_service::sip_port() const {
  return udp_ ? udp_->local_endpoint().port : 0;
}

std::size_t sip_trunk_service::open_count() const {
  std::size_t n = 0;
  for (const auto& [id, p] : calls_)
    if (!p->closing) ++n;
  return n;
}

sip_trunk_service::leg_pair* sip_trunk_service::find(trunk_id id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : it->second.get();
}

sip_trunk_service::leg_pair* sip_trunk_service::by_call_id(const std::string& call_id) {
  auto it = by_call_id_.find(call_id);
  return it == by_call_id_.end() ? nullptr : find(it->second);
}

trunk_id sip_trunk_service::open(const trunk_request& req) {
  if (!layer_) return 0;
  auto p = std::make_shared<leg_pair>(io_);
  p->id = next_id_++;
  p->req = req;
  boost::system::error_code ec;
  const auto v = opt_.local.is_v6() ? ip::udp::v6() : ip::udp::v4();
  for (auto* s : {&p->a_rtp, &p->b_rtp}) {
    if (!ec) s->open(v, ec);
    if (!ec) s->bind(ip::udp::endpoint(opt_.local, 0), ec);
    if (!ec) s->non_blocking(true, ec);
  }
  if (ec) {
    CMR_LOG(ssf, error, "trunk RTP socket: %s", ec.message().c_str());
    return 0;
  }
  const std::string as_host = opt_.as.address.is_v6() ? "[" + opt_.as.address.to_string() + "]"
                                                      : opt_.as.address.to_string();
  const std::string target = as_host + ":" + std::to_string(opt_.as.port);
  auto u = sip::parse_uri("sip:" + req.routing_digits + "@" + target);
  if (!u) return 0;
  const std::string local = opt_.local.to_string();
  const std::string local_hp =
      (opt_.local.is_v6() ? "[" + local + "]" : local) + ":" + std::to_string(sip_port());
  const std::string caller = req.calling.empty() ? "switch" : req.calling;
  sip::message m = sip::message::make_request("INVITE", *u);
  p->a_call_id = sip::random_token(20) + "@cmr-ssf";
  m.add_header("Max-Forwards", "70");
  m.add_header("From", "<sip:" + caller + "@" + local_hp + ">;tag=" + sip::random_token(12));
  m.add_header("To", "<sip:" + req.routing_digits + "@" + target + ">");
  m.add_header("Call-ID", p->a_call_id);
  m.add_header("CSeq", "1 INVITE");
  m.add_header("Contact", "<sip:" + caller + "@" + local_hp + ">");
  m.add_header("P-Asserted-Identity", "<sip:" + caller + "@" + local_hp + ">");
  m.add_header("Supported", "100rel");
  m.add_header("Allow", k_allow);
  m.add_header(k_pair_header, std::to_string(p->id));
  m.add_header("Content-Type", "application/sdp");
  m.body = sdp_of(local, p->a_rtp.local_endpoint(ec).port(), opt_.laws, std::to_string(p->id),
                  p->a_sdp_version);
  const trunk_id id = p->id;
  calls_[id] = p;
  by_call_id_[p->a_call_id] = id;
  p->a_tx = layer_->send_request(
      std::move(m), opt_.as,
      {[this, id](const sip::message& rsp) { on_a_response(id, rsp); },
       [this, id](sip::tx_error e) {
         on_a_error(id, e == sip::tx_error::timeout ? "INVITE timed out" : "transport error");
       }});
  if (!p->a_tx) {
    p->a_final = true;
    maybe_drop(id);
    return 0;
  }
  p->a_invite = p->a_tx->request();
  receive_rtp(p);
  return id;
}

void sip_trunk_service::receive_rtp(const std::shared_ptr<leg_pair>& p) {
  // The wait does not own the pair (calls_ does): a pair dropped, or left
  // when the service stops, is destroyed at once with its transactions,
  // while the transaction layer and its timers still exist; a completion
  // queued behind it finds nothing. (Owning it made ~io_context destroy
  // pairs, and their client transactions cancel timers of a timer service
  // gone by then: a crash at the exit of an overloaded load run.)
  p->a_rtp.async_wait(ip::udp::socket::wait_read,
                      [this, w = std::weak_ptr<leg_pair>(p)](const boost::system::error_code& ec) {
                        if (ec) return;  // closed
                        const auto pair = w.lock();
                        if (!pair) return;
                        read_rtp(*pair);
                        if (pair->a_rtp.is_open()) receive_rtp(pair);
                      });
}

void sip_trunk_service::read_rtp(leg_pair& p) {
  boost::system::error_code ec;
  while (p.a_rtp.is_open()) {
    const std::size_t n = p.a_rtp.receive_from(boost::asio::buffer(p.buf), p.from, 0, ec);
    if (ec) return;
    if (p.a_answered) {
      // Cut-through: the platform's ringback ends with the answer.
      if (clock_type::now() - p.answered_at > opt_.media_grace) ++p.after_answer;
    } else if (p.checker) {
      p.checker->on_packet(std::span<const std::uint8_t>(p.buf.data(), n));
    } else if (p.early.size() < max_early_packets) {
      p.early.emplace_back(p.buf.begin(), p.buf.begin() + static_cast<std::ptrdiff_t>(n));
    }
  }
}

// The ringback as far as it went: there must have been some when the callee
// rang for longer than the grace.
rtp_report sip_trunk_service::ringback_report(leg_pair& p) {
  read_rtp(p);
  const bool expect = p.ringing_at && clock_type::now() - *p.ringing_at >= opt_.media_grace;
  if (!p.checker) {
    rtp_report r;
    if (expect) {
      r.ok = false;
      r.problem = "no ringback RTP while the callee rang";
    }
    return r;
  }
  return p.checker->finish(std::nullopt, expect);
}

void sip_trunk_service::on_a_response(trunk_id id, const sip::message& rsp) {
  leg_pair* p = find(id);
  if (p == nullptr || rsp.status <= 100) return;
  if (rsp.status >= 300) {
    p->a_final = true;
    trunk_end e;
    e.status = rsp.status;
    e.detail = "A-leg INVITE answered " + std::to_string(rsp.status) + " " + rsp.reason;
    e.rtp = ringback_report(*p);
    const bool notify = !p->closing;
    const auto call = p->req.call;
    maybe_drop(id);
    if (notify && events_ != nullptr) events_->trunk_ended(call, id, e);
    return;
  }
  if (!p->a_dlg)
    p->a_dlg = sip::dialog::create_uac(p->a_invite, rsp);
  else
    p->a_dlg->on_response(rsp);
  if (!p->a_dlg) return;
  if (rsp.status < 200) {
    // The platform's early media: a reliable 18x with its SDP answer.
    if (!p->checker && !rsp.body.empty()) {
      const auto law = first_law(rsp.body);
      expected_bytes want;
      if (content_ != nullptr && law) want = content_->expected(std::nullopt, *law);
      p->checker.emplace(
          want,
          law ? std::optional<std::uint8_t>(*law == media::g711_law::alaw ? 8 : 0) : std::nullopt);
      for (const auto& pkt : p->early)
        p->checker->on_packet(std::span<const std::uint8_t>(pkt.data(), pkt.size()));
      p->early.clear();
    }
    if (rsp.has_option("Require", "100rel") && rsp.header("RSeq") != nullptr) {
      auto prack = p->a_dlg->create_prack(rsp);
      const auto to = sip::endpoint_from_uri(p->a_dlg->next_hop());
      layer_->send_request(
          std::move(prack),
          to ? sip::endpoint{to->address, to->port, sip::transport_kind::udp} : opt_.as,
          {noop_response, noop_error});
    }
    return;
  }
  // 2xx: the callee answered; ACK (again for a retransmission).
  p->a_dlg->confirm();
  const auto to = sip::endpoint_from_uri(p->a_dlg->next_hop());
  layer_->send_stateless(
      p->a_dlg->create_ack(1),
      to ? sip::endpoint{to->address, to->port, sip::transport_kind::udp} : opt_.as);
  if (p->a_answered) return;
  p->a_final = true;
  p->at_answer = ringback_report(*p);
  p->a_answered = true;
  p->answered_at = clock_type::now();
  if (p->closing) {
    send_in_dialog(*p, "BYE");
    maybe_drop(id);
    return;
  }
  if (events_ != nullptr) events_->trunk_answered(p->req.call, id, *p->at_answer);
}

void sip_trunk_service::on_a_error(trunk_id id, const std::string& why) {
  leg_pair* p = find(id);
  if (p == nullptr) return;
  p->a_final = true;
  trunk_end e;
  e.detail = why;
  e.rtp = ringback_report(*p);
  const bool notify = !p->closing;
  const auto call = p->req.call;
  p->b_over = true;
  maybe_drop(id);
  if (notify && events_ != nullptr) events_->trunk_ended(call, id, e);
}

void sip_trunk_service::send_in_dialog(leg_pair& p, const std::string& method) {
  if (!p.a_dlg) return;
  sip::message req = p.a_dlg->create_request(method);
  const auto to = sip::endpoint_from_uri(p.a_dlg->next_hop());
  layer_->send_request(
      std::move(req), to ? sip::endpoint{to->address, to->port, sip::transport_kind::udp} : opt_.as,
      {noop_response, noop_error});
}

void sip_trunk_service::on_request(const std::shared_ptr<sip::server_transaction>& tx) {
  const auto& req = tx->request();
  leg_pair* p = by_call_id(req.call_id());
  if (req.method == "INVITE" && p == nullptr) {
    on_b_invite(tx);
    return;
  }
  if (p == nullptr) {
    tx->respond(req.method == "OPTIONS" ? 200 : 481);
    return;
  }
  const bool a_leg = req.call_id() == p->a_call_id;
  if (req.method == "UPDATE" && a_leg) {
    // The platform hands over to the callee's media (Gateway mode): our
    // description again, a new version.
    auto rsp = sip::make_response(req, 200);
    const std::string local = opt_.local.to_string();
    boost::system::error_code ec;
    rsp.add_header("Contact", p->a_invite.header("Contact") ? *p->a_invite.header("Contact")
                                                            : "<sip:switch@" + local + ">");
    rsp.add_header("Content-Type", "application/sdp");
    rsp.body = sdp_of(local, p->a_rtp.local_endpoint(ec).port(), opt_.laws, std::to_string(p->id),
                      ++p->a_sdp_version);
    tx->respond(std::move(rsp));
    return;
  }
  if (req.method == "BYE") {
    tx->respond(200);
    if (a_leg) {
      // The platform hung up the A-leg (the callee did, through it).
      p->a_final = true;
      trunk_end e;
      e.detail = "BYE from the platform";
      e.rtp = p->at_answer.value_or(rtp_report{});
      const bool notify = !p->closing;
      const auto call = p->req.call;
      const trunk_id id = p->id;
      p->closing = true;
      maybe_drop(id);
      if (notify && events_ != nullptr) events_->trunk_ended(call, id, e);
    } else {
      p->b_over = true;
      maybe_drop(p->id);
    }
    return;
  }
  tx->respond(req.method == "PRACK" || req.method == "OPTIONS" ? 200 : 405);
}

void sip_trunk_service::on_b_invite(const std::shared_ptr<sip::server_transaction>& tx) {
  const auto& req = tx->request();
  const auto* h = req.header(k_pair_header);
  leg_pair* p = nullptr;
  if (h != nullptr) {
    const auto id = static_cast<trunk_id>(std::strtoull(h->c_str(), nullptr, 10));
    p = find(id);
  }
  if (p == nullptr || p->b_tx || p->closing) {
    tx->respond(404);
    return;
  }
  p->b_tx = tx;
  p->b_call_id = req.call_id();
  p->b_tag = sip::random_token(12);
  by_call_id_[p->b_call_id] = p->id;
  auto ringing = sip::make_response(req, 180, {}, p->b_tag);
  const std::string local = opt_.local.to_string();
  ringing.add_header("Contact", "<sip:callee@" + local + ":" + std::to_string(sip_port()) + ">");
  tx->respond(std::move(ringing));
  p->ringing_at = clock_type::now();
  if (events_ != nullptr) events_->trunk_alerting(p->req.call, p->id);
}

void sip_trunk_service::answer(trunk_id id) {
  leg_pair* p = find(id);
  if (p == nullptr || !p->b_tx || p->b_final) return;
  p->b_final = true;
  auto ok = sip::make_response(p->b_tx->request(), 200, {}, p->b_tag);
  const std::string local = opt_.local.to_string();
  boost::system::error_code ec;
  ok.add_header("Contact", "<sip:callee@" + local + ":" + std::to_string(sip_port()) + ">");
  ok.add_header("Content-Type", "application/sdp");
  ok.body = sdp_of(local, p->b_rtp.local_endpoint(ec).port(), opt_.laws,
                   std::to_string(p->id + 1000000), 1);
  p->b_tx->respond(std::move(ok));
}

void sip_trunk_service::busy(trunk_id id) {
  leg_pair* p = find(id);
  if (p == nullptr || !p->b_tx || p->b_final) return;
  p->b_final = true;
  p->b_over = true;
  p->b_tx->respond(sip::make_response(p->b_tx->request(), 486, {}, p->b_tag));
}

void sip_trunk_service::on_cancel(const std::shared_ptr<sip::server_transaction>& invite,
                                  const sip::message&) {
  leg_pair* p = by_call_id(invite->request().call_id());
  const std::string tag = p != nullptr ? p->b_tag : sip::random_token(12);
  invite->respond(sip::make_response(invite->request(), 487, {}, tag));
  if (p != nullptr) {
    p->b_final = true;
    p->b_over = true;
    maybe_drop(p->id);
  }
}

void sip_trunk_service::on_stray_response(const sip::message& rsp, const sip::endpoint& peer) {
  leg_pair* p = by_call_id(rsp.call_id());
  if (p == nullptr || !p->a_dlg || rsp.status < 200 || rsp.status >= 300) return;
  if (rsp.cseq() && rsp.cseq()->method == "INVITE")
    layer_->send_stateless(p->a_dlg->create_ack(1), peer);
}

rtp_report sip_trunk_service::close(trunk_id id) {
  leg_pair* p = find(id);
  if (p == nullptr || p->closing) return {};
  p->closing = true;
  rtp_report r;
  if (p->a_answered) {
    read_rtp(*p);
    r = p->at_answer.value_or(rtp_report{});
    if (p->after_answer > 0 && r.ok) {
      r.ok = false;
      r.problem = std::to_string(p->after_answer) + " ringback packets after the answer";
    }
    send_in_dialog(*p, "BYE");
    p->a_final = true;
  } else if (!p->a_final) {
    r = ringback_report(*p);
    if (p->a_tx && p->a_tx->got_provisional())
      layer_->send_cancel(*p->a_tx, {noop_response, noop_error});
    // Else the 2xx or final response still comes: ACK + BYE then.
  }
  boost::system::error_code ec;
  p->a_rtp.close(ec);
  maybe_drop(id);
  return r;
}

// A pair goes once the A-leg is over and the B-leg is too (or never came).
void sip_trunk_service::maybe_drop(trunk_id id) {
  leg_pair* p = find(id);
  if (p == nullptr) return;
  const bool a_over = p->a_final && (p->closing || !p->a_answered);
  const bool b_over = !p->b_tx || p->b_over;
  if (!a_over || !b_over) return;
  boost::system::error_code ec;
  p->a_rtp.close(ec);
  p->b_rtp.close(ec);
  by_call_id_.erase(p->a_call_id);
  if (!p->b_call_id.empty()) by_call_id_.erase(p->b_call_id);
  calls_.erase(id);
}

}  // namespace cmr::tools::ssf
