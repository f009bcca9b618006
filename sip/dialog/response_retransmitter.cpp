#include "sip/dialog/response_retransmitter.h"

#include <algorithm>

namespace cmr::sip {

response_retransmitter::response_retransmitter(server_transaction& tx, timer_service& timers,
                                               const timer_config& config,
                                               std::optional<timer_service::duration> cap)
    : tx_(tx), timers_(timers), config_(config), cap_(cap) {}

response_retransmitter::~response_retransmitter() {
  *alive_ = false;
  stop();
}

bool response_retransmitter::start(message rsp) {
  stop();
  if (!tx_.respond(rsp)) return false;
  rsp_ = std::move(rsp);
  interval_ = config_.t1;
  elapsed_ = timer_service::duration{0};
  retransmissions_ = 0;
  arm();
  return true;
}

void response_retransmitter::stop() {
  rsp_.reset();
  if (timer_ != 0) timers_.cancel(timer_);
  timer_ = 0;
}

void response_retransmitter::arm() {
  timer_ = timers_.start(interval_, [this, alive = alive_] {
    if (*alive) on_timer();
  });
}

void response_retransmitter::on_timer() {
  timer_ = 0;
  if (!rsp_) return;
  elapsed_ += interval_;
  const auto limit = 64 * config_.t1;
  if (elapsed_ >= limit) {
    rsp_.reset();
    if (on_timeout) on_timeout();
    return;
  }
  ++retransmissions_;
  tx_.respond(*rsp_);
  interval_ *= 2;
  if (cap_) interval_ = std::min(interval_, *cap_);
  interval_ = std::min(interval_, limit - elapsed_);
  arm();
}

}  // namespace cmr::sip
