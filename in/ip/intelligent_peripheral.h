// The intelligent peripheral (gsmSRF, DESIGN.md section 8; the contract is
// docs/cs-delivery.md sections 4 and 5): a SIP UAS on its own UDP and TCP
// bind that answers bearer INVITEs, plays announcements as RTP from playout
// renditions, and, for the routing-number form, asks the SCP for
// instructions over its own TCAP dialogue (AssistRequestInstructions ->
// PlayAnnouncement -> SpecializedResourceReport); and, in its WIN role
// (win_role.h, docs/cdma-delivery.md), is seized by the SCP over ANSI TCAP
// and answers the bearer INVITE to the TLDN it gave.
//
// It is the SIP stack's transaction user (sip/) and the TC-user of its own
// tcap_layer (in/tcap); each bearer is a bearer_call. Single-threaded: the
// transports, the transaction layer, the TCAP layer, the timers and every
// callback run on the io_context given at construction, which must be run by
// one thread (ip_node does that in cmr-server; the unit tests run it
// themselves). RTP senders use strands of the same io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "in/ansi_tcap/ansi_tcap_layer.h"
#include "in/ip/announcement_source.h"
#include "in/ip/ip_config.h"
#include "in/tcap/tcap_layer.h"
#include "common/timer_service.h"
#include "media/rtp/port_pool.h"
#include "sip/message/request_check.h"
#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transaction/transaction_user.h"
#include "sip/transport/tcp_transport.h"
#include "sip/transport/udp_transport.h"
#include "common/counters.h"
#include "common/result.h"

namespace cmr::in::ip {

class bearer_call;
class win_role;

// "show cmr ip", the tests and libosmocore (group "cmr_ip") read these.
struct ip_counters {
  ip_counters();
  counter_group group;
  counter_ref calls{group, "calls"};                // INVITEs that became a bearer (answered 200)
  counter_ref play_form{group, "play-form"};        // ... in the play= form
  counter_ref routing_form{group, "routing-form"};  // ... in the routing-number form
  counter_ref rejected_404{group, "rejected-404"};  // unknown announcement / prefix
  counter_ref rejected_488{group, "rejected-488"};  // no PCMA/PCMU in the offer (or no offer)
  counter_ref rejected_other{group, "rejected-other"};  // 4xx/5xx for anything else
  counter_ref cancelled{group, "cancelled"};
  counter_ref plays_started{group, "plays-started"};
  counter_ref plays_completed{group, "plays-completed"};
  counter_ref byes_sent{group, "byes-sent"};
  counter_ref byes_received{group, "byes-received"};
  counter_ref max_duration_releases{group, "max-duration-releases"};
  counter_ref ari_sent{group, "ari-sent"};
  counter_ref ari_send_failures{group, "ari-send-failures"};
  counter_ref pa_received{group, "pa-received"};
  counter_ref srr_sent{group, "srr-sent"};
  counter_ref scp_errors{group, "scp-errors"};  // errors, rejects, aborts from the SCP side
  counter_ref instruction_timeouts{group, "instruction-timeouts"};
  counter_ref rtp_packets{group, "rtp-packets"};  // of finished streams
  // WIN role (win_role.h).
  counter_ref tldn_form{group, "tldn-form"};                // bearers to a live TLDN (answered 200)
  counter_ref win_seizures{group, "win-seizures"};          // SeizeResource answered with a TLDN
  counter_ref win_tldn_expired{group, "win-tldn-expired"};  // no bearer within tldn-timeout
  counter_ref win_instruction_requests{group, "win-instruction-requests"};
  counter_ref win_srf_directives{group, "win-srf-directives"};  // received
  counter_ref win_srf_results{group, "win-srf-results"};        // plays reported (RETURN RESULT)
  counter_ref win_abandons{group, "win-abandons"};  // bearer gone before the report: Abort
  counter_ref win_errors{group, "win-errors"};  // Rejects/errors either way, aborts from the SCP
  // On-line copy (PromptAndCollectUserInformation).
  counter_ref pacui_received{group, "pacui-received"};
  counter_ref keys_reported{group, "keys-reported"};        // ReceivedInformation sent
  counter_ref collect_timeouts{group, "collect-timeouts"};  // improperCallerResponse sent
  counter_ref keys_ignored{group, "keys-ignored"};          // keys with no PromptAndCollect waiting
  gauge_ref calls_active{group, "calls-active"};
  gauge_ref tldns_active{group, "tldns-active"};  // live seizures (TLDNs in use)
};

class intelligent_peripheral final : public sip::transaction_user, private tcap::tc_user {
public:
  intelligent_peripheral(boost::asio::io_context& io, ip_config config,
                         announcement_source& announcements, media::rtp::port_pool& ports);
  ~intelligent_peripheral() override;
  intelligent_peripheral(const intelligent_peripheral&) = delete;
  intelligent_peripheral& operator=(const intelligent_peripheral&) = delete;

  // Opens the UDP and TCP transports (any thread, before the io_context runs).
  result<void, std::string> open();
  // The SCCP service of the IP's own SSN: creates the TCAP layer that the
  // routing-number form needs (without it such INVITEs get 503). Before
  // the io_context runs; received N-UNITDATA go to on_unitdata().
  void attach_sccp(sigtran::sccp_service& sccp, tcap::tcap_config tcap = {});
  // On the io thread: an N-UNITDATA indication for the IP's SSN.
  void on_unitdata(const sigtran::n_unitdata& msg);
  // The SCCP service of the WIN SSN: creates the WIN role (ANSI TCAP) that
  // the TLDN form needs (without it TLDNs are not recognised). Before the
  // io_context runs; received N-UNITDATA go to on_win_unitdata().
  void attach_win_sccp(sigtran::sccp_service& sccp, ansi_tcap::ansi_tcap_config cfg = {});
  void on_win_unitdata(const sigtran::n_unitdata& msg);
  // On the io thread: ends every bearer (BYE, TC-END) and stops all media.
  void stop_all();
  // Closes the transports (after the io thread stopped).
  void close();

  [[nodiscard]] sip::endpoint udp_endpoint() const;
  [[nodiscard]] sip::endpoint tcp_endpoint() const;
  // "name value" lines; on the io thread.
  [[nodiscard]] std::string status_text() const;
  [[nodiscard]] const ip_counters& stats() const { return stats_; }
  [[nodiscard]] std::size_t call_count() const { return calls_.size(); }
  [[nodiscard]] std::size_t dialogue_count() const { return tcap_ ? tcap_->dialogue_count() : 0; }
  [[nodiscard]] std::size_t win_transaction_count() const;

  // transaction_user
  void on_request(const std::shared_ptr<sip::server_transaction>& tx) override;
  void on_ack(const sip::message& ack, const sip::endpoint& peer) override;
  void on_cancel(const std::shared_ptr<sip::server_transaction>& invite,
                 const sip::message& cancel) override;
  void on_stray_response(const sip::message& rsp, const sip::endpoint& peer) override;

  // For bearer_call.
  [[nodiscard]] boost::asio::io_context& io() { return io_; }
  [[nodiscard]] const ip_config& config() const { return config_; }
  [[nodiscard]] sip::transaction_layer& layer() { return layer_; }
  [[nodiscard]] announcement_source& announcements() { return announcements_; }
  [[nodiscard]] media::rtp::port_pool& ports() { return ports_; }
  [[nodiscard]] tcap::tcap_layer* tcap() { return tcap_.get(); }
  [[nodiscard]] win_role* win() { return win_.get(); }
  [[nodiscard]] ip_counters& stats() { return stats_; }
  [[nodiscard]] std::string contact(sip::transport_kind k) const;
  void bind_dialogue(tcap::dialogue_id d, const std::shared_ptr<bearer_call>& c);
  void unbind_dialogue(tcap::dialogue_id d);
  void remove(const bearer_call& c);

private:
  // tc_user
  void on_dialogue(const tcap::dialogue_ind& ind) override;
  void on_u_abort(const tcap::u_abort_ind& ind) override;
  void on_p_abort(const tcap::p_abort_ind& ind) override;
  void on_l_cancel(const tcap::l_cancel_ind& ind) override;
  void on_notice(const tcap::notice_ind& ind) override;
  std::shared_ptr<bearer_call> call_of(tcap::dialogue_id d) const;

  boost::asio::io_context& io_;
  ip_config config_;
  announcement_source& announcements_;
  media::rtp::port_pool& ports_;
  cmr::asio_timer_service sip_timers_;
  sip::transaction_layer layer_;
  std::unique_ptr<sip::udp_transport> udp_;
  std::unique_ptr<sip::tcp_transport> tcp_;
  std::unique_ptr<cmr::timer_service> tcap_timers_;
  std::unique_ptr<tcap::tcap_layer> tcap_;
  std::unique_ptr<win_role> win_;
  sip::request_policy policy_;
  std::unordered_map<std::string, std::shared_ptr<bearer_call>> calls_;  // by Call-ID
  std::unordered_map<tcap::dialogue_id, std::shared_ptr<bearer_call>> by_dialogue_;
  ip_counters stats_;
  std::uint64_t next_bearer_ = 1;  // numbers the bearers in logs
};

}  // namespace cmr::in::ip
