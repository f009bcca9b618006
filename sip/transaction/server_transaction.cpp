#include "sip/transaction/server_transaction.h"

#include <algorithm>
#include <random>

#include "sip/log.h"

namespace cmr::sip {

std::string random_token(std::size_t chars) {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(alphabet) - 2);
  std::string out(chars, 'x');
  for (auto& c : out) c = alphabet[pick(rng)];
  return out;
}

server_transaction::server_transaction(message request, endpoint response_to, connection_id conn,
                                       std::string key, timer_service& timers,
                                       const timer_config& config, transaction_sender& sender)
    : request_(std::move(request)),
      response_to_(std::move(response_to)),
      conn_(conn),
      key_(std::move(key)),
      timers_(timers),
      config_(config),
      sender_(sender),
      invite_(request_.method == "INVITE"),
      state_(invite_ ? tx_state::proceeding : tx_state::trying) {}

server_transaction::~server_transaction() {
  stop(trying_timer_);
  stop(retransmit_timer_);
  stop(timeout_timer_);
  stop(linger_timer_);
}

const std::string& server_transaction::local_tag() {
  if (local_tag_.empty()) {
    // A request that names our tag already (in a dialog, or one we do not
    // know: 481) keeps it in every response (RFC 3261 8.2.6.2), and an RFC
    // 2543 ACK is matched on it.
    const auto to = request_.to();
    local_tag_ = to && !to->tag().empty() ? to->tag() : random_token(10);
  }
  return local_tag_;
}

void server_transaction::transition(tx_state next) {
  CMR_LOG(sip, debug, "stx(%s){%s}: -> %s", key_.c_str(), to_string(state_), to_string(next));
  state_ = next;
  if (next == tx_state::terminated) {
    stop(trying_timer_);
    stop(retransmit_timer_);
    stop(timeout_timer_);
    stop(linger_timer_);
    if (on_terminated) on_terminated(key_);
  }
}

void server_transaction::arm(timer_service::timer_id& slot, timer_service::duration d,
                             void (server_transaction::*fn)()) {
  stop(slot);
  slot = timers_.start(d, [weak = weak_from_this(), fn, &slot] {
    if (auto self = weak.lock()) {
      slot = 0;
      ((*self).*fn)();
    }
  });
}

void server_transaction::stop(timer_service::timer_id& slot) {
  if (slot != 0) timers_.cancel(slot);
  slot = 0;
}

void server_transaction::send(const message& m) {
  if (!sender_.send_message(m, response_to_, conn_)) {
    auto keep = shared_from_this();
    CMR_LOG(sip, info, "stx(%s){%s}: transport error", key_.c_str(), to_string(state_));
    transition(tx_state::terminated);
    if (on_error) on_error(tx_error::transport);
  }
}

void server_transaction::start() {
  // RFC 3261 17.2.1: 100 Trying unless the TU answers within 200 ms.
  if (invite_) arm(trying_timer_, config_.trying_delay, &server_transaction::on_trying_timer);
}

void server_transaction::on_trying_timer() {
  if (state_ == tx_state::proceeding && !last_response_) respond(100);
}

bool server_transaction::respond(int status, std::string_view reason) {
  const std::string tag = status == 100 ? std::string{} : local_tag();
  return respond(make_response(request_, status, reason, tag));
}

bool server_transaction::respond(message rsp) {
  auto keep = shared_from_this();
  const int code = rsp.status;
  const bool provisional = code < 200;
  if (state_ == tx_state::accepted && invite_ && code >= 200 && code < 300) {
    send(rsp);  // the TU retransmits its 2xx (RFC 3261 13.3.1.4)
    return true;
  }
  if (state_ != tx_state::trying && state_ != tx_state::proceeding) return false;
  stop(trying_timer_);
  last_response_ = rsp;
  if (provisional) {
    if (state_ == tx_state::trying) transition(tx_state::proceeding);
    send(rsp);
    return true;
  }
  final_status_ = code;
  if (invite_ && code < 300) {
    transition(tx_state::accepted);
    arm(linger_timer_, config_.timer_l(), &server_transaction::on_linger_timer);
    send(rsp);
    return true;
  }
  transition(tx_state::completed);
  if (invite_) {
    if (!reliable()) {
      retransmit_interval_ = config_.timer_g();
      arm(retransmit_timer_, retransmit_interval_, &server_transaction::on_retransmit_timer);
    }
    arm(timeout_timer_, config_.timer_h(), &server_transaction::on_timeout_timer);
    send(rsp);
    return true;
  }
  send(rsp);
  if (state_ != tx_state::completed) return true;
  if (reliable()) {
    transition(tx_state::terminated);
  } else {
    arm(linger_timer_, config_.timer_j(), &server_transaction::on_linger_timer);
  }
  return true;
}

void server_transaction::on_retransmission() {
  if (!last_response_) return;  // Trying, or Proceeding before any response
  if (state_ == tx_state::proceeding || state_ == tx_state::completed) send(*last_response_);
}

void server_transaction::on_ack(const message&) {
  if (!invite_ || state_ != tx_state::completed) return;
  stop(retransmit_timer_);
  stop(timeout_timer_);
  transition(tx_state::confirmed);
  if (reliable()) {
    transition(tx_state::terminated);
  } else {
    arm(linger_timer_, config_.timer_i(), &server_transaction::on_linger_timer);
  }
}

void server_transaction::on_retransmit_timer() {
  if (state_ != tx_state::completed || !last_response_) return;
  retransmit_interval_ = std::min(retransmit_interval_ * 2, config_.t2);
  arm(retransmit_timer_, retransmit_interval_, &server_transaction::on_retransmit_timer);
  send(*last_response_);
}

void server_transaction::on_timeout_timer() {
  if (state_ != tx_state::completed) return;
  auto keep = shared_from_this();
  CMR_LOG(sip, info, "stx(%s){Completed}: timer H, no ACK", key_.c_str());
  transition(tx_state::terminated);
  if (on_error) on_error(tx_error::timeout);
}

void server_transaction::on_linger_timer() {
  transition(tx_state::terminated);
}

}  // namespace cmr::sip
