// The transaction layer: owns the client and server transactions, matches
// what the transports deliver to them, answers unparseable requests with
// 400/505 (RFC 3261 18.3), CANCEL with 200/481 (9.2), and hands everything
// else to the transaction user. Single-threaded: run it, its transports and
// its timer service on one io_context thread (or strand).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "common/counters.h"
#include "sip/transaction/client_transaction.h"
#include "sip/transaction/server_transaction.h"
#include "sip/transaction/transaction_user.h"
#include "sip/transport/transport.h"

namespace cmr::sip {

class transaction_layer final : public transport_user, public transaction_sender {
public:
  // `instance`: the name of its counter group ("as", "ip": several stacks
  // may run in one process).
  transaction_layer(timer_service& timers, timer_config config, transaction_user& tu,
                    std::string instance = {});
  ~transaction_layer() override;
  transaction_layer(const transaction_layer&) = delete;
  transaction_layer& operator=(const transaction_layer&) = delete;

  // One transport per kind; the layer does not own them.
  void add_transport(transport& t);
  [[nodiscard]] transport* find_transport(transport_kind k) const;

  // Starts a client transaction. A top Via (with a new branch and ;rport) is
  // added unless the request already has one with a branch.
  std::shared_ptr<client_transaction> send_request(message req, const endpoint& to,
                                                   client_transaction::callbacks cb);
  // RFC 3261 9.1: CANCEL for a pending INVITE client transaction (send it only
  // once a provisional response arrived; the caller decides when).
  std::shared_ptr<client_transaction> send_cancel(const client_transaction& invite,
                                                  client_transaction::callbacks cb);
  // Outside any transaction: the ACK for a 2xx (given a Via with a new branch
  // when it has none), or a stateless response.
  bool send_stateless(const message& msg, const endpoint& to, connection_id conn = 0);

  // The Via a request sent over `kind` carries.
  [[nodiscard]] std::string make_via(transport_kind kind, const std::string& branch) const;
  static std::string new_branch() { return std::string(magic_cookie) + random_token(16); }

  // transport_user
  void on_message(message msg, const endpoint& peer, connection_id conn) override;
  void on_parse_error(const parse_failure& f, const endpoint& peer, connection_id conn) override;
  // transaction_sender
  bool send_message(const message& msg, const endpoint& to, connection_id conn) override;

  [[nodiscard]] const timer_config& config() const { return config_; }
  [[nodiscard]] timer_service& timers() { return timers_; }
  [[nodiscard]] std::size_t client_count() const { return clients_.size(); }
  [[nodiscard]] std::size_t server_count() const { return servers_.size(); }

  // libosmocore group "cmr_sip-transactions" (common/counters.h).
  struct counters {
    explicit counters(std::string instance);
    counter_group group;
    counter_ref requests_in{group, "requests-in"}, responses_in{group, "responses-in"},
        retransmissions_in{group, "retransmissions-in"}, stray_responses{group, "stray-responses"},
        parse_errors{group, "parse-errors"}, error_responses_sent{group, "error-responses-sent"};
    gauge_ref server_transactions{group, "server-transactions"};
    gauge_ref client_transactions{group, "client-transactions"};
  };
  [[nodiscard]] const counters& stats() const { return stats_; }

  // RFC 3261 18.2.2 / RFC 3581: where responses to `req` from `peer` go.
  static endpoint response_destination(const message& req, const endpoint& peer);

private:
  void on_request(message req, const endpoint& peer, connection_id conn);
  void on_response(message rsp, const endpoint& peer);
  void on_cancel_request(message cancel, const endpoint& peer, connection_id conn);
  std::shared_ptr<server_transaction> new_server(message req, const endpoint& peer,
                                                 connection_id conn, const std::string& key);

  timer_service& timers_;
  timer_config config_;
  transaction_user& tu_;
  transport* udp_ = nullptr;
  transport* tcp_ = nullptr;
  std::unordered_map<std::string, std::shared_ptr<client_transaction>> clients_;
  std::unordered_map<std::string, std::shared_ptr<server_transaction>> servers_;
  counters stats_;
};

}  // namespace cmr::sip
