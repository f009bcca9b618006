// The switch side of the bearer to the intelligent peripheral over SIP
// (docs/cs-delivery.md section 5): an INVITE per bearer, with an SDP offer
// of one receive-only G.711 stream on a local RTP port,
//   play form            sip:annc@IPHOST:IPPORT;play=cmr:<announcement-id>
//   routing-number form  sip:<digits>@IPHOST:IPPORT
// ACK for the 2xx, every RTP packet fed to an rtp_checker against the
// expected content, 200 to the IP's BYE (the play completed: checked for the
// exact number of repetitions), and BYE (or CANCEL) when the call model
// closes it. Single-threaded on the io_context that owns it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/asio_timer_service.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transport/udp_transport.h"
#include "tools/cmr-ssf/bearer.h"
#include "tools/cmr-ssf/expected_content.h"
#include "tools/cmr-ssf/key_presses.h"

namespace cmr::tools::ssf {

struct sip_bearer_options {
  sip::endpoint ip;  // the IP (default 127.0.0.1:5070 UDP)
  boost::asio::ip::address local = boost::asio::ip::make_address("127.0.0.1");
  std::vector<media::g711_law> laws{media::g711_law::alaw, media::g711_law::ulaw};
  // A stream closed by the switch this long after the 200 OK must have
  // carried RTP (shorter: the IP may not have sent its first packet yet).
  std::chrono::milliseconds media_grace{200};
  // On-line copy (docs/cmr-ssf.md): keys sent on every bearer at these
  // times after its 200 OK; the offer is then sendrecv (with
  // telephone-event 101 unless in-band). The RTP is checked as streams:
  // the first a prefix of the expected content, and with expect_prompt one
  // later stream exactly that built-in prompt.
  std::vector<key_press> presses;
  bool inband = false;
  std::optional<ringback::prompt_kind> expect_prompt;
};

class sip_bearer_service final : public bearer_service, public sip::transaction_user {
public:
  // `content` may be null (headers-only RTP check). Events go to
  // set_events()'s receiver (the call model, created after this service).
  sip_bearer_service(boost::asio::io_context& io, sip_bearer_options options,
                     content_source* content);
  void set_events(bearer_events* events) { events_ = events; }
  ~sip_bearer_service() override;
  sip_bearer_service(const sip_bearer_service&) = delete;
  sip_bearer_service& operator=(const sip_bearer_service&) = delete;

  // Binds the SIP UDP transport (port chosen by the kernel).
  cmr::result<void, std::string> start();
  void stop();  // closes every bearer without events

  bearer_id open(const bearer_request& req) override;
  rtp_report close(bearer_id id) override;
  [[nodiscard]] std::size_t open_count() const override { return bearers_.size(); }
  [[nodiscard]] std::uint16_t sip_port() const;

  struct bearer;  // sip_bearer.cpp

  // sip::transaction_user (the IP's BYE; nothing else is expected).
  void on_request(const std::shared_ptr<sip::server_transaction>& tx) override;
  void on_ack(const sip::message&, const sip::endpoint&) override {}
  void on_cancel(const std::shared_ptr<sip::server_transaction>&, const sip::message&) override {}
  void on_stray_response(const sip::message& rsp, const sip::endpoint& peer) override;

private:
  void on_invite_response(bearer_id id, const sip::message& rsp);
  void on_invite_error(bearer_id id, const std::string& why);
  void receive_rtp(const std::shared_ptr<bearer>& b);
  void read_rtp(bearer& b);
  void send_bye(bearer& b);
  void schedule_presses(const std::shared_ptr<bearer>& b, const std::string& answer);
  void send_key(const std::shared_ptr<bearer>& b, char key);
  rtp_report segments_report(bearer& b, bool expect_media);
  rtp_report end_media(bearer& b, std::optional<std::uint32_t> complete, bool expect_media);
  void drop(bearer_id id);

  boost::asio::io_context& io_;
  bearer_events* events_ = nullptr;
  sip_bearer_options opt_;
  content_source* content_;
  cmr::asio_timer_service timers_;
  std::unique_ptr<sip::transaction_layer> layer_;
  std::unique_ptr<sip::udp_transport> udp_;
  std::unordered_map<bearer_id, std::shared_ptr<bearer>> bearers_;
  std::unordered_map<std::string, bearer_id> by_call_id_;
  bearer_id next_id_ = 1;
};

}  // namespace cmr::tools::ssf
