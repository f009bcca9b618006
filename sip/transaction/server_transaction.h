// Server transactions (RFC 3261 17.2): INVITE (Proceeding, Completed,
// Confirmed, Accepted per RFC 6026, Terminated) and non-INVITE (Trying,
// Proceeding, Completed, Terminated). The TU answers through respond().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sip/message/message.h"
#include "sip/transaction/timer_config.h"
#include "common/timer_service.h"
#include "sip/transaction/transaction_sender.h"
#include "sip/transaction/transaction_state.h"
#include "sip/transport/endpoint.h"

namespace cmr::sip {

class server_transaction : public std::enable_shared_from_this<server_transaction> {
public:
  // `response_to`: where responses go (RFC 3261 18.2.2), `conn` the stream
  // the request came on (0 for UDP).
  server_transaction(message request, endpoint response_to, connection_id conn, std::string key,
                     timer_service& timers, const timer_config& config, transaction_sender& sender);
  ~server_transaction();
  server_transaction(const server_transaction&) = delete;
  server_transaction& operator=(const server_transaction&) = delete;

  void start();
  // Sends a response from the TU. Returns false when the state does not allow
  // it (a second final response, or after termination).
  bool respond(message rsp);
  // Convenience: make_response(request(), status, reason, local tag) and send.
  bool respond(int status, std::string_view reason = {});

  // From the layer.
  void on_retransmission();
  void on_ack(const message& ack);

  [[nodiscard]] const message& request() const { return request_; }
  [[nodiscard]] const std::string& key() const { return key_; }
  [[nodiscard]] tx_state state() const { return state_; }
  [[nodiscard]] bool is_invite() const { return invite_; }
  [[nodiscard]] const endpoint& peer() const { return response_to_; }
  [[nodiscard]] connection_id connection() const { return conn_; }
  // The To tag this side uses in its responses (generated on first use).
  const std::string& local_tag();
  void set_local_tag(std::string tag) { local_tag_ = std::move(tag); }
  [[nodiscard]] int final_status() const { return final_status_; }

  // Timer H expired without an ACK, or the transport failed.
  std::function<void(tx_error)> on_error;
  std::function<void(const std::string& key)> on_terminated;

private:
  void transition(tx_state next);
  void send(const message& m);
  void arm(timer_service::timer_id& slot, timer_service::duration d, void (server_transaction::*fn)());
  void stop(timer_service::timer_id& slot);
  void on_trying_timer();
  void on_retransmit_timer();  // G
  void on_timeout_timer();     // H
  void on_linger_timer();      // I, J or L
  [[nodiscard]] bool reliable() const { return response_to_.kind == transport_kind::tcp; }

  message request_;
  endpoint response_to_;
  connection_id conn_;
  std::string key_;
  timer_service& timers_;
  const timer_config& config_;
  transaction_sender& sender_;
  bool invite_;
  tx_state state_;
  std::optional<message> last_response_;
  std::string local_tag_;
  int final_status_ = 0;
  timer_service::duration retransmit_interval_{0};
  timer_service::timer_id trying_timer_ = 0;
  timer_service::timer_id retransmit_timer_ = 0;
  timer_service::timer_id timeout_timer_ = 0;
  timer_service::timer_id linger_timer_ = 0;
};

// A random token for tags and branches (RFC 3261 19.3: at least 32 bits).
std::string random_token(std::size_t chars = 16);

}  // namespace cmr::sip
