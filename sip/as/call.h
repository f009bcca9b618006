// One call through the B2BUA: the caller's leg (A, this side is UAS) and the
// callee's leg (B, this side is UAC), the relay between them, and the CMR
// procedures of spec 6.1 applied on the way:
//   HTTP mode     CMRBT: Alert-Info <url> in the 18x to A;
//                 CMRT:  Alert-Info <url> in the INVITE to B.
//   AS mode       CMRBT: early-session offer + Require early-session,100rel in
//                 the 18x to A; play after A's early-session answer (PRACK).
//                 CMRT:  early-session offer + Require early-session in our
//                 PRACK to B's reliable 18x; play after the answer (200 PRACK).
//   Gateway mode  CMRBT: SDP answer + P-Early-Media: sendrecv + Require 100rel
//                 in the 18x to A; play; on B's 2xx stop, UPDATE A with B's
//                 SDP, then the 200 OK to A without SDP.
//   Forking       CMRBT (TS 24.182 A.3): on B's first 18x, the AS's own 183
//                 on a forked early dialog (new To tag, SDP answer,
//                 P-Early-Media), played; ended by a 199 or an UPDATE with
//                 a=inactive before the final response (call_forking.cpp).
// Media always stops on the final response, CANCEL, BYE, errors and timers.
// 100rel is hop by hop: this side PRACKs B itself and sends 18x reliably to
// A when A supports it and B or a CMR procedure asked for reliability.
//
// The call's progress is the declared state machine of sip/as/call_state.h;
// every transition is logged at debug with the call's prefix
// ("sip-as(call=7){EARLY}: rx B 2xx 200 -> CONNECTING").
//
// The source is split by concern: call.cpp (B's INVITE responses, the end of
// the call), call_decision.cpp (the decisions through store::decision_port,
// the services' plans), call_dialog.cpp (in-dialog relay, ACK, CANCEL),
// call_media.cpp (the CMR procedures), call_forking.cpp (the forking
// model's own early dialog), call_proxy.cpp (unserved calls proxied),
// call_record.cpp (the charging record), call_keys.cpp (the caller's keys
// during the CMRBT ringback: on-line copy, skip, stop, and the event rules
// of presentation control, spec 5.7).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "common/ringback_control.h"
#include "media/rtp/rtp_sender.h"
#include "sip/as/as_config.h"
#include "sip/as/call_state.h"
#include "sip/as/forked_dialog.h"
#include "sip/as/isc.h"
#include "sip/as/media_sdp.h"
#include "sip/as/ringback_keys.h"
#include "sip/dialog/dialog.h"
#include "sip/dialog/ok_retransmitter.h"
#include "sip/dialog/prack_tracker.h"
#include "sip/dialog/reliable_provisional.h"
#include "sip/sdp/origin_keeper.h"
#include "sip/transaction/client_transaction.h"
#include "sip/transaction/server_transaction.h"
#include "store/decision.h"

namespace cmr::sip::as {

class b2bua;

class call : public std::enable_shared_from_this<call> {
public:
  // `id` numbers the call in logs ("sip-as(call=<id>)").
  call(b2bua& owner, std::shared_ptr<server_transaction> invite, std::uint64_t id);
  ~call();
  call(const call&) = delete;
  call& operator=(const call&) = delete;

  // Asks for the decisions; once they are in (at once, or later through
  // on_decided), builds the INVITE toward the next hop and sends it.
  void start();
  // A decision the port deferred, back on the SIP thread. Dropped (and
  // counted) when the call is no longer deciding.
  void on_decided(store::service svc, const store::decision& d);

  void on_a_request(const std::shared_ptr<server_transaction>& tx);
  void on_b_request(const std::shared_ptr<server_transaction>& tx);
  void on_a_ack(const message& ack);
  void on_a_cancel();
  // A late 2xx retransmission for B's INVITE: ACK it again.
  void on_b_stray_response(const message& rsp);
  // The node stops: CANCEL, BYE and final answers as each leg needs.
  void shutdown();

  [[nodiscard]] const std::string& a_call_id() const { return a_call_id_; }
  [[nodiscard]] const std::string& b_call_id() const { return b_call_id_; }
  // This side's tag on the callee's leg (From of the INVITE toward B).
  [[nodiscard]] std::string b_local_tag() const {
    const auto f = b_request_.from();
    return f ? f->tag() : std::string();
  }
  [[nodiscard]] call_state state() const { return state_.state(); }
  [[nodiscard]] bool finished() const { return state_.in(call_state::ended); }
  [[nodiscard]] const std::string& name() const { return prefix_; }

private:
  // A service's procedure for this call, decided at the INVITE.
  struct service_plan {
    store::service svc = store::service::cmrbt;
    delivery_mode configured = delivery_mode::off;  // the mode the configuration asks for
    // The decision still to be asked, and what the path can carry for it.
    std::optional<store::media_set> wanted;
    delivery_mode mode = delivery_mode::off;  // off: nothing applies
    std::string resource_id;
    std::vector<media::g711_law> laws;  // renditions available, preferred first
    std::shared_ptr<media::rtp::rtp_sender> player;
    std::optional<boost::asio::ip::udp::socket> socket;  // bound when offered
    local_media local;
    bool offered = false;
    bool receive = false;  // the SDP said sendrecv: take (and drain) what the peer sends
  };

  bool step(call_event e, const char* detail = nullptr) {
    return state_.dispatch(e, prefix_, detail);
  }

  // The caller's keys during the CMRBT ringback (call_keys.cpp).
  struct key_procedure {
    bool wanted = false;  // presentation control applies to this call's CMRBT stream
    ringback_plan plan;   // from the CMRBT decision (or the forwarded-to party's)
    std::string owner;    // whose resource plays (the forwarded-to party after a forward rule)
    std::optional<int> event_pt;  // RFC 4733 payload type negotiated; nullopt: in-band only
    std::optional<ringback::key_session> session;  // from the first RTP frame played
    std::string playing;  // the resource the caller hears now ("": silence)
    media::g711_law law = media::g711_law::alaw;
    bool network_media = false;  // an event rule handed the caller to the network's early media
    bool forward_asked = false;  // a forwarded-party decision was asked (once per call)
    std::string forward_number;  // the forwarded-to party asked for
  };

  // call.cpp
  // The request's Max-Forwards (70 when absent, RFC 3261 8.1.1.6).
  static int max_forwards(const message& req);
  // Where the leg toward the callee goes: the S-CSCF's return route (ISC),
  // else the configured next hop.
  [[nodiscard]] endpoint b_destination() const;
  void send_b_invite();
  void on_b_invite_response(const message& rsp);
  void on_b_invite_error(tx_error e);
  void on_b_final(const message& rsp);
  void on_b_ok(const message& rsp);
  void relay_provisional(const message& rsp);
  // The first 18x toward the caller: alerting_at_, and the INVITE-to-18x time.
  void note_alerting();
  void send_to_a(message rsp, bool reliable);
  // The 2xx to the caller (CONNECTING -> ANSWERED).
  void answer_a(message ok);
  // A non-2xx final response to the caller, when it has none yet.
  void reject_a(message final_rsp);
  void reject_a(int status);
  message response_to_a(const message& from_b) const;
  void ensure_a_dialog(bool early);
  void ack_b(const std::string& body, const std::string* content_type);
  // Steps `e`; on the way to TERMINATING or ENDED answers the caller with
  // `status` (when it has no final response yet), then wind_up().
  void fail(call_event e, int status, const char* why);
  // After a step from `from` into TERMINATING or ENDED: stops the media,
  // answers the caller with `a_status` (0: no answer) when it has no final
  // response yet, then CANCELs the callee (TERMINATING) or BYEs the
  // confirmed dialogs and frees the call (ENDED).
  void wind_up(call_state from, int a_status, const char* why);
  void bye(std::optional<dialog>& d);
  void finish(const char* why);
  void arm_guard(std::chrono::milliseconds d, const char* why);
  void on_guard(const char* why);

  // call_decision.cpp
  // Owner and other party: the platform prefix, else the ISC served user
  // and session case, else the configured headers.
  void identify_parties(const message& a_req);
  void plan_services(const message& a_req);
  // A call routed here with the platform prefix: owner behind it, the
  // caller from P-Asserted-Identity / From (false: not such a call).
  bool take_platform_call(const message& a_req);
  // The Request-URI (and To, when `and_to`: the B2BUA's own leg; a proxy
  // only retargets) without the platform prefix.
  void strip_platform_prefix(message& req, bool and_to) const;
  void ask_next();
  void apply_decision(service_plan& p, const store::decision& d);
  void decisions_done();

  // call_proxy.cpp: no resource applies (unserved proxy, docs/ims.md)
  void proxy_invite();
  void on_proxied_response(const message& rsp);
  void proxy_cancel();

  // call_record.cpp: the charging record (common/charging_record.h), once,
  // when the call ends.
  void write_record();

  // call_dialog.cpp
  void relay_request(const std::shared_ptr<server_transaction>& tx, bool from_a);
  void on_a_prack(const std::shared_ptr<server_transaction>& tx);
  void on_bye(const std::shared_ptr<server_transaction>& tx, bool from_a);
  // An in-dialog request the state does not allow: the RFC's error.
  void refuse_request(const std::shared_ptr<server_transaction>& tx, call_event e);
  void send_cancel_b();

  // call_media.cpp
  void apply_http_cmrt(message& b_invite);
  void offer_cmrt_extensions(message& b_invite);
  void apply_cmrbt_to_provisional(message& out, bool& reliable);
  void on_a_early_answer(const message& prack);
  void prack_b(const message& rsp);
  void on_b_prack_response(const message& rsp);
  void start_player(service_plan& p, const audio_target& to);
  void stop_media();
  void gateway_final(const message& b_ok);
  bool open_local(service_plan& p);
  [[nodiscard]] bool a_supports(std::string_view option) const;

  // call_keys.cpp
  void plan_keys(const store::decision& d);
  // Before the CMRBT player starts: the key session, and the caller's RTP
  // to the key listener (when the stream receives).
  void attach_keys(media::rtp::rtp_sender& player, media::g711_law law);
  void on_key(char key, bool via_info);
  void on_copy_done(ringback::copy_outcome o, const std::string& resource_id);
  void play_prompt(ringback::prompt_kind k);
  void skip_resource();
  void stop_resource();
  // The ringback ended (media stopped, final response, BYE): later keys
  // are late keys.
  void end_keys();
  // An INFO from the caller while this server plays the ringback:
  // application/dtmf-relay is a key (200), a bad body 400, another body type
  // 415. false: not ours (relayed as before).
  bool on_info(const std::shared_ptr<server_transaction>& tx);
  // The callee's 181/182/183 while the ringback plays: the forward and
  // announcement rules. true: the caller is handed to the network's early
  // media (hand_to_network after the response went to the caller).
  bool apply_event_rules(const message& rsp);
  void hand_to_network(const message& rsp);
  void on_forward_decision(const store::decision& d, const std::string& number);
  std::shared_ptr<const media::playout_rendition> key_rendition(const std::string& id);

  // call_forking.cpp: delivery mode forking (TS 24.182 A.3).
  [[nodiscard]] bool forking_possible(const message& a_req) const;
  // The callee's 18x on its way to the caller: no early-media authorisation
  // of its own; on the first one the forked dialog starts.
  void fork_on_relayed_provisional(message& out);
  // A request from the caller on the forked dialog (To tag = the fork's):
  // handled, true; else false.
  bool on_fork_request(const std::shared_ptr<server_transaction>& tx);
  // The callee answered: the forked dialog ends (199 or UPDATE a=inactive),
  // then `ok` (the callee's 2xx as relayed) goes to the caller.
  void fork_answer(message ok);
  // A final non-2xx response is about to go to the caller: 199 first.
  void fork_before_final();
  // Stops the CMRBT player only (a CMRT procedure may still play to B).
  void stop_fork_media();
  [[nodiscard]] bool fork_live_now() const { return fork_ && fork_live(fork_->state.state()); }

  b2bua& owner_;
  std::uint64_t id_;
  std::string prefix_;  // "sip-as(call=7)"
  fsm<call_state, call_event> state_;
  fsm<reinvite_state, reinvite_event> reinvite_;
  std::string reinvite_prefix_;  // "sip-as(call=7)/reinvite"
  std::shared_ptr<server_transaction> a_invite_;
  std::string a_call_id_, b_call_id_;
  std::string owner_number_, other_number_;
  // route-via-platform: the Request-URI carried the platform prefix, which
  // the leg toward the callee goes without.
  bool platform_ = false;
  // What the S-CSCF said (ISC): return route, served user, session case.
  isc_context isc_;
  // For the charging record: when the INVITE came, the first provisional and
  // the 2xx were relayed, and the caller's final status.
  std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> alerting_at_, answered_at_;
  bool cancelled_ = false;
  bool proxied_ = false;  // unserved proxy: forwarded, not through the B2BUA
  bool recorded_ = false;
  service_plan bt_, rt_;  // CMRBT, CMRT
  std::string http_bt_url_;

  std::shared_ptr<client_transaction> b_invite_;
  message b_request_;  // our INVITE toward B, as sent
  std::uint32_t a_invite_cseq_ = 0, b_invite_cseq_ = 0;
  std::optional<dialog> a_dialog_, b_dialog_;
  prack_tracker b_pracks_;
  std::unique_ptr<reliable_provisional> a_rel_;
  std::deque<message> a_queue_;  // reliable 18x waiting for the previous PRACK
  std::unique_ptr<ok_retransmitter> a_ok_;
  std::optional<message> b_ack_;    // sent ACK for B's 2xx (re-sent on retransmissions)
  bool b_ack_waits_for_a_ = false;  // late offer: B's 2xx offer, A's ACK answers
  // CANCEL for B's INVITE waits for its first provisional (RFC 3261 9.1).
  bool cancel_pending_ = false;
  std::string b_sdp_;  // the callee's SDP (gateway mode)
  // Each leg sees one SDP session, whoever wrote the descriptions sent on it.
  sdp::origin_keeper to_a_sdp_, to_b_sdp_;
  std::uint64_t guard_timer_ = 0;
  std::optional<forked_dialog> fork_;  // delivery mode forking, once started
  key_procedure keys_;
};

}  // namespace cmr::sip::as
