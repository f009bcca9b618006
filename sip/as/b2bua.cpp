#include "sip/as/b2bua.h"

#include "sip/as/call.h"
#include "sip/log.h"

namespace cmr::sip::as {

namespace {
constexpr const char* k_allow = "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, OPTIONS, INFO";

const counter_desc k_counters[] = {
    {"calls", "Initial INVITEs taken as calls"},
    {"passed-through", "Calls with both services off: passed through untouched"},
    {"http", "Calls served in HTTP mode (Alert-Info URL)"},
    {"application-server", "Calls served in Application Server mode (early-session media)"},
    {"gateway", "Calls served in Gateway mode (early media, then UPDATE)"},
    {"forking", "Calls served in the forking model (TS 24.182 A.3: the AS's own early dialog)"},
    {"media-started", "RTP streams started (Application Server and Gateway modes)"},
    {"rejected", "Requests refused by the B2BUA (request checks, 481 without a call)"},
    {"timeouts", "INVITEs toward the callee that failed, and calls ended by the guard timer"},
    {"cmrt-not-offered", "CMRT calls whose callee never allowed the ringtone offer"},
    {"platform-calls", "Calls routed here by the SCP with the platform prefix (route-via-platform)"},
    {"proxied", "Calls no resource applied to, forwarded as a stateful proxy (unserved proxy)"},
    {"isc-originating", "Calls from an S-CSCF in the originating session case"},
    {"isc-terminating", "Calls from an S-CSCF in the terminating session case"},
    {"isc-foreign-route", "INVITEs whose top Route named another node (ignored: next hop)"},
    {"decisions-deferred", "Calls whose owner's settings were read off the SIP thread first"},
    {"decisions-dropped", "Deferred decisions that came back after their call had ended"},
};
const gauge_desc k_gauges[] = {{"calls-active", "Calls through the B2BUA now", "calls"}};
const counter_group_desc k_desc{"sip-as", "SIP application server (B2BUA)", k_counters, k_gauges};

// A network's post-dial delay: tens of ms on a lab's loopback, seconds
// toward a mobile callee being paged. 5 ms to 30 s.
constexpr double k_18x_bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                   1,     2,    3,     5,    10,  20,   30};
const histogram_desc k_18x_desc{"sip-invite-to-18x",
                                "SIP AS: INVITE received to the first 18x sent upstream",
                                "seconds", k_18x_bounds};

}  // namespace

as_counters::as_counters() : group(k_desc), invite_to_18x(k_18x_desc) {}

b2bua::b2bua(boost::asio::io_context& io, media::rtp::port_pool& ports,
             store::decision_port* decisions, content_source& content, post_fn post,
             as_config config, cdr::charging_writer* records)
    : io_(io),
      ports_(ports),
      decisions_(decisions),
      content_(content),
      post_(std::move(post)),
      config_(std::move(config)),
      records_(records) {
  // A B2BUA forwards what it does not understand, except option tags it
  // would have to honour itself (Require): early-session is one of ours.
  policy_.supported_options.push_back("early-session");
  policy_.allowed_methods = {"INVITE", "ACK", "CANCEL", "BYE", "PRACK", "UPDATE", "OPTIONS", "INFO"};
}

b2bua::~b2bua() { stop_all(); }

std::string b2bua::contact(transport_kind k) const {
  const auto* t = layer_->find_transport(k);
  if (t == nullptr) t = layer_->find_transport(transport_kind::udp);
  const auto ep = t->local_endpoint();
  const auto host =
      ep.address.is_v6() ? "[" + ep.address.to_string() + "]" : ep.address.to_string();
  return "<sip:cmr@" + host + ":" + std::to_string(ep.port) +
         (k == transport_kind::tcp ? ";transport=tcp>" : ">");
}

bool b2bua::is_own(const uri& u) const {
  if (!u.is_sip() || layer_ == nullptr) return false;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(u.host, ec);
  if (ec) return false;
  const std::uint16_t port = u.port.value_or(5060);
  for (const auto k : {transport_kind::udp, transport_kind::tcp}) {
    const auto* t = layer_->find_transport(k);
    if (t == nullptr) continue;
    const auto ep = t->local_endpoint();
    if (ep.port == port && (ep.address == address || ep.address.is_unspecified())) return true;
  }
  return false;
}

std::shared_ptr<call> b2bua::find(const message& m, bool& from_a) const {
  const std::string call_id = m.call_id();
  const auto a = by_a_.find(call_id);
  const auto b = by_b_.find(call_id);
  if (a != by_a_.end() && b != by_b_.end()) {
    // A call that came back through an S-CSCF (the originating invocation's
    // leg toward the callee is the terminating invocation's caller leg):
    // both legs share the Call-ID; this side's tag tells them apart (in To
    // for requests, in From for responses).
    const auto to = m.to();
    const auto from = m.from();
    const std::string ours = m.is_request() ? (to ? to->tag() : "") : (from ? from->tag() : "");
    if (!ours.empty() && ours == b->second->b_local_tag()) {
      from_a = false;
      return b->second;
    }
    from_a = true;
    return a->second;
  }
  if (a != by_a_.end()) {
    from_a = true;
    return a->second;
  }
  if (b != by_b_.end()) {
    from_a = false;
    return b->second;
  }
  return nullptr;
}

void b2bua::on_request(const std::shared_ptr<server_transaction>& tx) {
  const auto& req = tx->request();
  bool from_a = false;
  const bool initial_invite = req.method == "INVITE" && !(req.to() && !req.to()->tag().empty());
  auto found = find(req, from_a);
  // An initial INVITE on one of this server's own callee legs is that leg
  // coming back through the S-CSCF for another invocation: a new call.
  if (found && !from_a && initial_invite) found.reset();
  if (auto c = found) {
    if (from_a) {
      c->on_a_request(tx);
    } else {
      c->on_b_request(tx);
    }
    return;
  }
  const bool has_to_tag = req.to() && !req.to()->tag().empty();
  // Outside any call, the UAS checks of RFC 3261 8.2 come first for every
  // method: unknown methods get 501 and known but unsupported ones 405, both
  // with Allow (8.2.1, RFC 4475 3.1.1.2/3.1.1.5), OPTIONS too gets 416/420
  // (RFC 4475 3.3.2, 3.3.3, 3.3.5).
  if (!has_to_tag) {
    if (const auto v = check_request(req, policy_); v.status != 0) {
      ++stats_.rejected;
      auto r = make_response(req, v.status, v.reason, tx->local_tag());
      if (v.status == 420) {
        std::string list;
        for (const auto& o : v.unsupported) list += (list.empty() ? "" : ", ") + o;
        r.add_header("Unsupported", list);
      }
      if (v.status == 415) r.add_header("Accept", "application/sdp, multipart/mixed");
      if (v.status == 405 || v.status == 501) r.add_header("Allow", k_allow);
      tx->respond(std::move(r));
      return;
    }
  }
  if (req.method == "OPTIONS" && !has_to_tag) {
    auto ok = make_response(req, 200, {}, tx->local_tag());
    ok.add_header("Allow", k_allow);
    ok.add_header("Supported", "100rel, early-session");
    tx->respond(std::move(ok));
    return;
  }
  if (req.method != "INVITE" || has_to_tag) {
    // In-dialog requests of no call we know, and BYE/PRACK/UPDATE/INFO
    // without a dialog: 481.
    ++stats_.rejected;
    tx->respond(481);
    return;
  }
  auto c = std::make_shared<call>(*this, tx, next_call_++);
  by_a_[c->a_call_id()] = c;
  ++stats_.calls;
  stats_.calls_active = static_cast<std::int64_t>(by_a_.size());
  c->start();
}

void b2bua::register_b_leg(const std::shared_ptr<call>& c) { by_b_[c->b_call_id()] = c; }

void b2bua::remove(const call& c) {
  // A Call-ID may name a leg of two calls (a call back through the S-CSCF).
  if (auto it = by_b_.find(c.b_call_id()); it != by_b_.end() && it->second.get() == &c)
    by_b_.erase(it);
  if (auto it = by_a_.find(c.a_call_id()); it != by_a_.end() && it->second.get() == &c)
    by_a_.erase(it);
  stats_.calls_active = static_cast<std::int64_t>(by_a_.size());
}

void b2bua::on_ack(const message& ack, const endpoint&) {
  bool from_a = false;
  if (auto c = find(ack, from_a); c && from_a) c->on_a_ack(ack);
  // An ACK from B would answer a 2xx this side sent to B (a re-INVITE B
  // received from A through us): those are absorbed, B's re-INVITEs are
  // relayed and answered hop by hop.
}

void b2bua::on_cancel(const std::shared_ptr<server_transaction>& invite, const message&) {
  bool from_a = false;
  if (auto c = find(invite->request(), from_a); c && from_a) {
    c->on_a_cancel();
  } else {
    invite->respond(487);
  }
}

void b2bua::on_stray_response(const message& rsp, const endpoint&) {
  bool from_a = false;
  if (auto c = find(rsp, from_a); c && !from_a) c->on_b_stray_response(rsp);
}

void b2bua::stop_all() {
  auto calls = by_a_;
  for (auto& [id, c] : calls) c->shutdown();
  by_a_.clear();
  by_b_.clear();
  stats_.calls_active = 0;
}

}  // namespace cmr::sip::as
