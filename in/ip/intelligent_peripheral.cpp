#include "in/ip/intelligent_peripheral.h"

#include <sstream>

#include "in/codec/protocol_constants.h"
#include "in/ip/bearer_call.h"
#include "in/ip/win_role.h"
#include "common/asio_timer_service.h"
#include "media/rtp/rtp_sender.h"
#include "sigtran/sccp_address_conv.h"
#include "sip/transport/listener_pair.h"
#include "in/ip/log.h"

namespace cmr::in::ip {
namespace {

const counter_desc k_counters[] = {
    {"calls", "INVITEs that became a bearer (answered 200)"},
    {"play-form", "Bearers in the play= form"},
    {"routing-form", "Bearers in the routing-number form (assist to the SCP)"},
    {"rejected-404", "INVITEs for an unknown announcement or prefix (404)"},
    {"rejected-488", "INVITEs without PCMA/PCMU in the offer, or without offer (488)"},
    {"rejected-other", "INVITEs and requests refused otherwise (policy, 481, 503 ...)"},
    {"cancelled", "INVITEs cancelled by the caller"},
    {"plays-started", "Announcements started"},
    {"plays-completed", "Announcements played to their end"},
    {"byes-sent", "Bearers the IP released (BYE sent)"},
    {"byes-received", "Bearers the peer released (BYE received)"},
    {"max-duration-releases", "Bearers released at the max-call-duration"},
    {"ari-sent", "AssistRequestInstructions sent to the SCP"},
    {"ari-send-failures", "AssistRequestInstructions that could not be sent"},
    {"pa-received", "PlayAnnouncement received from the SCP"},
    {"srr-sent", "SpecializedResourceReport sent to the SCP"},
    {"scp-errors", "Errors, rejects and aborts from the SCP side"},
    {"instruction-timeouts", "No instruction from the SCP in time"},
    {"rtp-packets", "RTP packets of finished streams"},
    {"tldn-form", "Bearers to a live TLDN (WIN resource attachment)"},
    {"win-seizures", "SeizeResource answered with a TLDN"},
    {"win-tldn-expired", "Seizures aborted: no bearer to the TLDN within tldn-timeout"},
    {"win-instruction-requests", "InstructionRequest sent to the SCP"},
    {"win-srf-directives", "SRFDirective received from the SCP"},
    {"win-srf-results", "SRFDirective plays reported (RETURN RESULT)"},
    {"win-abandons", "Seizures aborted: the bearer ended before the play was reported"},
    {"win-errors", "WIN Rejects and ReturnErrors either way, aborts from the SCP"},
    {"pacui-received", "PromptAndCollectUserInformation received (on-line copy)"},
    {"keys-reported", "Keys reported in ReceivedInformation"},
    {"collect-timeouts", "PromptAndCollect without a key in time (improperCallerResponse)"},
    {"keys-ignored", "Keys detected on a bearer while no PromptAndCollect waited"},
};
const gauge_desc k_gauges[] = {{"calls-active", "Bearers now", "calls"},
                               {"tldns-active", "WIN seizures (TLDNs in use) now", "seizures"}};
const counter_group_desc k_desc{"ip", "Intelligent peripheral (gsmSRF)", k_counters, k_gauges};

}  // namespace

ip_counters::ip_counters() : group(k_desc) {}

namespace {
constexpr const char* k_allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";
}  // namespace

intelligent_peripheral::intelligent_peripheral(boost::asio::io_context& io, ip_config config,
                                               announcement_source& announcements,
                                               media::rtp::port_pool& ports)
    : io_(io),
      config_(std::move(config)),
      announcements_(announcements),
      ports_(ports),
      sip_timers_(io_),
      layer_(sip_timers_, config_.timers, *this, "ip") {
  // A UAS, not a proxy: no Max-Forwards 483, no Proxy-Require; SDP only.
  policy_.forwarding = false;
  policy_.supported_options = {};
  policy_.accepted_bodies = {"application/sdp", "multipart/mixed"};
  policy_.allowed_methods = {"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO"};
}

intelligent_peripheral::~intelligent_peripheral() {
  // Calls first (their timers live in sip_timers_, their dialogues in tcap_
  // and win_).
  by_dialogue_.clear();
  calls_.clear();
  win_.reset();
  stats_.calls_active = 0;
}

result<void, std::string> intelligent_peripheral::open() {
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(config_.address, ec);
  if (ec) return unexpected{"ip bind address " + config_.address + ": " + ec.message()};
  auto topt = config_.transport;
  topt.instance = "ip";  // the counter groups of its transports
  auto pair = sip::open_listener_pair(io_, layer_, addr, config_.port, topt);
  if (!pair) return unexpected{"ip " + pair.error()};
  udp_ = std::move(pair->udp);
  tcp_ = std::move(pair->tcp);
  layer_.add_transport(*udp_);
  layer_.add_transport(*tcp_);
  return ok;
}

void intelligent_peripheral::attach_sccp(sigtran::sccp_service& sccp, tcap::tcap_config tcap) {
  // A long announcement is a long silence on the dialogue: the inactivity
  // timer must outlast the longest bearer.
  const auto longest = config_.max_call_duration + std::chrono::seconds(30);
  if (tcap.inactivity_timeout < longest)
    tcap.inactivity_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(longest);
  tcap_timers_ = std::make_unique<cmr::asio_timer_service>(io_.get_executor());
  tcap::tc_user& user = *this;
  tcap_ = std::make_unique<tcap::tcap_layer>(
      sccp, *tcap_timers_, user,
      tcap::ac_table::only({codec::ac::cap_v2_gsmsrf_to_gsmscf, codec::ac::cap_v3_gsmsrf_gsmscf,
                            codec::ac::cap_v4_gsmsrf_gsmscf, codec::ac::inap_cs1_ip_to_scp}),
      tcap::operation_table::cap_inap_defaults(), tcap);
}

void intelligent_peripheral::on_unitdata(const sigtran::n_unitdata& msg) {
  if (tcap_) tcap_->receive(msg);
}

void intelligent_peripheral::attach_win_sccp(sigtran::sccp_service& sccp,
                                             ansi_tcap::ansi_tcap_config cfg) {
  // As for the assist dialogues: a transaction lives as long as its bearer.
  const auto longest = config_.max_call_duration + std::chrono::seconds(30);
  if (cfg.inactivity_timeout < longest)
    cfg.inactivity_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(longest);
  win_ = std::make_unique<win_role>(*this, sccp, cfg);
}

void intelligent_peripheral::on_win_unitdata(const sigtran::n_unitdata& msg) {
  if (win_) win_->receive(msg);
}

std::size_t intelligent_peripheral::win_transaction_count() const {
  return win_ ? win_->transaction_count() : 0;
}

void intelligent_peripheral::stop_all() {
  auto calls = calls_;
  for (auto& [id, c] : calls) c->stop("shutdown");
  if (win_) win_->stop_all();
  calls_.clear();
  by_dialogue_.clear();
  stats_.calls_active = 0;
}

void intelligent_peripheral::close() {
  if (udp_) udp_->close();
  if (tcp_) tcp_->close();
}

sip::endpoint intelligent_peripheral::udp_endpoint() const {
  return udp_ ? udp_->local_endpoint() : sip::endpoint{};
}

sip::endpoint intelligent_peripheral::tcp_endpoint() const {
  return tcp_ ? tcp_->local_endpoint() : sip::endpoint{};
}

std::string intelligent_peripheral::contact(sip::transport_kind k) const {
  const auto* t = layer_.find_transport(k);
  if (t == nullptr) t = layer_.find_transport(sip::transport_kind::udp);
  const auto ep = t->local_endpoint();
  const auto host = ep.address.is_v6() ? "[" + ep.address.to_string() + "]" : ep.address.to_string();
  return "<sip:annc@" + host + ":" + std::to_string(ep.port) +
         (k == sip::transport_kind::tcp ? ";transport=tcp>" : ">");
}

// --- SIP ---------------------------------------------------------------------

void intelligent_peripheral::on_request(const std::shared_ptr<sip::server_transaction>& tx) {
  const auto& req = tx->request();
  if (auto it = calls_.find(req.call_id()); it != calls_.end()) {
    auto c = it->second;
    c->on_request(tx);
    return;
  }
  const bool has_to_tag = req.to() && !req.to()->tag().empty();
  if (!has_to_tag) {
    // RFC 3261 8.2: method, scheme, Require, body type, before anything else.
    if (const auto v = sip::check_request(req, policy_); v.status != 0) {
      ++stats_.rejected_other;
      auto r = sip::make_response(req, v.status, v.reason, tx->local_tag());
      if (v.status == 420) {
        std::string list;
        for (const auto& o : v.unsupported) list += (list.empty() ? "" : ", ") + o;
        r.add_header("Unsupported", list);
      }
      if (v.status == 415) r.add_header("Accept", "application/sdp");
      if (v.status == 405 || v.status == 501) r.add_header("Allow", k_allow);
      tx->respond(std::move(r));
      return;
    }
  }
  if (req.method == "OPTIONS" && !has_to_tag) {
    auto ok = sip::make_response(req, 200, {}, tx->local_tag());
    ok.add_header("Allow", k_allow);
    ok.add_header("Accept", "application/sdp");
    tx->respond(std::move(ok));
    return;
  }
  if (req.method != "INVITE" || has_to_tag) {
    ++stats_.rejected_other;
    tx->respond(481);
    return;
  }
  auto c = std::make_shared<bearer_call>(*this, tx, next_bearer_++);
  calls_[c->call_id()] = c;
  stats_.calls_active = static_cast<std::int64_t>(calls_.size());
  if (!c->start()) remove(*c);
}

void intelligent_peripheral::on_ack(const sip::message& ack, const sip::endpoint&) {
  if (auto it = calls_.find(ack.call_id()); it != calls_.end()) {
    auto c = it->second;
    c->on_ack(ack);
  }
}

void intelligent_peripheral::on_cancel(const std::shared_ptr<sip::server_transaction>& invite,
                                       const sip::message&) {
  if (auto it = calls_.find(invite->request().call_id()); it != calls_.end()) {
    auto c = it->second;
    c->on_cancel();
    return;
  }
  invite->respond(487);
}

void intelligent_peripheral::on_stray_response(const sip::message&, const sip::endpoint&) {}

void intelligent_peripheral::remove(const bearer_call& c) {
  auto it = calls_.find(c.call_id());
  if (it != calls_.end() && it->second.get() == &c) calls_.erase(it);
  stats_.calls_active = static_cast<std::int64_t>(calls_.size());
}

// --- TCAP ----------------------------------------------------------------------

void intelligent_peripheral::bind_dialogue(tcap::dialogue_id d, const std::shared_ptr<bearer_call>& c) {
  by_dialogue_[d] = c;
}

void intelligent_peripheral::unbind_dialogue(tcap::dialogue_id d) { by_dialogue_.erase(d); }

std::shared_ptr<bearer_call> intelligent_peripheral::call_of(tcap::dialogue_id d) const {
  const auto it = by_dialogue_.find(d);
  return it == by_dialogue_.end() ? nullptr : it->second;
}

void intelligent_peripheral::on_dialogue(const tcap::dialogue_ind& ind) {
  if (ind.type == tcap::dialogue_ind_kind::begin) {
    // The IP opens its dialogues; nobody instructs it unasked.
    CMR_LOG(ip, notice, "TC-BEGIN to the IP from %s refused", sigtran::to_string(ind.peer).c_str());
    (void)tcap_->u_abort(ind.id);
    return;
  }
  if (auto c = call_of(ind.id)) {
    c->on_dialogue(ind);
    return;
  }
  // The bearer is gone already (BYE crossed the SCP's message).
  if (ind.type != tcap::dialogue_ind_kind::end && !tcap_->end(ind.id)) (void)tcap_->u_abort(ind.id);
}

void intelligent_peripheral::on_u_abort(const tcap::u_abort_ind& ind) {
  auto c = call_of(ind.id);
  unbind_dialogue(ind.id);
  if (c) c->on_dialogue_aborted(ind.ac_not_supported ? "the SCP refused the gsmSRF context" : "TC-U-ABORT from the SCP");
}

void intelligent_peripheral::on_p_abort(const tcap::p_abort_ind& ind) {
  auto c = call_of(ind.id);
  unbind_dialogue(ind.id);
  if (c) c->on_dialogue_aborted(tcap::to_string(ind.reason));
}

void intelligent_peripheral::on_l_cancel(const tcap::l_cancel_ind& ind) {
  if (auto c = call_of(ind.id)) c->on_l_cancel(ind);
}

void intelligent_peripheral::on_notice(const tcap::notice_ind& ind) {
  auto c = call_of(ind.id);
  unbind_dialogue(ind.id);
  if (c) c->on_dialogue_aborted("TC-NOTICE: the SCP is not reachable");
}

std::string intelligent_peripheral::status_text() const {
  const auto& s = stats_;
  std::ostringstream o;
  o << "calls-active " << calls_.size() << "\ncalls " << s.calls << "\nplay-form " << s.play_form
    << "\nrouting-form " << s.routing_form << "\nrejected-404 " << s.rejected_404
    << "\nrejected-488 " << s.rejected_488 << "\nrejected-other " << s.rejected_other
    << "\ncancelled " << s.cancelled << "\nplays-started " << s.plays_started
    << "\nplays-completed " << s.plays_completed << "\nbyes-sent " << s.byes_sent
    << "\nbyes-received " << s.byes_received << "\nmax-duration-releases "
    << s.max_duration_releases << "\nari-sent " << s.ari_sent << "\nari-send-failures "
    << s.ari_send_failures << "\npa-received " << s.pa_received << "\nsrr-sent " << s.srr_sent
    << "\nscp-errors " << s.scp_errors << "\ninstruction-timeouts " << s.instruction_timeouts
    << "\nrtp-packets " << s.rtp_packets << "\ntldn-form " << s.tldn_form
    << "\nwin-seizures " << s.win_seizures << "\nwin-tldn-expired " << s.win_tldn_expired
    << "\nwin-instruction-requests " << s.win_instruction_requests << "\nwin-srf-directives "
    << s.win_srf_directives << "\nwin-srf-results " << s.win_srf_results << "\nwin-abandons "
    << s.win_abandons << "\nwin-errors " << s.win_errors << "\ntldns-active "
    << (win_ ? win_->seizure_count() : 0) << "\nwin-transactions " << win_transaction_count()
    << "\ntcap-dialogues " << dialogue_count()
    << "\nserver-transactions " << layer_.server_count() << "\nclient-transactions "
    << layer_.client_count() << "\nparse-errors " << layer_.stats().parse_errors
    << "\nrtp-streams-active " << media::rtp::rtp_sender::active_streams() << "\n";
  return o.str();
}

}  // namespace cmr::in::ip
