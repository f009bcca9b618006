// The switch's SIP trunk to the ringback platform (trunk.h; route-via-platform,
// docs/cs-delivery.md section 7 and docs/cmr-ssf.md). One UDP SIP port plays
// both sides of the switch:
//   A-leg (UAC)  INVITE sip:<prefix+number>@AS with Supported: 100rel, Allow:
//                UPDATE and a sendrecv G.711 offer; PRACK for the platform's
//                reliable 18x, whose SDP starts the RTP check of the ringback
//                (the expected content's default resource: the switch is not
//                told which resource the platform plays); 200 to the
//                platform's UPDATE; ACK for the 200 OK, after which no more
//                ringback may arrive; BYE or CANCEL when the call model closes.
//   B-leg (UAS)  the platform's INVITE toward the callee (this port is the
//                AS's next hop): 180 at once, then 200 OK with SDP or 486 as
//                the scenario says; 487 to its CANCEL, 200 to its BYE.
// The two legs are matched by an X-Cmr-Ssf-Trunk header the B2BUA copies from
// the A-leg to the B-leg (an emulator's shortcut; a switch would match by its
// own trunk routing). Single-threaded on the io_context that owns it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/udp_transport.h"
#include "tools/cmr-ssf/expected_content.h"
#include "tools/cmr-ssf/trunk.h"

namespace cmr::tools::ssf {

struct sip_trunk_options {
  sip::endpoint as;  // the application server (the platform)
  boost::asio::ip::address local = boost::asio::ip::make_address("127.0.0.1");
  std::uint16_t port = 0;  // SIP port (0: any free port; the AS's next hop must name it)
  std::vector<media::g711_law> laws{media::g711_law::alaw, media::g711_law::ulaw};
  // Ringback must have arrived when the callee rang at least this long, and
  // RTP that arrives later than this after the answer is a problem.
  std::chrono::milliseconds media_grace{200};
};

class sip_trunk_service final : public trunk_service, public sip::transaction_user {
public:
  // `content` may be null (headers-only RTP check).
  sip_trunk_service(boost::asio::io_context& io, sip_trunk_options options,
                    content_source* content);
  void set_events(trunk_events* events) { events_ = events; }
  ~sip_trunk_service() override;
  sip_trunk_service(const sip_trunk_service&) = delete;
  sip_trunk_service& operator=(const sip_trunk_service&) = delete;

  cmr::result<void, std::string> start();
  void stop();  // drops every trunk call without events

  trunk_id open(const trunk_request& req) override;
  void answer(trunk_id id) override;
  void busy(trunk_id id) override;
  rtp_report close(trunk_id id) override;
  [[nodiscard]] std::size_t open_count() const override;
  [[nodiscard]] std::uint16_t sip_port() const;

  struct leg_pair;  // sip_trunk.cpp

  // sip::transaction_user
  void on_request(const std::shared_ptr<sip::server_transaction>& tx) override;
  void on_ack(const sip::message&, const sip::endpoint&) override {}
  void on_cancel(const std::shared_ptr<sip::server_transaction>& invite,
                 const sip::message& cancel) override;
  void on_stray_response(const sip::message& rsp, const sip::endpoint& peer) override;

private:
  void on_a_response(trunk_id id, const sip::message& rsp);
  void on_a_error(trunk_id id, const std::string& why);
  void on_b_invite(const std::shared_ptr<sip::server_transaction>& tx);
  void receive_rtp(const std::shared_ptr<leg_pair>& p);
  void read_rtp(leg_pair& p);
  void send_in_dialog(leg_pair& p, const std::string& method);
  rtp_report ringback_report(leg_pair& p);
  void maybe_drop(trunk_id id);
  leg_pair* find(trunk_id id);
  leg_pair* by_call_id(const std::string& call_id);

  boost::asio::io_context& io_;
  trunk_events* events_ = nullptr;
  sip_trunk_options opt_;
  content_source* content_;
  cmr::asio_timer_service timers_;
  std::unique_ptr<sip::transaction_layer> layer_;
  std::unique_ptr<sip::udp_transport> udp_;
  std::unordered_map<trunk_id, std::shared_ptr<leg_pair>> calls_;
  std::unordered_map<std::string, trunk_id> by_call_id_;  // A- and B-leg Call-IDs
  trunk_id next_id_ = 1;
};

}  // namespace cmr::tools::ssf
