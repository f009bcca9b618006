// The CMR application server's transaction user: finds the call a request
// belongs to (by Call-ID of either leg), starts a call for each new INVITE,
// answers what belongs to no call, and frees calls when they end. Runs on
// the SIP stack's single thread, like the layer below it. Decisions come from
// the decision port (store/decision_port.h); one it defers is completed on a
// store thread and comes back through `post`, which must run the task on the
// SIP thread (or drop it once the server stops).
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/charging_record.h"
#include "common/counters.h"
#include "common/histogram.h"
#include "common/ringback_control.h"
#include "media/rtp/port_pool.h"
#include "sip/as/as_config.h"
#include "sip/as/content_source.h"
#include "sip/as/ringback_keys.h"
#include "sip/message/request_check.h"
#include "sip/transaction/transaction_layer.h"
#include "sip/transaction/transaction_user.h"
#include "store/decision_port.h"

namespace cmr::sip::as {

class call;

// libosmocore group "cmr_sip-as" (common/counters.h); "show cmr sip" too.
struct as_counters {
  as_counters();
  counter_group group;
  counter_ref calls{group, "calls"}, passed_through{group, "passed-through"}, http{group, "http"},
      application_server{group, "application-server"}, gateway{group, "gateway"},
      forking{group, "forking"}, media_started{group, "media-started"}, rejected{group, "rejected"},
      timeouts{group, "timeouts"}, cmrt_not_offered{group, "cmrt-not-offered"},
      platform_calls{group, "platform-calls"}, proxied{group, "proxied"},
      isc_originating{group, "isc-originating"}, isc_terminating{group, "isc-terminating"},
      isc_foreign_route{group, "isc-foreign-route"};
  // Decisions the owner's settings were read for off the SIP thread first,
  // and those of them that came back after the call had ended.
  counter_ref decisions_deferred{group, "decisions-deferred"},
      decisions_dropped{group, "decisions-dropped"};
  gauge_ref calls_active{group, "calls-active"};
  // The caller's INVITE received to the first 18x relayed to it (the
  // callee's alerting plus this server's own time): "show cmr latency".
  histogram invite_to_18x;
};

class b2bua final : public transaction_user {
public:
  // Runs `task` on the SIP thread (or drops it: the server stops). Callable
  // from any thread.
  using post_fn = std::function<void(std::function<void()> task)>;

  // `layer` must be set (set_layer) before the first message arrives.
  // `decisions` may be nullptr (nothing is ever presented).
  // `records` may be nullptr (no charging records).
  b2bua(boost::asio::io_context& io, media::rtp::port_pool& ports, store::decision_port* decisions,
        content_source& content, post_fn post, as_config config,
        cdr::charging_writer* records = nullptr);
  ~b2bua() override;
  b2bua(const b2bua&) = delete;
  b2bua& operator=(const b2bua&) = delete;
  void set_layer(transaction_layer& layer) { layer_ = &layer; }
  // On-line copy and presentation control (spec 5.7, docs/sip.md): the copy
  // port (AddResource Action=1 of the node; may be nullptr: copy keys get
  // the refusal) and the `presentation-control` node's settings (nullptr or
  // disabled: no telephone-event offered, no key acted on). Both outlive
  // the B2BUA; set before the first call.
  void set_ringback(ringback::copy_port* copies, const ringback::presentation_settings* settings) {
    copies_ = copies;
    presentation_ = settings;
  }

  // transaction_user
  void on_request(const std::shared_ptr<server_transaction>& tx) override;
  void on_ack(const message& ack, const endpoint& peer) override;
  void on_cancel(const std::shared_ptr<server_transaction>& invite, const message& cancel) override;
  void on_stray_response(const message& rsp, const endpoint& peer) override;

  // For calls.
  [[nodiscard]] transaction_layer& layer() { return *layer_; }
  [[nodiscard]] const as_config& config() const { return config_; }
  [[nodiscard]] store::decision_port* decisions() { return decisions_; }
  [[nodiscard]] content_source& content() { return content_; }
  [[nodiscard]] const post_fn& poster() const { return post_; }
  [[nodiscard]] boost::asio::io_context& io() { return io_; }
  [[nodiscard]] media::rtp::port_pool& ports() { return ports_; }
  [[nodiscard]] as_counters& stats() { return stats_; }
  [[nodiscard]] cdr::charging_writer* records() { return records_; }
  [[nodiscard]] ringback::copy_port* copies() { return copies_; }
  // nullptr when presentation control is off.
  [[nodiscard]] const ringback::presentation_settings* presentation() const {
    return presentation_ != nullptr && presentation_->enabled ? presentation_ : nullptr;
  }
  [[nodiscard]] key_counters& key_stats() { return key_stats_; }
  // Whether a Route URI names this server (one of its transports' addresses;
  // a URI without port means 5060).
  [[nodiscard]] bool is_own(const uri& u) const;
  // This side's Contact for a leg on transport `k`.
  [[nodiscard]] std::string contact(transport_kind k) const;
  void register_b_leg(const std::shared_ptr<call>& c);
  void remove(const call& c);

  [[nodiscard]] std::size_t call_count() const { return by_a_.size(); }
  // Ends every call (BYE/CANCEL/final answers) and stops all media: shutdown.
  // Decisions still on their way are dropped when they come back.
  void stop_all();

private:
  // The call and leg a message belongs to (by Call-ID, and this side's tag
  // when a Call-ID names a leg of two calls).
  std::shared_ptr<call> find(const message& m, bool& from_a) const;

  boost::asio::io_context& io_;
  media::rtp::port_pool& ports_;
  store::decision_port* decisions_;
  content_source& content_;
  post_fn post_;
  as_config config_;
  cdr::charging_writer* records_;
  transaction_layer* layer_ = nullptr;
  request_policy policy_;
  std::unordered_map<std::string, std::shared_ptr<call>> by_a_, by_b_;
  as_counters stats_;
  key_counters key_stats_;
  ringback::copy_port* copies_ = nullptr;
  const ringback::presentation_settings* presentation_ = nullptr;
  std::uint64_t next_call_ = 1;  // numbers the calls in logs
};

}  // namespace cmr::sip::as
