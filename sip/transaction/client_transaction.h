// Client transactions (RFC 3261 17.1): INVITE (Calling, Proceeding,
// Completed, Accepted per RFC 6026, Terminated) and non-INVITE (Trying,
// Proceeding, Completed, Terminated). Retransmissions only on unreliable
// transports; the ACK for a non-2xx final response is built here.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sip/message/message.h"
#include "sip/transaction/timer_config.h"
#include "common/timer_service.h"
#include "sip/transaction/transaction_sender.h"
#include "sip/transaction/transaction_state.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

class client_transaction : public std::enable_shared_from_this<client_transaction> {
public:
  struct callbacks {
    // Every response the TU must see: provisional, final, and 2xx
    // retransmissions in Accepted (the dialog layer re-ACKs those).
    std::function<void(const message& rsp)> on_response;
    std::function<void(tx_error)> on_error;
  };

  client_transaction(message request, endpoint destination, std::string key, timer_service& timers,
                     const timer_config& config, transaction_sender& sender, callbacks cb);
  ~client_transaction();
  client_transaction(const client_transaction&) = delete;
  client_transaction& operator=(const client_transaction&) = delete;

  void start();
  void on_response(const message& rsp);

  [[nodiscard]] const message& request() const { return request_; }
  [[nodiscard]] const endpoint& destination() const { return destination_; }
  [[nodiscard]] const std::string& key() const { return key_; }
  [[nodiscard]] tx_state state() const { return state_; }
  [[nodiscard]] bool is_invite() const { return invite_; }
  // A provisional response arrived (CANCEL may be sent, RFC 3261 9.1).
  [[nodiscard]] bool got_provisional() const { return got_provisional_; }
  // Called once on entering Terminated (the layer drops its reference).
  std::function<void(const std::string& key)> on_terminated;

  // RFC 3261 17.1.1.3: the ACK for a 300-699 response to `invite`.
  static message make_non_2xx_ack(const message& invite, const message& rsp);

private:
  void transition(tx_state next);
  void send_request();
  void arm(timer_service::timer_id& slot, timer_service::duration d, void (client_transaction::*fn)());
  void stop(timer_service::timer_id& slot);
  void on_retransmit_timer();  // A or E
  void on_timeout_timer();     // B or F
  void on_linger_timer();      // D, K or M
  void fail(tx_error e);
  [[nodiscard]] bool reliable() const { return destination_.kind == transport_kind::tcp; }

  message request_;
  endpoint destination_;
  std::string key_;
  timer_service& timers_;
  const timer_config& config_;
  transaction_sender& sender_;
  callbacks cb_;
  bool invite_;
  bool got_provisional_ = false;
  tx_state state_;
  timer_service::duration retransmit_interval_{0};
  timer_service::timer_id retransmit_timer_ = 0;
  timer_service::timer_id timeout_timer_ = 0;
  timer_service::timer_id linger_timer_ = 0;
  std::optional<message> ack_;
};

}  // namespace cmr::sip
