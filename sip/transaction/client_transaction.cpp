#include "sip/transaction/client_transaction.h"

#include <algorithm>

#include "sip/log.h"

namespace cmr::sip {

client_transaction::client_transaction(message request, endpoint destination, std::string key,
                                       timer_service& timers, const timer_config& config,
                                       transaction_sender& sender, callbacks cb)
    : request_(std::move(request)),
      destination_(std::move(destination)),
      key_(std::move(key)),
      timers_(timers),
      config_(config),
      sender_(sender),
      cb_(std::move(cb)),
      invite_(request_.method == "INVITE"),
      state_(invite_ ? tx_state::calling : tx_state::trying) {}

client_transaction::~client_transaction() {
  stop(retransmit_timer_);
  stop(timeout_timer_);
  stop(linger_timer_);
}

void client_transaction::transition(tx_state next) {
  CMR_LOG(sip, debug, "ctx(%s){%s}: -> %s", key_.c_str(), to_string(state_), to_string(next));
  state_ = next;
  if (next == tx_state::terminated) {
    stop(retransmit_timer_);
    stop(timeout_timer_);
    stop(linger_timer_);
    if (on_terminated) on_terminated(key_);
  }
}

void client_transaction::arm(timer_service::timer_id& slot, timer_service::duration d,
                             void (client_transaction::*fn)()) {
  stop(slot);
  slot = timers_.start(d, [weak = weak_from_this(), fn, &slot] {
    if (auto self = weak.lock()) {
      slot = 0;
      ((*self).*fn)();
    }
  });
}

void client_transaction::stop(timer_service::timer_id& slot) {
  if (slot != 0) timers_.cancel(slot);
  slot = 0;
}

void client_transaction::send_request() {
  if (!sender_.send_message(request_, destination_, 0)) fail(tx_error::transport);
}

void client_transaction::start() {
  auto keep = shared_from_this();
  if (!reliable()) {
    retransmit_interval_ = invite_ ? config_.timer_a() : config_.timer_e();
    arm(retransmit_timer_, retransmit_interval_, &client_transaction::on_retransmit_timer);
  }
  arm(timeout_timer_, invite_ ? config_.timer_b() : config_.timer_f(),
      &client_transaction::on_timeout_timer);
  send_request();
}

void client_transaction::on_retransmit_timer() {
  if (state_ == tx_state::calling) {
    // Timer A doubles without bound; timer B ends it (RFC 3261 17.1.1.2).
    retransmit_interval_ *= 2;
  } else if (state_ == tx_state::trying) {
    retransmit_interval_ = std::min(retransmit_interval_ * 2, config_.t2);
  } else if (state_ == tx_state::proceeding && !invite_) {
    retransmit_interval_ = config_.t2;  // RFC 3261 17.1.2.2: T2 once provisional seen
  } else {
    return;
  }
  CMR_LOG(sip, debug, "ctx(%s){%s}: retransmit %s", key_.c_str(), to_string(state_),
          request_.method.c_str());
  arm(retransmit_timer_, retransmit_interval_, &client_transaction::on_retransmit_timer);
  send_request();
}

void client_transaction::on_timeout_timer() {
  if (state_ == tx_state::calling || state_ == tx_state::trying ||
      (!invite_ && state_ == tx_state::proceeding))
    fail(tx_error::timeout);
}

void client_transaction::on_linger_timer() {
  transition(tx_state::terminated);
}

void client_transaction::fail(tx_error e) {
  if (state_ == tx_state::terminated) return;
  auto keep = shared_from_this();
  CMR_LOG(sip, info, "ctx(%s){%s}: %s", key_.c_str(), to_string(state_),
          e == tx_error::timeout ? "timeout" : "transport error");
  transition(tx_state::terminated);
  if (cb_.on_error) cb_.on_error(e);
}

void client_transaction::on_response(const message& rsp) {
  auto keep = shared_from_this();
  const int code = rsp.status;
  const bool provisional = code < 200;
  switch (state_) {
    case tx_state::calling:
    case tx_state::trying:
    case tx_state::proceeding:
      if (provisional) {
        got_provisional_ = true;
        if (state_ != tx_state::proceeding) transition(tx_state::proceeding);
        if (invite_) {
          stop(retransmit_timer_);  // no more INVITE retransmissions, and B no longer applies
          stop(timeout_timer_);
        }
        if (cb_.on_response) cb_.on_response(rsp);
        return;
      }
      stop(retransmit_timer_);
      stop(timeout_timer_);
      if (invite_ && code < 300) {
        transition(tx_state::accepted);
        arm(linger_timer_, config_.timer_m(), &client_transaction::on_linger_timer);
        if (cb_.on_response) cb_.on_response(rsp);
        return;
      }
      if (invite_) {
        ack_ = make_non_2xx_ack(request_, rsp);
        sender_.send_message(*ack_, destination_, 0);
      }
      transition(tx_state::completed);
      if (cb_.on_response) cb_.on_response(rsp);
      if (state_ != tx_state::completed) return;  // the TU may not terminate us, but be safe
      if (reliable()) {
        transition(tx_state::terminated);
      } else {
        arm(linger_timer_, invite_ ? config_.timer_d : config_.timer_k(),
            &client_transaction::on_linger_timer);
      }
      return;
    case tx_state::completed:
      // Retransmitted final response: answer it again with the same ACK.
      if (invite_ && !provisional && ack_) sender_.send_message(*ack_, destination_, 0);
      return;
    case tx_state::accepted:
      // 2xx retransmissions (maybe from other forks) go to the TU to ACK.
      if (code >= 200 && code < 300 && cb_.on_response) cb_.on_response(rsp);
      return;
    case tx_state::confirmed:
    case tx_state::terminated:
      return;
  }
}

message client_transaction::make_non_2xx_ack(const message& invite, const message& rsp) {
  auto ack = message::make_request("ACK", invite.request_uri);
  // Only the top Via: the ACK takes the INVITE's branch (17.1.1.3).
  if (const auto* via = invite.header("Via")) ack.add_header("Via", *via);
  ack.copy_headers(invite, "Route");
  ack.add_header("Max-Forwards", "70");
  ack.copy_headers(invite, "From");
  if (const auto* to = rsp.header("To")) ack.add_header("To", *to);
  ack.copy_headers(invite, "Call-ID");
  const auto cs = invite.cseq();
  ack.add_header("CSeq", std::to_string(cs ? cs->number : 0) + " ACK");
  return ack;
}

}  // namespace cmr::sip
